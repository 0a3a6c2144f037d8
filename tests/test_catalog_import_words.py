"""Rules drafted from a duty's own words (`evidence catalog import --no-reuse`), as a county whose
duties match no base duty gets them: whole words from the base vocabulary, one rule per thing a
duty asks for, an enumeration's items as co-occurring groups, and tagging that the labelled
development splits measure (the split files under tests/tagging_set, through the real CLI)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from archive.catalog import load_catalog
from test_catalog_import import _import, plan_file  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[1]
DEV_SPLITS = {"tune", "holdout", "blind", "dev", "blind2-dev", "blind3", "blind4", "realpub1-dev", "realpub2"}


def _leaves(data: dict) -> dict[str, dict]:
    return {p["id"]: p for it in data["items"] for p in (it.get("parts") or [it])}


def _alternatives(rule: dict) -> list[str]:
    return [a for key in ("all", "title") for group in rule.get(key, []) for a in group.split("|")]


def test_rules_from_words_keep_words_whole(tmp_path, plan_file):  # noqa: F811
    data = tomllib.loads(_import(tmp_path, plan_file, "--no-reuse").read_text(encoding="utf-8"))
    leaves = _leaves(data)
    every = {a for p in leaves.values() for r in p["rules"] for a in _alternatives(r)}
    for debris in ("区转移支", "移支付资", "付资金纳", "源展开定", "害化", "线监控", "年生态"):
        assert debris not in every, debris
    for word in ("转移支付", "渗滤液", "突发环境事件", "国控", "水田", "旱地"):
        assert word in every, word
    assert not any("桂环办函" in a for a in every)  # a cited document's number is not what is asked for


def test_rules_from_words_follow_what_the_duty_asks(tmp_path, plan_file):  # noqa: F811
    leaves = _leaves(tomllib.loads(_import(tmp_path, plan_file, "--no-reuse").read_text(encoding="utf-8")))
    # an enumeration of indicators: each item its own group, all present
    assert {"all": ["水田", "旱地"]} in leaves["6.1"]["rules"]
    # 「决议文件和专项转移支付资金相关材料」: two things, two sets of rules, never both in one rule
    groups = [set(_alternatives(r)) for r in leaves["2.2"]["rules"]]
    assert any("人大" in g for g in groups) and any("转移支付" in g for g in groups)
    assert not any("人大" in g and "转移支付" in g for g in groups)
    # a department's self-check takes all three self-check templates
    assert [r["use"] for r in leaves["3.4"]["rules"] if "use" in r] == ["self_report", "dept_self_check",
                                                                        "self_summary"]
    # a project duty naming two words of a base subject also accepts a title in that subject's words
    assert any(r.get("title") == ["@beautiful_village"] and "all" not in r for r in leaves["6.4"]["rules"])
    # items written with one known word (县域总人口, 城镇总人口) are one thing: two of its ways together
    ways = next(r for r in leaves["7.2.2"]["rules"] if r.get("min_distinct") == 2)
    assert {"县域总人口", "人口", "城镇总人口"} <= set(ways["all"][0].split("|")), ways
    # a return of indicators is the reporting department's own (others report overlapping figures)
    assert leaves["6.1"].get("scope") == "owner" and leaves["9.1"].get("scope") == "owner"
    # a department the duty names (「配合财政局梳理…」) is a partner, not what documents are about
    assert not any(a.startswith("财政") for r in leaves["10.4"]["rules"] for a in _alternatives(r))
    # a title naming one word of the duty is not evidence when the duty has anything stronger
    assert not any(list(r) == ["title"] and not r["title"][0].startswith("@")
                   for p in leaves.values() for r in p["rules"] if len(p["rules"]) > 1)


def test_rules_from_words_tell_sibling_duties_apart(tmp_path, plan_file):  # noqa: F811
    """The finance duties all say 转移支付 and 资金; the housing duties 4.2 (村 projects) and 4.3 (乡镇
    sewage plants) both fit the rural-environment subject. A fallback rule does not rest on words two
    duties name together, and a loose rule (a subject's title, two of three words, a kind's title) is
    vetoed by a title naming what a sibling duty of the same department alone asks for."""
    leaves = _leaves(tomllib.loads(_import(tmp_path, plan_file, "--no-reuse").read_text(encoding="utf-8")))
    assert not any(sorted(r.get("all", [])) == ["资金", "转移支付"] for r in leaves["2.2"]["rules"])
    # 「专项转移支付资金相关材料」 names a known thing: its allocation notices, not any finance paper
    assert any("下达" in r.get("title", [""])[0].split("|") for r in leaves["2.2"]["rules"])
    subject = next(r for r in leaves["4.2"]["rules"] if r.get("title") == ["@rural_env"])
    assert "污水处理设施" in subject["none_title"][0].split("|")
    assert not any("none_title" in r for r in leaves["4.3"]["rules"] if len(r.get("all", [])) == 3)
    vetoes = {a for r in leaves["2.1"]["rules"] for v in r.get("none_title", []) for a in v.split("|")}
    assert "大气污染防治" in vetoes and not vetoes & {"转移支付", "资金", "预算"}


def test_rules_from_words_tag_the_development_splits(tmp_path, plan_file):  # noqa: F811
    sys.path.insert(0, str(REPO))
    from bench.tagging_quality import evaluate, load_set

    path = _import(tmp_path, plan_file, "--no-reuse")
    records = [r for r in load_set() if r.split in DEV_SPLITS]
    report = evaluate(records, load_catalog(path))
    assert report.by_split["all"].f1 >= 0.71, report.by_split["all"].f1


# Splits read to tune the hand-written catalog's duty rules after the importer's vocabulary was
# written (session 8: rounds eleven and thirteen): the imported catalog never had the chance to learn from them.
READ_FOR_THE_HAND_CATALOG_ONLY = {"blind8", "blind10"}


def test_imported_catalog_keeps_the_quality_it_had_when_issue_17_closed(tmp_path, plan_file, labelled_set):  # noqa: F811
    """Issue 17 closed with a catalog drafted from the plan's words alone tagging the labelled set at
    F1 0.841 against the hand-written catalog's 0.887 (within its 0.05 bar). The hand-written catalog
    has since learnt from batches the importer never saw (rounds 11–13) and the gap is now 0.05–0.06
    (README, *Importing another county's plan*): that bar is tracked there, not here. This keeps the
    importer itself from falling back, both catalogs measured in the same run."""
    bench, records, hand_report = labelled_set
    records = [r for r in records if r.split not in READ_FOR_THE_HAND_CATALOG_ONLY]
    drafted = bench.evaluate(records, load_catalog(_import(tmp_path, plan_file, "--no-reuse"))).by_split["all"].f1
    hand = bench.pooled(hand_report, {r.split for r in records}).f1
    assert drafted >= 0.83, (drafted, hand)
