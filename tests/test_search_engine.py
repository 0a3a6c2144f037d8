"""The search engine against a brute-force oracle: exact strings, filters, exclusions, facets,
deletions and segments, on indexes built by the real writer."""

from __future__ import annotations

import random

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from indexer.search.analysis import index_tokens, token_positions
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
def corpus(tmp_path_factory):
    rng = random.Random(42)
    docs = {i: _doc(i, rng) for i in range(1, 301)}
    index = SearchIndex(tmp_path_factory.mktemp("index")).open()
    ids = sorted(docs)
    for start in range(0, len(ids), 60):  # several commits: several segments
        index.add(docs[i] for i in ids[start:start + 60])
    return index, docs


def _found(index: SearchIndex, query: str, **filters) -> set[int]:
    result = index.search(query, limit=10_000, **filters)
    assert result.total == len(result.hits)
    return {doc_id for doc_id, _ in result.hits}


def test_token_positions_group_exactly_the_tokens_of_the_analyzer():
    texts = ["融发改〔2019〕35号，污水处理厂 好好", "生态 环境\u3000保护 ABC def １２ 年", "", "好", "甲乙甲乙甲"]
    for text in texts:
        expected: dict[str, list[int]] = {}
        for token, pos, _, _ in index_tokens(text):
            expected.setdefault(token, []).append(pos)
        assert token_positions(text) == expected


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


def test_replaced_and_deleted_documents_are_not_found(tmp_path):
    index = SearchIndex(tmp_path / "index").open()
    base = dict(departments=["水利局"], items=[], doc_type=None, years=[], status="indexed")
    index.add([IndexDoc(1, "", "河长制巡河记录", **base), IndexDoc(2, "", "河长制工作方案", **base)])
    index.add([IndexDoc(1, "", "水源地保护", **base)])
    assert _found(index, "河长制") == {2}
    assert _found(index, "水源地") == {1}
    index.delete([2])
    assert _found(index, "河长制") == set()


def test_an_index_in_an_older_posting_format_is_reported_for_rebuilding(tmp_path):
    old = Schema(id=ID(stored=True, unique=True), num=NUMERIC(int, bits=64, sortable=True, signed=False),
                 title=TEXT(phrase=True), content=TEXT(phrase=True), department=KEYWORD(commas=True),
                 items=KEYWORD(commas=True), doc_type=ID, years=KEYWORD(commas=True), status=ID)
    (tmp_path / "index").mkdir()
    whoosh_index.create_in(str(tmp_path / "index"), old)
    with pytest.raises(IndexUnavailable):
        SearchIndex(tmp_path / "index").open()


def test_merging_segments_keeps_every_position(tmp_path):
    rng = random.Random(3)
    docs = {i: _doc(i, rng) for i in range(1, 121)}
    index = SearchIndex(tmp_path / "index").open()
    for start in range(1, 121, 20):
        index.add(docs[i] for i in range(start, start + 20))
    queries = ["生态环境", "保护水", "源", '"环境保护"']
    before = {q: _found(index, q) for q in queries}
    index.optimize()  # Whoosh reads every posting back through its own reader and rewrites it
    assert len(list((tmp_path / "index").glob("*.pst"))) == 1
    assert {q: _found(index, q) for q in queries} == before
    assert before["生态环境"] == {i for i, d in docs.items() if _contains(d, "生态环境")}
