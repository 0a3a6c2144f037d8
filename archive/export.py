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
from typing import Callable

from archive.catalog import Catalog
from archive.checklist import COUNTED, STATUS_LABELS, USES, days_text
from archive.errors import ArchiveError
from archive.store import Archive

MANIFEST = "manifest.json"
MISSING_NOTE = "缺失说明.txt"
WORKBOOK = "checklist.xlsx"
HTML = "checklist.html"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_MAX_NAME = 60
_DOC_ID = re.compile(r"#\d+(?=「)")


class ExportError(ArchiveError):
    """The target folder holds files that are not a previous export's: nothing is overwritten."""

    exit_code = 2


def export_package(archive: Archive, catalog: Catalog, out_dir: Path, as_of: date, *, html: bool = False,
                   responsibility: tuple = (), extra: Callable[[Path, dict], dict] | None = None) -> dict:
    """A past ``as_of`` exports the package as it stood at the end of that day. `extra(out_dir,
    checklist)` writes more into the package before the manifest is made (the compilation, which
    needs the converters of the layer above); its result is returned under "extra"."""
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
            _duty_folder(archive, part, part["evidence_files"], folder / _folder_name(f"{part['id']} {part['title']}"))
            in_parts.update(part["evidence"])
        _duty_folder(archive, entry, [f for f in entry["evidence_files"] if f["id"] not in in_parts], folder)
    (out_dir / WORKBOOK).write_bytes(checklist_workbook(checklist, as_of, catalog.plan_doc_number))
    if html:
        (out_dir / HTML).write_text(render_checklist_html(checklist), encoding="utf-8")
    from archive.accountability_export import export_accountability

    export_accountability(archive, catalog, out_dir, checklist, as_of, responsibility)
    try:
        added = extra(out_dir, checklist) if extra else None
    finally:  # a failed compilation still leaves a package the next export may replace
        files = _write_manifest(out_dir, catalog, as_of, checklist)
    result = {"dir": str(out_dir), "files": len(files), "manifest": str(out_dir / MANIFEST),
              "summary": checklist["summary"]}
    if added is not None:
        result["extra"] = added
    return result


def _write_manifest(out_dir: Path, catalog: Catalog, as_of: date, checklist: dict) -> list[dict]:
    files = [_manifest_row(out_dir, p) for p in sorted(out_dir.rglob("*")) if p.is_file() and p.name != MANIFEST]
    files.sort(key=lambda r: r["path"])
    manifest = {"assessment": catalog.name, "as_of": as_of.isoformat(), "summary": _counts(checklist["summary"]),
                "files": files}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return files


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


def _duty_folder(archive: Archive, entry: dict, files: list[dict], folder: Path) -> None:
    """Every duty gets its folder, so the package shows what is absent as plainly as what is there."""
    folder.mkdir(parents=True, exist_ok=True)
    _copy_files(archive, files, folder)
    if entry["status"] == "missing" and not entry["parts"]:
        (folder / MISSING_NOTE).write_text(missing_note(entry), encoding="utf-8")


def missing_note(entry: dict) -> str:
    lines = [f"事项：{entry['id']} {entry['title']}", f"要求（方案原文）：{entry['text']}",
             f"责任单位：{entry['department_name']}", f"截止日期：{entry['deadline']}（{days_text(entry['days_left'])}）",
             "缺失原因：" + "；".join(plain_reason(r) for r in entry["reasons"])]
    return "\n".join(lines) + "\n"


def plain_reason(reason: str) -> str:
    """A reason as a reader outside the archive needs it: without internal document ids."""
    return _DOC_ID.sub("", reason)


def marked_name(f: dict) -> str:
    """The file's name, prefixed with why it does not count for the duty when it does not."""
    return f["name"] if f["use"] == COUNTED else f"【{USES[f['use']]}】{f['name']}"


def _copy_files(archive: Archive, files: list[dict], folder: Path) -> None:
    """Original names (marked when a file does not count); a second file of the same name gets
    its document id, so clashes resolve the same way on every export."""
    taken: set[str] = set()
    for f in sorted(files, key=lambda f: f["id"]):
        name = _UNSAFE.sub("_", marked_name(f))
        if name in taken:
            p = PurePosixPath(name)
            name = f"{p.stem}（#{f['id']}）{p.suffix}"
        taken.add(name)
        with archive.blobs.open(f["sha256"]) as src:
            (folder / name).write_bytes(src.read())


# -- checklist.xlsx -------------------------------------------------------------------------

