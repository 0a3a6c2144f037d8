"""Watch latency: a DOCX dropped into a watched department folder → found by search.

`evidence watch` runs as its own process on an ingested home (so the index it writes to is
county-sized); this process copies one DOCX at a time into `watch_folders/<部门>/…` and polls
the search index (a separate reader, as the web UI is) until the document's unique number is
found. The latency therefore includes the quiet period the watcher waits to be sure a file is
fully written (`[watch] quiet_seconds`, 2 s by default), extraction in the worker, tagging and
the index commit.

    python bench/watch_latency.py --home /tmp/evidence-bench/home-20k --drops 50
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.search import stats_ms  # noqa: E402

BODY = ["融水苗族自治县住房和城乡建设局关于城镇生活污水处理厂运行情况的报告",
        "根据县域生态环境质量考核工作要求，现将本季度污水处理厂运行情况报告如下。",
        "一、进水化学需氧量平均浓度为一百八十毫克每升，出水稳定达到一级A标准。",
        "二、在线监测设备运行正常，数据有效传输率达到百分之九十五以上。"]


def _wait_searchable(index, token: str, timeout: float, poll: float = 0.02) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if index.search(token, limit=1).total:
            return time.monotonic()
        time.sleep(poll)
    return None


def run(home: Path, drops: int = 50, timeout: float = 60.0, department: str = "住建局") -> dict:
    from evidence.config import load_config
    from indexer.search.index import SearchIndex
    from tests import docgen

    config = load_config(home)
    target_dir = config.watch_root / department / "bench-watch"
    shutil.rmtree(target_dir, ignore_errors=True)
    proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "--home", str(home), "watch"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(REPO))
    index = SearchIndex(config.index_dir)
    latencies: list[float] = []
    missed = 0
    run_id = os.urandom(3).hex()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            target_dir.mkdir(parents=True, exist_ok=True)
            # Warm-up drop: the watcher's catch-up scan and worker start-up are not per-drop latency.
            for k in range(-1, drops):
                token = f"wl{run_id}x{k + 1}"
                src = Path(tmp) / f"{token}.docx"
                docgen.make_docx(src, [*BODY, f"编号：{token}"], title=f"污水处理厂运行情况报告{token}")
                dropped = time.monotonic()
                shutil.copyfile(src, target_dir / f"污水处理厂运行情况报告-{token}.docx")
                found = _wait_searchable(index, token, timeout if k >= 0 else 600.0)
                if k < 0:
                    continue
                if found is None:
                    missed += 1  # counted at the timeout: a drop never found is not left out
                    latencies.append(timeout)
                else:
                    latencies.append(found - dropped)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    out = {"drops": drops, "missed": missed, "timeout_s": timeout, "quiet_seconds": config.quiet_seconds}
    out.update(stats_ms(latencies))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--drops", type=int, default=50)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.home, args.drops), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
