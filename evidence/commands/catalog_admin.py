"""catalog import|check|accept|versions|use: a county's plan becomes a reviewed, versioned catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from archive.catalog_check import check_catalog_file
from archive.catalog_versions import accept_catalog, list_versions
from spine.catalog_drafts import DEFAULT_BASE, draft_from_file, load_base, switch_catalog
from evidence.cli import emit_json


def register(sub) -> None:
    p = sub.add_parser("catalog", help="draft a catalog from a county's plan, check, accept and switch catalogs")
    cs = p.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")

    q = cs.add_parser("import", help="draft a catalog TOML from a plan (.docx/.pdf/.txt/.doc)")
    q.add_argument("plan")
    q.add_argument("-o", "--output", help="write the draft here (default: print it)")
    q.add_argument("--base", default=DEFAULT_BASE, help="the catalog whose vocabulary the draft uses")
    q.add_argument("--no-reuse", action="store_true",
                   help="do not take tagging rules from the base's matching duties (rules from the plan's words only)")
    q.add_argument("--json", action="store_true", help="print a summary as JSON")
    q.set_defaults(handler=cmd_import)

    q = cs.add_parser("check", help="validate a catalog file (ids, departments, deadlines, patterns, deliverables)")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_check)

    q = cs.add_parser("accept", help="keep a checked catalog as the home's next version")
    q.add_argument("file")
    q.add_argument("--by", default="cli")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_accept)

    q = cs.add_parser("versions", help="the home's accepted catalogs")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_versions)

    q = cs.add_parser("use", help="switch the home to an accepted version and re-tag the archive")
    q.add_argument("version")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_use)


def cmd_import(config, args) -> int:
    plan = Path(args.plan)
    draft = draft_from_file(plan, load_base(args.base, plan.parent), reuse_rules=not args.no_reuse)
    items = draft.data["items"]
    duties = [p for it in items for p in (it.get("parts") or [it])]
    summary = {
        "plan": str(plan), "output": args.output, "title": draft.plan.title, "county": draft.plan.county,
        "doc_number": draft.plan.doc_number, "departments": len(draft.data["departments"]),
        "duties": len(items), "leaves": len(duties),
        "review": sum(1 for it in items if it.get("review")) + sum(1 for p in duties if p.get("review") and p not in items),
        "problems": draft.plan.problems,
    }
    if args.output:
        Path(args.output).write_text(draft.toml, encoding="utf-8")
    elif not args.json:
        sys.stdout.write(draft.toml)
        return 0
    if args.json:
        emit_json(summary)
    else:
        print(f"已起草：{summary['departments']} 个部门，{summary['duties']} 项职责（{summary['leaves']} 个最小单元），"
              f"{summary['review']} 项待核对 → {args.output}")
        for problem in draft.plan.problems:
            print(f"  注意：{problem}")
    return 0


def cmd_check(config, args) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"错误: 找不到目录文件：{path}", file=sys.stderr)
        return 2
    report = check_catalog_file(path)
    if args.json:
        emit_json(report.as_dict())
    else:
        if report.ok:
            print(f"目录有效：{report.departments} 个部门，{report.duties} 项职责（含子项）")
        for e in report.errors:
            print(f"错误：{e}")
        for r in report.reviews:
            print(f"待核对：{r}")
    return 0 if report.ok else 3


def cmd_accept(config, args) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"错误: 找不到目录文件：{path}", file=sys.stderr)
        return 2
    version, report = accept_catalog(config.home, path.read_text(encoding="utf-8"), path.stem, args.by)
    if args.json:
        emit_json({**version, "reviews": report.reviews})
    else:
        print(f"已接受为版本 {version['version']}：{version['path']}（仍有 {len(report.reviews)} 项标记待核对）")
    return 0


def cmd_versions(config, args) -> int:
    versions = list_versions(config.home)
    current = str(config.catalog.relative_to(config.home)) if config.catalog else None
    if args.json:
        emit_json({"current": current, "versions": versions})
        return 0
    if not versions:
        print("尚无已接受的目录版本（evidence catalog accept FILE）")
    for v in versions:
        mark = "（当前）" if v["path"] == current else ""
        print(f"{v['version']:>3}  {v['path']}  {v['accepted_by']} {v['accepted_at']}{mark}")
    return 0


def cmd_use(config, args) -> int:
    report = switch_catalog(config, args.version)
    if args.json:
        emit_json(report)
        return 0
    print(f"已切换目录：{report['from']} → {report['to']}；重新标注 {report['documents']} 个文件，"
          f"{len(report['changed'])} 个文件的标注有变化")
    for c in report["changed"]:
        print(f"  #{c['id']} {c['path']}  增加 {','.join(c['added']) or '—'}  去掉 {','.join(c['removed']) or '—'}")
    if report["unmatched_folders"]:
        print("注意：以下部门文件夹在新目录中没有对应部门（请在 evidence.toml 的 [[departments]] 中改名或在目录中补充别名）："
              + "、".join(report["unmatched_folders"]))
    return 0
