"""One tokenizer core: what a snippet highlights is exactly what the index matched, on random
Chinese and mixed text (property tests), against brute-force oracles and the real index."""

from __future__ import annotations

import html
import itertools
import random
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import tantivy

from indexer.search.analysis import find_matches, fold, index_stream, index_tokens, query_tokens, runs, stream_tokens
from indexer.search.analysis import _match_runs
from indexer.search.index import IndexDoc, SearchIndex
from indexer.search.snippets import highlight, make_snippet

HAN = "生态环境保水源污处理厂"
SEPARATORS = ["，", "。", "、", " ", "\n", "  ", "(", "〔"]
LATIN = ["cod", "COD", "ph", "2019", "20191", "35", "a"]

chinese_text = st.lists(st.one_of(st.sampled_from(list(HAN)), st.sampled_from(SEPARATORS)), max_size=300).map("".join)
mixed_text = st.lists(st.one_of(st.sampled_from(list(HAN)), st.sampled_from(SEPARATORS), st.sampled_from(LATIN)),
                      max_size=40).map("".join)
long_mixed_text = st.lists(st.one_of(st.sampled_from(list(HAN)), st.sampled_from(SEPARATORS), st.sampled_from(LATIN)),
                           max_size=400).map("".join)
han_query = st.text(alphabet=HAN, min_size=1, max_size=4)


