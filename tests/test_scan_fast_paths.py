"""The shortcuts the scan takes for speed give exactly what the long way gives: text the
normaliser would leave alone is returned at once, a word with a character the document lacks is
ruled out without a search, and the archive's combined writes keep what the separate ones kept.
(bench/outcome_check.py compares whole scans of two versions of the code.)"""

from __future__ import annotations

import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.blobstore import StoredBlob
from archive.history import history_columns, record_tagging
from archive.store import Archive, PageText
from indexer.extract.normalize import normalize_text, normalized
from indexer.tagging.rules import DocText

# characters every step of the normaliser acts on, and ordinary ones
_ALPHABET = ("生态环境保护局污水处理厂（）《》，。、：；" + string.ascii_letters + string.digits + " \t\n\r\u3000\u00a0"
             "\x00\x07\x1f\x7f\u200b\ufeff\u2028\uff61\u2014\u2015\u2018\u2019\u201c\u201d\u3001\u2236"
             "ＣＯＤ２０１９①㎡ﬁ\u0301e\u1100\u1161")


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_normalize_text_equals_the_full_normalisation(text):
    assert normalize_text(text) == normalized(text)


def test_normalize_text_returns_text_it_would_not_change_as_it_is():
    cell = "耕地面积(亩)"
    assert normalize_text(cell) is cell
    assert normalize_text("ＣＯＤ　２０１９") == "COD 2019"
    assert normalize_text("转 移 支 付") == "转移支付"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="环境保护污水处理厂林地耕地", max_size=60),
       st.lists(st.text(alphabet="环境保护污水处理厂林地耕地草", min_size=1, max_size=4), max_size=12))
def test_a_word_occurs_exactly_when_it_is_a_substring(body, words):
    doc = DocText.of("标题", [body])
    for word in words:
        assert doc._has(word) == (word in f"标题\n\n{body}")
        assert doc._has(word) == (word in f"标题\n\n{body}")  # cached


def test_a_pattern_is_impossible_only_when_none_of_its_words_occur():
    doc = DocText.of("关于污水处理的报告", ["全县耕地面积为41235.7公顷。"])
    assert doc.possible("林地|耕地")
    assert not doc.possible("林地|草地")
    assert doc.hits("林地|草地") == ([], [])
    assert doc.possible(r"\d+公顷")  # no word it needs can be named: always run
    assert doc.hits("耕地")[1] == [("耕地", 1)]


def _archive_with_document(tmp_path) -> tuple[Archive, int]:
    archive = Archive(tmp_path / "var")
    recorded = archive.record_file("住建局/a.docx", "住建局", StoredBlob("ab" * 32, 10, True), 10, 1, "docx", "a")
    return archive, recorded.document_id


def test_a_new_document_waits_for_indexing(tmp_path):
    archive, doc_id = _archive_with_document(tmp_path)
    assert archive.document(doc_id)["index_dirty"] == 1
    assert archive.dirty_document_ids() == [doc_id]


def test_saving_an_extraction_keeps_what_is_not_given_and_replaces_what_is(tmp_path):
    archive, doc_id = _archive_with_document(tmp_path)
    archive.save_extraction(doc_id, [PageText(1, "正文")], False, title="标题一", revisions=True,
                            content_title="显示标题")
    row = archive.document(doc_id)
    assert (row["title"], row["revisions"], row["content_title"], row["status"]) == ("标题一", 1, "显示标题", "indexed")
    archive.save_extraction(doc_id, [PageText(1, "正文二")], False)
    row = archive.document(doc_id)
    assert (row["title"], row["revisions"], row["content_title"], row["chars"]) == ("标题一", 1, "显示标题", 3)
    assert row["attempts"] == 2
    archive.save_extraction(doc_id, [PageText(1, "x")], True, fmt="pdf", title="标题二", revisions=False,
                            content_title="新标题")
    row = archive.document(doc_id)
    assert (row["title"], row["revisions"], row["content_title"], row["format"], row["ocr"]) == \
        ("标题二", 0, "新标题", "pdf", 1)


