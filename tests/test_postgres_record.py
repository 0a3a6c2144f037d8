"""PostgreSQL as the system of record (`[cluster] system_of_record = "postgresql"`): the same
files, the same commands, the same answers as the embedded SQLite archive.

Every test builds twin homes — one embedded, one whose records live in PostgreSQL (a database of
its own, the county's schema in it) — fills both shares alike, runs the same commands on both and
compares what they print, time stamps aside (the twins run a moment apart). The server is the
session's real PostgreSQL (tests/postgres_fixtures.py)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import cli_json, make_home, record_settings, run_cli
from docgen import make_docx, make_scan_png, make_text_pdf, make_utf8_txt, make_xlsx

from archive import clock

pytestmark = pytest.mark.cluster

FUND = "2020年度国家重点生态功能区转移支付资金使用情况报告.txt"
FUND_REPORT = ("2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。"
               "现将资金使用情况报告如下：资金已全部拨付。\n融水苗族自治县财政局\n2020年10月15日")
INCIDENTS = "突发环境事件情况说明.txt"
PLANT = "2020/污水处理厂运行情况报告.pdf"
DURATIONS = ("seconds",)  # how long a scan took
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?")


def fill_share(share: Path) -> None:
    """Files of every kind the extractors read without a converter: text, Word, PDF, Excel and
    one stamped scan (OCR lines and layout are stored as JSON)."""
    make_utf8_txt(share / "财政局" / FUND, FUND_REPORT)
    make_docx(share / "财政局" / "2020" / "关于下达2020年重点生态功能区转移支付资金的通知.docx",
              ["关于下达2020年国家重点生态功能区转移支付资金的通知", "转移支付资金纳入政府公共预算管理，专款专用。"])
    make_text_pdf(share / "住建局" / PLANT, ["融水县城污水处理厂2020年运行情况报告", "城镇生活污水处理率达到95%。"])
    make_xlsx(share / "统计局" / "2019年县域基本情况表.xlsx", {"基本情况": [
        ["2019年县域基本情况表"], ["指标", "计量单位", "2019年"], ["化肥施用量", "吨", 3560], ["耕地面积", "公顷", 41235.7]]})
    make_utf8_txt(share / "生态环境局" / INCIDENTS, "经核实，2020年我县未发生突发环境事件。\n特此说明。")
    make_scan_png(share / "水利局" / "河长制巡河情况说明.png",
                  ["关于2020年度河长制巡河工作的情况说明", "经核实，全县河道巡查记录完整。", "特此说明。"],
                  dpi=200, page_size_mm=(148, 105))


@pytest.fixture
def twins(tmp_path: Path, postgres) -> tuple[Path, Path]:
    """(embedded, on PostgreSQL): two fresh homes with the same files in their shares."""
    embedded = make_home(tmp_path / "embedded")
    clustered = make_home(tmp_path / "clustered", settings=record_settings(postgres))
    fill_share(embedded / "watch_folders")  # once, then copied: a Word file carries the second it was made
    shutil.copytree(embedded / "watch_folders", clustered / "watch_folders", dirs_exist_ok=True)
    return embedded, clustered


def timeless(value):
    """A command's JSON with every time stamp replaced and durations left out: the twins run a
    moment apart."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in DURATIONS}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    if isinstance(value, str):
        return _STAMP.sub("<time>", value)
    return value


def on_both(twins: tuple[Path, Path], run) -> list:
    """`run(home)` on each twin from the same instant: the archive's clock is set to a whole
    second a little ahead for each, so whether two events share a second (which decides, say,
    whether a review came after a change) is the same in both."""
    start = clock.now().replace(microsecond=0) + timedelta(seconds=5)
    answers = []
    for home in twins:
        clock.set_clock(start)
        answers.append(run(home))
    return answers


def same_on_both(twins: tuple[Path, Path], *args: str):
    """Run one command with `--json` on both homes; they must answer alike. Returns the answer."""
    embedded, clustered = on_both(twins, lambda home: cli_json(home, *args))
    assert timeless(clustered) == timeless(embedded), (args, differences(timeless(embedded), timeless(clustered)))
    return clustered


