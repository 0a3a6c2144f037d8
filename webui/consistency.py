"""The consistency page: each indicator's figures by department with their sources, and every
conflict an inspector would reject, with the documents to open."""

from __future__ import annotations

from flask import Blueprint, render_template

from archive.crosscheck import consistency_report
from webui.auth import login_required
from webui.resources import catalog, get_archive

bp = Blueprint("consistency", __name__, url_prefix="/consistency")

KIND_LABELS = {"cross_department": "部门间数据不一致", "sum": "分项之和与总数不符", "rate": "比率与分子分母不符"}


@bp.route("")
@login_required
def index():
    report = consistency_report(get_archive(), catalog())
    departments = sorted({d for row in report["indicators"] for d in row["departments"]})
    return render_template("consistency.html", report=report, departments=departments, kinds=KIND_LABELS)
