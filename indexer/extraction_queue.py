"""Extraction and OCR by Celery workers over Redis (`[cluster] broker_url`): the one module that
owns the Celery app, its one task, and what a worker process serves.

An ingest that has a broker stores the file's bytes and records its document as it always does,
then hands the worker fleet a message naming the document and its blob's sha256 instead of
extracting it in-process. `evidence worker` (on the archive's machine while the system of record
is SQLite, whose WAL needs one host) reads the blob, runs the very same extraction in
the very same sandbox (`indexer.sandbox`, the home's [limits]), and saves the outcome through the
same `Ingestor` code as a local scan, then indexes it.

Nothing is lost when a worker dies: a message is acknowledged only after its outcome is saved
(`acks_late`); the saved outcome is marked for indexing, and every worker's index thread commits
what is marked about once a second (the index is derived: any worker, or the next scan, indexes
what a dead one left), so a worker SIGKILLed mid-OCR leaves it unacknowledged and Redis
hands it to another worker once `requeue_after_seconds` have passed. A task may therefore run
twice (also when a very long scan outlasts that period); the second run finds the document no
longer pending and saves nothing, so every document gets exactly one outcome.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from archive.errors import StorageError
from archive.sql import transient_errors
from archive.store import Archive
from indexer.pipeline import Ingestor
from indexer.search.index import IndexUnavailable
from spine.config import Config
from spine.errors import EvidenceError

log = logging.getLogger(__name__)

TASK_NAME = "evidence.extract"
MARK_PREFIX = "evidence:queued:"
# Worth trying again later: the archive busy beyond its timeout, the shared disk or the blob not
# there yet, the index or its database unreachable. A file that cannot be read is not among them:
# that is an outcome (a recorded Chinese reason), as in a local scan.
TRANSIENT = (*transient_errors(), StorageError, OSError, IndexUnavailable, ConnectionError)
RETRY_BACKOFF_MAX = 300   # seconds; back-off doubles from 2 s up to this
MAX_RETRIES = 12
INDEX_EVERY = 1.0  # seconds between the index thread's looks for saved, unindexed outcomes

_serving: dict = {}  # queue name → the Ingestor of that county's home, in this worker process


def queue_name(config: Config) -> str:
    """One queue per county: a worker serves the home whose archive it can write."""
    return f"evidence-extract:{config.cluster_county}" if config.cluster_county else "evidence-extract"


@lru_cache(maxsize=None)
def celery_app(broker_url: str, queue: str, requeue_seconds: float):
    """The Celery app of one broker and queue: late acknowledgement, one message reserved per
    worker at a time, unacknowledged messages handed out again after `requeue_seconds`."""
    from celery import Celery

    app = Celery("evidence", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options={"visibility_timeout": requeue_seconds,  # idle workers sweep for
                                  "unacked_restore_interval": max(1, min(10, int(requeue_seconds / 3))),
                                  "unacked_restore_throttle": 1},  # expired ones this often
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )
    app.task(name=TASK_NAME, bind=True, autoretry_for=TRANSIENT, retry_backoff=2,
             retry_backoff_max=RETRY_BACKOFF_MAX, retry_jitter=True, max_retries=MAX_RETRIES)(_extract_task)
    return app


def app_for(config: Config):
    return celery_app(config.cluster_broker_url, queue_name(config), config.cluster_requeue_seconds)


def _extract_task(task, document_id: int, sha256: str, name: str, kind: str | None = None) -> str:
    if not _serving:
        raise RuntimeError("evidence.extract runs only in `evidence worker`")
    queue = (task.request.delivery_info or {}).get("routing_key")
    ingestor = _serving.get(queue) if len(_serving) > 1 else next(iter(_serving.values()))
    if ingestor is None:
        raise RuntimeError(f"evidence.extract: this worker does not serve the queue {queue!r}")
    outcome = ingestor.extract_queued(document_id, sha256, name, kind)
    log.info("document %s (%s): %s", document_id, name, outcome)
    return outcome


class QueueUnavailable(EvidenceError):
    """The broker cannot be reached: the files are archived (pending); a scan once it is back
    queues them."""

    exit_code = 4


class Enqueuer:
    """The ingest side: hands documents to the workers, each at most once per requeue period (a
    periodic rescan finds a long backlog still pending and must not queue it again and again)."""

    def __init__(self, config: Config) -> None:
        import redis

        self.config = config
        self.app = app_for(config)
        self.redis = redis.Redis.from_url(config.cluster_broker_url)
        self.queue = queue_name(config)

    def enqueue(self, document_id: int, sha256: str, name: str, kind: str | None, again: bool = False) -> bool:
        """Queue one document; `again` (a pending document found by a rescan) only when no
        message for it was sent within the requeue period. True if a message was sent."""
        from kombu.exceptions import OperationalError
        from redis.exceptions import RedisError

        mark = f"{MARK_PREFIX}{self.queue}:{document_id}:{sha256}"
        ttl = max(1, int(self.config.cluster_requeue_seconds))
        try:
            if not self.redis.set(mark, 1, ex=ttl, nx=True) and again:
                return False
            try:
                self.app.send_task(TASK_NAME, args=[document_id, sha256, name, kind], queue=self.queue)
            except BaseException:
                self.redis.delete(mark)  # not sent: the next scan must queue it
                raise
        except (RedisError, OperationalError, OSError) as exc:
            raise QueueUnavailable(f"无法连接解析任务队列（[cluster] broker_url）：{exc}；文件已存档，"
                                   "队列恢复后再次运行 evidence scan 即可排队解析") from exc
        return True

    def close(self) -> None:
        self.redis.close()


def run_worker(ingestors: list[Ingestor], hostname: str | None = None, loglevel: str = "INFO") -> None:
    """Serve these homes' queues (one county each, one broker) until stopped (SIGTERM/Ctrl-C: the
    task at hand is finished first). One task at a time in this process (the solo pool): the
    sandbox underneath is one killable extraction process with the home's limits, shared by the
    homes whose limits are the same; run more `evidence worker` processes for more parallel files."""
    config = ingestors[0].config
    queues = [queue_name(i.config) for i in ingestors]
    _serving.update(zip(queues, ingestors))
    for ingestor in ingestors[1:]:
        ingestor.share_pool(ingestors[0])
    flushers = [IndexFlusher(i) for i in ingestors]
    argv = ["worker", "--pool=solo", "--concurrency=1", f"--queues={','.join(queues)}", f"--loglevel={loglevel}",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if hostname:
        argv.append(f"--hostname={hostname}")
    try:
        app_for(config).worker_main(argv)
    finally:
        _serving.clear()
        for flusher in flushers:
            flusher.close()


class IndexFlusher:
    """The worker's index thread: commits saved outcomes to the search index in batches, under
    the home's ingest lock, with an archive connection of its own (the task's is in use)."""

    def __init__(self, ingestor: Ingestor) -> None:
        self.archive = Archive.of(ingestor.config)
        self.ingestor = Ingestor(ingestor.config, self.archive, ingestor.index, ingestor.catalog)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="index-flusher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(INDEX_EVERY):
            self.flush()
        self.flush()

    def flush(self) -> None:
        try:
            if self.archive.dirty_settled_ids(1):
                with self.ingestor.lock():
                    self.ingestor.flush_index()
        except Exception:  # the next round, another worker or the next scan indexes it
            log.exception("indexing saved outcomes failed")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(60)
        self.ingestor.close()
        self.archive.close()
