"""Search on PostgreSQL beyond the shared oracle tests: what the tsvector representation must
survive (long and repetitive documents, phrases across chunk boundaries, long terms and words),
counties kept apart, the GIN index really used, and `[cluster]` checked at the edge. The
long-document tests run on both engines: tantivy is the reference."""

from __future__ import annotations

import random

import pytest

from conftest import cli_json, cluster_settings, make_home, run_cli
from docgen import make_utf8_txt
from indexer.search.analysis import find_matches, query_tokens
from indexer.search.index import IndexDoc
from indexer.search.postgres import CHUNK, OVERLAP, PostgresSearchIndex, chunks, partition_name

BASE = dict(departments=["水利局"], items=[], doc_type=None, years=[2020], status="indexed")


def _found(index, query: str, **filters) -> set[int]:
    result = index.search(query, limit=10_000, **filters)
    assert result.total == len(result.hits)
    return {doc_id for doc_id, _ in result.hits}


def _long_texts() -> dict[int, str]:
    rng = random.Random(5)
    filler = "".join(rng.choice("生态环境保护水源地监测报告") for _ in range(5 * CHUNK))
    repetitive = "水水" * 5000 + "污水处理厂" + "水" * 700 + "源"  # one bigram thousands of times
    return {
        1: filler + "融发改〔2019〕35号关于污水处理厂的批复",  # past the 16,383 positions of a tsvector
        2: filler[:CHUNK - 3] + "转移支付资金" + filler[:50],  # across the first chunk boundary
        3: repetitive,
        4: "2019 " * 600 + "年度报告 " + "x" * 300,  # a number 600 times; a 300-letter word
        5: filler[:40] + "转移支付，资金" + "污水处理",
    }


def test_long_and_repetitive_documents_are_found_exactly_like_the_oracle(search_engine):
    texts = _long_texts()
    index = search_engine()
    index.add(IndexDoc(i, "", text, **BASE) for i, text in texts.items())
    rng = random.Random(9)
    queries = ["融发改〔2019〕35号", "污水处理厂", "转移支付资金", "水水水", "水源", "水" * 300 + "源", "2019 年度",
               "x" * 300, "x" * 299, "年度报告 " + "x" * 300, "转移支付 资金"]
    for text in texts.values():  # pieces of every document, some of them longer than a chunk's overlap
        for width in (2, 7, OVERLAP + 40, OVERLAP * 3):
            start = rng.randrange(0, max(1, len(text) - width))
            queries.append(text[start:start + width])
    for query in queries:
        quoted = f'"{query}"'
        expected = {i for i, text in texts.items() if find_matches(text, query)}
        assert _found(index, quoted) == expected, (search_engine.engine, query[:40])
    long_term = "水" * 300 + "源"
    has = {i: {q for q in ("水源", long_term, "批复") if find_matches(text, q)} for i, text in texts.items()}
    assert _found(index, f'水源 -"{long_term}"') == {i for i, h in has.items() if "水源" in h and long_term not in h}
    assert _found(index, f'"{long_term}" -批复') == {i for i, h in has.items() if long_term in h and "批复" not in h} == {3}


@pytest.mark.cluster
def test_chunks_keep_every_position_within_the_limits_of_a_tsvector():
    pieces = chunks(_long_texts()[3])
    assert len(pieces) > 1
    for piece in pieces:
        for entry in piece.split(" "):
            positions = [int(p) for p in entry.rsplit(":", 1)[1].split(",")]
            assert len(positions) <= 255 and max(positions) <= CHUNK