def _han_oracle(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's characters stand in order, white space (only) allowed between them."""
    spans = []
    for start, char in enumerate(text):
        if char != query[0]:
            continue
        at = start + 1
        for wanted in query[1:]:
            while at < len(text) and text[at].isspace():
                at += 1
            if at >= len(text) or text[at] != wanted:
                break
            at += 1
        else:
            spans.append((start, at))
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[list[int]]:
    """Sorted spans with overlapping ones joined, as one <mark> shows them."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _marked(markup: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", markup, re.S)]


@settings(max_examples=300, deadline=None)
@given(chinese_text, han_query)
def test_chinese_matches_are_the_query_characters_with_only_white_space_between(text, query):
    assert find_matches(text, query) == _han_oracle(text, query)


@settings(max_examples=300, deadline=None)
@given(mixed_text, st.sampled_from(["cod", "COD", "2019", "35", "a", "ph"]))
def test_latin_words_and_numbers_match_whole_words_only(text, query):
    word = query.lower()
    kind = "0-9" if word.isdigit() else "a-z"
    expected = [m.span() for m in re.finditer(f"(?<![{kind}]){word}(?![{kind}])", text.lower())]
    assert find_matches(text, query) == expected


def _draw_query(text: str, data) -> str:
    """Half the time a piece of the text (so there is something to find), else a word."""
    if text and data.draw(st.booleans()):
        start = data.draw(st.integers(0, len(text) - 1))
        return text[start:start + data.draw(st.integers(1, 12))]
    return data.draw(st.one_of(han_query, st.sampled_from(LATIN)))


@settings(max_examples=300, deadline=None)
@given(long_mixed_text, st.data())
def test_matching_near_candidates_equals_matching_the_whole_text(text, data):
    """Highlighting tokenizes only around the places a loose pattern allows; on long text that
    must find exactly what tokenizing all of it finds."""
    query = _draw_query(text, data)
    tokens = query_tokens(query)
    whole = sorted(_match_runs(fold(text)[0], list(runs(fold(text)[0])), tokens)) if tokens else []
    assert find_matches(text, query) == whole, query
    assert find_matches(text, query, first=True) == whole[:1]
    if text:
        low = data.draw(st.integers(0, len(text)))
        high = data.draw(st.integers(low, len(text)))
        assert find_matches(text, query, low, high) == [s for s in whole if low <= s[0] < high]


@settings(max_examples=200, deadline=None)
@given(long_mixed_text, st.lists(st.one_of(han_query, st.sampled_from(LATIN)), min_size=1, max_size=3))
def test_highlighted_text_is_exactly_the_union_of_the_matches(text, terms):
    spans = sorted(span for term in terms for span in find_matches(text, term))
    merged = _merged(spans)
    markup = highlight(text, spans, one_line=False)
    assert _marked(markup) == [text[s:e] for s, e in merged]
    assert html.unescape(re.sub(r"</?mark>", "", markup)) == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mixed_text, min_size=1, max_size=5), st.data())
def test_a_document_is_found_exactly_when_its_text_has_something_to_highlight(texts, data):
    pool = [t for t in texts if t.strip()]
    if pool and data.draw(st.booleans()):
        source = data.draw(st.sampled_from(pool))
        start = data.draw(st.integers(0, len(source) - 1))
        query = source[start:start + data.draw(st.integers(1, 6))]
    else:
        query = data.draw(st.one_of(han_query, st.sampled_from(LATIN)))
    if not query_tokens(query):
        return
    with tempfile.TemporaryDirectory() as folder:
        index = SearchIndex(Path(folder) / "index").open()
        index.add(IndexDoc(i, "", text, ["水利局"], [], None, [], "indexed") for i, text in enumerate(texts))
        found = {doc_id for doc_id, _ in index.search(f'"{query}"', limit=100).hits}
    assert found == {i for i, text in enumerate(texts) if find_matches(text, query)}, query


def test_index_and_query_tokens_come_from_the_same_runs():
    assert index_tokens("污水 处理厂") == (["污", "污水", "水处", "处理", "理厂", "厂"], [0, 0, 1, 2, 3, 4])
    assert query_tokens("污水 处理厂") == [("污水", 0), ("水处", 1), ("处理", 2), ("理厂", 3)]


def test_a_number_is_not_highlighted_inside_a_longer_number():
    snippet = make_snippet([(1, "编号20191的文件，2019年度报告")], ["2019"]).html
    assert _marked(snippet) == ["2019"]
    assert "20191" in snippet and "<mark>2019</mark>年度" in snippet


def test_punctuation_between_characters_is_not_highlighted_as_the_phrase():
    snippet = make_snippet([(1, "污水，处理厂已建成；新污水处理厂在建")], ["污水处理厂"]).html
    assert _marked(snippet) == ["污水处理厂"]
    assert "新<mark>污水处理厂</mark>在建" in snippet


@settings(max_examples=200, deadline=None)
@given(st.lists(long_mixed_text, min_size=1, max_size=3), st.lists(st.one_of(han_query, st.sampled_from(LATIN)),
                                                                   min_size=1, max_size=3))
def test_a_snippet_marks_exactly_the_matches_inside_its_window(pages, terms):
    snippet = make_snippet(list(enumerate(pages, start=1)), terms, width=20)
    if snippet.page is None:
        assert not any(find_matches(page, term) for page in pages for term in terms)
        return
    text = pages[snippet.page - 1]
    shown = html.unescape(re.sub(r"</?mark>", "", snippet.html)).strip("…")
    offset = text.replace("\n", " ").find(shown)
    assert offset >= 0
    spans = sorted((max(s, offset), min(e, offset + len(shown))) for t in terms for s, e in find_matches(text, t)
                   if s < offset + len(shown) and e > offset)
    assert _marked(snippet.html) == [text[s:e].replace("\n", " ") for s, e in _merged(spans)]


def test_a_phrase_broken_across_lines_is_highlighted_whole():
    snippet = make_snippet([(3, "关于转移\n支付资金的通知")], ["转移支付资金"])
    assert snippet.page == 3 and _marked(snippet.html) == ["转移 支付资金"]


# Characters the stream's regular expressions must treat as the runs do: full-width forms and
# Latin capitals folded, a character outside the BMP, 〇, white space of several kinds, digits
# and letters against Chinese, and lone characters (年, 号) between numbers.
STREAM_PIECES = list(HAN) + ["年", "号", "〇", "𠀀", "ｃｏｄ", "ＣＯＤ", "Ⅱ", "①", "é", "\u3000", "\t", "\u00a0", "\x02",
                             "〔", "）", "-", "_", "2019", "35", "cod", "pH", "a1b2"] + SEPARATORS
stream_text = st.lists(st.sampled_from(STREAM_PIECES), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(stream_text)
def test_the_index_stream_is_the_index_tokens_in_order(text):
    """The index is fed `index_stream`, cut at spaces by tantivy: it must be exactly the tokens
    the one tokenizer core makes, in their order."""
    stream = index_stream(text)
    assert (stream.split(" ") if stream else []) == index_tokens(text)[0]


def _positions(text: str) -> dict[str, list[int]]:
    """Each token's positions in the stream, as tantivy's whitespace tokenizer numbers them."""
    where: dict[str, list[int]] = {}
    for position, token in enumerate(index_stream(text).split()):
        where.setdefault(token, []).append(position)
    return where


@settings(max_examples=500, deadline=None)
@given(stream_text, st.data())
def test_stream_query_offsets_find_a_phrase_exactly_where_it_is_highlighted(text, data):
    """A phrase of several tokens matches the stream at some start exactly when the text has a
    match to highlight (find_matches), without the index in between."""
    query = _draw_query(text, data)
    tokens = stream_tokens(query)
    assert [tok for tok, _ in tokens] == [tok for tok, _ in query_tokens(query)]
    if len(tokens) < 2:
        return  # one token: a term (or, one Chinese character, a prefix) query, no positions
    where = _positions(text)
    starts = set(where.get(tokens[0][0], []))
    for token, offset in tokens[1:]:
        starts &= {at - (offset - tokens[0][1]) for at in where.get(token, [])}
    assert bool(starts) == bool(find_matches(text, query)), query


def _pre_tokenized_index(folder: Path, docs: list[str]) -> tuple[tantivy.Index, tantivy.Schema]:
    """The previous way of feeding the index: one Python Token per index token."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("content", tokenizer_name="raw", index_option="position")
    schema = builder.build()
    folder.mkdir()
    index = tantivy.Index(schema, path=str(folder), reuse=False)
    writer = index.writer(num_threads=1)
    for doc_id, text in enumerate(docs):
        texts, positions = index_tokens(text)
        zero = itertools.repeat(0)
        doc = tantivy.Document()
        doc.add_unsigned("id", doc_id)
        doc.add_pre_tokenized_text("content", tantivy.PreTokenizedString(
            "", list(map(tantivy.Token, texts, positions, zero, zero))))
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema


def test_the_stream_ranks_documents_as_the_pre_tokenized_tokens_did(tmp_path):
    """Same tokens, so the same term frequencies and field lengths: every hit's BM25 score is
    the score of the pre-tokenized index, to the last bit, so no result list is reordered."""
    rng = random.Random(7)
    docs = ["".join(rng.choice(STREAM_PIECES) for _ in range(rng.randint(0, 80))) for _ in range(120)]
    old, old_schema = _pre_tokenized_index(tmp_path / "old", docs)
    new = SearchIndex(tmp_path / "new").open()
    new.add((IndexDoc(i, "", text, ["水利局"], [], None, [], "indexed") for i, text in enumerate(docs)), replace=False)
    queries = ["生态", "2019", "cod", "2019年", "号，", "35号"]
    queries += [text[k:k + rng.randint(2, 8)] for text in rng.sample([d for d in docs if d], 40)
                for k in [rng.randrange(len(text))]]
    found = 0
    for query in queries:
        before, after = query_tokens(query), stream_tokens(query)
        if not before:
            continue
        if len(before) == 1 and len(before[0][0]) == 1 and not before[0][0].isascii():
            continue  # a lone character is a prefix query on either index
        if len(before) == 1:
            old_query = tantivy.Query.term_query(old_schema, "content", before[0][0])
        else:
            old_query = tantivy.Query.phrase_query(old_schema, "content", [(o, t) for t, o in before])
        searcher = old.searcher()
        hits = searcher.search(old_query, 200).hits
        expected = dict(zip(searcher.fast_field_values("id", [a for _, a in hits]), (s for s, _ in hits)))
        got = dict(new.search(f'"{query}"', limit=200).hits)
        assert got == expected and after, query
        found += bool(got)
    assert found >= 20  # the comparison is about real hits
