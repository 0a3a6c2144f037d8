"""Accountability over time: what was on file at a deadline, who was late and by how much.

A home whose files arrive over simulated weeks: the test sets the archive's clock before each
delivery (and the files' own times to match), runs the real scan, and then asks about 10-24."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from conftest import cli_json, run_cli
from docgen import make_utf8_txt

from archive import clock

FUND_REPORT = ("2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。"
               "现将资金使用情况报告如下：资金已全部拨付，主要用于生态环境保护和改善民生。\n"
               "融水苗族自治县财政局\n2020年10月15日")
FUND_TABLE = ("2020年重点生态功能区转移支付资金使用情况表（单位：万元）\n项目\t支出\n"
              "县城污水管网改造\t1200\n天然林管护\t860\n合计\t2060\n融水苗族自治县财政局")
LAND_TABLE = ("融水苗族自治县2019年土地利用现状变更调查统计表（单位：公顷）\n国土总面积 466500.12\n"
              "耕地 30012.5\n林地 398000.3\n草地 3100.2\n城镇建设用地 1500.4\n农村居民用地 5200.8\n"
              "河流水面 4800.1\n未利用地 2100.0")
NO_INCIDENT = ("关于2020年度未发生突发环境事件的情况说明\n经核实，我县2020年度未发生突发环境事件。\n特此说明。\n"
               "柳州市融水生态环境局\n2020年10月26日")


def at(text: str) -> datetime:
    """A local time, as the county's clock reads it."""
    return datetime.fromisoformat(text).astimezone()


def deliver(home: Path, when: str, files: dict[str, str]) -> None:
    """Files land in the share at `when` (their mtime too) and the scan runs then."""
    clock.set_clock(at(when))
    for rel, text in files.items():
        path = make_utf8_txt(home / "watch_folders" / rel, text)
        stamp = at(when).timestamp()
        os.utime(path, (stamp, stamp))
    cli_json(home, "scan")


def statuses(checklist: dict) -> dict[str, str]:
    return {e["id"]: e["status"] for top in checklist["items"] for e in (top, *top["parts"])}


@pytest.fixture
def season(home: Path) -> Path:
    """财政局 delivers on 10-05 and 10-24 evening, 自然资源局 on 10-20, 生态环境局 late on 10-27."""
    deliver(home, "2020-10-05T10:00:00", {"财政局/2020年度国家重点生态功能区转移支付资金使用情况报告.txt": FUND_REPORT})
    deliver(home, "2020-10-20T16:30:00", {"自然资源局/融水县2019年土地利用现状变更调查统计表.txt": LAND_TABLE})
    deliver(home, "2020-10-24T20:00:00", {"财政局/2020年重点生态功能区转移支付资金使用情况表.txt": FUND_TABLE})
    deliver(home, "2020-10-27T09:00:00", {"生态环境局/关于2020年度未发生突发环境事件的情况说明.txt": NO_INCIDENT})
    return home


def test_the_state_at_a_past_date_is_rebuilt_from_arrival_times(season):
    now = statuses(cli_json(season, "checklist"))
    on_1020 = statuses(cli_json(season, "checklist", "--as-of", "2020-10-20"))
    on_1024 = cli_json(season, "checklist", "--as-of", "2020-10-24")
    assert on_1024["summary"]["reconstructed"] is True
    s1024 = statuses(on_1024)
    assert now["2.3"] == "present" and s1024["2.3"] == "present"
    assert on_1020["2.3"] == "partial"          # the usage table came on the evening of 10-24
    changed = {k for k in now if now[k] != s1024[k]}
    assert changed and all(k.startswith("10.") for k in changed)   # only the late 生态环境局 file differs
    before_any = statuses(cli_json(season, "checklist", "--as-of", "2020-10-04"))
    assert set(before_any.values()) == {"missing"}


