"""Search semantics a county user expects, on real documents through the real index: both
engines (tantivy in var/index, and PostgreSQL through `[cluster]` on the real server the session
starts); the tests about the tantivy folder itself run on tantivy alone."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import cli_json, cluster_settings, make_home, run_cli
from docgen import make_utf8_txt
from postgres_fixtures import ENGINES

DOCS = {
    "财政局/资金.txt": "关于下达2020年重点生态功能区转移支付资金的通知。请各单位按时拨付。",
    "财政局/支付.txt": "本年度转移支付共计1200万元，资金已全部到位。",  # 转移支付 and 资金, not adjacent
    "住建局/污水厂.txt": "融水县城污水处理厂2019年运行情况报告，COD去除率95%。",
    "住建局/管网.txt": "城镇生活污水收集管网建设情况说明。",
    "发改局/批复.txt": "融发改〔2019〕35号 关于和睦镇垃圾收运项目可行性研究报告的批复",
    "发改局/会议.txt": "关于召开2021年安全生产工作会议的通知，地点：县政府三楼会议室。",
    "生态环境局/脚本.txt": "监测报告<script>alert(1)</script>内容&说明",
    "林业局/造林验收报告.txt": "植树造林工程验收完成。",
    "林业局/年度总结.txt": "林业局2020年度工作总结\n本年度完成多项工作，其中包括造林验收报告的整理归档。",
    "自然资源局/三调公报.txt": "第三次國土調查主要數據公報\n濕地398.81公頃，其中內陸灘塗398.81公頃。",
}


@pytest.fixture(scope="module", params=ENGINES)
def home(request, tmp_path_factory):
    settings = cluster_settings(request.getfixturevalue("search_database")) if request.param == "postgresql" else ""
    home = make_home(tmp_path_factory.mktemp("search") / "home", settings=settings)
    for rel, text in DOCS.items():
        (home / "watch_folders" / rel).parent.mkdir(parents=True, exist_ok=True)
        make_utf8_txt(home / "watch_folders" / rel, text)
    cli_json(home, "scan")
    return home


def found(home, *args) -> list[str]:
    return sorted(h["source_path"] for h in cli_json(home, "search", *args, "--limit", "50")["hits"])


def test_exact_string_finds_every_document_containing_it_and_only_those(home):
    assert found(home, "转移支付资金") == ["财政局/资金.txt"]


def test_a_prefix_word_finds_longer_compounds(home):
    assert found(home, "污水") == ["住建局/污水厂.txt", "住建局/管网.txt"]


def test_single_character_query_matches_anywhere(home):
    assert "住建局/污水厂.txt" in found(home, "厂")
    assert "发改局/批复.txt" in found(home, "复")


def test_space_separated_terms_are_anded(home):
    assert found(home, "转移支付 资金") == ["财政局/支付.txt", "财政局/资金.txt"]
    assert found(home, "转移支付 管网") == []


def test_quoted_phrase_is_exact(home):
    assert found(home, '"支付资金"') == ["财政局/资金.txt"]


def test_minus_excludes(home):
    assert found(home, "污水 -管网") == ["住建局/污水厂.txt"]


def test_minus_excludes_inside_a_department_filter(home):
    # whoosh's AndNot skipped its check on the first positive document; And+Not is exact
    assert found(home, "污水 -管网", "--department", "住建局") == ["住建局/污水厂.txt"]
    assert found(home, "报告 -造林", "--department", "林业局") == []


def test_document_number_latin_and_numbers_are_searchable(home):
    assert found(home, "融发改〔2019〕35号") == ["发改局/批复.txt"]
    assert found(home, "cod") == ["住建局/污水厂.txt"]
    assert found(home, "2019年运行") == ["住建局/污水厂.txt"]
    assert "住建局/污水厂.txt" in found(home, "2019")


def test_department_filter(home):
    assert found(home, "报告", "--department", "林业局") == ["林业局/年度总结.txt", "林业局/造林验收报告.txt"]


def test_title_hit_ranks_above_a_passing_mention(home):
    hits = cli_json(home, "search", "造林验收报告")["hits"]
    assert [h["source_path"] for h in hits][0] == "林业局/造林验收报告.txt"


def test_snippet_highlights_the_whole_string_and_escapes_document_html(home):
    snippet = cli_json(home, "search", "转移支付资金")["hits"][0]["snippet"]
    assert "<mark>转移支付资金</mark>" in snippet
    escaped = cli_json(home, "search", "监测报告")["hits"][0]["snippet"]
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped and "&amp;" in escaped


def test_a_page_in_traditional_characters_is_found_by_the_simplified_words_and_shown_as_written(home):
    assert found(home, "国土调查") == ["自然资源局/三调公报.txt"]
    assert found(home, "國土調查") == ["自然资源局/三调公报.txt"]
    snippet = cli_json(home, "search", "内陆滩涂")["hits"][0]["snippet"]
    assert "<mark>內陸灘塗</mark>" in snippet


def test_search_json_contract_keys(home):
    result = cli_json(home, "search", "污水")
    assert {"total", "hits"} <= set(result)
    assert {"id", "source_path", "department", "items", "score", "snippet"} <= set(result["hits"][0])


def _drop_index(home) -> None:
    """The index gone, whichever engine holds it: the folder, or the county's rows."""
    from evidence.config import load_config
    from indexer.search.engines import search_index

    config = load_config(home)
    if config.cluster_database_url:
        index = search_index(config).open()
        index.replace_all([])
        assert index.doc_count() == 0
        index.close()
    else:
        shutil.rmtree(home / "var" / "index")


