"""Search that answers an inspector's question (issue 18): the duty a query names as a card, related
results after the exact ones (BM25 by the engine, never counted in the exact total), synonyms from
the catalog offered as links — on real documents through the real pipeline and index."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archive.catalog import load_catalog
from conftest import cli_json, make_home, run_cli
from docgen import make_utf8_txt
from indexer.search.duties import MIN_TEXT_SHARED, bigrams, match_duties
from indexer.search.index import IndexDoc, SearchIndex
from indexer.search.synonyms import alternatives
from test_web_helpers import app, client_as, web_config, web_home  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
HIT_KEYS = {"id", "source_path", "department", "items", "score", "snippet", "page", "title", "doc_type", "years",
            "status", "format", "seal", "seal_pages", "issuer_note"}
LANDFILL = "垃圾填埋场渗滤液处理及周边环境监测记录"  # how an inspector says duty 8.2

DOCS = {
    "城管局/填埋场/渗滤液处理站运行记录2020.txt":
        "融水县生活垃圾卫生填埋场渗滤液处理站2020年运行记录汇总\n处理工艺：调节池+MBR+反渗透，"
        "设计规模80m3/d。1月渗滤液产生量2100立方米，处理量2080立方米。",
    "城管局/填埋场/填埋场周边地下水监测报告2020.txt":
        "融水县生活垃圾卫生填埋场周边地下水监测报告\n采样日期：2020年9月12日\n"
        "检测点位：本底井、污染扩散井。结论：\"渗滤液\"未对周边地下水造成影响。",
    "生态环境局/地表水环境监测报告2020.txt": "2020年第三季度县控断面地表水环境监测报告，水质类别Ⅱ类。",
    "林业局/造林.txt": "2020年植树造林工程完成情况。",
    "住建局/美丽乡村.txt": "2020年美丽乡村建设项目实施情况。",
    "农业农村局/新农村.txt": "2020年新农村建设示范点验收意见。",
    "住建局/住建局2020年度生态环境保护工作自查报告.txt":
        "县住房和城乡建设局2020年度生态环境保护工作自查报告\n一、污水处理设施建设。二、垃圾收运。",
    "水利局/水利局2020年生态环境保护工作自查报告.txt":
        "县水利局2020年生态环境保护工作自查报告\n一、水土保持。二、河长制巡河。",
}
SELF_CHECK = "编写部门年度生态环境保护工作自查报告"  # the plan's words for six departments' duties


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("duties") / "home")
    for rel, text in DOCS.items():
        (home / "watch_folders" / rel).parent.mkdir(parents=True, exist_ok=True)
        make_utf8_txt(home / "watch_folders" / rel, text)
    cli_json(home, "scan")
    return home


def ids_by_path(home) -> dict[str, int]:
    return {d["source_path"]: d["id"] for d in cli_json(home, "documents")}


# -- which duty a query names ------------------------------------------------------------------

def test_a_duty_is_named_by_its_number_title_or_plan_wording():
    catalog = load_catalog()
    for item in catalog.all_items():
        cut = len(item.text) // 5
        for query in (item.id, item.title, item.text, item.text[cut:len(item.text) - cut]):
            if query not in (item.id, item.title) and len(bigrams(query)) < MIN_TEXT_SHARED:
                continue  # a few words out of a short wording name a topic, not the duty
            named = [m.item.id for m in match_duties(catalog, query)]
            assert item.id in named, (item.id, query)
    assert [m.item.id for m in match_duties(catalog, "事项 10.3.3")] == ["10.3.3"]


def test_wording_remembered_loosely_still_names_the_duty():
    catalog = load_catalog()
    assert [m.item.id for m in match_duties(catalog, LANDFILL)] == ["8.2"]
    assert [m.item.id for m in match_duties(catalog, "县城污水处理厂运行及在线监控数据")] == ["10.3.3"]


def test_a_topic_or_an_unknown_number_names_no_duty():
    catalog = load_catalog()
    for query in ("负面清单", "污水处理厂", "转移支付资金", "99.9", "2020", "造林"):
        assert match_duties(catalog, query) == [], query


def test_a_wording_shared_by_every_department_names_all_of_them():
    catalog = load_catalog()
    named = {m.item.id for m in match_duties(catalog, SELF_CHECK)}
    assert {"3.4", "4.5", "5.3", "6.6", "8.5", "9.3"} <= named


# -- synonyms are suggestions ------------------------------------------------------------------

def test_catalog_vocabularies_offer_other_words_for_a_query_word():
    subjects = load_catalog().subjects
    assert {"新农村", "人居环境"} <= {a.term for a in alternatives("美丽乡村", subjects)}
    assert "污水厂" in {a.term for a in alternatives("污水处理厂", subjects)}
    assert alternatives("融发改〔2019〕35号", subjects) == []


def test_synonyms_are_offered_not_applied(home):
    out = cli_json(home, "search", "美丽乡村")
    assert [h["source_path"] for h in out["hits"]] == ["住建局/美丽乡村.txt"] and out["total"] == 1
    offered = {s["term"]: s for s in out["also_search"]}
    assert offered["新农村"]["total"] == 1 and offered["新农村"]["query"] == "新农村"
    assert all(s["total"] > 0 for s in out["also_search"])


# -- related results: the engine's BM25, never mixed into the exact ones ----------------------

@pytest.fixture
def small_index(tmp_path):
    texts = {1: "垃圾填埋场渗滤液处理记录", 2: "渗滤液处理", 3: "环境监测", 4: "植树造林",
             5: "垃圾填埋场渗滤液处理记录与周边环境监测", 6: "渗滤液"}
    index = SearchIndex(tmp_path / "index").open()
    index.add(IndexDoc(i, "", text, ["生态环境局" if i == 3 else "城管局"], [], None, [2020], "indexed")
              for i, text in texts.items())
    return index


def test_related_excludes_the_exact_hits_and_ranks_by_shared_tokens(small_index):
    exact = {i for i, _ in small_index.search("渗滤液处理记录", limit=10).hits}
    related = small_index.related("渗滤液处理记录", limit=10)
    assert exact == {1, 5}
    assert [i for i, _ in related.hits] == [2, 6]  # 2 shares 渗滤液处理, 6 only 渗滤液; 3 and 4 nothing
    assert related.hits[0][1] > related.hits[1][1] > 0
    several = [i for i, _ in small_index.related("渗滤液处理 环境监测 记录", limit=10).hits]
    assert set(several) == {1, 2, 3, 6}  # 5 has all three words: an exact hit
    assert [i for i, _ in small_index.related("渗滤液处理记录 -处理", limit=10).hits] == [6]
    assert [i for i, _ in small_index.related("渗滤液 监测", department="生态环境局").hits] == [3]


def test_a_duty_query_shows_the_card_and_related_results_apart_from_the_exact_ones(home):
    paths = ids_by_path(home)
    out = cli_json(home, "search", LANDFILL)
    assert out["total"] == 0 and out["hits"] == []  # nobody wrote that exact string
    duty = out["duty"]
    assert duty["id"] == "8.2" and duty["department"] == "城管局" and duty["deadline"] == "2020-10-24"
    assert duty["status"] in ("missing", "partial", "present", "verified") and duty["status_label"]
    assert [d["key"] for d in duty["deliverables"]] == ["8.2/渗滤液", "8.2/周边监测"]
    evidence = {f["id"]: f for f in duty["evidence"]}
    assert paths["城管局/填埋场/渗滤液处理站运行记录2020.txt"] in evidence
    assert all(f["reasons"] for f in duty["evidence"])
    assert duty["anchor"] == "item-8.2"
    related = [h["id"] for h in out["related"]]
    assert paths["生态环境局/地表水环境监测报告2020.txt"] in related  # shares 环境监测
    assert paths["林业局/造林.txt"] not in related
    assert all(set(h) == HIT_KEYS for h in out["related"])
    assert [h["score"] for h in out["related"]] == sorted((h["score"] for h in out["related"]), reverse=True)


def test_a_quoted_query_gets_no_related_results(home):
    assert cli_json(home, "search", f'"{LANDFILL}"')["related"] == []


def test_related_never_repeats_or_counts_an_exact_hit(home):
    out = cli_json(home, "search", "渗滤液 监测")
    exact = {h["id"] for h in out["hits"]}
    assert out["total"] == len(exact) == 1
    assert out["related"] and not exact & {h["id"] for h in out["related"]}


def test_many_exact_hits_need_no_related_results(home):
    assert cli_json(home, "search", "2020")["related"] == []  # one short word


def test_plain_text_search_marks_matches_for_the_terminal(home):
    code, text = run_cli(home, "search", "渗滤液")
    assert code == 0
    assert "<mark>" not in text and "&quot;" not in text and "&lt;" not in text
    assert "【渗滤液】" in text and '"【渗滤液】"' in text
    assert "个文件包含「渗滤液」" in text
    code, text = run_cli(home, "search", LANDFILL)
    assert "【考核事项 8.2】" in text and "相关结果" in text and "状态：" in text


def test_json_keeps_every_existing_key(home):
    out = cli_json(home, "search", "渗滤液")
    assert {"total", "hits"} <= set(out) and set(out) - {"total", "hits"} == {"duty", "related", "also_search"}
    assert all(set(h) == HIT_KEYS for h in out["hits"])


def test_api_search_carries_the_same_card_and_related_results(client_as, web_home):  # noqa: F811
    query = "县城污水处理厂运行及在线监控数据"
    api = client_as("inspector").get("/api/search", query_string={"q": query}).get_json()
    cli = cli_json(web_home, "search", query)
    assert api["duty"]["id"] == "10.3.3" and api["duty"] == cli["duty"]
    assert api["related"] and api["related"] == cli["related"]
    assert api["also_search"] == cli["also_search"]
    assert api["total"] == cli["total"] == 0


def test_search_page_shows_card_related_section_and_suggestions(client_as, web_home):  # noqa: F811
    page = client_as("inspector").get("/", query_string={"q": "县城污水处理厂运行及在线监控数据"}).get_data(as_text=True)
    assert 'class="duty-card" data-item="10.3.3"' in page and "在清单中查看 10.3.3" in page
    assert '<section class="related"' in page and "相关结果" in page
    assert page.index("duty-card") < page.index('class="result-count"') < page.index('<section class="related"')


# -- the bench, small --------------------------------------------------------------------------

def test_duty_queries_find_the_labelled_documents_on_a_small_split():
    """bench/search_duties.py on the 66-document holdout split: every duty's number, title,
    wording and partial wording; recall@10 of card + related results."""
    sys.path.insert(0, str(REPO))
    from bench.search_duties import run

    result = run("holdout")
    assert result["all"]["with_relevant"] >= 150
    assert result["all"]["recall_at_10"] >= 0.9
    assert result["all"]["card_names_duty"] >= 0.95
    assert result["by_class"]["title"]["card_first"] == 1.0


def test_the_card_says_what_the_checklist_says(home):
    for query in ("8.2", LANDFILL, "7.2.3", "7.2"):
        card = cli_json(home, "search", query)["duty"]
        entries = {e["id"]: e for top in cli_json(home, "checklist")["items"] for e in (top, *top["parts"])}
        entry = entries[card["id"]]
        assert (card["status"], card["reasons"], card["deadline"]) == (entry["status"], entry["reasons"], entry["deadline"])
        assert sorted(f["id"] for f in card["evidence"]) == sorted(entry["evidence"]) and card["evidence_total"] == len(entry["evidence"])