@pytest.mark.cluster
def test_counties_share_the_tables_and_never_see_each_other(search_database):
    a, b = PostgresSearchIndex(search_database, "甲县").open(), PostgresSearchIndex(search_database, "乙县").open()
    a.replace_all([IndexDoc(1, "", "甲县污水处理厂运行报告", **BASE)])
    b.replace_all([IndexDoc(1, "", "乙县污水处理厂建设方案", **BASE), IndexDoc(2, "", "乙县河长制", **BASE)])
    assert _found(a, "污水处理厂") == {1} and a.doc_count() == 1 and a.ids() == {1}
    assert _found(b, "污水处理厂") == {1} and _found(b, "运行报告") == set() and b.doc_count() == 2
    assert a.search("", department="水利局").total == 1
    a.replace_all([])  # a county rebuilt from its archive leaves the others alone
    assert b.doc_count() == 2
    a.add([IndexDoc(7, "", "甲县污水处理厂", **BASE)])
    across = b.search_across("污水处理厂", ["甲县", "乙县"], limit=10, facets=True)
    assert sorted(hit[:2] for hit in across.hits) == [("乙县", 1), ("甲县", 7)]
    assert across.facets["department"] == {"水利局": 2}
    a.close()
    b.close()


@pytest.mark.cluster
def test_phrase_queries_are_answered_by_the_gin_index(search_database):
    index = PostgresSearchIndex(search_database, "计划县").open()
    rng = random.Random(1)
    index.replace_all(IndexDoc(i, "", "".join(rng.choice("生态环境保护水源地监测报告") for _ in range(60))
                               + ("污水处理厂" if i % 100 == 0 else ""), **BASE) for i in range(1, 2001))
    conn = index.conn
    conn.execute("ANALYZE search_chunks")
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")  # at 2,000 short rows a scan is cheaper: is the index usable?
        plan = "\n".join(row[0] for row in conn.execute(
            f"EXPLAIN SELECT doc_id FROM {partition_name('计划县')} WHERE tsv @@ %s::tsquery",
            ("'污水' <1> '水处' <1> '处理' <1> '理厂'",)))
    assert f"Bitmap Index Scan on {partition_name('计划县')}_tsv_idx" in plan, plan
    assert "污水'' <-> ''水处" in plan.split("Index Cond:")[1], plan  # the phrase itself is the index condition
    index.close()


@pytest.mark.cluster
def test_a_cluster_home_searches_postgresql_and_keeps_no_index_folder(tmp_path, search_database):
    homes = {}
    for county, text in (("一县", "一县污水处理厂运行报告"), ("二县", "二县垃圾填埋场")):
        settings = f'\n[cluster]\ndatabase_url = "{search_database}"\ncounty = "{county}"\n'
        home = homes[county] = make_home(tmp_path / county, settings=settings)
        make_utf8_txt(home / "watch_folders" / "住建局" / "报告.txt", text)
        assert cli_json(home, "scan")["indexed"] == 1
        assert not (home / "var" / "index").exists()
    assert [h["snippet"] for h in cli_json(homes["一县"], "search", "污水处理厂")["hits"]] == \
        ["一县<mark>污水处理厂</mark>运行报告"]
    assert cli_json(homes["二县"], "search", "污水处理厂")["total"] == 0
    assert cli_json(homes["一县"], "check", "--no-repair")["problems"] is False


