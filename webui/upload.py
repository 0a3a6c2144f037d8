"""Browser upload into a department's share folder (`<部门>/网页上传/`), so a department without
access to the share can still submit; from there the file takes the same path as any other."""

from __future__ import annotations

import logging
import os
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from flask import Blueprint, abort, current_app, flash, g, render_template, request
from werkzeug.datastructures import FileStorage

from archive.errors import StorageError
from indexer.pipeline import record_stored, store_copy
from indexer.watch.filters import same_department
from archive.county_lock import home_lock
from webui.auth import roles_required
from webui.resources import app_config, get_archive

log = logging.getLogger(__name__)
bp = Blueprint("upload", __name__, url_prefix="/upload")
UPLOAD_FOLDER = "网页上传"
ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".txt", ".csv",
                      ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".ofd")
MAX_NAME_BYTES = 200
UPLOAD_LOCK_SECONDS = 20.0  # an upload waits this long for a running ingest before leaving the file to it
UPLOADERS = ("admin", "department")


class UploadRefused(ValueError):
    """The upload is not accepted; the message is shown to the user as is."""


def checked_name(raw: str) -> str:
    """The original file name, kept as the department wrote it, or UploadRefused.

    Browsers send a bare name; anything with a path in it (also percent-encoded) is tampering
    and is refused rather than silently trimmed, so nothing can be written elsewhere."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    decoded = name
    for _ in range(3):
        decoded = unquote(decoded)
    if not name:
        raise UploadRefused("文件名为空")
    for candidate in (name, decoded):
        if ("/" in candidate or "\\" in candidate or candidate.startswith(".") or ".." in candidate
                or ":" in candidate or any(ord(c) < 32 or c == "\x7f" for c in candidate)):
            raise UploadRefused(f"文件名不合法：{name}（不能包含路径、“..”或以“.”开头）")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UploadRefused("文件名过长，请缩短后再上传")
    if PurePosixPath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise UploadRefused(f"不支持的文件类型：{name}（允许：{'、'.join(e[1:] for e in ALLOWED_EXTENSIONS)}）")
    return name


def target_folder(department: str) -> Path:
    config = app_config()
    if department not in config.department_folders:
        raise UploadRefused(f"未知部门：{department}")
    if not g.user.can_upload_to(department):
        abort(403, description="只能上传到本部门的文件夹")
    folder = config.watch_root / department / UPLOAD_FOLDER
    if not same_department(config.watch_root, folder):
        # A link would put the upload (and its department label) into another folder.
        log.warning("upload refused: %s/%s links out of its department folder", department, UPLOAD_FOLDER)
        get_archive().audit(g.user.name, "upload.refused", {"department": department, "reason": "link"})
        raise UploadRefused(f"{department}的上传文件夹“{UPLOAD_FOLDER}”是指向其他部门或共享文件夹之外的链接，"
                            "出于安全考虑拒绝上传；请联系管理员删除该链接")
    return folder


def save_upload(storage: FileStorage, folder: Path) -> tuple[Path, bool]:
    """Write under a name the watcher ignores, archive those bytes, then rename into place and
    record the path's new version, so the pipeline never sees half a file and an upload replaced
    by the next one of the same name before the watcher read it is archived all the same.
    Returns the path and whether it replaced a file of that name (the archive keeps the earlier
    content as the previous version)."""
    name = checked_name(storage.filename or "")
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / name
    if os.path.realpath(final.parent) != os.path.realpath(folder):
        raise UploadRefused(f"文件名不合法：{name}")
    partial = folder / f".{name}.{os.urandom(4).hex()}.part"
    config, archive = app_config(), get_archive()
    try:
        storage.save(partial)
        if partial.stat().st_size == 0:
            raise UploadRefused(f"文件为空：{name}")
        try:
            blob, fmt = store_copy(archive, partial, name)
        except StorageError as exc:
            raise UploadRefused(f"存档失败（磁盘空间不足或存储不可写），请稍后重试：{name}") from exc
        # Renamed and recorded under the ingest lock: the path's newest version in the archive is
        # the file in the folder, however many uploads of the name arrive at once, and no ingest
        # records the path in between. Behind a long ingest the file is put in place unrecorded:
        # that ingest (or the watcher, or the next scan) records it, and the request does not hang.
        with home_lock(config, timeout=UPLOAD_LOCK_SECONDS) as held:
            replaced = final.exists()
            os.replace(partial, final)
            if held:
                stat = final.stat()
                record_stored(config, archive, final.relative_to(config.watch_root).as_posix(), blob, fmt,
                              stat.st_size, stat.st_mtime_ns)
            else:
                log.warning("upload %s put in place behind a running ingest; it records it", name)
    finally:
        partial.unlink(missing_ok=True)
    return final, replaced


def accept_uploads(department: str, files: list[FileStorage]) -> list[dict]:
    """Save every acceptable file, hand it to the pipeline, audit it; refusals are reported per file."""
    folder = target_folder(department)
    results = []
    intake = current_app.extensions["evidence"].intake
    for storage in files:
        try:
            path, replaced = save_upload(storage, folder)
        except UploadRefused as exc:
            results.append({"name": storage.filename, "ok": False, "message": str(exc)})
            continue
        rel = path.relative_to(app_config().watch_root).as_posix()
        get_archive().audit(g.user.name, "upload", {"path": rel, "size": path.stat().st_size,
                                                    "replaced": replaced})
        intake.submit(path)
        results.append({"name": path.name, "path": rel, "ok": True, "replaced": replaced,
                        "message": "已作为新版本替换同名文件" if replaced else "已保存，正在入库"})
    return results


@bp.route("", methods=["GET", "POST"])
@roles_required(*UPLOADERS)
def index():
    config = app_config()
    departments = g.user.upload_departments(config.department_folders)
    results: list[dict] = []
    status = 200
    if request.method == "POST":
        department = request.form.get("department", "") or (g.user.department or "")
        files = [f for f in request.files.getlist("files") if f and f.filename]
        if not files:
            flash("请选择要上传的文件", "error")
            status = 400
        else:
            try:
                results = accept_uploads(department, files)
            except UploadRefused as exc:
                flash(str(exc), "error")
                status = 400
            if results and not any(r["ok"] for r in results):
                status = 400
    return render_template("upload.html", departments=departments, results=results, folder=UPLOAD_FOLDER,
                           limit_mb=config.upload_max_mb, allowed=ALLOWED_EXTENSIONS), status