def test_tag_history_with_kept_columns_equals_history_read_afresh(tmp_path):
    archive, doc_id = _archive_with_document(tmp_path)
    conn = archive.conn
    conn.execute("INSERT INTO tags (document_id, item_id, source, score, reasons, deliverables, in_window, at)"
                 " VALUES (?,?,?,?,?,?,?,?)", (doc_id, "3.2", "rule", 1.5, '["正文命中"]', "[]", 1, "t"))
    record_tagging(conn, doc_id, "t1")
    record_tagging(conn, doc_id, "t2", history_columns(conn))
    rows = conn.execute("SELECT document, tags FROM tag_history WHERE document_id=? ORDER BY id", (doc_id,)).fetchall()
    assert len(rows) == 2 and tuple(rows[0]) == tuple(rows[1])
    assert json.loads(rows[0]["tags"])[0]["item_id"] == "3.2"


def test_items_of_equals_the_items_of_the_effective_tags(tmp_path):
    archive, doc_id = _archive_with_document(tmp_path)
    conn = archive.conn
    for item in ("10.2", "3.2", "3.10", "1.1", "7.1"):
        conn.execute("INSERT INTO tags (document_id, item_id, source, score, reasons, deliverables, in_window, at)"
                     " VALUES (?,?,?,?,?,?,?,?)", (doc_id, item, "rule", 1.0, '["正文命中"]', "[]", 1, "t"))
    assert archive.items_of(doc_id) == [t["item"] for t in archive.tags(doc_id)] == ["1.1", "3.2", "3.10", "7.1", "10.2"]
    for item, action in (("3.2", "remove"), ("2.4", "add"), ("7.1", "add"), ("11.1", "add"), ("9.9", "remove")):
        archive.set_override(doc_id, item, action, "审核员")
    assert archive.items_of(doc_id) == [t["item"] for t in archive.tags(doc_id)]
    assert archive.items_of(doc_id) == ["1.1", "2.4", "3.10", "7.1", "10.2", "11.1"]


def test_chinese_doubling_by_array_equals_the_translation():
    import random
    import re

    from indexer.extract.normalize import CJK
    from indexer.search.analysis import _DOUBLING, double_chinese

    chinese = re.compile(f"[{CJK}]")
    edges = [0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00,
             0x1FFFF, 0x20000, 0x2FFFF, 0x30000, 0x3006, 0x3007, 0x3008, 0x20, 0x02, 0x61]
    for code in edges:  # the ranges agree with the class the index's tokens use
        char = chr(code)
        assert (double_chinese(char) == f"{char} {char}") == bool(chinese.match(char))
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(chr(rng.choice(edges)) if rng.random() < 0.5 else rng.choice("环境 ab12\x02　")
                       for _ in range(rng.randint(0, 30)))
        assert double_chinese(text) == text.translate(_DOUBLING)
    assert double_chinese("a\ud800环") == "a\ud800环 环"  # a lone surrogate: the translation itself


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET + "\u4dff\u4e00\u9fff\ua000\u2003\u0085\ue000\ufffd", max_size=60))
def test_pdf_layer_counts_equal_counting_character_by_character(text):
    from indexer.extract import pdf

    visible = [c for c in text if not c.isspace()]
    assert pdf.visible_chars(text) == len(visible)
    cjk = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff")
    usable = not (len(visible) < pdf.MIN_USABLE_CHARS or len(pdf._BAD.findall(text)) > 0.1 * len(visible)
                  or (cjk >= 20 and len(pdf._DOUBLED_CJK.findall(text)) * 2 > 0.6 * cjk))
    assert pdf.text_layer_is_usable(text) == usable


# -- session 10: tagging's lazy body scans, the department name table, table rows -------------

