"""items, checklist, consistency, verify, reject, reviews, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive import clock, reviews
from archive.as_of import checklist_as_of
from archive.checklist import STATUS_LABELS, build_checklist, days_text
from archive.crosscheck import consistency_report
from archive.export import export_package
from evidence.cli import emit_json, iso_date
from evidence.progress import ProgressBar
from indexer.compilation import VOLUME_NAME, compile_checklist
from spine.services import load_catalog_for, open_services
from indexer import suggest


def register(sub) -> None:
    p = sub.add_parser("items", help="the assessment catalog: every duty with its wording")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_items)

    p = sub.add_parser("checklist", help="duty by duty: present, partial or missing, and why")
    p.add_argument("--json", action="store_true")
    p.add_argument("--department", help="folder name (财政局) or number (2)")
    p.add_argument("--as-of", type=iso_date, help="the state at the end of that day (a past date is rebuilt from the "
                                                 "archive's timestamps; default today)")
    p.set_defaults(handler=cmd_checklist)

    p = sub.add_parser("consistency", help="indicator figures per department and the conflicts between them")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_consistency)

    p = sub.add_parser("verify", help="record that an inspector accepted a duty's evidence")
    p.add_argument("item")
    p.add_argument("--doc", type=int, help="the document that was checked")
    p.add_argument("--note")
    p.add_argument("--by", default="cli", help="reviewer's name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review, action=reviews.VERIFY)

    p = sub.add_parser("reject", help="send a duty back: it becomes partial with the note as the reason")
    p.add_argument("item")
    p.add_argument("--note", required=True)
    p.add_argument("--doc", type=int)
    p.add_argument("--by", default="cli")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review, action=reviews.REJECT)

    p = sub.add_parser("reviews", help="who verified or rejected what, when and why")
    p.add_argument("--item")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_reviews)

    p = sub.add_parser("export", help="write the submission package: files per department and duty, "
                                      "checklist.xlsx, manifest.json")
    p.add_argument("dir")
    p.add_argument("--as-of", type=iso_date)
    p.add_argument("--html", action="store_true", help="also write the printable checklist.html")
    p.add_argument("--compile", action="store_true",
                   help="also write the compilation (佐证材料汇编.pdf): cover, 目录, every counted file's pages")
    p.add_argument("--submitter", help="报送单位 on the compilation's cover (default: the county's people's government)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export)


def _known_item(catalog, item_id: str) -> bool:
    try:
        catalog.item(item_id)
    except KeyError:
        print(f"未知事项编号：{item_id}（用 evidence items 查看全部事项）", file=sys.stderr)
        return False
    return True


def cmd_items(config, args) -> int:
    catalog = load_catalog_for(config)
    items = [_item_record(it, catalog) for it in catalog.items]
    if args.json:
        emit_json(items)
        return 0
    print_phases(catalog)
    for it in items:
        print(f"{it['id']:<6} {it['department']:<6} {it['title']}（截止 {it['deadline']}）")
        for part in it["parts"]:
            print(f"  {part['id']:<8} {part['title']}")
    return 0


def _item_record(item, catalog) -> dict:
    dept = catalog.department(item.department)
    return {"id": item.id, "department": dept.short, "department_number": dept.number,
            "department_name": dept.name, "title": item.title, "text": item.text, "kind": item.kind,
            "years": item.years, "doc_types": item.doc_types,
            "deadline": catalog.phase(item.deadline).deadline.isoformat(),
            "phase": phase_record(catalog.phase(item.deadline)),
            "parts": [_item_record(p, catalog) for p in item.parts]}


def phase_record(phase) -> dict:
    return {"id": phase.id, "name": phase.name, "deadline": phase.deadline.isoformat(), "wording": phase.wording,
            "note": phase.note}


def print_phases(catalog) -> None:
    """The plan's phases with their deadlines, and how its own slips are read."""
    today = clock.today()
    print("【工作阶段】")
    for phase in catalog.phases:
        mark = "（当前）" if phase is catalog.current_phase(today) else ""
        print(f"  {phase.deadline}  {phase.name}{mark}：{phase.wording}")
        if phase.note:
            print(f"      说明：{phase.note}")
    if catalog.errata:
        print("【方案原文笔误及理解】")
        for e in catalog.errata:
            print(f"  {e['where']}：「{e['original']}」→ {e['reading']}")
    print()


