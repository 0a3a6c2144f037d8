"""worker: a Celery worker that extracts and OCRs this home's queued files ([cluster] broker_url),
and those of the other counties' homes named with --serve."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

from spine.config import load_config
from spine.errors import ConfigError
from spine.services import open_services


def register(sub) -> None:
    p = sub.add_parser("worker", help="extract and OCR queued files as a Celery worker over Redis "
                                      "([cluster] broker_url); run one per file to work on at once")
    p.add_argument("--name", help="the worker's Celery hostname (default: celery@<machine>)")
    p.add_argument("--serve", action="append", default=[], metavar="HOME", type=Path,
                   help="also serve the queue of another county's home (repeatable; the same broker_url)")
    p.set_defaults(handler=cmd_worker)


def cmd_worker(config, args) -> int:
    configs = [config, *(load_config(home) for home in args.serve)]
    for other in configs:
        if not other.cluster_broker_url:
            raise ConfigError(f"evidence worker 需要在 {other.home / 'evidence.toml'} 的 [cluster] 中设置 broker_url"
                              "（redis:// 地址）")
        if other.cluster_broker_url != config.cluster_broker_url:
            raise ConfigError(f"{other.home / 'evidence.toml'} 的 broker_url 与 {config.home / 'evidence.toml'} "
                              "不同：一个工作进程只连接一个队列服务")
    from indexer.extraction_queue import queue_name, run_worker

    queues = [queue_name(c) for c in configs]
    if len(set(queues)) < len(queues):
        raise ConfigError(f"--serve 的目录与本目录属于同一个县（队列重复：{'、'.join(queues)}）")
    # one file at a time per worker process: the sandbox underneath is one extraction process
    with contextlib.ExitStack() as stack:
        services = [stack.enter_context(open_services(dataclasses.replace(c, workers=1))) for c in configs]
        print(f"解析工作进程已启动：队列 {'、'.join(queues)}（Ctrl-C 停止）", flush=True)
        run_worker([s.ingestor for s in services], hostname=args.name)
    print("解析工作进程已停止", flush=True)
    return 0