def _all_body_hits(doc: DocText, pattern: str) -> list:
    """The long way: every body match among the first MAX_BODY_HITS, as `hits` used to keep."""
    import re
    from bisect import bisect_right
    from itertools import islice

    from indexer.tagging.rules import MAX_BODY_HITS

    return [(m.group(0), bisect_right(doc.page_starts, m.start()))
            for m in islice(re.finditer(pattern, doc.body), MAX_BODY_HITS) if m.group(0)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="林地耕地草x\n", max_size=40), min_size=1, max_size=4),
       st.sampled_from(["林地|耕地", "耕地", "草?", "x*", "(?:林|耕)地", "地+"]),
       st.lists(st.integers(min_value=0, max_value=40), max_size=4))
def test_body_matches_scanned_as_far_as_needed_are_the_first_of_all_matches(pages, pattern, needs):
    doc = DocText.of("标题", pages)
    full = _all_body_hits(doc, pattern)
    for need in needs:
        _, got = doc.hits(pattern, need)
        assert got == full[:len(got)] and len(got) >= min(need, len(full))
    assert doc.hits(pattern)[1] == full  # the default needs them all
    assert doc.any_hit(pattern) == bool(full)


def test_a_rule_scores_the_same_whether_its_groups_were_scanned_in_part_or_whole():
    from archive.catalog import load_catalog
    from indexer.tagging import rules

    catalog = load_catalog()
    body = "全县林地面积。" * 40 + "耕地保护。" * 3
    for item in catalog.leaf_items():
        for rule in item.rules:
            lazy, whole = DocText.of("林地报告", [body]), DocText.of("林地报告", [body])
            for pattern in {*rule.groups, *rule.title_groups}:
                whole.hits(pattern)  # every match scanned before the rule is scored
            assert rules.score_rule(rule, lazy, catalog) == rules.score_rule(rule, whole, catalog)


def test_the_department_name_table_finds_what_the_loop_over_departments_found():
    import random

    from archive.catalog import load_catalog
    from indexer.tagging import owner

    catalog = load_catalog()

    def ends_the_long_way(line):
        line = owner._SEAL.sub("", line.strip())
        best = None
        for d in catalog.departments:
            for name in d.names():
                if len(name) < 3 and owner._PLACE.sub("", line, count=1) != name:
                    continue
                if line.endswith(name) and (best is None or len(name) > best[0]):
                    best = (len(name), d)
        return best[1] if best else None

    def starts_the_long_way(head):
        best = None
        for d in catalog.departments:
            for name in d.names():
                if len(name) >= 3 and head.startswith(name) and (best is None or len(name) > best[0]):
                    best = (len(name), d)
        return best[1] if best else None

    names = [n for d in catalog.departments for n in d.names()]
    rng = random.Random(10)
    for _ in range(3000):
        parts = [rng.choice(names + ["县", "融水县", "柳州市", "（盖章）", "植保站", " ", "局", ""]) for _ in range(rng.randint(0, 3))]
        line = "".join(parts)
        assert owner._ends_with_department(line, catalog) == ends_the_long_way(line), line
        assert owner._names(catalog).starting(line) == starts_the_long_way(line), line


# -- session 15: shortcuts in tagging, each against the long way ---------------------------------

_LINES_ALPHABET = "环境局融水县，、（）〔。附件 \t\u3000\n\r\x0b"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_LINES_ALPHABET, max_size=120), st.integers(min_value=0, max_value=6))
def test_head_and_tail_lines_are_the_slices_of_every_stripped_line(text, n):
    from indexer.tagging.lines import head_lines, tail_lines

    every = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert head_lines(text, n) == every[:n]
    assert tail_lines(text, n) == every[-n:]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["环境保护局污水处理厂建设项目完成情况良好", "，", "、", "（", "）", "〔", "。", " ", "  ",
                                 "\u3000", "\t", "\n", "\n", "\n", "a", "环"]), max_size=40),
       st.integers(min_value=0, max_value=3))
