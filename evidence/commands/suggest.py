"""suggestions, suggestion accept|decline: tags learned from reviewers' corrections."""

from __future__ import annotations

from archive import suggestions as records
from evidence.cli import emit_json
from spine.services import open_services
from indexer import suggest


def register(sub) -> None:
    p = sub.add_parser("suggestions", help="tags suggested from reviewers' corrections (never applied silently)")
    p.add_argument("--item", help="only this duty")
    p.add_argument("--document", type=int, help="only this document")
    p.add_argument("--refresh", action="store_true", help="learn again from every correction first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_suggestions)

    p = sub.add_parser("suggestion", help="accept or decline one suggestion")
    p.add_argument("answer", choices=("accept", "decline"))
    p.add_argument("id", type=int, help="document id")
    p.add_argument("item")
    p.add_argument("--by", default="cli", help="who decides")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_answer)


def cmd_suggestions(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        if args.refresh:
            suggest.refresh(services.archive, services.catalog)
        found = records.open_suggestions(services.archive, document_id=args.document, item_id=args.item)
    if args.json:
        emit_json(found)
        return 0
    if not found:
        print("暂无建议（人工标注、取消标注或核验文件后，系统会据此提出建议）")
    for s in found:
        print(f"#{s['document_id']}  建议标注 {s['item']}：{s['reason']}")
    return 0


def cmd_answer(config, args) -> int:
    accept = args.answer == "accept"
    with open_services(config, heal_index=False) as services:
        records.answer(services.archive, args.id, args.item, accept, args.by)
        suggest.refresh(services.archive, services.catalog, [args.item])
        with services.ingestor.lock():
            services.ingestor.flush_index()
        items = services.archive.items_of(args.id)
    if args.json:
        emit_json({"id": args.id, "item": args.item, "answer": args.answer, "items": items})
    else:
        print(f"#{args.id} 事项 {args.item} 建议已{'采纳' if accept else '拒绝'}")
    return 0
