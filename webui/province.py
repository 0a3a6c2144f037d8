"""The province overview, a province account's first page: each county it is bound to with its
checklist counts (缺失 / 不完整 / 已提供 / 已核验). This node's county is counted now; every other
county as its own node last counted it (only that node has the county's catalog), with when."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, render_template

from archive import province
from webui.auth import login_required
from webui.checklist import checklist_for
from webui.resources import get_index
from webui.tenancy import binding, home_county, open_province

bp = Blueprint("province", __name__)


def overview() -> list[dict]:
    if not g.user.province:
        abort(403, description="全省概览仅供省级账号查看")
    checklist_for(None)  # publishes this county's counts first
    bound = binding().counties
    with open_province() as shared:
        if bound is None:
            known = {row["county"] for row in province.summaries(shared, None)} | set(get_index().counties())
            bound = tuple(sorted(known))
        rows = province.summaries(shared, list(bound))
    for row in rows:
        row["here"] = row["county"] == home_county()
    return rows


@bp.route("/province")
@login_required
def index():
    return render_template("province.html", rows=overview())


@bp.route("/api/province")
@login_required
def api():
    return jsonify(overview())