COLUMNS = ("编号", "部门", "职责（方案原文）", "状态", "证据文件", "文号", "成文日期", "页数", "原因", "截止日期", "剩余天数")
_WIDTHS = (7, 10, 44, 8, 40, 20, 12, 6, 60, 12, 10)
FILE_COLUMNS = ("编号", "部门", "职责", "文件名称", "文号", "成文日期", "页数", "是否计入")
_FILE_WIDTHS = (7, 10, 30, 50, 22, 12, 6, 12)
SUMMARY_COLUMNS = ("部门", "事项数", *STATUS_LABELS.values(), "完成率")
HEADER_ROW = 3  # title, subtitle, then the column headers


def _row(entry: dict) -> list:
    files = entry["evidence_files"]
    return [entry["id"], entry["department"], entry["text"], STATUS_LABELS[entry["status"]],
            "\n".join(marked_name(f) for f in files), "\n".join(f["doc_number"] or "—" for f in files),
            "\n".join(f["issue_date"] or "—" for f in files), "\n".join(str(f["pages"] or "—") for f in files),
            "\n".join(plain_reason(r) for r in entry["reasons"]), entry["deadline"], entry["days_left"]]


def _file_rows(entries: list[dict]) -> list[list]:
    return [[e["id"], e["department"], e["title"], f["name"], f["doc_number"] or "", f["issue_date"] or "",
             f["pages"] or None, USES[f["use"]]] for e in entries for f in e["evidence_files"]]


def checklist_workbook(checklist: dict, as_of: date, plan_doc_number: str = "") -> bytes:
    """The checklist as .xlsx bytes that only change when the checklist or as_of does: a
    reviewer prints it as it is (A4 landscape, headers on every page, fitted to the width).
    Every value is written as a constant, so a file named like a formula stays a name."""
    from openpyxl import Workbook

    wb = Workbook()
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    summary = checklist["summary"]
    wb.properties.creator = "证据档案库"
    wb.properties.title = summary["assessment"] + " 佐证材料清单"
    wb.properties.created = wb.properties.modified = stamp
    subtitle = "　".join(t for t in (f"方案文号：{plan_doc_number}" if plan_doc_number else "",
                                       f"统计日期：{as_of.isoformat()}",
                                       f"共 {summary['total']} 项，完成率 {summary['progress']:.1%}") if t)
    entries = checklist["items"] + [p for e in checklist["items"] for p in e["parts"]]
    sheets = [("清单", COLUMNS, _WIDTHS, [_row(e) for e in checklist["items"]], None),
              ("子项", ("上级编号",) + COLUMNS, (8,) + _WIDTHS,
               [[e["id"], *_row(p)] for e in checklist["items"] for p in e["parts"]], None),
              ("证据文件", FILE_COLUMNS, _FILE_WIDTHS, _file_rows(entries), None),
              ("汇总", SUMMARY_COLUMNS, (14,) * len(SUMMARY_COLUMNS),
               [[name, c["total"], *c["by_status"].values(), c["progress"]]
                for name, c in summary["by_department"].items()], len(SUMMARY_COLUMNS))]
    for n, (title, header, widths, rows, percent_col) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = title
        _fill_sheet(ws, f"{summary['assessment']} 佐证材料清单（{title}）", subtitle, header, widths, rows, percent_col)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _fill_sheet(ws, title: str, subtitle: str, header, widths, rows, percent_col: int | None) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    last = get_column_letter(len(header))
    for r, (text, size) in enumerate(((title, 14), (subtitle, 10)), start=1):
        _text_cell(ws, r, 1, text).font = Font(bold=r == 1, size=size)
        ws.merge_cells(f"A{r}:{last}{r}")
    for c, value in enumerate(header, start=1):
        cell = _text_cell(ws, HEADER_ROW, c, value)
        cell.font = Font(bold=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            cell = _text_cell(ws, r, c, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if c == percent_col:
                cell.number_format = "0.0%"
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _text_cell(ws, row: int, column: int, value):
    """A cell holding `value` as a constant: openpyxl would store a string starting with "=" as
    a live formula (a file named =HYPERLINK(…) would become a link in the reviewer's Excel)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


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
    reasons = "".join(f"<li>{e(plain_reason(r))}</li>" for r in entry["reasons"])
    late = " overdue" if entry["days_left"] < 0 and entry["status"] in ("missing", "partial") else ""
    return (f"<tr class=\"{kind}\"><td>{e(entry['id'])}</td><td>{e(entry['department'])}</td>"
            f"<td>{e(entry['title'])}</td><td class=\"s-{e(entry['status'])}\">{e(STATUS_LABELS[entry['status']])}</td>"
            f"<td><ul>{files}</ul></td><td class=\"reasons\"><ul>{reasons}</ul></td>"
            f"<td>{e(entry['deadline'])}</td><td class=\"{late.strip()}\">{e(days_text(entry['days_left']))}</td></tr>")
