"""The submission package: the evidence files per department and duty, the checklist as a
workbook (and printable HTML), and a manifest of sha256 sums.

The ecology bureau re-exports whenever a department adds a file, and the upper level compares
packages, so an export is a function of the archive and the reference date alone: files come
from the blob store (what was archived, not what the share holds now), name clashes resolve by
document id, the workbook's timestamps are the reference date, and the manifest is sorted.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from archive.catalog import Catalog
from archive.checklist import STATUS_LABELS, days_text
from archive.errors import ArchiveError
from archive.store import Archive

MANIFEST = "manifest.json"
WORKBOOK = "checklist.xlsx"
HTML = "checklist.html"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_MAX_NAME = 60


class ExportError(ArchiveError):
    """The target folder holds files that are not a previous export's: nothing is overwritten."""

    exit_code = 2


def export_package(archive: Archive, catalog: Catalog, out_dir: Path, as_of: date, *, html: bool = False,
                   responsibility: tuple = ()) -> dict:
    """A past ``as_of`` exports the package as it stood at the end of that day."""
    from archive.as_of import checklist_as_of

    checklist = checklist_as_of(archive, catalog, as_of)
    out_dir = Path(out_dir)
    _clear_previous_export(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for entry in checklist["items"]:
        folder = out_dir / _folder_name(f"{entry['department_number']:02d} {entry['department']}") \
            / _folder_name(f"{entry['id']} {entry['title']}")
        in_parts = set()
        for part in entry["parts"]:
            _copy_files(archive, part["evidence_files"], folder / _folder_name(f"{part['id']} {part['title']}"))
            in_parts.update(part["evidence"])
        _copy_files(archive, [f for f in entry["evidence_files"] if f["id"] not in in_parts], folder)
    (out_dir / WORKBOOK).write_bytes(checklist_workbook(checklist, as_of))
    if html:
        (out_dir / HTML).write_text(render_checklist_html(checklist), encoding="utf-8")
    from archive.accountability_export import export_accountability

    export_accountability(archive, catalog, out_dir, checklist, as_of, responsibility)
    files = [_manifest_row(out_dir, p) for p in sorted(out_dir.rglob("*")) if p.is_file() and p.name != MANIFEST]
    files.sort(key=lambda r: r["path"])
    manifest = {"assessment": catalog.name, "as_of": as_of.isoformat(), "summary": _counts(checklist["summary"]),
                "files": files}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return {"dir": str(out_dir), "files": len(files), "manifest": str(out_dir / MANIFEST),
            "summary": checklist["summary"]}


def _counts(summary: dict) -> dict:
    return {"total": summary["total"], "by_status": summary["by_status"], "progress": summary["progress"]}


def _manifest_row(root: Path, path: Path) -> dict:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"path": path.relative_to(root).as_posix(), "sha256": digest, "size": path.stat().st_size}


def _clear_previous_export(out_dir: Path) -> None:
    """Remove a previous export's files; refuse to touch a folder holding anything else."""
    if not out_dir.exists():
        return
    present = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()}
    if not present:
        return
    known: set[str] = set()
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        try:
            known = {f["path"] for f in json.loads(manifest.read_text(encoding="utf-8"))["files"]} | {MANIFEST}
        except (ValueError, KeyError, TypeError):
            known = set()
    foreign = sorted(present - known)
    if foreign:
        raise ExportError(f"目标文件夹 {out_dir} 中有不属于上次导出的文件（如 {foreign[0]}），请换一个空文件夹")
    for rel in present:
        (out_dir / rel).unlink()
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def _folder_name(text: str) -> str:
    return _UNSAFE.sub("、", text).strip(" .")[:_MAX_NAME]


def _copy_files(archive: Archive, files: list[dict], folder: Path) -> None:
    """Original names; a second file of the same name gets its document id, so clashes
    resolve the same way on every export."""
    if not files:
        return
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for f in sorted(files, key=lambda f: f["id"]):
        name = _UNSAFE.sub("_", f["name"])
        if name in taken:
            p = PurePosixPath(name)
            name = f"{p.stem}（#{f['id']}）{p.suffix}"
        taken.add(name)
        with archive.blobs.open(f["sha256"]) as src:
            (folder / name).write_bytes(src.read())


# -- checklist.xlsx -------------------------------------------------------------------------

COLUMNS = ("编号", "部门", "职责", "状态", "证据文件", "原因", "截止日期", "剩余天数")
_WIDTHS = (8, 12, 36, 8, 48, 70, 12, 10)


