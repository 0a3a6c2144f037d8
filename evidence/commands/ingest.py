"""init, scan, watch, documents, show, search, reindex, check, tag, untag."""

from __future__ import annotations

import signal
import sys
import threading

from archive import clock
from evidence.cli import emit_json
from evidence.progress import ProgressBar
from spine.services import init_home, open_services

# The listing, search and tagging modules are imported by their commands: `scan` does not need them.


def register(sub) -> None:
    p = sub.add_parser("init", help="create evidence.toml, one folder per department and an empty archive")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("scan", help="ingest every new or changed file under watch_folders once")
    p.add_argument("--json", action="store_true")
    p.add_argument("--retry-failed", action="store_true", help="extract failed documents again")
    p.set_defaults(handler=cmd_scan)

    p = sub.add_parser("status", help="what is being processed: waiting, being read (page n of m), "
                                      "done and failed in the last hour, time left")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("watch", help="keep ingesting as files appear or change (Ctrl-C stops)")
    p.set_defaults(handler=cmd_watch)

    p = sub.add_parser("documents", help="list archived documents")
    p.add_argument("--json", action="store_true")
    p.add_argument("--department")
    p.add_argument("--status", choices=["indexed", "failed", "pending"])
    p.set_defaults(handler=cmd_documents)

    p = sub.add_parser("show", help="one document with its extracted text")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("search", help="full-text search (Chinese-aware); a duty named by the query, related results")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--department")
    p.add_argument("--item")
    p.add_argument("--type", dest="doc_type")
    p.add_argument("--year")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("reindex", help="rebuild the search index from the archive alone")
    p.add_argument("--json", action="store_true")
    p.add_argument("--retag", action="store_true", help="re-run tagging rules first (manual tags are kept)")
    p.set_defaults(handler=cmd_reindex)

    p = sub.add_parser("check", help="compare archive, blobs and index; repair differences")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-repair", action="store_true")
    p.set_defaults(handler=cmd_check)

    for name, action in (("tag", "add"), ("untag", "remove")):
        p = sub.add_parser(name, help=f"manually {'add' if action == 'add' else 'remove'} an item tag")
        p.add_argument("id", type=int)
        p.add_argument("item")
        p.add_argument("--by", default="cli")
        p.add_argument("--note")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=cmd_tag, action=action)


def cmd_init(config, args) -> int:
    created = init_home(config)
    if args.json:
        emit_json({"home": str(config.home), "created": created})
    else:
        print(f"证据档案库已就绪：{config.home}")
        for path in created:
            print(f"  新建 {path}")
    return 0


def cmd_scan(config, args) -> int:
    init_home(config)
    with open_services(config) as services:
        if args.retry_failed:
            failed = [r["id"] for r in services.archive.documents() if r["status"] == "failed"]
            services.archive.reset_for_extraction(failed)
        with ProgressBar(enabled=not args.json) as bar:
            report = services.ingestor.scan(progress=bar.update)
    if args.json:
        emit_json(report.as_dict())
    else:
        print(f"扫描完成：{report.seen} 个文件，新增 {report.new}，重复 {report.duplicates}，新版本 {report.versions}，"
              f"未变 {report.unchanged}，移除 {report.removed}，解析成功 {report.extracted}，失败 {report.failed}，"
              f"稍后重试 {report.deferred}；用时 {report.seconds:.1f} 秒")
        if report.queued:
            print(f"已交给解析工作进程（evidence worker）排队解析 {report.queued} 个文件")
        for err in report.errors:
            print(f"  失败 {err['path']}: {err['message']}", file=sys.stderr)
    return 0


def cmd_status(config, args) -> int:
    from archive.store import Archive
    from indexer.queue_board import queue_status, stage_text, time_left_text

    archive = Archive.of(config)
    try:
        status = queue_status(archive, config.var)
    finally:
        archive.close()
    if args.json:
        emit_json(status)
        return 0
    print(f"处理中 {status['pending']} 个文件（等待 {status['waiting_count'] + status['noticed']}，"
          f"正在读取 {len(status['active'])}），预计还需 {time_left_text(status['seconds_left'])}；"
          f"最近一小时完成 {status['done_last_hour']}，失败 {status['failed_last_hour']}")
    for entry in status["active"]:
        print(f"  {entry['path']}：{stage_text(entry)}（已用 {entry['seconds']:.0f} 秒）")
    for entry in status["waiting"]:
        print(f"  等待：{entry['path']}")
    if not status["ingesting"]:
        print("提示：没有正在运行的入库进程（evidence run / watch / scan），等待的文件要等它们启动后才会处理")
    return 0


