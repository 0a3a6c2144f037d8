"""处理队列: what the archive is working on right now — files waiting, being read or OCR'd with
their page, done and failed in the last hour, and the time left — so a clerk who just dropped
sixty files sees them move instead of an unchanged search page."""

from __future__ import annotations

from flask import Blueprint, render_template

from indexer.queue_board import pending_count, queue_status, stage_text, time_left_text
from webui.auth import login_required
from webui.resources import app_config, get_archive

bp = Blueprint("queue", __name__, url_prefix="/queue")


def current_status() -> dict:
    return queue_status(get_archive(), app_config().var)


@bp.app_template_global()
def files_in_progress() -> int:
    """For the search page's 「N 个文件处理中」 banner."""
    return pending_count(get_archive(), app_config().var)


@bp.route("")
@login_required
def index():
    return render_template("queue.html", status=current_status(), stage_text=stage_text,
                           time_left_text=time_left_text)