def _row(entry: dict) -> list:
    return [entry["id"], entry["department"], entry["title"], STATUS_LABELS[entry["status"]],
            "\n".join(f["name"] for f in entry["evidence_files"]), "\n".join(entry["reasons"]),
            entry["deadline"], entry["days_left"]]


def checklist_workbook(checklist: dict, as_of: date) -> bytes:
    """The checklist as .xlsx bytes that only change when the checklist or as_of does."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.creator = "证据档案库"
    wb.properties.title = checklist["summary"]["assessment"] + " 佐证材料清单"
    wb.properties.created = wb.properties.modified = stamp
    sheets = [("清单", COLUMNS, [_row(e) for e in checklist["items"]]),
              ("子项", ("上级编号",) + COLUMNS, [[e["id"], *_row(p)] for e in checklist["items"] for p in e["parts"]]),
              ("汇总", ("部门", "事项数", *STATUS_LABELS.values(), "完成率"),
               [[name, c["total"], *c["by_status"].values(), c["progress"]]
                for name, c in checklist["summary"]["by_department"].items()])]
    for n, (title, header, rows) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = title
        ws.append(list(header))
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        widths = _WIDTHS if title == "清单" else ((10,) + _WIDTHS if title == "子项" else (14,) * len(header))
        for col, width in zip("ABCDEFGHIJ", widths):
            ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """openpyxl stamps the save time into core.xml and every zip entry; pin both to ``stamp``."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


# -- checklist.html --------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:1.5em;color:#222;font-size:13px}
h1{font-size:18px;margin:0 0 .3em}.meta{color:#555;margin-bottom:1em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 5px;vertical-align:top;text-align:left}
th{background:#eee}tr{page-break-inside:avoid}td.reasons{font-size:12px;color:#333}
tr.part td:first-child{padding-left:1.5em}
.s-missing{color:#b00;font-weight:bold}.s-partial{color:#b60;font-weight:bold}
.s-present{color:#060}.s-verified{color:#036;font-weight:bold}.overdue{color:#b00}
ul{margin:0;padding-left:1.2em}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:10.5px}td.reasons{font-size:10px}}
"""


def render_checklist_html(checklist: dict) -> str:
    """One printable page in Simplified Chinese; every value from the archive is escaped."""
    e = html.escape
    summary = checklist["summary"]
    counts = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in summary["by_status"].items())
    rows = []
    for entry in checklist["items"]:
        rows.append(_html_row(entry, "item"))
        rows.extend(_html_row(part, "part") for part in entry["parts"])
    depts = "".join(
        f"<tr><td>{e(name)}</td><td>{c['total']}</td>"
        + "".join(f"<td>{n}</td>" for n in c["by_status"].values()) + f"<td>{c['progress']:.0%}</td></tr>"
        for name, c in summary["by_department"].items())
    status_heads = "".join(f"<th>{e(label)}</th>" for label in STATUS_LABELS.values())
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{e(summary['assessment'])} 佐证材料清单</title><style>{_CSS}</style></head><body>"
        f"<h1>{e(summary['assessment'])} 佐证材料清单</h1>"
        f"<div class=\"meta\">截至 {e(summary['as_of'])}：共 {summary['total']} 项，{e(counts)}，"
        f"完成率 {summary['progress']:.0%}</div>"
        f"<table><thead><tr><th>部门</th><th>事项数</th>{status_heads}<th>完成率</th></tr></thead>"
        f"<tbody>{depts}</tbody></table><p></p>"
        "<table><thead><tr><th>编号</th><th>部门</th><th>职责</th><th>状态</th><th>证据文件</th><th>原因</th>"
        "<th>截止</th><th>剩余</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></body></html>\n"
    )


def _html_row(entry: dict, kind: str) -> str:
    e = html.escape
    files = "".join(f"<li>{e(f['name'])}</li>" for f in entry["evidence_files"])
    reasons = "".join(f"<li>{e(r)}</li>" for r in entry["reasons"])
    late = " overdue" if entry["days_left"] < 0 and entry["status"] in ("missing", "partial") else ""
    return (f"<tr class=\"{kind}\"><td>{e(entry['id'])}</td><td>{e(entry['department'])}</td>"
            f"<td>{e(entry['title'])}</td><td class=\"s-{e(entry['status'])}\">{e(STATUS_LABELS[entry['status']])}</td>"
            f"<td><ul>{files}</ul></td><td class=\"reasons\"><ul>{reasons}</ul></td>"
            f"<td>{e(entry['deadline'])}</td><td class=\"{late.strip()}\">{e(days_text(entry['days_left']))}</td></tr>")