def differences(a, b, where: str = "") -> list[str]:
    """Where two JSON values differ, for the failure message."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {str(a)[:300]} != {str(b)[:300]}"]


def act_on_both(twins: tuple[Path, Path], *args: str) -> None:
    """Run one command that changes the archive, on both homes."""
    for code, out in on_both(twins, lambda home: run_cli(home, *args)):
        assert code == 0, out


def documents_and_details(twins: tuple[Path, Path]) -> list[dict]:
    docs = same_on_both(twins, "documents")
    for doc in docs:
        same_on_both(twins, "show", str(doc["id"]))
    return docs


def test_the_records_live_in_postgresql_and_no_sqlite_file_is_made(twins):
    embedded, clustered = twins
    assert (embedded / "var" / "archive.sqlite3").exists()
    assert not (clustered / "var" / "archive.sqlite3").exists()
    same_on_both(twins, "scan")
    assert not (clustered / "var" / "archive.sqlite3").exists()
    assert any((clustered / "var" / "blobs").rglob("*")), "blobs stay in the home's blob store"


def test_a_scan_records_the_same_documents_pages_and_tags(twins):
    report = same_on_both(twins, "scan")
    assert report["failed"] == 0
    docs = documents_and_details(twins)
    assert len(docs) == 6 and all(d["status"] == "indexed" for d in docs)
    by_name = {Path(d["source_path"]).name: d for d in docs}
    assert "2.3" in by_name[FUND]["items"]
    scan = cli_json(twins[1], "show", str(by_name["河长制巡河情况说明.png"]["id"]))
    assert scan["ocr"] and scan["page_texts"][0]["lines"], "OCR lines and layout come back from PostgreSQL"


def test_the_checklist_and_the_timeliness_are_the_same(twins):
    same_on_both(twins, "scan")
    checklist = same_on_both(twins, "checklist")
    statuses = {e["id"]: e["status"] for top in checklist["items"] for e in (top, *top["parts"])}
    assert statuses["2.3"] != "missing" and "missing" in statuses.values()
    same_on_both(twins, "checklist", "--department", "财政局")
    same_on_both(twins, "timeliness")
    same_on_both(twins, "digest")


def test_a_new_version_and_a_removal_keep_the_history_alike(twins, assessment_clock):
    same_on_both(twins, "scan")
    assessment_clock.set_clock(assessment_clock.parse_setting("2020-10-18T10:00:00+08:00"))
    for home in twins:
        share = home / "watch_folders"
        make_utf8_txt(share / "财政局" / FUND, FUND_REPORT.replace("5860万元", "5980万元"))  # a new version
        (share / "生态环境局" / INCIDENTS).unlink()  # a removal
    report = same_on_both(twins, "scan")
    assert report["failed"] == 0
    docs = documents_and_details(twins)
    fund_versions = [d for d in docs if any(loc["path"] == f"财政局/{FUND}" for loc in d["locations"])]
    assert sorted(loc["state"] for d in fund_versions for loc in d["locations"]) == ["current", "superseded"]
    assert not next(d for d in docs if d["source_path"].endswith(INCIDENTS))["in_share"]
    same_on_both(twins, "checklist")
    same_on_both(twins, "checklist", "--as-of", "2020-10-16")  # rebuilt from the history (TEMP tables)
    same_on_both(twins, "timeliness", "--as-of", "2020-10-20")


def test_reviews_manual_tags_and_findings_are_the_same(twins):
    same_on_both(twins, "scan")
    fund = next(d for d in cli_json(twins[0], "documents") if d["source_path"].endswith(FUND))["id"]
    act_on_both(twins, "verify", "2.3", "--doc", str(fund), "--note", "与财政决算一致", "--by", "韦检查")
    act_on_both(twins, "reject", "10.2", "--note", "未盖章", "--by", "黄组长")
    act_on_both(twins, "tag", str(fund), "2.1")
    act_on_both(twins, "untag", str(fund), "2.3")
    act_on_both(twins, "finding", "add", "2.3", "--finding", "缺少拨付凭证", "--due", "2020-10-30", "--by", "黄组长")
    act_on_both(twins, "finding", "answer", "1", "--note", "已补充凭证", "--doc", str(fund))
    reviews = same_on_both(twins, "reviews")
    assert [(r["item"], r["action"], r["actor"]) for r in reviews] == [("2.3", "verify", "韦检查"),
                                                                       ("10.2", "reject", "黄组长")]
    same_on_both(twins, "reviews", "--item", "2.3")
    same_on_both(twins, "findings")
    same_on_both(twins, "show", str(fund))
    checklist = same_on_both(twins, "checklist")
    entry = next(e for top in checklist["items"] for e in (top, *top["parts"]) if e["id"] == "10.2")
    assert entry["status"] != "verified"


def test_a_frozen_snapshot_cannot_be_rewritten_on_postgresql_either(twins, assessment_clock):
    same_on_both(twins, "scan")
    assessment_clock.set_clock(assessment_clock.parse_setting("2020-11-20T10:00:00+08:00"))
    frozen = same_on_both(twins, "snapshots")
    assert frozen and all(s["phase"] for s in frozen)
    from archive.store import Archive
    from spine.config import load_config

    archive = Archive.of(load_config(twins[1]))
    try:
        with pytest.raises(Exception, match="snapshots are frozen"):
            archive.conn.execute("UPDATE snapshots SET data = '{}'")
        with pytest.raises(Exception, match="snapshots are frozen"):
            archive.conn.execute("DELETE FROM snapshots")
    finally:
        archive.close()


def test_two_counties_in_one_database_keep_their_records_apart(tmp_path, postgres):
    settings = record_settings(postgres, county="甲县")
    first = make_home(tmp_path / "first", settings=settings)
    second = make_home(tmp_path / "second", settings=settings.replace("甲县", "乙县"))
    make_utf8_txt(first / "watch_folders" / "财政局" / FUND, FUND_REPORT)
    cli_json(first, "scan")
    assert len(cli_json(first, "documents")) == 1
    assert cli_json(second, "documents") == []


@pytest.mark.parametrize("value, message", [
    ('"mysql"', '可选值为 "sqlite"、"postgresql"'),
    ("true", '可选值为 "sqlite"、"postgresql"'),
])
def test_an_unknown_system_of_record_is_a_configuration_error(tmp_path, capsys, value, message):
    home = tmp_path / "home"
    home.mkdir()
    (home / "evidence.toml").write_text(
        f'[cluster]\ndatabase_url = "postgresql://db.example/evidence"\ncounty = "测试县"\nsystem_of_record = {value}\n',
        encoding="utf-8")
    assert run_cli(home, "documents", "--json")[0] == 3
    assert f"system_of_record = {value} 无效：{message}" in capsys.readouterr().err


def test_postgresql_as_system_of_record_needs_a_database_and_a_short_county(tmp_path, capsys):
    home = tmp_path / "home"
    home.mkdir()
    config = home / "evidence.toml"
    config.write_text('[cluster]\nsystem_of_record = "postgresql"\n', encoding="utf-8")
    assert run_cli(home, "documents", "--json")[0] == 3
    assert "需要 database_url 和 county" in capsys.readouterr().err
    config.write_text(f'[cluster]\ndatabase_url = "postgresql://db.example/evidence"\ncounty = "{"县" * 22}"\n'
                      'system_of_record = "postgresql"\n', encoding="utf-8")
    assert run_cli(home, "documents", "--json")[0] == 3
    assert "最多 63 字节" in capsys.readouterr().err
    config.write_text('[cluster]\nsystem_of_record = "sqlite"\n', encoding="utf-8")
    assert run_cli(home, "documents", "--json")[0] == 0
    shutil.rmtree(home / "var", ignore_errors=True)


def test_accounts_figures_responsibilities_suggestions_and_the_package_are_the_same(twins, tmp_path):
    same_on_both(twins, "scan")
    act_on_both(twins, "user", "add", "韦检查", "--role", "inspector", "--password", "Zhiliang-2020-jc")
    act_on_both(twins, "user", "add", "财政张", "--role", "department", "--department", "财政局",
                "--password", "Caizheng-2020-zz")
    act_on_both(twins, "user", "disable", "财政张")
    users = same_on_both(twins, "user", "list")
    assert [(u["name"], u["disabled"]) for u in users] == [("韦检查", False), ("财政张", True)]
    same_on_both(twins, "consistency")
    same_on_both(twins, "responsibility")
    same_on_both(twins, "suggestions", "--refresh")
    manifests = []
    for home in twins:
        code, out = run_cli(home, "export", str(tmp_path / "out" / home.name))
        assert code == 0, out
        manifests.append(timeless(json.loads((tmp_path / "out" / home.name / "manifest.json").read_text(encoding="utf-8"))))
    assert manifests[0] == manifests[1]


def test_migrate_copies_a_scanned_home_into_postgresql_without_loss(tmp_path, postgres, capsys):
    home = make_home(tmp_path / "home")
    fill_share(home / "watch_folders")
    cli_json(home, "scan")
    fund = next(d for d in cli_json(home, "documents") if d["source_path"].endswith(FUND))["id"]
    cli_json(home, "verify", "2.3", "--doc", str(fund), "--note", "与财政决算一致", "--by", "韦检查")
    assert run_cli(home, "finding", "add", "2.3", "--finding", "缺少拨付凭证", "--due", "2020-10-30")[0] == 0
    before = {args: cli_json(home, *args) for args in (("documents",), ("checklist",), ("reviews",), ("findings",))}
    settings = record_settings(postgres, county="融水苗族自治县")
    url = re.search(r'database_url = "([^"]+)"', settings).group(1)

    report = cli_json(home, "migrate", "--to", url, "--county", "融水苗族自治县")
    assert report["ok"] and report["blobs_checked"] == 6 and report["blobs_bad"] == []
    assert report["tables"]["documents"] == {"sqlite": 6, "postgresql": 6}
    assert all(t["sqlite"] == t["postgresql"] for t in report["tables"].values())
    code, out = run_cli(home, "migrate", "--to", url, "--county", "融水苗族自治县")
    assert code == 4 and "已有档案记录" in capsys.readouterr().err  # a second copy would mix two archives

    with (home / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write(settings)
    (home / "var" / "archive.sqlite3").rename(home / "var" / "archive.sqlite3.migrated")
    assert run_cli(home, "init")[0] == 0 and run_cli(home, "reindex")[0] == 0  # search moves to PostgreSQL too
    for args, answer in before.items():
        assert cli_json(home, *args) == answer, args
    assert run_cli(home, "reject", "10.2", "--note", "未盖章")[0] == 0  # the next id follows the copied ones
    assert [r["id"] for r in cli_json(home, "reviews")] == [1, 2]
    assert cli_json(home, "search", "转移支付")["total"] >= 1


def test_migrate_refuses_a_url_that_is_not_postgresql(home, capsys):
    assert run_cli(home, "migrate", "--to", "mysql://db/evidence", "--county", "测试县")[0] == 3
    assert "须为 postgresql:// 地址" in capsys.readouterr().err


def test_first_openings_at_once_make_one_schema_and_record_each_migration_once(tmp_path, postgres):
    from concurrent.futures import ThreadPoolExecutor

    from archive.db import MIGRATIONS
    from archive.sql import PostgresRecord
    from archive.store import Archive

    url = re.search(r'database_url = "([^"]+)"', record_settings(postgres)).group(1)
    record = PostgresRecord(url, "同时打开县")
    with ThreadPoolExecutor(4) as pool:
        opened = list(pool.map(lambda n: Archive(tmp_path / f"var{n}", record), range(4)))
    try:
        names = [r["name"] for r in opened[0].conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert names == sorted(name for name, _ in MIGRATIONS)
    finally:
        for archive in opened:
            archive.close()


def test_two_machines_of_one_county_take_turns_with_the_ingest_lock(tmp_path, postgres):
    """Each machine has a var/ of its own (its flock guards only itself): the county's advisory
    lock on PostgreSQL is what keeps a worker's indexing and another machine's scan apart."""
    from spine.config import load_config
    from archive.county_lock import home_lock

    first = make_home(tmp_path / "first", settings=record_settings(postgres, county="锁县"))
    second = tmp_path / "second"
    second.mkdir()
    (second / "evidence.toml").write_bytes((first / "evidence.toml").read_bytes())
    one, other = load_config(first), load_config(second)
    with home_lock(one) as held:
        assert held
        with home_lock(other, timeout=0.3) as held_elsewhere:
            assert not held_elsewhere
    with home_lock(other, timeout=0) as held_elsewhere:
        assert held_elsewhere
