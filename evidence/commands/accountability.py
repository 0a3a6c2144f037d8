"""snapshots, timeliness, digest, findings, finding, responsibility: who answers for what, and when."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive import clock, findings, responsibility, snapshots
from archive.accountability_export import render_timeliness_html, timeliness_workbook
from archive.checklist import build_checklist, days_text, resolve_department
from archive.digest import build_digest
from archive.timeliness import timeliness_report
from evidence.cli import emit_json, iso_date
from spine.services import open_services


def register(sub) -> None:
    p = sub.add_parser("snapshots", help="the checklist frozen at each phase deadline")
    p.add_argument("--freeze", action="store_true", help="freeze every passed deadline not yet frozen")
    p.add_argument("--show", metavar="PHASE", help="one snapshot with its checklist (phase id or date)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_snapshots)
    _register_reports_and_findings(sub)


def cmd_snapshots(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        if args.freeze:
            made = snapshots.freeze_due(services.archive, services.catalog, actor="cli")
            if args.json:
                emit_json(made)
            else:
                print("\n".join(f"已冻结 {s['as_of']}（{s['phase']}）" for s in made) or "没有需要冻结的截止日期")
            return 0
        if args.show:
            snap = snapshots.snapshot(services.archive, args.show)
            if snap is None:
                print(f"没有该快照：{args.show}（用 evidence snapshots 查看）", file=sys.stderr)
                return 2
            if args.json:
                emit_json(snap)
            else:
                from evidence.commands.catalog import print_checklist

                print(f"快照 {snap['phase']}：{snap['as_of']} 截止时的状态（冻结于 {snap['frozen_at']}，{snap['frozen_by']}）")
                print_checklist(snap["checklist"])
            return 0
        records = snapshots.list_snapshots(services.archive)
        names = {p.id: p.name for p in services.catalog.phases}
    if args.json:
        emit_json(records)
        return 0
    if not records:
        print("尚无快照：每个阶段截止日过后第一次运行任何命令时自动冻结")
    for s in records:
        counts = s["summary"]["by_status"]
        print(f"{s['as_of']}  {names.get(s['phase'], s['phase'])}  冻结于 {s['frozen_at']}（{s['frozen_by']}）"
              f"  缺失 {counts['missing']} 不完整 {counts['partial']} 已提供 {counts['present']} 已核验 {counts['verified']}")
    return 0


def _register_reports_and_findings(sub) -> None:
    p = sub.add_parser("timeliness", help="per department: on time, late by N days or still missing, per duty")
    p.add_argument("--as-of", type=iso_date, help="reference date (default today)")
    p.add_argument("--xlsx", metavar="FILE", help="also write the report as a workbook")
    p.add_argument("--html", metavar="FILE", help="also write the printable report")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_timeliness)

    p = sub.add_parser("digest", help="the daily reminder per department: what is missing, days left, findings")
    p.add_argument("--department", help="folder name (财政局) or number (2)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_digest)

    p = sub.add_parser("responsibility", help="who answers for each department and duty, and whom to call")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_responsibility)

    p = sub.add_parser("findings", help="the inspection team's findings and their rectification")
    p.add_argument("--department")
    p.add_argument("--status", choices=sorted(findings.STATUS_LABELS))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_findings)

    p = sub.add_parser("finding", help="record a finding, answer it, close or reopen it")
    steps = p.add_subparsers(dest="step", required=True, metavar="STEP")
    s = steps.add_parser("add", help="an inspector records a finding on a duty")
    s.add_argument("item")
    s.add_argument("--finding", required=True, help="what the inspection found")
    s.add_argument("--due", type=iso_date, required=True, help="rectify by (YYYY-MM-DD)")
    s.add_argument("--department", help="the department that must fix it (default: the duty's)")
    s.add_argument("--doc", type=int)
    s.add_argument("--by", default="cli")
    s.add_argument("--json", action="store_true")
    for name, helptext in (("answer", "the department answers, usually with new evidence"),
                           ("close", "the inspector closes it (销号)"), ("reopen", "the inspector reopens it")):
        s = steps.add_parser(name, help=helptext)
        s.add_argument("id", type=int)
        s.add_argument("--note", help="required to answer or reopen")
        s.add_argument("--doc", type=int)
        s.add_argument("--by", default="cli")
        s.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_finding)


def resolved_for(services) -> dict:
    return responsibility.resolve(services.catalog, list(services.config.responsibility),
                                  responsibility.stored(services.archive))


def cmd_timeliness(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        resolved = resolved_for(services)
        report = timeliness_report(services.archive, services.catalog, resolved["departments"],
                                   args.as_of or clock.today())
    if args.xlsx:
        Path(args.xlsx).write_bytes(timeliness_workbook(report))
    if args.html:
        Path(args.html).write_text(render_timeliness_html(report), encoding="utf-8")
    if args.json:
        emit_json(report)
        return 0
    print(f"{report['assessment']}  材料报送时效  截至 {report['as_of']}")
    for d in report["departments"]:
        print(f"\n【{d['department_name']}】按时 {d['on_time']}，逾期报送 {d['late']}（最长{d['days_late_max']}天），"
              f"逾期未报 {d['overdue']}，未到期未报 {d['pending']}")
        who = responsibility.summary_text(d["responsibility"])
        if who:
            print(f"  {who}")
        for r in report["items"]:
            if r["department"] == d["department"] and r["leaf"]:
                print(f"  {r['id']:<5} {r['title']}  截止 {r['deadline']}  {r['text']}")
    print("\n【逾期清单】" + ("" if report["overdue"] else "无"))
    for r in report["overdue"]:
        print(f"  {r['id']:<5} {r['department']} {r['title']}：{r['text']}  "
              f"{responsibility.summary_text(r['responsibility'])}")
    return 0


def cmd_digest(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        department = resolve_department(services.catalog, args.department).short if args.department else None
        today = clock.today()
        digest = build_digest(build_checklist(services.archive, services.catalog, as_of=today),
                              findings.list_findings(services.archive), resolved_for(services), today, department)
    if args.json:
        emit_json(digest)
        return 0
    for record in digest["departments"]:
        print(record["subject"])
        print(record["text"])
        print()
    return 0


def cmd_responsibility(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        resolved = resolved_for(services)
    if args.json:
        emit_json(resolved)
        return 0
    for problem in resolved["problems"]:
        print(f"注意：{problem}", file=sys.stderr)
    for short, entry in resolved["departments"].items():
        print(f"{short:<6} {responsibility.summary_text(entry) or '（未设置）'}")
    for item_id, entry in resolved["items"].items():
        print(f"  {item_id:<6} {responsibility.summary_text(entry)}")
    return 0


def cmd_findings(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        department = resolve_department(services.catalog, args.department).short if args.department else None
        records = findings.list_findings(services.archive, department=department, status=args.status)
    if args.json:
        emit_json(records)
        return 0
    if not records:
        print("暂无核查反馈问题")
    for f in records:
        print(f"#{f['id']:<3} {f['item']:<6} {f['department']:<6} {f['status_label']:<6} 期限 {f['due']}"
              f"（{days_text(f['days_left'])}）  {f['finding']}")
        for ev in f["events"][1:]:
            print(f"      {ev['at']} {ev['label']} {ev['actor']}" + (f"：{ev['note']}" if ev["note"] else "")
                  + (f"（文件#{ev['document_id']}）" if ev["document_id"] else ""))
    return 0


def cmd_finding(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        if args.step == "add":
            record = findings.open_finding(services.archive, services.catalog, args.item, args.finding, args.due,
                                           args.by, department=args.department, document_id=args.doc)
        else:
            record = findings.step(services.archive, args.id, args.step, args.by, args.note, args.doc)
    if args.json:
        emit_json(record)
    else:
        print(f"整改问题 #{record['id']}（{record['item']}，{record['department']}）：{record['status_label']}")
    return 0
