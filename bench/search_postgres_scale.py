"""PostgreSQL search at scale, beside tantivy on the same documents in the same run: load time,
size on disk, and the latency of the search bench's queries (bench/search.py) with snippets, the
engine alone, with facets, and related results alone.

Usage::

    python bench/search_postgres_scale.py --home HOME --corpus CORPUS [--docs N] [--rounds 3] [--out FILE]

HOME is a home ingested from CORPUS (bench/make_corpus.py, then `evidence scan`: bench/run.py
builds one). Its documents, as the pipeline indexes them (`Ingestor.index_doc`), are loaded into
a PostgreSQL server started for the run (tests/postgres_server.py) and into a fresh tantivy
index in --workdir. With --docs larger than the home, the home's documents are loaded again
under new ids (copy k of document i is i + k * COPY), as many times as it takes: the engines
then hold N documents, of which a term's matches are the home's times the copies — the
posting lists a county with N documents of the same kind would have, not N distinct texts.
Snippets for a copy are made from its original's pages (the same text): the snippet's cost
per hit does not depend on N.

The load average is recorded before and after each part: the machine is shared, and every
figure moves with the other jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.search import _timed, query_mix, semantics_check, stats_ms  # noqa: E402

COPY = 10_000_000  # id offset of each further copy of the home's documents


class Originals:
    """An index whose hits are named by their original document (copy k of i is i), so the
    archive can give records and pages for snippets; the engine still searches every copy."""

    def __init__(self, index) -> None:
        self.index = index

    def search(self, *args, **kwargs):
        return self._mapped(self.index.search(*args, **kwargs))

    def related(self, *args, **kwargs):
        return self._mapped(self.index.related(*args, **kwargs))

    @staticmethod
    def _mapped(result):
        result.hits = [(doc_id % COPY, score) for doc_id, score in result.hits]
        return result


def documents(base: list, n: int):
    """N IndexDocs: the home's, then copies of them under new ids."""
    from dataclasses import replace

    for k in range(n):
        doc = base[k % len(base)]
        copy = k // len(base)
        yield doc if copy == 0 else replace(doc, id=doc.id + copy * COPY)


def _filters(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k != "q"}


def _postgres_sizes(pg) -> dict:
    """Bytes of the search tables (every partition, TOAST and index included) and of the GIN
    indexes alone."""
    tables, gin = pg.conn.execute(
        "SELECT (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "  WHERE c.relkind = 'r' AND c.relname LIKE 'search\\_%%'), "
        "(SELECT coalesce(sum(pg_relation_size(i.indexrelid)), 0) FROM pg_index i JOIN pg_am a "
        "  ON a.oid = (SELECT relam FROM pg_class WHERE oid = i.indexrelid) WHERE a.amname = 'gin')").fetchone()
    return {"tables_mb": round(int(tables) / 1e6, 1), "gin_mb": round(int(gin) / 1e6, 1)}


def run(home: Path, corpus: Path, workdir: Path, n: int | None, rounds: int) -> dict:
    from evidence.config import load_config
    from evidence.services import open_services
    from indexer.search.index import SearchIndex
    from indexer.search.postgres import PostgresSearchIndex
    from indexer.search.results import search_documents
    from postgres_server import start_postgres

    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    services = open_services(load_config(home), heal_index=False)
    archive, ingestor = services.archive, services.ingestor
    ids = sorted(archive.document_ids())
    n = n or len(ids)
    out: dict = {"docs": n, "home_docs": len(ids), "copies": -(-n // len(ids)), "rounds": rounds,
                 "load_before": os.getloadavg()}
    folder = workdir / f"tantivy-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    server = start_postgres()
    try:
        pg = PostgresSearchIndex(server.create_database("bench"), "融水苗族自治县").open()
        tv = SearchIndex(folder).open()
        engines = {"tantivy": tv, "postgresql": pg}
        started = time.perf_counter()
        base = [ingestor.index_doc(i) for i in ids]
        out["load"] = {"index_doc_seconds": round(time.perf_counter() - started, 1)}
        for name, index in engines.items():
            load = os.getloadavg()
            started, cpu = time.perf_counter(), time.process_time()
            index.replace_all(documents(base, n))
            out["load"][name] = {"seconds": round(time.perf_counter() - started, 1),
                                 "client_cpu_seconds": round(time.process_time() - cpu, 1),
                                 "load_before": load, "load_after": os.getloadavg()}
        started = time.perf_counter()
        pg.conn.execute("VACUUM ANALYZE")
        out["load"]["postgresql"]["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)
        out["sizes"] = {"tantivy_mb": round(tv.footprint().total_bytes / 1e6, 1), "postgresql": _postgres_sizes(pg)}
        mix = query_mix(manifest, archive)
        out["queries"] = len(mix)
        totals = {name: [index.search(e["q"], limit=1, **_filters(e)).total for e in mix]
                  for name, index in engines.items()}  # also the warm-up
        out["same_totals"] = sum(a == b for a, b in zip(totals["tantivy"], totals["postgresql"]))
        out["different_totals"] = [{"query": e, "tantivy": a, "postgresql": b} for e, a, b in
                                   zip(mix, totals["tantivy"], totals["postgresql"]) if a != b][:5]
        for name, index in engines.items():
            seen = Originals(index)
            lines = {
                "snippets": (lambda e: search_documents(archive, seen, e["q"], limit=20, **_filters(e)), rounds),
                "engine": (lambda e: index.search(e["q"], limit=20, **_filters(e)), rounds),
                "facets": (lambda e: search_documents(archive, seen, e["q"], limit=20, facets=True, **_filters(e)), 1),
                "related": (lambda e: index.related(e["q"], limit=10, **_filters(e)), 1),
            }
            result = {"load_before": os.getloadavg()}
            for line, (fn, times) in lines.items():
                result[line] = stats_ms(_timed(fn, mix, times))
            result["load_after"] = os.getloadavg()
            result["semantics"] = semantics_check(manifest, archive, seen)
            out[name] = result
        pg.close()
    finally:
        server.stop()
        services.close()
        shutil.rmtree(folder, ignore_errors=True)
    out["load_after"] = os.getloadavg()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/evidence-bench"))
    ap.add_argument("--docs", type=int, help="documents to load (default: the home's; more: copies)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    result = run(args.home, args.corpus, args.workdir, args.docs, args.rounds)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
