"""An index commit gives the memory other threads freed back to the system.

Why: a scan's peak RSS grew with the number of documents although nothing it keeps does — glibc
keeps what each thread (tantivy's writers, the store and worker threads) frees in that thread's
arena, pinned by a few live blocks (bench/README.md, *Scan memory*). Real threads, real
allocations, the real tantivy commit; the process's own anonymous RSS from /proc."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CHURN = r"""
import json, sys, threading
from pathlib import Path
from indexer.search.index import IndexDoc, SearchIndex

def rss_anon_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024

index = SearchIndex(Path(sys.argv[1])).open()
index.add([IndexDoc(1, "预热", "预热文档", ["住建局"], [], None, [2020], "indexed")])
kept = []

def churn():
    # 25,000 page-sized texts (~100 MB) made and dropped on a thread of its own, every 100th kept
    blocks = [b"%d" % i + b"x" * 4000 for i in range(25_000)]
    kept.extend(blocks[::100])
    del blocks

worker = threading.Thread(target=churn)
worker.start()
worker.join()
before = rss_anon_mb()
index.add([IndexDoc(2, "县住建局文件", "污水处理厂运行情况", ["住建局"], [], None, [2020], "indexed")])
after = rss_anon_mb()
hits = index.search("污水处理").total
print(json.dumps({"before": before, "after": after, "hits": hits, "kept": len(kept)}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists() or sys.platform != "linux", reason="reads /proc (Linux)")
def test_index_commit_releases_what_other_threads_freed(tmp_path):
    out = subprocess.run([sys.executable, "-c", CHURN, str(tmp_path / "index")], cwd=str(REPO),
                         capture_output=True, text=True, check=True, timeout=120)
    figures = json.loads(out.stdout)
    assert figures["hits"] == 1 and figures["kept"] == 250
    assert figures["before"] > 80, figures  # the ~100 MB freed on the thread are still resident
    assert figures["after"] < figures["before"] - 60, figures  # most of it went back at the commit

