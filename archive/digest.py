"""The daily reminder: per department, what is still missing or incomplete, how many days are
left, and which inspection findings wait for its answer — as data a scheduler can mail (no
mail server is assumed) and as plain Chinese text.
"""

from __future__ import annotations

from datetime import date

from archive.checklist import STATUS_LABELS, days_text
from archive.responsibility import for_duty, summary_text


def build_digest(checklist: dict, findings: list[dict], resolved: dict, day: date,
                 department: str | None = None) -> dict:
    departments = []
    for short, counts in checklist["summary"]["by_department"].items():
        if department and short != department:
            continue
        entries = [e for e in checklist["items"] if e["department"] == short]
        gaps = sorted(({"id": e["id"], "title": e["title"], "status": e["status"],
                        "status_label": STATUS_LABELS[e["status"]], "deadline": e["deadline"],
                        "days_left": e["days_left"], "reason": e["reasons"][0] if e["reasons"] else "",
                        "responsibility": for_duty(resolved, e["id"], short)}
                       for e in entries if e["status"] in ("missing", "partial")),
                      key=lambda g: (g["days_left"], g["id"]))
        mine = [f for f in findings if f["department"] == short and f["status"] != "closed"]
        contacts = resolved["departments"].get(short)
        record = {"department": short, "department_name": counts["name"], "responsibility": contacts,
                  "missing": [g for g in gaps if g["status"] == "missing"],
                  "partial": [g for g in gaps if g["status"] == "partial"],
                  "open_findings": mine, "progress": counts["progress"],
                  "next_deadline": min((g["deadline"] for g in gaps if g["days_left"] >= 0), default=None)}
        record["subject"] = _subject(record, day)
        record["text"] = _text(record, gaps, day)
        departments.append(record)
    return {"assessment": checklist["summary"]["assessment"], "date": day.isoformat(), "departments": departments}


def _subject(record: dict, day: date) -> str:
    n_gaps = len(record["missing"]) + len(record["partial"])
    extra = f"，{len(record['open_findings'])}条整改待办" if record["open_findings"] else ""
    return f"【考核材料提醒】{record['department_name']} {day.isoformat()}：{n_gaps}项未完成{extra}"


def _text(record: dict, gaps: list[dict], day: date) -> str:
    lines = [f"{record['department_name']}：", f"截至{day.isoformat()}，本部门考核材料完成率"
             f"{record['progress']:.0%}。"]
    who = summary_text(record["responsibility"])
    if who:
        lines.append(who)
    if gaps:
        lines.append("尚未完成的事项：")
        lines += [f"  {g['id']} {g['title']}（{g['status_label']}，截止{g['deadline']}，{days_text(g['days_left'])}）"
                  + (f"：{g['reason']}" if g["status"] == "partial" else "") for g in gaps]
    else:
        lines.append("本部门事项均已提供。")
    if record["open_findings"]:
        lines.append("核查组反馈待整改：")
        lines += [f"  #{f['id']} {f['item']} {f['finding']}（{f['status_label']}，整改期限{f['due']}，"
                  f"{days_text(f['days_left'])}）" for f in record["open_findings"]]
    return "\n".join(lines)
