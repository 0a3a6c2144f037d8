"""snapshots, timeliness, digest, findings, finding, responsibility: who answers for what, and when."""

from __future__ import annotations

import sys

from archive import snapshots
from evidence.cli import emit_json
from evidence.services import open_services


def register(sub) -> None:
    p = sub.add_parser("snapshots", help="the checklist frozen at each phase deadline")
    p.add_argument("--freeze", action="store_true", help="freeze every passed deadline not yet frozen")
    p.add_argument("--show", metavar="PHASE", help="one snapshot with its checklist (phase id or date)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_snapshots)


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
