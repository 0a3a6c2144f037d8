"""Search benchmark: latency of a fixed query mix on an ingested home, with and without
snippets, and every query's total (to compare engines: bench/engine_agreement.py).

Three lines per run, same queries, same filters, same process:

* ``snippets`` — `search_documents` as the CLI and the web UI call it: engine, records and
  snippets from the archive's page text (the figure the target is about);
* ``engine`` — `SearchIndex.search` alone (tantivy over our tokens), without records or snippets;
* ``facets`` — as the first, plus facet counts, as the web search page asks (one round).

Exact-string semantics are checked, not assumed: for tracked phrases planted by
bench/make_corpus.py (document numbers, projects, companies) the set of documents found must
equal the manifest's set; recall and precision are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

COMMON = ["转移支付", "污水处理厂", "生态环境", "森林覆盖率", "水土保持", "监测报告", "饮用水水源地",
          "垃圾填埋场", "考核", "自查报告", "负面清单", "达标率"]
MULTI = ["转移支付 资金 2019", "污水处理厂 COD", "森林覆盖率 林地", "水源地 水质 达标", "垃圾 无害化",
         "生态环境 监测 考核", "人居环境 改厕", "河长制 巡河"]
PHRASES = ['"国家重点生态功能区转移支付"', '"城镇生活污水处理率"', '"县域生态环境质量"', '"产业准入负面清单"']


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats_ms(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50": round(percentile(ms, 0.5), 1), "p95": round(percentile(ms, 0.95), 1),
            "p99": round(percentile(ms, 0.99), 1), "mean": round(statistics.fmean(ms), 1) if ms else None}


def query_mix(manifest: dict, archive, seed: int = 11) -> list[dict]:
    """~48 queries: 1–3 Chinese terms, phrases, 文号, tracked names; a third with filters."""
    rng = random.Random(seed)
    files = manifest["files"]
    doc_nos = sorted({e["doc_no"] for e in files.values() if e.get("doc_no")})
    phrases = sorted({p for e in files.values() for p in e["key_phrases"] if "〔" not in p})
    departments = sorted({e["department"] for e in files.values()})
    items = [r[0] for r in archive.conn.execute(
        "SELECT item_id FROM tags GROUP BY item_id ORDER BY count(*) DESC LIMIT 6")]
    queries: list[str] = []
    queries += COMMON + MULTI + PHRASES
    queries += rng.sample(doc_nos, min(8, len(doc_nos)))
    queries += rng.sample(phrases, min(8, len(phrases)))
    queries += ["污水处理厂 -管网", "转移支付 -2018"]
    mix = []
    for k, q in enumerate(queries):
        entry = {"q": q}
        if k % 3 == 1:
            entry["department"] = rng.choice(departments)
        elif k % 3 == 2 and items:
            entry["item"] = rng.choice(items)
        mix.append(entry)
    return mix


# -- the run ----------------------------------------------------------------------------------

def _timed(fn, mix: list[dict], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for entry in mix:
            started = time.perf_counter()
            fn(entry)
            times.append(time.perf_counter() - started)
    return times


def semantics_check(manifest: dict, archive, index, sample: int = 30, seed: int = 5) -> dict:
    """Tracked phrases: documents found must be exactly the documents the manifest planted them in."""
    rng = random.Random(seed)
    paths: dict[int, set[str]] = {}
    for row in archive.conn.execute(
            "SELECT l.document_id, l.path FROM locations l JOIN documents d ON d.id = l.document_id"
            " WHERE d.status = 'indexed'"):
        paths.setdefault(row[0], set()).add(row[1])
    present = set().union(*paths.values()) if paths else set()
    truth: dict[str, set[str]] = {}
    for rel, e in manifest["files"].items():
        if rel in present:  # a home may hold part of the corpus
            for p in e["key_phrases"]:
                truth.setdefault(p, set()).add(rel)
    phrases = rng.sample(sorted(truth), min(sample, len(truth)))
    found_total = expected_total = correct = 0
    misses = []
    for p in phrases:
        result = index.search(f'"{p}"', limit=100000)
        got = set().union(*(paths.get(i, set()) for i, _ in result.hits)) if result.hits else set()
        got &= present
        expected = truth[p]
        found_total += len(got)
        expected_total += len(expected)
        correct += len(got & expected)
        if got != expected:
            misses.append({"phrase": p, "missing": sorted(expected - got)[:3], "extra": sorted(got - expected)[:3]})
    return {"phrases": len(phrases), "recall": round(correct / max(1, expected_total), 4),
            "precision": round(correct / max(1, found_total), 4), "mismatches": misses[:5]}


def query_key(entry: dict) -> str:
    return f"{entry['q']} | department={entry.get('department')} | item={entry.get('item')}"


def run(home: Path, corpus: Path, workdir: Path, rounds: int = 3) -> dict:
    from evidence.config import load_config
    from evidence.services import open_services
    from indexer.search.results import search_documents

    config = load_config(home)
    services = open_services(config, heal_index=False)
    archive, index = services.archive, services.index
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    mix = query_mix(manifest, archive)
    docs = index.doc_count()
    size = sum(f.stat().st_size for f in config.index_dir.rglob("*") if f.is_file())

    def full(e):
        return search_documents(archive, index, e["q"], department=e.get("department"), item=e.get("item"), limit=20)

    def engine(e):
        return index.search(e["q"], department=e.get("department"), item=e.get("item"), limit=20)

    def faceted(e):  # what the web search page asks for
        return search_documents(archive, index, e["q"], department=e.get("department"), item=e.get("item"),
                                limit=20, facets=True)

    _timed(full, mix, 1)  # warm-up: OS page cache
    out: dict = {"docs": docs, "index_mb": round(size / 1e6, 1), "queries": len(mix), "rounds": rounds}
    out["snippets"] = stats_ms(_timed(full, mix, rounds))
    out["engine"] = stats_ms(_timed(engine, mix, rounds))
    out["facets"] = stats_ms(_timed(faceted, mix, 1))
    out["semantics"] = semantics_check(manifest, archive, index)
    out["totals"] = {query_key(e): engine(e).total for e in mix}
    services.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/evidence-bench"))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.home, args.corpus, args.workdir, args.rounds), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
