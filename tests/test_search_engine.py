"""The search engine against a brute-force oracle: exact strings, filters, exclusions, facets,
deletions and segments, on indexes built by the real writer. Tests taking `search_engine` run
on both engines (tantivy, and PostgreSQL on the real server the session starts)."""

from __future__ import annotations

import random

import pytest
from indexer.search.index import IndexDoc, IndexUnavailable, SearchIndex

ALPHABET = "生态环境保护水源"
DEPARTMENTS = ["水利局", "林业局", "住建局"]


def _doc(doc_id: int, rng: random.Random) -> IndexDoc:
    runs = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 6))]
    content = "，".join(runs)
    title = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 4)))
    return IndexDoc(doc_id, title, content, [rng.choice(DEPARTMENTS)], rng.sample(["1.1", "3.2", "9.4"], rng.randint(0, 2)),
                    rng.choice(["通知", "报告", None]), [rng.choice([2019, 2020])], "indexed")


def _contains(doc: IndexDoc, text: str) -> bool:
    runs = doc.content.split("，") + [doc.title]
    return any(text in run for run in runs)


@pytest.fixture(scope="module")
def corpus(search_engine):
    rng = random.Random(42)
    docs = {i: _doc(i, rng) for i in range(1, 301)}
    index = search_engine()
    ids = sorted(docs)
    for start in range(0, len(ids), 60):  # several commits: several segments
        index.add(docs[i] for i in ids[start:start + 60])
    return index, docs


def _found(index: SearchIndex, query: str, **filters) -> set[int]:
    result = index.search(query, limit=10_000, **filters)
    assert result.total == len(result.hits)
    return {doc_id for doc_id, _ in result.hits}


def test_every_string_finds_exactly_the_documents_containing_it(corpus):
    index, docs = corpus
    rng = random.Random(7)
    queries = {"".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 5))) for _ in range(80)}
    for query in sorted(queries):
        expected = {i for i, d in docs.items() if _contains(d, query)}
        assert _found(index, f'"{query}"') == expected, query


def test_terms_filters_and_exclusions_combine_like_sets(corpus):
    index, docs = corpus
    expected = {i for i, d in docs.items()
                if _contains(d, "生态") and _contains(d, "水源") and not _contains(d, "保护") and "林业局" in d.departments}
    assert _found(index, "生态 水源 -保护", department="林业局") == expected
    assert _found(index, "", item="3.2") == {i for i, d in docs.items() if "3.2" in d.items}


def test_a_query_of_filters_only_lists_the_newest_document_first(corpus):
    index, docs = corpus
    result = index.search("", department="水利局", limit=5)
    expected = sorted((i for i, d in docs.items() if "水利局" in d.departments), reverse=True)[:5]
    assert [doc_id for doc_id, _ in result.hits] == expected


def test_facets_count_the_matching_documents_per_value(corpus):
    index, docs = corpus
    result = index.search("环境", facets=True)
    matching = [d for d in docs.values() if _contains(d, "环境")]
    for department in DEPARTMENTS:
        assert result.facets["department"].get(department, 0) == sum(department in d.departments for d in matching)
    assert result.facets["items"].get("9.4", 0) == sum("9.4" in d.items for d in matching)


def test_replaced_and_deleted_documents_are_not_found(search_engine):
    index = search_engine()
    base = dict(departments=["水利局"], items=[], doc_type=None, years=[], status="indexed")
    index.add([IndexDoc(1, "", "河长制巡河记录", **base), IndexDoc(2, "", "河长制工作方案", **base)])
    index.add([IndexDoc(1, "", "水源地保护", **base)])
    assert _found(index, "河长制") == {2}
    assert _found(index, "水源地") == {1}
    index.delete([2])
    assert _found(index, "河长制") == set()