def test_a_snapshot_is_frozen_at_the_deadline_and_later_changes_do_not_touch_it(season):
    from archive.store import Archive

    snaps = {s["phase"]: s for s in cli_json(season, "snapshots")}
    assert set(snaps) == {"deploy", "dept_submit"}       # the 10-27 scan froze 10-24 before ingesting
    frozen = cli_json(season, "snapshots", "--show", "dept_submit")
    assert frozen["as_of"] == "2020-10-24" and frozen["frozen_at"].startswith("2020-10-27")
    assert frozen["checklist"] == cli_json(season, "checklist", "--as-of", "2020-10-24") | {
        "summary": frozen["checklist"]["summary"]}
    before = statuses(frozen["checklist"])
    clock.set_clock(at("2020-11-02T10:00:00"))
    (season / "watch_folders/财政局/2020年重点生态功能区转移支付资金使用情况表.txt").unlink()
    deliver(season, "2020-11-03T10:00:00", {"发改局/县城污水处理厂运行情况报告.txt": "县城污水处理厂2020年运行情况报告。"})
    assert run_cli(season, "reject", "2.1", "--note", "缺少盖章件", "--by", "检查组")[0] == 0
    report = next(d["id"] for d in cli_json(season, "documents") if "使用情况报告" in d["source_path"])
    assert run_cli(season, "untag", str(report), "2.3", "--by", "财政局")[0] == 0
    assert statuses(cli_json(season, "checklist"))["2.3"] == "missing"
    assert statuses(cli_json(season, "checklist", "--as-of", "2020-10-24"))["2.3"] == "present"   # tag history
    assert cli_json(season, "snapshots", "--freeze") == []
    again = cli_json(season, "snapshots", "--show", "dept_submit")
    assert again == frozen and statuses(again["checklist"]) == before
    archive = Archive(season / "var")
    with pytest.raises(Exception, match="frozen"):
        archive.conn.execute("UPDATE snapshots SET data='{}'")
    archive.close()


def test_timeliness_per_department_on_time_late_and_missing(season, tmp_path):
    report = cli_json(season, "timeliness", "--xlsx", str(tmp_path / "t.xlsx"), "--html", str(tmp_path / "t.html"))
    rows = {r["id"]: r for r in report["items"]}
    assert (rows["2.3"]["delivered"], rows["2.3"]["verdict"], rows["2.3"]["days_late"]) == ("2020-10-24", "on_time", 0)
    late = [r for r in report["items"] if r["department"] == "生态环境局" and r["verdict"] == "late"]
    assert late and {(r["delivered"], r["days_late"]) for r in late} == {("2020-10-27", 3)}
    assert all(r["text"] == "逾期3天报送" for r in late)
    depts = {d["department"]: d for d in report["departments"]}
    finance = depts["财政局"]
    assert finance["late"] == 0 and finance["on_time"] >= 1
    assert finance["overdue"] == finance["total"] - finance["on_time"]
    assert depts["生态环境局"]["days_late_max"] == 3
    assert depts["发改局"]["on_time"] == 0 and depts["发改局"]["overdue"] >= 1
    assert depts["财政局"]["responsibility"]["leader"] == "韦树生（县财政局局长）"
    overdue = report["overdue"]
    assert overdue[0]["days_late"] >= overdue[-1]["days_late"]
    assert {r["verdict"] for r in overdue} == {"late", "overdue"} and "2.3" not in {r["id"] for r in overdue}
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "t.xlsx")["部门汇总"]
    assert [c.value for c in sheet[1]][:4] == ["部门", "事项数", "按时", "逾期报送"]
    assert "逾期清单" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_responsibility_from_the_plan_and_evidence_toml_and_the_daily_digest(season):
    with (season / "evidence.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[responsibility]]\ndepartment = "财政局"\nowner = "张明（预算股）"\ncontact = "李红"\n'
                'phone = "0772-5123456"\n\n[[responsibility]]\ndepartment = "财政局"\nitem = "2.3"\n'
                'contact = "王芳"\n')
    resolved = cli_json(season, "responsibility")
    finance = resolved["departments"]["财政局"]
    assert (finance["leader"], finance["owner"], finance["phone"]) == ("韦树生（县财政局局长）", "张明（预算股）", "0772-5123456")
    assert finance["sources"] == {"leader": "plan", "owner": "config", "contact": "config", "phone": "config"}
    assert resolved["items"]["2.3"]["contact"] == "王芳" and resolved["items"]["2.3"]["owner"] == "张明（预算股）"
    digest = cli_json(season, "digest", "--department", "财政局")
    [record] = digest["departments"]
    assert record["department"] == "财政局" and "2.3" not in {g["id"] for g in record["missing"] + record["partial"]}
    assert record["missing"] and all(g["days_left"] < 0 for g in record["missing"] if g["deadline"] == "2020-10-24")
    assert "0772-5123456" in record["text"] and "已逾期" in record["text"]


