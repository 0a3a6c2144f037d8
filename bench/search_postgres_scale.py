"""PostgreSQL search at scale, beside tantivy on the same documents in the same run: load time,
size on disk, and the latency of the search bench's queries (bench/search.py) with snippets, the
engine alone, with facets, and related results alone.

Usage::

    python bench/search_postgres_scale.py --home HOME --corpus CORPUS [--docs N] [--rounds 3] [--out FILE]
        [--pg-dir DIR [--load-only]] [--engines tantivy,postgresql] [--before FILE]

HOME is a home ingested from CORPUS (bench/make_corpus.py, then `evidence scan`: bench/run.py
builds one). Its documents, as the pipeline indexes them (`Ingestor.index_doc`), are loaded into
a PostgreSQL server started for the run (tests/postgres_server.py) and into a fresh tantivy
index in --workdir. With --docs larger than the home, the home's documents are loaded again
under new ids (copy k of document i is i + k * COPY), as many times as it takes: the engines
then hold N documents, of which a term's matches are the home's times the copies — the
posting lists a county with N documents of the same kind would have, not N distinct texts.
Snippets for a copy are made from its original's pages (the same text): the snippet's cost
per hit does not depend on N.

--pg-dir keeps the PostgreSQL server's data in DIR: the first run loads it (--load-only stops
there: a long load can run alone in the background), later runs with the same home and --docs
find it loaded and only query it. --engines postgresql leaves tantivy out (its load takes as
long as PostgreSQL's); the totals are then checked against the home's own tantivy index, times
the number of copies. --before FILE (an older indexer/search/postgres.py, e.g. `git show
main:indexer/search/postgres.py`) times that version's queries on the same database beside this
one's, query by query (a burst of other jobs hits both alike), and compares their results:
totals, hits in order with their scores, facets, related documents.

The load average is recorded before and after each part: the machine is shared, and every
figure moves with the other jobs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.search import query_mix, semantics_check, stats_ms  # noqa: E402

COPY = 10_000_000  # id offset of each further copy of the home's documents
LINES = ("snippets", "engine", "facets", "related")


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


def _revision() -> str:
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return rev + ("+changes" if dirty else "")


def _before_class(path: Path):
    """PostgresSearchIndex of an older postgres.py, imported under a name of its own."""
    spec = importlib.util.spec_from_file_location("postgres_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["postgres_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.PostgresSearchIndex


def _load(engines: dict, documents_of, n: int, marker: Path | None, out: dict) -> None:
    """Each engine filled with the N documents (PostgreSQL skipped when the kept folder's marker
    says it holds them already; its load figures are then the recorded ones)."""
    for name, index in engines.items():
        if name == "postgresql" and marker is not None and marker.exists():
            out["load"][name] = {**json.loads(marker.read_text())["load"], "reused": True}
            continue
        load = os.getloadavg()
        started, cpu = time.perf_counter(), time.process_time()
        index.replace_all(documents_of())
        out["load"][name] = {"seconds": round(time.perf_counter() - started, 1),
                             "client_cpu_seconds": round(time.process_time() - cpu, 1),
                             "load_before": load, "load_after": os.getloadavg()}
        if name == "postgresql":
            started = time.perf_counter()
            index.conn.execute("VACUUM ANALYZE")
            out["load"][name]["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)


def _outcome(result) -> dict:
    """What a search answers, for comparing two versions: scores to 1e-6."""
    return {"total": result.total, "hits": [(i, round(s, 6)) for i, s in result.hits], "facets": result.facets}


def _compare(mix: list[dict], before, after, kinds: tuple[str, ...] = ("search", "related")) -> dict:
    """Every query's results from both versions: search (page of 20, facets) and related. A
    difference only in the order of hits whose scores agree to 1e-6 (ties, which rank by id, and
    a last bit of a sum added in another order can reorder) is counted apart."""
    asks = {"search": lambda ix, e: ix.search(e["q"], limit=20, facets=True, **_filters(e)),
            "related": lambda ix, e: ix.related(e["q"], limit=10, **_filters(e))}
    differences, tie_order = [], 0
    for e in mix:
        for kind in kinds:
            a, b = _outcome(asks[kind](before, e)), _outcome(asks[kind](after, e))
            if a == b:
                continue
            if ({**a, "hits": sorted(a["hits"])} == {**b, "hits": sorted(b["hits"])}
                    and [s for _, s in a["hits"]] == [s for _, s in b["hits"]]):
                tie_order += 1
            else:
                differences.append({"query": e, "kind": kind, "before": a, "after": b})
    return {"queries": len(mix), "kinds": list(kinds), "different": len(differences),
            "tie_order_only": tie_order, "examples": differences[:3]}


def _interleaved(fns: dict, mix: list[dict], rounds: int) -> dict:
    """Each query timed on every engine in turn, round after round."""
    times: dict = {name: [] for name in fns}
    for _ in range(rounds):
        for entry in mix:
            for name, fn in fns.items():
                started = time.perf_counter()
                fn(entry)
                times[name].append(time.perf_counter() - started)
    return {name: stats_ms(values) for name, values in times.items()}


def run(home: Path, corpus: Path, workdir: Path, n: int | None, rounds: int, pg_dir: Path | None = None,
        engine_names: tuple[str, ...] = ("tantivy", "postgresql"), before: Path | None = None,
        load_only: bool = False, line_names: tuple[str, ...] = LINES, compare: tuple[str, ...] = ("search", "related"),
        ) -> dict:
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
                 "revision": _revision(), "load_before": os.getloadavg(), "load": {}}
    folder = workdir / f"tantivy-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    marker = pg_dir / "bench-load.json" if pg_dir else None
    want = {"home": str(home.resolve()), "docs": n}
    if marker is not None and marker.exists() and {k: json.loads(marker.read_text()).get(k) for k in want} != want:
        raise SystemExit(f"{pg_dir} holds another load: {marker.read_text()[:200]}")
    reused = marker is not None and marker.exists()
    server = start_postgres(pg_dir)
    try:
        url = server.database_url("bench") if reused else server.create_database("bench")
        engines = {}
        if "tantivy" in engine_names:
            engines["tantivy"] = SearchIndex(folder).open()
        engines["postgresql"] = PostgresSearchIndex(url, "融水苗族自治县").open()
        started = time.perf_counter()
        base = [ingestor.index_doc(i) for i in ids]
        out["load"]["index_doc_seconds"] = round(time.perf_counter() - started, 1)
        _load(engines, lambda: documents(base, n), n, marker, out)
        pg = engines["postgresql"]
        out["sizes"] = {"postgresql": _postgres_sizes(pg)}
        if "tantivy" in engines:
            out["sizes"]["tantivy_mb"] = round(engines["tantivy"].footprint().total_bytes / 1e6, 1)
        if marker is not None and not reused:
            marker.write_text(json.dumps({**want, "load": out["load"]["postgresql"], "sizes": out["sizes"]},
                                         ensure_ascii=False))
        if load_only:
            return out
        mix = query_mix(manifest, archive)
        out["queries"] = len(mix)
        if before is not None:
            engines["postgresql_before"] = _before_class(before)(url, "融水苗族自治县").open(create=False)
        totals = {name: [index.search(e["q"], limit=1, **_filters(e)).total for e in mix]
                  for name, index in engines.items()}  # also the warm-up
        if "tantivy" in engines:
            reference, label = totals["tantivy"], "tantivy"
        elif n % len(ids) == 0:  # the home's own tantivy index, times the copies
            reference = [services.index.search(e["q"], limit=1, **_filters(e)).total * (n // len(ids)) for e in mix]
            label = f"tantivy (the home's index) x {n // len(ids)}"
        else:
            reference, label = None, None
        if reference is not None:
            out["totals_against"] = label
            for name in (k for k in engines if k != "tantivy"):
                out.setdefault("same_totals", {})[name] = sum(a == b for a, b in zip(reference, totals[name]))
                out.setdefault("different_totals", {})[name] = [
                    {"query": e, "tantivy": a, name: b} for e, a, b in zip(mix, reference, totals[name]) if a != b][:5]
        if before is not None:
            out["before_after_results"] = _compare(mix, engines["postgresql_before"], pg, compare)
        lines = {
            "snippets": (lambda ix: lambda e: search_documents(archive, Originals(ix), e["q"], limit=20, **_filters(e)),
                         rounds),
            "engine": (lambda ix: lambda e: ix.search(e["q"], limit=20, **_filters(e)), rounds),
            "facets": (lambda ix: lambda e: search_documents(archive, Originals(ix), e["q"], limit=20, facets=True,
                                                             **_filters(e)), 1),
            "related": (lambda ix: lambda e: ix.related(e["q"], limit=10, **_filters(e)), 1),
        }
        for name in engines:
            out[name] = {"load_before": os.getloadavg()}
        for line, (make, times) in ((name, lines[name]) for name in line_names):
            for name, stats in _interleaved({name: make(ix) for name, ix in engines.items()}, mix, times).items():
                out[name][line] = stats
        for name, index in engines.items():
            out[name]["load_after"] = os.getloadavg()
            out[name]["semantics"] = semantics_check(manifest, archive, Originals(index))
        for index in engines.values():
            if hasattr(index, "close"):
                index.close()
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
    ap.add_argument("--pg-dir", type=Path, help="keep PostgreSQL's data here (loaded once, queried by later runs)")
    ap.add_argument("--load-only", action="store_true", help="with --pg-dir: load, then stop")
    ap.add_argument("--engines", default="tantivy,postgresql", help="tantivy,postgresql or postgresql")
    ap.add_argument("--before", type=Path, help="an older postgres.py to time and compare beside this one")
    ap.add_argument("--lines", default=",".join(LINES), help="the lines to time (default: all four)")
    ap.add_argument("--compare", default="search,related", help="with --before: what to compare (search,related)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if args.load_only and not args.pg_dir:
        ap.error("--load-only needs --pg-dir")
    args.workdir.mkdir(parents=True, exist_ok=True)
    names = tuple(name.strip() for name in args.engines.split(",") if name.strip())
    if "postgresql" not in names or set(names) - {"tantivy", "postgresql"}:
        ap.error("--engines: tantivy,postgresql or postgresql")
    lines = tuple(name for name in args.lines.split(",") if name)
    compare = tuple(name for name in args.compare.split(",") if name)
    if set(lines) - set(LINES) or set(compare) - {"search", "related"}:
        ap.error(f"--lines: some of {','.join(LINES)}; --compare: search and/or related")
    result = run(args.home, args.corpus, args.workdir, args.docs, args.rounds, args.pg_dir, names, args.before,
                 args.load_only, lines, compare)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