def test_a_whoosh_index_is_reported_and_left_alone_by_open_then_replaced_by_a_writer(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    folder = tmp_path / "index"
    folder.mkdir()
    whoosh_index.create_in(str(folder), Schema(id=ID(stored=True, unique=True), content=TEXT(phrase=True)))
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(IndexUnavailable, match="Whoosh"):
        SearchIndex(folder).open()
    with pytest.raises(IndexUnavailable):
        SearchIndex(folder).open(create=False)
    assert sorted(p.name for p in folder.iterdir()) == before  # opening changed nothing
    index = SearchIndex(folder)
    assert index.set_aside_and_recreate() is None  # an older format is known and disposable
    assert not list(tmp_path.glob("index.broken-*"))
    index.add([IndexDoc(1, "", "水源地保护", ["水利局"], [], None, [], "indexed")])
    assert _found(index, "水源地") == {1}


def test_an_index_of_the_pre_tokenized_format_is_outdated_and_rebuilt_by_a_writer(tmp_path):
    """Format 1 fed tantivy one Python Token per token at one position per character; format 2
    feeds a space-separated stream at one position per token, so a format-1 index would answer
    phrase queries wrongly: it is reported, never read, and replaced by the next writer."""
    import json

    import tantivy

    folder = tmp_path / "index"
    folder.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("content", tokenizer_name="raw", index_option="position")
    old = tantivy.Index(builder.build(), path=str(folder), reuse=False)
    writer = old.writer(num_threads=1)
    doc = tantivy.Document()
    doc.add_unsigned("id", 1)
    writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    (folder / "evidence-index.json").write_text(json.dumps({"engine": "tantivy", "format": 1}))
    with pytest.raises(IndexUnavailable, match="格式较旧"):
        SearchIndex(folder).open(create=False)
    index = SearchIndex(folder)
    assert index.set_aside_and_recreate() is None  # known and disposable: deleted, not kept
    assert not list(tmp_path.glob("index.broken-*"))
    index.add([IndexDoc(1, "", "水源地保护", ["水利局"], [], None, [], "indexed")])
    assert _found(index, "水源地") == {1}


def test_a_damaged_index_is_reported_then_set_aside_by_a_writer(tmp_path):
    folder = tmp_path / "index"
    index = SearchIndex(folder).open()
    index.add([IndexDoc(1, "", "水源地保护", ["水利局"], [], None, [], "indexed")])
    for path in folder.iterdir():
        if path.suffix in (".term", ".idx", ".fast"):
            path.write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable):
        SearchIndex(folder).open()
    moved = SearchIndex(folder).set_aside_and_recreate()
    assert moved is not None and moved.exists()
    assert SearchIndex(folder).open().doc_count() == 0


def test_a_document_without_text_is_indexed_by_its_name_and_breaks_nothing(search_engine):
    index = search_engine()
    base = dict(departments=["水利局"], items=[], doc_type=None, years=[], status="failed")
    index.add([IndexDoc(1, "", "", **base), IndexDoc(2, "扫描件.pdf", "", **base),
               IndexDoc(3, "", "水源地保护", **{**base, "status": "indexed"})])
    assert index.doc_count() == 3
    assert _found(index, "扫描件") == {2}
    assert _found(index, "水源地") == {3}
    assert _found(index, "", department="水利局") == {1, 2, 3}


def test_many_commits_merge_segments_and_keep_every_position(tmp_path):
    rng = random.Random(3)
    docs = {i: _doc(i, rng) for i in range(1, 241)}
    index = SearchIndex(tmp_path / "index").open()
    for start in range(1, 241, 20):  # 12 commits: tantivy merges segments on the way
        index.add(docs[i] for i in range(start, start + 20))
    assert index.index.searcher().num_segments < 12
    for query in ["生态环境", "保护水", "源", "环境保护"]:
        assert _found(index, query) == {i for i, d in docs.items() if _contains(d, query)}, query
    assert index.footprint().garbage_files == []


def test_paging_returns_every_hit_once_in_rank_order(corpus):
    index, docs = corpus
    everything = index.search("环境", limit=10_000)
    pages = [index.search("环境", limit=7, offset=k) for k in range(0, everything.total, 7)]
    assert [hit for page in pages for hit in page.hits] == everything.hits
    assert all(page.total == everything.total for page in pages)


def test_filters_by_type_and_year(corpus):
    index, docs = corpus
    assert _found(index, "", doc_type="通知") == {i for i, d in docs.items() if d.doc_type == "通知"}
    assert _found(index, "生态", year=2019) == {i for i, d in docs.items() if 2019 in d.years and _contains(d, "生态")}


def test_a_failed_batch_leaves_the_index_as_it_was_and_writable(search_engine):
    index = search_engine()
    base = dict(departments=["水利局"], items=[], doc_type=None, years=[], status="indexed")
    index.add([IndexDoc(1, "", "河长制巡河记录", **base)])

    def failing():
        yield IndexDoc(2, "", "水源地保护", **base)
        raise OSError("the archive went away")

    with pytest.raises(OSError):
        index.add(failing())
    assert _found(index, "水源地") == set() and _found(index, "河长制") == {1}
    index.add([IndexDoc(3, "", "水源地保护", **base)])  # the writer lock was given back
    assert _found(index, "水源地") == {3}