def test_unwrap_joins_exactly_the_lines_the_wrap_pattern_joins(parts, spaces):
    from indexer.tagging.rules import _WRAPPED, unwrap

    page = " " * spaces + "".join(parts)
    expected = _WRAPPED.sub(r"\1", page) if "\n" in page else page
    assert unwrap(page) == expected


def test_unwrap_gives_back_one_leading_space_as_the_pattern_does():
    from indexer.tagging.rules import _WRAPPED, WRAP_WIDTH, unwrap

    for lead in ("", " ", "  ", "\u3000", " \u3000", "\u3000 "):
        for width in (WRAP_WIDTH - 2, WRAP_WIDTH - 1, WRAP_WIDTH):
            page = lead + "环" * width + "\n境局"
            assert unwrap(page) == _WRAPPED.sub(r"\1", page), (lead, width)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="环境局年月日Oo0О1l2,.号%ABx \n", max_size=60))
def test_ocr_digits_shortcut_changes_nothing_the_run_pattern_would_change(text):
    from indexer.tagging.ocr_digits import _DIGITS, _RUN, ocr_digits

    assert ocr_digits(text) == _RUN.sub(lambda m: m.group(0).translate(_DIGITS), text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="乡镇污水(（)）xiāngzhènkmt COD", max_size=50))
def test_pinyin_gloss_shortcut_equals_the_gloss_pattern(text):
    from indexer.extract.pinyin_glosses import _GLOSS, strip_pinyin_glosses

    assert strip_pinyin_glosses(text) == _GLOSS.sub("", text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="年月日填报人审核：: \t\u3000\n20191", max_size=60))
def test_blank_form_counts_blank_dates_as_before(text):
    from indexer.tagging import blank_form as bf

    empty = len(bf._EMPTY_FIELD.findall(text)) + len(bf._EMPTY_DATE.findall(text))
    figures = [f for f in bf._FIGURE.findall(bf._DATES.sub(" ", text)) if "." in f or int(f) >= 10]
    expected = (None if empty < bf.MIN_EMPTY or len(figures) > bf.MAX_FIGURES
                else f"表中有{empty}处待填栏目，未填任何数值")
    assert bf.blank_form([text]) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="征求意见稿初送审（）【】未经人民政府审定仅供讨论 \n", max_size=60),
       st.sampled_from(["征求意见稿", "[（(【]\\s*初稿\\s*[)）】]|^初稿$", "未经[^。\\n]{0,12}人民政府[^。\\n]{0,4}审定",
                        "(?:本稿|此稿)[^。\\n]{0,8}未经", r"\d+公顷"]))
def test_a_cue_that_may_not_match_does_not_match(text, cue):
    import re

    from indexer.tagging.matching import may_match

    if not may_match(cue, text):
        assert re.search(cue, text) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["耕地面积", "为", "41235.7", "公顷", "。", "；", ";", "\n", "\t", "人均", "减少",
                                 "2019年", "林地", "亩", " ", "，", "万"]), max_size=40))
def test_sentence_spans_hold_every_sentence_match(parts):
    import re

    from indexer.indicators import _SENTENCE_END, _sentence_spans

    pattern = re.compile(r"(耕地面积|林地)(?![^，。；;,\d\n\t]{0,6}?(?:减少|增加))[^，。；;,\d\n\t]{0,8}?(?:为)?\s*"
                         r"(-?\d+(?:\.\d+)?)\s*(万)?\s*(公顷|亩)")
    text = "".join(parts)
    read = [text[start:stop] for start, stop in _sentence_spans(pattern, text)]
    every = [s for s in _SENTENCE_END.split(text) if pattern.search(s)]
    assert [s for s in read if pattern.search(s)] == every
    assert all(s in _SENTENCE_END.split(text) for s in read)
