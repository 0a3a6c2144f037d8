"""Reviewers' corrections teach the archive: documents like a corrected one get a suggested tag,
with the reason, to accept or decline — never applied silently (issue 19)."""

from __future__ import annotations

from conftest import cli_json, run_cli
from docgen import make_utf8_txt

EXAMPLE = ("融水县林下经济示范基地建设验收意见\n2020年9月，县林业局组织对白云乡林下经济示范基地进行验收。基地种植灵芝、"
           "铁皮石斛等林下中药材320亩，配套林区步道3公里，验收组认为建设内容完成，同意通过验收。\n融水苗族自治县林业局")
LIKE_IT = ("融水县林下经济示范基地建设验收意见\n2020年11月，县林业局组织对安陲乡林下经济示范基地进行验收。基地种植灵芝、"
           "铁皮石斛等林下中药材280亩，配套林区步道2公里，验收组认为建设内容完成，同意通过验收。\n融水苗族自治县林业局")
UNLIKE = ("关于开展2020年森林防火宣传月活动的通知\n各乡镇林业站：为做好冬春森林防火工作，定于11月开展宣传月活动，"
          "请各站悬挂横幅、发放宣传单。\n融水苗族自治县林业局")


def doc_ids(home) -> dict[str, int]:
    return {d["source_path"].rsplit("/", 1)[-1]: d["id"] for d in cli_json(home, "documents")}


def test_a_manual_tag_suggests_the_same_duty_for_a_similar_document_only(home, share):
    make_utf8_txt(share / "林业局" / "白云乡林下经济基地验收.txt", EXAMPLE)
    make_utf8_txt(share / "林业局" / "安陲乡林下经济基地验收.txt", LIKE_IT)
    make_utf8_txt(share / "林业局" / "森林防火宣传月通知.txt", UNLIKE)
    cli_json(home, "scan")
    ids = doc_ids(home)
    assert "9.2" not in cli_json(home, "show", str(ids["安陲乡林下经济基地验收.txt"]))["items"]

    cli_json(home, "tag", str(ids["白云乡林下经济基地验收.txt"]), "9.2")
    found = cli_json(home, "suggestions")
    assert [(s["document_id"], s["item"]) for s in found] == [(ids["安陲乡林下经济基地验收.txt"], "9.2")]
    assert found[0]["reason"].startswith("与已人工标注为 9.2 的《白云乡林下经济基地验收.txt》相似")
    # shown, not applied
    assert "9.2" not in cli_json(home, "show", str(ids["安陲乡林下经济基地验收.txt"]))["items"]


def test_accepting_a_suggestion_tags_the_document_and_declining_keeps_it_away(home, share):
    make_utf8_txt(share / "林业局" / "白云乡林下经济基地验收.txt", EXAMPLE)
    make_utf8_txt(share / "林业局" / "安陲乡林下经济基地验收.txt", LIKE_IT)
    make_utf8_txt(share / "林业局" / "香粉乡林下经济基地验收.txt", LIKE_IT.replace("安陲乡", "香粉乡"))
    cli_json(home, "scan")
    ids = doc_ids(home)
    cli_json(home, "tag", str(ids["白云乡林下经济基地验收.txt"]), "9.2")

    cli_json(home, "suggestion", "accept", str(ids["安陲乡林下经济基地验收.txt"]), "9.2", "--by", "韦工")
    tags = cli_json(home, "show", str(ids["安陲乡林下经济基地验收.txt"]))["tags"]
    assert any(t["item"] == "9.2" and t["source"] == "manual" and "韦工" in t["reasons"][0] for t in tags)

    cli_json(home, "suggestion", "decline", str(ids["香粉乡林下经济基地验收.txt"]), "9.2", "--by", "韦工")
    assert cli_json(home, "suggestions", "--refresh") == []


def test_answering_a_suggestion_that_does_not_exist_is_refused(home, share):
    make_utf8_txt(share / "林业局" / "森林防火宣传月通知.txt", UNLIKE)
    cli_json(home, "scan")
    code, _ = run_cli(home, "suggestion", "accept", str(doc_ids(home)["森林防火宣传月通知.txt"]), "9.2")
    assert code == 2
