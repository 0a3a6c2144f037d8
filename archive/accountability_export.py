"""Accountability papers for the leading group: the timeliness report (xlsx and printable
HTML) and, in the submission package, who is responsible and the 整改清单.

Like the checklist workbook, a file here is a function of the archive and the reference date:
timestamps inside are that date, so two exports of the same state compare equal.
"""

from __future__ import annotations

import html
import io
from datetime import date, datetime
from pathlib import Path

from archive.export import _fixed_zip
from archive.findings import STATUS_LABELS as FINDING_LABELS
from archive.responsibility import FIELDS, LABELS, SOURCES, for_duty, summary_text

TIMELINESS_XLSX = "timeliness.xlsx"
TIMELINESS_HTML = "timeliness.html"
ACCOUNTABILITY_XLSX = "accountability.xlsx"


def write_workbook(title: str, sheets: list[tuple[str, tuple, list[list], int]], as_of: date) -> bytes:
    """Sheets of (name, header, rows, column width), bold frozen header, wrapped cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.creator = "证据档案库"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = stamp
    for n, (name, header, rows, width) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        ws.append(list(header))
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        for col in range(1, len(header) + 1):
            ws.column_dimensions[ws.cell(1, col).column_letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _contact_cells(entry: dict | None) -> list[str]:
    return [(entry or {}).get(f, "") for f in FIELDS]


def timeliness_workbook(report: dict) -> bytes:
    day = date.fromisoformat(report["as_of"])
    contact_heads = tuple(LABELS[f] for f in FIELDS)
    depts = [[d["department_name"], d["total"], d["on_time"], d["late"], d["overdue"], d["pending"],
              d["days_late_total"], d["days_late_max"], *_contact_cells(d["responsibility"])]
             for d in report["departments"]]
    items = [[r["id"], r["department"], r["title"], r["deadline"], r["delivered"] or "", r["verdict_label"],
              r["days_late"], r["text"]] for r in report["items"]]
    overdue = [[r["id"], r["department"], r["title"], r["deadline"], r["delivered"] or "未报送", r["days_late"],
                r["text"], *_contact_cells(r.get("responsibility"))] for r in report["overdue"]]
    return write_workbook(report["assessment"] + " 材料报送时效", [
        ("部门汇总", ("部门", "事项数", "按时", "逾期报送", "逾期未报", "未到期未报", "累计逾期天数", "最长逾期天数",
                   *contact_heads), depts, 14),
        ("逐项时效", ("编号", "部门", "职责", "截止日期", "首次齐备日期", "结论", "逾期天数", "说明"), items, 16),
        ("逾期清单", ("编号", "部门", "职责", "截止日期", "首次齐备日期", "逾期天数", "说明", *contact_heads), overdue, 16),
    ], day)


_CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:1.5em;color:#222;font-size:13px}
h1{font-size:18px;margin:0 0 .3em}h2{font-size:15px;margin:1.2em 0 .4em}.meta{color:#555;margin-bottom:1em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 5px;vertical-align:top;text-align:left}
th{background:#eee}tr{page-break-inside:avoid}.late{color:#b00;font-weight:bold}.ok{color:#060}
@page{size:A4 landscape;margin:12mm}@media print{body{margin:0;font-size:10.5px}}
"""