def cmd_checklist(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        checklist = checklist_as_of(services.archive, services.catalog, args.as_of or clock.today(),
                                    department=args.department)
    if args.json:
        emit_json(checklist)
    else:
        print_checklist(checklist)
    return 0


def cmd_consistency(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        report = consistency_report(services.archive, services.catalog)
    if args.json:
        emit_json(report)
        return 0
    summary = report["summary"]
    print(f"指标数据 {summary['values']} 条（{summary['indicators']} 项指标，{summary['documents']} 份文件），"
          f"不一致 {summary['conflicts']} 处")
    for row in report["indicators"]:
        cells = "；".join(f"{dept} " + "、".join(f"{v['value']:g}{row['unit']}（#{v['document_id']}"
                                                 + (f"，{v['year']}年" if v["year"] else "") + "）" for v in vals)
                         for dept, vals in row["departments"].items())
        print(f"  {row['indicator']}：{cells}")
    for c in report["conflicts"]:
        print(f"\n不一致：{c['message']}\n  涉及事项：{'、'.join(c['items']) or '—'}；文件："
              + "、".join(f"#{d}" for d in c["documents"]))
    return 0


def print_checklist(checklist: dict) -> None:
    """Per department: the counts, then the gaps (nearest deadline first), then what is done."""
    summary = checklist["summary"]
    if summary.get("reconstructed"):
        print(f"（按档案时间记录还原 {summary['as_of']} 当日结束时的状态）")
    print(f"{summary['assessment']}  截至 {summary['as_of']}  完成 {summary['by_status']['present'] + summary['by_status']['verified']}"
          f"/{summary['total']}（{summary['progress']:.0%}）")
    for short, counts in summary["by_department"].items():
        entries = [e for e in checklist["items"] if e["department"] == short]
        line = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in counts["by_status"].items())
        print(f"\n【{counts['name']}】{line}")
        gaps = sorted((e for e in entries if e["status"] in ("missing", "partial")),
                      key=lambda e: (e["days_left"], e["status"] != "partial"))
        for e in gaps:
            print(f"  {e['id']:<5} {STATUS_LABELS[e['status']]:<4} {e['title']}  截止 {e['deadline']}"
                  f"（{days_text(e['days_left'])}）")
            if e["status"] == "partial":
                for reason in e["reasons"]:
                    print(f"        - {reason}")
        for e in entries:
            if e not in gaps:
                print(f"  {e['id']:<5} {STATUS_LABELS[e['status']]:<4} {e['title']}（{len(e['evidence'])}个文件）")


def cmd_review(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        if not _known_item(services.catalog, args.item):
            return 2
        record = getattr(reviews, args.action)(services.archive, args.item, args.by, args.note,
                                               document_id=args.doc)
        if args.doc is not None:  # a reviewed document teaches the suggestions
            suggest.refresh(services.archive, services.catalog, [args.item])
    if args.json:
        emit_json(record)
    else:
        verb = "已核验" if args.action == reviews.VERIFY else "已退回"
        print(f"事项 {record['item']} {verb}（{record['actor']}，{record['at']}）"
              + (f"：{record['note']}" if record["note"] else ""))
    return 0


def cmd_reviews(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        if args.item and not _known_item(services.catalog, args.item):
            return 2
        records = reviews.history(services.archive, args.item)
    if args.json:
        emit_json(records)
        return 0
    if not records:
        print("暂无核查记录")
    for r in records:
        verb = "核验通过" if r["action"] == reviews.VERIFY else "退回"
        doc = f" 文件#{r['document_id']}" if r["document_id"] else ""
        print(f"{r['at']}  {r['item']:<7} {verb}  {r['actor']}{doc}" + (f"：{r['note']}" if r["note"] else ""))
    return 0


def cmd_export(config, args) -> int:
    as_of = args.as_of or clock.today()
    with open_services(config, heal_index=False) as services, ProgressBar(enabled=not args.json) as bar:
        def compile_into(out_dir: Path, checklist: dict) -> dict:
            return compile_checklist(services.archive, services.catalog, checklist, out_dir / VOLUME_NAME,
                                     services.ingestor.pool, as_of, submitter=args.submitter, progress=bar.update)

        result = export_package(services.archive, services.catalog, Path(args.dir), as_of, html=args.html,
                                responsibility=config.responsibility, extra=compile_into if args.compile else None)
    if "extra" in result:
        result["compilation"] = result.pop("extra")
    if args.json:
        emit_json(result)
        return 0
    print(f"已导出 {result['files']} 个文件到 {result['dir']}（清单 checklist.xlsx，校验 manifest.json）")
    if "compilation" in result:
        c = result["compilation"]
        print(f"汇编：{c['pdf']}，共 {c['pages']} 页，编入 {c['files']} 份文件；未编入 {c['left_out']} 份，"
              f"缺失事项 {c['missing']} 项；转换 {c['converted']} 份（复用 {c['reused']} 份），用时 {c['seconds']:.1f} 秒")
    return 0
