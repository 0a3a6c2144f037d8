"""Search latency, tantivy against PostgreSQL, on the same ingested home: the same IndexDocs
(the pipeline's own, read back from the archive) fed to both engines, the same query mix
(bench/search.py), the same exact-phrase check against the corpus manifest.

Usage::

    python bench/search_engines.py --home HOME --corpus CORPUS [--rounds 5] [--out FILE]

HOME is a home ingested from CORPUS (bench/make_corpus.py, then `evidence scan`); a PostgreSQL
server is started for the run (tests/postgres_server.py: Debian's binaries, a temporary folder, a
free port on 127.0.0.1) and stopped after. The load average is recorded before and after: on a
shared machine the figures move with the other jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.search import query_mix, semantics_check, stats_ms  # noqa: E402


def _timed(index, mix: list[dict], rounds: int, facets: bool) -> list[float]:
    times = []
    for _ in range(rounds):
        for entry in mix:
            filters = {k: v for k, v in entry.items() if k != "q"}
            started = time.perf_counter()
            index.search(entry["q"], limit=20, facets=facets, **filters)
            times.append(time.perf_counter() - started)
    return times


def run(home: Path, corpus: Path, rounds: int) -> dict:
    from evidence.config import load_config
    from evidence.services import open_services
    from indexer.search.postgres import PostgresSearchIndex
    from postgres_server import start_postgres

    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    services = open_services(load_config(home), heal_index=False)
    archive, tantivy_index, ingestor = services.archive, services.index, services.ingestor
    ids = sorted(archive.document_ids())
    out: dict = {"docs": len(ids), "load_before": os.getloadavg()}
    server = start_postgres()
    try:
        pg = PostgresSearchIndex(server.create_database("bench"), "融水苗族自治县").open()
        started = time.perf_counter()
        pg.replace_all(ingestor.index_doc(i) for i in ids)
        out["postgresql_index_seconds"] = round(time.perf_counter() - started, 2)
        pg.conn.execute("VACUUM ANALYZE")
        out["postgresql_bytes"] = pg.footprint().total_bytes
        out["tantivy_bytes"] = tantivy_index.footprint().total_bytes
        mix = query_mix(manifest, archive)
        out["queries"] = len(mix)
        engines = {"tantivy": tantivy_index, "postgresql": pg}
        totals = {name: [index.search(e["q"], limit=1, **{k: v for k, v in e.items() if k != "q"}).total
                         for e in mix] for name, index in engines.items()}
        out["same_totals"] = sum(a == b for a, b in zip(totals["tantivy"], totals["postgresql"]))
        out["different_totals"] = [{"query": e, "tantivy": a, "postgresql": b}
                                   for e, a, b in zip(mix, totals["tantivy"], totals["postgresql"]) if a != b][:5]
        for name, index in engines.items():
            out[name] = {
                "engine": stats_ms(_timed(index, mix, rounds, facets=False)),
                "facets": stats_ms(_timed(index, mix, max(1, rounds // 2), facets=True)),
                "semantics": semantics_check(manifest, archive, index),
            }
        pg.close()
    finally:
        server.stop()
        services.close()
    out["load_after"] = os.getloadavg()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    result = run(args.home, args.corpus, args.rounds)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