def test_reindex_from_the_archive_alone_gives_the_same_results(home):
    queries = ["污水", "转移支付资金", "融发改〔2019〕35号", "报告"]
    before = {q: found(home, q) for q in queries}
    _drop_index(home)
    assert cli_json(home, "reindex")["indexed"] == len(DOCS)
    assert {q: found(home, q) for q in queries} == before


def _index_files(home) -> dict[str, bytes]:
    return {str(p.relative_to(home / "var")): p.read_bytes()
            for p in sorted((home / "var").glob("index*/**/*")) if p.is_file()}


@pytest.mark.parametrize("home", ["tantivy"], indirect=True)  # the tantivy folder itself
def test_read_only_commands_report_a_damaged_index_and_only_a_writer_rebuilds_it(home):
    for path in (home / "var" / "index").iterdir():
        if path.is_file() and path.suffix in (".term", ".idx", ".fast"):
            path.write_bytes(b"garbage")
    damaged = _index_files(home)
    assert run_cli(home, "show", "1", "--json")[0] == 0
    assert run_cli(home, "documents", "--json")[0] == 0
    assert run_cli(home, "search", "污水", "--json")[0] == 5
    code, out = run_cli(home, "check", "--no-repair", "--json")
    assert code == 6 and json.loads(out)["index_error"]
    assert _index_files(home) == damaged  # nothing moved, rebuilt or deleted
    assert not list(home.joinpath("var").glob("index.broken-*"))
    report = cli_json(home, "check")  # a writer, under the ingest lock
    assert report["repaired"] and report["index_error"]
    assert list(home.joinpath("var").glob("index.broken-*"))
    assert found(home, "污水") == ["住建局/污水厂.txt", "住建局/管网.txt"]
    assert cli_json(home, "check", "--no-repair")["problems"] is False


@pytest.mark.parametrize("home", ["tantivy"], indirect=True)  # the tantivy folder itself
def test_check_reports_the_index_size_against_its_live_segments(home):
    report = cli_json(home, "check", "--no-repair")
    assert report["index_garbage_files"] == 0
    assert 0 < report["index_live_bytes"] <= report["index_bytes"]
    stray = home / "var" / "index" / "0123456789abcdef0123456789abcdef.idx"
    stray.write_bytes(b"x" * 1000)  # a segment file no commit refers to, as a killed merge leaves
    code, out = run_cli(home, "check", "--no-repair", "--json")
    report = json.loads(out)
    assert code == 6 and report["index_garbage_files"] == 1
    assert report["index_bytes"] - report["index_live_bytes"] == 1000
    assert cli_json(home, "check")["repaired"]
    assert not stray.exists()
    assert cli_json(home, "check", "--no-repair")["problems"] is False


def test_a_whoosh_index_from_an_earlier_version_is_replaced_by_the_next_writer(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / "住建局" / "污水厂.txt", DOCS["住建局/污水厂.txt"])
    cli_json(home, "scan")
    shutil.rmtree(home / "var" / "index")
    (home / "var" / "index").mkdir()
    whoosh_index.create_in(str(home / "var" / "index"), Schema(id=ID(stored=True), content=TEXT))
    old = _index_files(home)
    assert run_cli(home, "search", "污水", "--json")[0] == 5  # a reader reports it and leaves it
    assert _index_files(home) == old
    cli_json(home, "scan")  # a writer replaces it
    assert found(home, "污水") == ["住建局/污水厂.txt"]
    assert not list((home / "var" / "index").glob("*.toc"))
    assert not list(home.joinpath("var").glob("index.broken-*"))  # an older format is not kept