def test_findings_run_from_inspection_to_closure_and_land_in_the_export(season, tmp_path):
    clock.set_clock(at("2020-11-20T10:00:00"))
    added = cli_json(season, "finding", "add", "2.3", "--finding", "资金使用情况表未加盖公章", "--due", "2020-12-05",
                     "--by", "检查组张工")
    assert (added["status"], added["department"], added["days_left"]) == ("open", "财政局", 15)
    code, _ = run_cli(season, "finding", "close", str(added["id"] + 1), "--by", "x")
    assert code == 2
    assert run_cli(season, "finding", "answer", str(added["id"]), "--by", "财政局")[0] == 2   # no note: refused
    deliver(season, "2020-11-25T15:00:00", {"财政局/整改/2020年重点生态功能区转移支付资金使用情况表（盖章）.txt": FUND_TABLE})
    new_doc = max(d["id"] for d in cli_json(season, "documents"))
    answered = cli_json(season, "finding", "answer", str(added["id"]), "--note", "已补充盖章件", "--doc", str(new_doc),
                        "--by", "财政局李红")
    assert answered["status"] == "answered"
    reopened = cli_json(season, "finding", "reopen", str(added["id"]), "--note", "公章不清晰", "--by", "检查组张工")
    assert reopened["status"] == "open"
    cli_json(season, "finding", "answer", str(added["id"]), "--note", "已重新扫描", "--by", "财政局李红")
    closed = cli_json(season, "finding", "close", str(added["id"]), "--by", "检查组张工")
    assert [e["action"] for e in closed["events"]] == ["open", "answer", "reopen", "answer", "close"]
    assert cli_json(season, "findings", "--status", "closed")[0]["id"] == added["id"]
    assert cli_json(season, "findings", "--department", "发改局") == []
    cli_json(season, "export", str(tmp_path / "pkg"))
    cli_json(season, "export", str(tmp_path / "at1020"), "--as-of", "2020-10-20")
    assert not list((tmp_path / "at1020").rglob("*使用情况表*.txt"))          # it arrived on 10-24
    assert list((tmp_path / "pkg").rglob("*使用情况表*.txt"))
    from openpyxl import load_workbook

    rect = load_workbook(tmp_path / "pkg" / "accountability.xlsx")["整改清单"]
    row = [c.value for c in rect[2]]
    assert row[1:6] == ["2.3", "财政局", "资金使用情况表未加盖公章", "2020-12-05", "已销号"]
    assert "重新打开（检查组张工）：公章不清晰" in row[8]
    manifest = (tmp_path / "pkg" / "manifest.json").read_text(encoding="utf-8")
    assert "accountability.xlsx" in manifest and "timeliness.html" in manifest


def test_an_archive_from_before_the_tag_history_is_backfilled_so_its_past_can_be_read(tmp_path):
    """A home created before migration 0003 keeps its tags: they become the history's first entry."""
    import sqlite3

    from archive.as_of import ArchiveAsOf
    from archive.db import MIGRATIONS, _statements
    from archive.store import Archive

    var = tmp_path / "var"
    var.mkdir()
    conn = sqlite3.connect(var / "archive.sqlite3")
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    before = MIGRATIONS[:[name for name, _ in MIGRATIONS].index("0003_accountability")]
    for name, sql in before:
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
    conn.execute("INSERT INTO documents (id, sha256, size, status, years, doc_type, first_seen, extracted_at)"
                 " VALUES (1, 'ab', 3, 'indexed', '[2020]', '报表', '2020-10-05T02:00:00+00:00',"
                 " '2020-10-05T02:00:05+00:00')")
    conn.execute("INSERT INTO locations (path, department, document_id, size, mtime_ns, first_seen, last_seen)"
                 " VALUES ('财政局/表.txt', '财政局', 1, 3, 0, '2020-10-05T02:00:00+00:00', '2020-10-05T02:00:00+00:00')")
    conn.execute("INSERT INTO tags (document_id, item_id, source, score, reasons, at, deliverables, in_window)"
                 " VALUES (1, '2.3', 'rule', 2.5, '[\"标题命中\"]', '2020-10-05T02:00:06+00:00', '[\"2.3/报表\"]', 1)")
    conn.execute("INSERT INTO tag_overrides VALUES (1, '2.4', 'add', '财政局', NULL, '2020-10-06T02:00:00+00:00')")
    conn.commit()
    conn.close()
    Archive(var).close()                                     # applies 0003
    view = ArchiveAsOf(var, "2020-10-07T00:00:00+00:00")
    tags = view.tags(1)
    assert [(t["item"], t["deliverables"], t["in_window"]) for t in tags] == [("2.3", ["2.3/报表"], True),
                                                                              ("2.4", [], None)]
    assert view.document(1)["doc_type"] == "报表"
    view.move_to("2020-10-05T02:00:05+00:00")                # extracted, not yet tagged
    assert view.tags(1) == [] and view.document(1)["status"] == "indexed"
    view.move_to("2020-10-04T00:00:00+00:00")
    assert view.documents() == []
    view.close()


def test_items_show_the_phases_and_how_the_plans_slips_are_read(home):
    code, out = run_cli(home, "items")
    assert code == 0
    assert "2020-10-24  部门材料报送（当前）" in out and "按正文日期执行" in out
    assert "「2020年11月1日至2020年1月30日」→ 截止日期早于开始日期，理解为2021年1月30日" in out
    first = cli_json(home, "items")[0]
    assert first["phase"]["id"] == "dept_submit" and first["deadline"] == "2020-10-24"