@pytest.mark.parametrize("section, message", [
    ('database_url = "mysql://db/evidence"\ncounty = "融水"', "postgresql://"),
    ('database_url = "postgresql://127.0.0.1:1/evidence"', "没有 county"),
    ('county = "融水"', "没有 database_url"),
    ('database = "postgresql://127.0.0.1/x"', "未知设置"),
])
def test_a_bad_cluster_section_is_a_configuration_error(tmp_path, capsys, section, message):
    home = make_home(tmp_path / "home")
    with (home / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write(f"\n[cluster]\n{section}\n")
    capsys.readouterr()
    code, _ = run_cli(home, "search", "污水", "--json")
    assert code == 3
    assert message in capsys.readouterr().err


@pytest.mark.cluster
def test_an_unreachable_server_is_reported_as_an_unavailable_index(tmp_path, capsys, postgres):
    home = make_home(tmp_path / "home")
    with (home / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write(cluster_settings(f"postgresql://postgres@127.0.0.1:{postgres.port}/no_such_database"))
    capsys.readouterr()
    code, out = run_cli(home, "search", "污水", "--json")
    assert code == 5
    assert "no_such_database" in out + capsys.readouterr().err


@pytest.mark.cluster
def test_the_web_ui_searches_the_county_on_postgresql(tmp_path, search_database):
    from evidence.config import load_config
    from test_web_helpers import login
    from webui import create_app

    settings = f'\n[cluster]\ndatabase_url = "{search_database}"\ncounty = "网页县"\n'
    home = make_home(tmp_path / "home", settings=settings)
    make_utf8_txt(home / "watch_folders" / "住建局" / "运行报告.txt", "融水县城污水处理厂2020年运行情况报告")
    cli_json(home, "scan")
    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", "admin-pass-1")
    answers = []
    for _ in range(2):  # two web nodes on one database see the same index
        client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
        assert login(client, "admin", "admin-pass-1").status_code == 302
        answers.append(client.get("/api/search?q=污水处理厂").get_json())
    assert answers[0] == answers[1]
    assert [hit["source_path"] for hit in answers[0]["hits"]] == ["住建局/运行报告.txt"]
    assert "<mark>污水处理厂</mark>" in answers[0]["hits"][0]["snippet"]
    assert not (home / "var" / "index").exists()


def test_related_results_share_tokens_leave_out_exact_hits_and_rank_the_closest_first(search_engine):
    index = search_engine()
    docs = {1: "县城污水处理厂运行情况报告（2020年）", 2: "污水处理厂在线监测数据", 3: "污水管网建设进度",
            4: "垃圾填埋场渗滤液处理记录", 5: "森林防火宣传"}
    index.add(IndexDoc(i, "", text, **BASE) for i, text in docs.items())
    exact = _found(index, "污水处理厂运行")
    related = index.related("污水处理厂运行")
    ids = [doc_id for doc_id, _ in related.hits]
    assert exact == {1} and 1 not in ids  # never both exact and related
    assert ids[0] == 2 and 5 not in ids  # most shared tokens first; nothing shared, nothing shown
    assert set(ids) <= {2, 3, 4} and related.total == len(ids)
    assert [doc_id for doc_id, _ in index.related("污水处理厂运行 -在线").hits][0] != 2  # excluded terms apply


@pytest.mark.cluster
def test_related_results_on_postgresql_are_tantivys_documents_in_tantivys_order(tmp_path, search_database):
    """Both engines hold the same generated documents (short and long, one past a chunk, one
    with a token cut at 255 occurrences, two departments); PostgreSQL's related list is tantivy's:
    same documents, same order, same BM25 scores, same totals, with filters, excluded terms and a
    term longer than a chunk's overlap."""
    from indexer.search.index import SearchIndex

    rng = random.Random(3)
    words = ["污水处理厂", "运行", "监测", "在线", "数据", "管网", "建设", "进度", "垃圾", "填埋场", "渗滤液", "森林",
             "防火", "生态环境", "转移支付", "资金", "考核", "水源地", "水质", "达标", "报告", "县城", "整改", "2019", "COD"]
    texts = {i: " ".join(rng.choice(words) for _ in range(rng.randint(5, 60))) for i in range(1, 41)}
    texts[41] = "".join(rng.choice(words) for _ in range(CHUNK))  # several chunks, overlaps counted once
    texts[42] = "污水" * 400 + "处理厂运行" * 300  # chunks cut early at 255 occurrences
    sentence = "".join(rng.choice(words) for _ in range(80))  # wider than a chunk's overlap
    texts[43] = "前言" + sentence + "结尾"
    texts[44] = sentence[:90] + "。" + sentence[90:]  # every piece of it, but not the whole
    assert len(query_tokens(sentence)) > OVERLAP + 1 and not find_matches(texts[44], sentence)
    titles = {i: " ".join(rng.choice(words) for _ in range(rng.randint(0, 3))) for i in texts}
    tantivy_index = SearchIndex(tmp_path / "index").open()
    postgres_index = PostgresSearchIndex(search_database, "同文县").open()
    try:
        for index in (tantivy_index, postgres_index):
            index.add(IndexDoc(i, titles[i], text, **{**BASE, "departments": [("水利局", "林业局")[i % 2]]})
                      for i, text in texts.items())
        queries = [("污水处理厂运行", {}), ("垃圾填埋场 渗滤液 监测", {"department": "林业局"}), ("水源地水质达标", {}),
                   ("转移支付资金考核 -COD", {}), ("森林防火 在线 -整改", {}), (sentence, {}), ("处理厂运行污水", {})]
        cut = 0
        for query, filters in queries:
            expected = tantivy_index.related(query, limit=12, **filters)
            cut += expected.total > 12  # the limit keeps the best: the ranking decides which
            got = postgres_index.related(query, limit=12, **filters)
            assert [i for i, _ in got.hits] == [i for i, _ in expected.hits], query[:20]
            assert [s for _, s in got.hits] == pytest.approx([s for _, s in expected.hits], rel=1e-4), query[:20]
            assert got.total == expected.total, query[:20]
        assert cut >= 5
        assert 43 not in {i for i, _ in postgres_index.related(sentence, limit=100).hits}  # exact: left out
        assert 44 in {i for i, _ in postgres_index.related(sentence, limit=100).hits}  # only its pieces: related
    finally:
        postgres_index.close()


@pytest.mark.cluster
def test_a_query_asked_again_and_again_is_planned_for_its_own_terms_each_time(search_database):
    """psycopg prepares a statement run five times, and the server may then plan it once for any
    tsquery (a common bigram and a rare document number need different plans: 75 times slower
    measured); the index's connection prepares nothing."""
    index = PostgresSearchIndex(search_database, "反复县").open()
    try:
        index.add(IndexDoc(i, "", text, **BASE) for i, text in enumerate(["污水处理厂运行", "融发改〔2019〕35号", "森林防火"]))
        for _ in range(8):
            for query in ("污水处理厂", "融发改〔2019〕35号", "森林 -防火"):
                index.search(query, facets=True)
                index.related(query + "报告")
        assert index.conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0] == 0
    finally:
        index.close()


@pytest.mark.cluster
def test_the_size_on_the_server_counts_the_chunks_partitions(search_database):
    """The chunks live in per-county partitions; the partitioned table itself holds no bytes."""
    index = PostgresSearchIndex(search_database, "大小县").open()
    try:
        index.add([IndexDoc(1, "", "生态环境保护" * 2000, **BASE)])
        partition = index.conn.execute("SELECT pg_total_relation_size(%s::regclass)",
                                       (partition_name("大小县"),)).fetchone()[0]
        documents = index.conn.execute("SELECT pg_total_relation_size('search_documents')").fetchone()[0]
        assert partition > 0 and index.footprint().total_bytes >= partition + documents
    finally:
        index.close()


@pytest.mark.cluster
def test_tables_made_before_the_lengths_get_them_and_still_answer_related(postgres):
    """A database whose search tables predate the token counts and `fresh`: the next writer adds
    the columns; the older rows rank as of the average length, rows written after are exact."""
    url = postgres.create_database("evidence_search_upgrade")
    old = PostgresSearchIndex(url, "旧县").open()
    old.conn.execute("ALTER TABLE search_chunks DROP COLUMN fresh; DROP FUNCTION evidence_fieldnorm; "
                     "ALTER TABLE search_documents DROP COLUMN title_tokens, DROP COLUMN content_tokens")
    old.conn.execute("INSERT INTO search_documents VALUES ('旧县', 1, '', '污水处理厂在线监测', '{水利局}', '{}', NULL, "
                     "'{2020}', 'indexed')")
    old.close()
    index = PostgresSearchIndex(url, "旧县").open()
    try:
        index.add([IndexDoc(2, "", "污水处理厂运行报告", **BASE)])
        index.conn.execute("INSERT INTO search_chunks (county, doc_id, field, chunk, tsv) "
                           "SELECT '旧县', 1, 1, 0, %s::tsvector", (chunks("污水处理厂在线监测")[0],))
        assert {i for i, _ in index.related("污水处理厂运行情况").hits} == {1, 2}
    finally:
        index.close()


def test_a_killed_test_session_leaves_no_postgresql_behind(postgres):
    """SIGKILL runs no finalizer: the watchdog ends the server and removes its folder."""
    from process_watchdog import a_killed_session_leaves_nothing

    a_killed_session_leaves_nothing("from postgres_server import start_postgres; s = start_postgres()", "s.pid")