def render_timeliness_html(report: dict) -> str:
    """Printable: the department summary, then the overdue list the leading group acts on."""
    e = html.escape
    depts = "".join(
        f"<tr><td>{e(d['department_name'])}</td><td>{d['total']}</td><td>{d['on_time']}</td>"
        f"<td class=\"{'late' if d['late'] else ''}\">{d['late']}</td>"
        f"<td class=\"{'late' if d['overdue'] else ''}\">{d['overdue']}</td><td>{d['pending']}</td>"
        f"<td>{d['days_late_max']}</td><td>{e(summary_text(d['responsibility']))}</td></tr>"
        for d in report["departments"])
    overdue = "".join(
        f"<tr><td>{e(r['id'])}</td><td>{e(r['department'])}</td><td>{e(r['title'])}</td><td>{e(r['deadline'])}</td>"
        f"<td>{e(r['delivered'] or '未报送')}</td><td class=\"late\">{e(r['text'])}</td>"
        f"<td>{e(summary_text(r.get('responsibility')))}</td></tr>" for r in report["overdue"])
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{e(report['assessment'])} 材料报送时效</title><style>{_CSS}</style></head><body>"
        f"<h1>{e(report['assessment'])} 材料报送时效</h1>"
        f"<div class=\"meta\">截至 {e(report['as_of'])}：按各事项首次材料齐备（已提供或已核验）的日期对照截止日期统计</div>"
        "<h2>各部门汇总</h2><table><thead><tr><th>部门</th><th>事项数</th><th>按时</th><th>逾期报送</th>"
        f"<th>逾期未报</th><th>未到期未报</th><th>最长逾期天数</th><th>责任人与联系方式</th></tr></thead><tbody>{depts}</tbody></table>"
        "<h2>逾期清单（报领导小组督促检查）</h2><table><thead><tr><th>编号</th><th>部门</th><th>职责</th><th>截止</th>"
        f"<th>首次齐备</th><th>情况</th><th>责任人与联系方式</th></tr></thead><tbody>{overdue or '<tr><td colspan=7>无逾期事项</td></tr>'}"
        "</tbody></table></body></html>\n")


def accountability_workbook(checklist: dict, resolved: dict, findings: list[dict], report: dict | None,
                            as_of: date) -> bytes:
    """责任分工 per department and duty, the 整改清单, and the timeliness per duty."""
    heads = tuple(LABELS[f] for f in FIELDS)
    people = [[entry["department"], entry["department_name"], "（全部门）", *_contact_cells(
        resolved["departments"][entry["department"]]), "、".join(sorted({SOURCES[s] for s in resolved[
            "departments"][entry["department"]]["sources"].values()}))]
        for entry in _first_per_department(checklist["items"])]
    people += [[e["department"], e["department_name"], f"{e['id']} {e['title']}",
                *_contact_cells(resolved["items"][e["id"]]), "、".join(sorted({SOURCES[s] for s in resolved["items"][
                    e["id"]]["sources"].values()}))]
               for top in checklist["items"] for e in (top, *top["parts"]) if e["id"] in resolved["items"]]
    rect = [[f["id"], f["item"], f["department"], f["finding"], f["due"], FINDING_LABELS[f["status"]],
             f["created_by"], f["created_at"][:10],
             "\n".join(f"{ev['at'][:10]} {ev['label']}（{ev['actor']}）" + (f"：{ev['note']}" if ev["note"] else "")
                       + (f" 文件#{ev['document_id']}" if ev["document_id"] else "") for ev in f["events"][1:]),
             summary_text(for_duty(resolved, f["item"], f["department"]))] for f in findings]
    sheets = [("责任分工", ("部门", "部门全称", "事项", *heads, "来源"), people, 18),
              ("整改清单", ("编号", "事项", "整改部门", "反馈问题", "整改期限", "状态", "提出人", "提出日期", "整改过程",
                        "责任人与联系方式"), rect, 18)]
    if report is not None:
        sheets.append(("报送时效", ("编号", "部门", "职责", "截止日期", "首次齐备日期", "结论", "逾期天数"),
                       [[r["id"], r["department"], r["title"], r["deadline"], r["delivered"] or "",
                         r["verdict_label"], r["days_late"]] for r in report["items"]], 16))
    return write_workbook(checklist["summary"]["assessment"] + " 责任分工与整改清单", sheets, as_of)


def _first_per_department(entries: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for e in entries:
        seen.setdefault(e["department"], e)
    return list(seen.values())


def export_accountability(archive, catalog, out_dir: Path, checklist: dict, as_of: date,
                          configured: tuple = ()) -> list[str]:
    """The package's accountability files (责任分工, 整改清单, 报送时效); returns their names."""
    from archive.findings import list_findings
    from archive.responsibility import resolve, stored
    from archive.timeliness import timeliness_report

    resolved = resolve(catalog, list(configured), stored(archive))
    report = timeliness_report(archive, catalog, resolved["departments"], as_of)
    findings = list_findings(archive)
    (out_dir / ACCOUNTABILITY_XLSX).write_bytes(accountability_workbook(checklist, resolved, findings, report, as_of))
    (out_dir / TIMELINESS_HTML).write_text(render_timeliness_html(report), encoding="utf-8")
    return [ACCOUNTABILITY_XLSX, TIMELINESS_HTML]