def print_watch_report(report) -> None:
    """One line per batch the watcher ingested, and each failure with its reason."""
    print(f"已处理：新增 {report.new}，重复 {report.duplicates}，新版本 {report.versions}，移除 {report.removed}，"
          f"失败 {report.failed}", flush=True)
    for err in report.errors:
        print(f"  失败 {err['path']}: {err['message']}", flush=True)


def cmd_watch(config, args) -> int:
    from indexer.watch.service import WatchService

    init_home(config)
    services = open_services(config)

    service = WatchService(services.ingestor, on_report=print_watch_report)
    stop = threading.Event()

    def handle(signum, frame) -> None:
        service.stop()
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    print(f"正在监视 {config.watch_root}（Ctrl-C 停止）", flush=True)
    try:
        service.run()
    finally:
        services.close()
    print("已停止监视", flush=True)
    return 0


def cmd_documents(config, args) -> int:
    from archive.records import document_record

    with open_services(config, heal_index=False) as services:
        rows = services.archive.documents(args.department)
        records = [document_record(services.archive, r) for r in rows if not args.status or r["status"] == args.status]
    if args.json:
        emit_json(records)
    else:
        for r in records:
            mark = {"indexed": "✓", "failed": "✗"}.get(r["status"], "…")
            print(f"{r['id']:>6} {mark} {r['department'] or '-':<8} {r['source_path']}"
                  + (f"  [{','.join(r['items'])}]" if r["items"] else "")
                  + (f"  错误: {r['error']}" if r["error"] else ""))
    return 0


def cmd_show(config, args) -> int:
    from archive.records import document_detail

    with open_services(config, heal_index=False) as services:
        detail = document_detail(services.archive, args.id)
    if args.json:
        emit_json(detail)
    else:
        print(f"#{detail['id']} {detail['source_path']} ({detail['department']}) {detail['status']}")
        for tag in detail["tags"]:
            print(f"  事项 {tag['item']} [{tag['source']}]: {'；'.join(tag['reasons'])}")
        print(detail["text"])
    return 0


def cmd_search(config, args) -> int:
    from evidence.search_text import print_search
    from indexer.search.results import search_documents

    with open_services(config, heal_index=False) as services:  # a reader: never rebuilds the index
        out = search_documents(services.archive, services.index, args.query, department=args.department,
                               item=args.item, doc_type=args.doc_type, year=args.year, limit=args.limit,
                               offset=args.offset, catalog=services.catalog, as_of=clock.today())
    if args.json:
        emit_json(out)
    else:
        print_search(out, args.query, sys.stdout)
    return 0


def cmd_reindex(config, args) -> int:
    with open_services(config, heal_index=False) as services:
        if args.retag:
            for doc_id in services.archive.document_ids():
                services.ingestor.retag(doc_id)
        with ProgressBar(enabled=not args.json) as bar:
            count = services.ingestor.rebuild_index(progress=bar.update)
    if args.json:
        emit_json({"indexed": count})
    else:
        print(f"已从存档重建索引：{count} 个文件")
    return 0


def cmd_check(config, args) -> int:
    from indexer.consistency import check_home

    with open_services(config, heal_index=False) as services:
        report = check_home(services, repair=not args.no_repair)
    if args.json:
        emit_json(report)
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 6 if report["problems"] and args.no_repair else 0


def cmd_tag(config, args) -> int:
    from indexer import suggest

    with open_services(config, heal_index=False) as services:
        try:
            services.catalog.item(args.item)
        except KeyError:
            print(f"未知事项编号：{args.item}", file=sys.stderr)
            return 2
        services.archive.set_override(args.id, args.item, args.action, args.by, args.note)
        services.archive.audit(args.by, f"tag.{args.action}", {"document": args.id, "item": args.item})
        suggest.refresh(services.archive, services.catalog, [args.item])  # learn from the correction
        with services.ingestor.lock():
            services.ingestor.flush_index()
        items = services.archive.items_of(args.id)
    if args.json:
        emit_json({"id": args.id, "items": items})
    else:
        print(f"#{args.id} 事项：{', '.join(items) or '（无）'}")
    return 0
