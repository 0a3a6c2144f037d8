"""Inspectors accept or send back a duty; the latest decision is what the checklist shows."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli_json, run_cli
from docgen import make_utf8_txt

from archive.store import Archive

FUND_REPORT = ("2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。"
               "现将资金使用情况报告如下：资金已全部拨付。\n融水苗族自治县财政局\n2020年10月15日")


def status(home: Path, item_id: str) -> dict:
    data = cli_json(home, "checklist", "--as-of", "2020-10-20")
    return next(e for top in data["items"] for e in (top, *top["parts"]) if e["id"] == item_id)


def with_fund_report(home: Path, share: Path) -> int:
    make_utf8_txt(share / "财政局" / "2020年度国家重点生态功能区转移支付资金使用情况报告.txt", FUND_REPORT)
    cli_json(home, "scan")
    return cli_json(home, "documents")[0]["id"]


def test_verifying_a_duty_marks_it_verified_with_who_and_why(home, share):
    doc = with_fund_report(home, share)
    cli_json(home, "verify", "2.3", "--doc", str(doc), "--note", "与财政决算一致", "--by", "韦检查")
    entry = status(home, "2.3")
    assert entry["status"] == "verified"
    assert entry["verified_by"]["actor"] == "韦检查"
    assert entry["verified_by"]["note"] == "与财政决算一致"
    assert entry["verified_by"]["document_id"] == doc
    assert entry["reasons"][0].startswith("已核验（韦检查，")


def test_a_rejection_returns_a_present_duty_to_partial_with_the_note_as_reason(home, share):
    with_fund_report(home, share)
    cli_json(home, "reject", "2.3", "--note", "缺少资金拨付凭证", "--by", "黄组长")
    entry = status(home, "2.3")
    assert entry["status"] == "partial"
    assert entry["reasons"][0].startswith("核查退回（黄组长，") and entry["reasons"][0].endswith("：缺少资金拨付凭证")


def test_a_later_verification_wins_over_an_earlier_rejection(home, share):
    with_fund_report(home, share)
    cli_json(home, "reject", "2.3", "--note", "缺少资金拨付凭证")
    cli_json(home, "verify", "2.3", "--note", "已补充凭证")
    assert status(home, "2.3")["status"] == "verified"


def test_a_later_rejection_wins_over_an_earlier_verification(home, share):
    with_fund_report(home, share)
    cli_json(home, "verify", "2.3")
    cli_json(home, "reject", "2.3", "--note", "数据与统计局口径不一致")
    entry = status(home, "2.3")
    assert entry["status"] == "partial" and entry["verified_by"] is None


def test_the_history_lists_every_review_in_order_and_filters_by_item(home, share):
    with_fund_report(home, share)
    cli_json(home, "reject", "2.3", "--note", "缺少凭证", "--by", "甲")
    cli_json(home, "verify", "2.3", "--by", "乙")
    cli_json(home, "reject", "10.2", "--by", "丙", "--note", "未盖章")
    every = cli_json(home, "reviews")
    assert [(r["item"], r["action"], r["actor"], r["note"]) for r in every] == [
        ("2.3", "reject", "甲", "缺少凭证"), ("2.3", "verify", "乙", None), ("10.2", "reject", "丙", "未盖章")]
    assert all(r["at"] for r in every)
    assert [r["actor"] for r in cli_json(home, "reviews", "--item", "2.3")] == ["甲", "乙"]


def test_every_review_is_written_to_the_audit_log(home, share):
    doc = with_fund_report(home, share)
    cli_json(home, "verify", "2.3", "--doc", str(doc), "--by", "韦检查", "--note", "核对无误")
    cli_json(home, "reject", "10.2", "--by", "黄组长", "--note", "未盖章")
    archive = Archive(home / "var")
    try:
        rows = archive.conn.execute("SELECT actor, action, detail FROM audit WHERE action LIKE 'review.%' ORDER BY id")
        logged = [(r["actor"], r["action"], json.loads(r["detail"])) for r in rows]
    finally:
        archive.close()
    assert logged == [("韦检查", "review.verify", {"item": "2.3", "document": doc, "note": "核对无误"}),
                      ("黄组长", "review.reject", {"item": "10.2", "document": None, "note": "未盖章"})]


def test_a_rejection_of_a_missing_duty_makes_it_partial_with_the_note(home):
    cli_json(home, "reject", "5.1", "--note", "请水利局提供水土流失面积数据")
    entry = status(home, "5.1")
    assert entry["status"] == "partial" and entry["reasons"][0].endswith("请水利局提供水土流失面积数据")


def test_a_verified_part_does_not_verify_its_parent_on_its_own(home, share):
    make_utf8_txt(share / "生态环境局" / "突发环境事件情况说明.txt",
                  "关于2020年度未发生突发环境事件的情况说明\n经核实，我县2020年度未发生突发环境事件。\n融水苗族自治县生态环境局")
    cli_json(home, "scan")
    cli_json(home, "verify", "10.3.5", "--note", "情况说明属实")
    assert status(home, "10.3.5")["status"] == "verified"
    parent = status(home, "10.3")
    assert parent["status"] == "partial"
    assert "子项缺失：10.3.1 农村环境连片整治项目、台账和统计" in parent["reasons"]


def test_reviews_of_an_unknown_item_are_refused_with_exit_2(home):
    assert run_cli(home, "verify", "11.1", "--note", "x")[0] == 2
    assert run_cli(home, "reject", "10.9", "--note", "x")[0] == 2
    assert run_cli(home, "reviews", "--item", "99.1")[0] == 2
    assert cli_json(home, "reviews") == []


def test_a_review_naming_an_unknown_document_is_refused_with_exit_2(home):
    assert run_cli(home, "verify", "2.3", "--doc", "999")[0] == 2
    assert cli_json(home, "reviews") == []


def test_a_rejection_needs_a_reason(home):
    assert run_cli(home, "reject", "2.3", "--note", "   ")[0] == 2
    assert cli_json(home, "reviews") == []
