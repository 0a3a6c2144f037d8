"""Two ingest processes on one home wait their turn; manual tag decisions outlive re-tagging."""

from __future__ import annotations

from conftest import cli_json, run_cli, start_cli_process
from docgen import make_utf8_txt


def test_two_scans_at_once_both_succeed_and_store_each_file_once(home, share):
    for n in range(30):
        make_utf8_txt(share / "统计局" / f"公报{n:02d}.txt", f"统计公报第{n}号，常住人口。")
    procs = [start_cli_process(home, "scan", "--json") for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    docs = cli_json(home, "documents")
    assert len(docs) == 30
    assert sum(len(d["locations"]) for d in docs) == 30
    assert cli_json(home, "search", "统计公报")["total"] == 30


def test_manual_tag_and_untag_survive_retagging_and_reindex(home, share):
    make_utf8_txt(share / "财政局" / "资金报告.txt",
                  "2020年度国家重点生态功能区转移支付资金使用情况报告\n转移支付资金主要用于生态环境保护。")
    cli_json(home, "scan")
    doc = cli_json(home, "documents")[0]
    rule_items = set(doc["items"])
    assert rule_items, "the rules should tag a transfer-payment report"
    removed = sorted(rule_items)[0]
    assert run_cli(home, "untag", str(doc["id"]), removed)[0] == 0
    assert run_cli(home, "tag", str(doc["id"]), "10.2", "--by", "生态环境局张三")[0] == 0
    assert run_cli(home, "reindex", "--retag")[0] == 0
    after = cli_json(home, "show", str(doc["id"]))
    assert removed not in after["items"] and "10.2" in after["items"]
    manual = next(t for t in after["tags"] if t["item"] == "10.2")
    assert manual["source"] == "manual" and "生态环境局张三" in manual["reasons"][0]
    assert [h["id"] for h in cli_json(home, "search", "转移支付", "--item", "10.2")["hits"]] == [doc["id"]]
    assert cli_json(home, "search", "转移支付", "--item", removed)["total"] == 0


def test_tagging_an_unknown_item_is_refused(home, share):
    make_utf8_txt(share / "财政局" / "a.txt", "文件")
    cli_json(home, "scan")
    assert run_cli(home, "tag", "1", "99.9")[0] == 2
