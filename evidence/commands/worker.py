"""worker: a Celery worker that extracts and OCRs this home's queued files ([cluster] broker_url)."""

from __future__ import annotations

import dataclasses

from spine.errors import ConfigError
from spine.services import open_services


def register(sub) -> None:
    p = sub.add_parser("worker", help="extract and OCR queued files as a Celery worker over Redis "
                                      "([cluster] broker_url); run one per file to work on at once")
    p.add_argument("--name", help="the worker's Celery hostname (default: celery@<machine>)")
    p.set_defaults(handler=cmd_worker)


def cmd_worker(config, args) -> int:
    if not config.cluster_broker_url:
        raise ConfigError("evidence worker 需要在 evidence.toml 的 [cluster] 中设置 broker_url（redis:// 地址）")
    from indexer.extraction_queue import queue_name, run_worker

    # one file at a time per worker process: the sandbox underneath is one extraction process
    with open_services(dataclasses.replace(config, workers=1)) as services:
        print(f"解析工作进程已启动：队列 {queue_name(config)}（Ctrl-C 停止）", flush=True)
        run_worker(services.ingestor, hostname=args.name)
    print("解析工作进程已停止", flush=True)
    return 0
