"""The checklist tells, duty by duty, whether the county has the evidence, and why it thinks so."""

from __future__ import annotations

from pathlib import Path

from conftest import cli_json, run_cli
from docgen import make_utf8_txt

from archive.catalog import load_catalog

AS_OF = "2020-10-20"
FUND_REPORT_2020 = (
    "2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。"
    "现将资金使用情况报告如下：资金已全部拨付，主要用于生态环境保护和改善民生。\n"
    "融水苗族自治县财政局\n2020年10月15日")
LAND_CHANGE_CHECK = (
    "对遥感监测发现的局部地表变化图斑逐一进行了实地核实，变化原因主要为道路建设和农户建房。\n特此说明。\n"
    "融水苗族自治县自然资源和规划局\n2020年10月12日")


def checklist(home: Path, *args: str) -> dict[str, dict]:
    """Entries by id, parts included."""
    data = cli_json(home, "checklist", "--as-of", AS_OF, *args)
    return {e["id"]: e for top in data["items"] for e in (top, *top["parts"])}


def fund_report(share: Path, folder: str = "财政局") -> Path:
    return make_utf8_txt(share / folder / "2020年度国家重点生态功能区转移支付资金使用情况报告.txt", FUND_REPORT_2020)


def fund_papers(share: Path, folder: str = "财政局") -> list[Path]:
    """Both things duty 2.3 asks for: the usage report and the usage table."""
    table = make_utf8_txt(share / folder / "2020年重点生态功能区转移支付资金使用情况表.txt",
                          "2020年重点生态功能区转移支付资金使用情况表（单位：万元）\n项目\t支出\n"
                          "县城污水管网改造\t1200\n天然林管护\t860\n合计\t2060\n融水苗族自治县财政局")
    return [fund_report(share, folder), table]


def land_use_table(share: Path) -> Path:
    return make_utf8_txt(share / "自然资源局" / "融水县2019年土地利用现状变更调查统计表.txt",
                         "融水苗族自治县2019年土地利用现状变更调查统计表（单位：公顷）\n国土总面积 466500.12\n"
                         "耕地 30012.5\n林地 398000.3\n草地 3100.2\n城镇建设用地 1500.4\n农村居民用地 5200.8\n"
                         "河流水面 4800.1\n未利用地 2100.0")


def test_an_empty_archive_lists_every_duty_of_the_plan_as_missing(home):
    data = cli_json(home, "checklist")
    assert [e["id"] for e in data["items"]] == [i.id for i in load_catalog().items]
    assert len(data["items"]) == 43
    assert {e["status"] for e in data["items"]} == {"missing"}
    first = data["items"][0]
    assert (first["department"], first["title"], first["evidence"]) == ("发改局", "产业准入负面清单及公示", [])
    assert first["reasons"] == ["未找到标注到本事项的材料"]


def test_in_window_evidence_of_an_expected_type_makes_a_duty_present(home, share):
    fund_papers(share)
    cli_json(home, "scan")
    ids = sorted(d["id"] for d in cli_json(home, "documents"))
    entry = checklist(home)["2.3"]
    assert entry["status"] == "present"
    assert entry["evidence"] == ids
    assert "2020年度国家重点生态功能区转移支付资金使用情况报告.txt" in entry["reasons"][0]
    assert {d["key"]: d["status"] for d in entry["deliverables"]} == {"2.3/报表": "present", "2.3/报告": "present"}


def test_half_of_what_a_duty_asks_for_is_partial_and_names_the_missing_half(home, share):
    fund_report(share)
    cli_json(home, "scan")
    entry = checklist(home)["2.3"]
    assert entry["status"] == "partial"
    assert entry["reasons"][0] == "缺少：2020年生态转移支付资金使用情况报表"


def test_content_decides_so_a_file_in_another_departments_folder_still_counts(home, share):
    fund_papers(share, folder="生态环境局")
    cli_json(home, "scan")
    assert checklist(home)["2.3"]["status"] == "present"


def test_evidence_only_about_years_outside_the_window_is_partial_and_names_the_years(home, share):
    make_utf8_txt(share / "住建局" / "县城生活污水处理率核算说明.txt",
                  "2017年县城建成区生活污水排放总量为365万吨，收集总量为310万吨，污水处理厂达标排放量为300万吨，"
                  "城镇生活污水处理率为82.2%。\n特此说明。\n融水苗族自治县住房和城乡建设局\n2018年1月10日")
    cli_json(home, "scan")
    entry = checklist(home)["4.1"]
    assert entry["status"] == "partial"
    assert entry["reasons"][0].startswith("仅有考核期外年份的材料")
    assert "2017年" in entry["reasons"][0] and "本事项需要2019年的材料" in entry["reasons"][0]


def test_a_duty_whose_only_file_cannot_be_read_is_partial_with_the_error(home, share):
    target = share / "城管局" / "2020年县城生活垃圾清运及无害化处理情况统计表.xlsx"
    target.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # an interrupted copy
    cli_json(home, "scan")
    entry = checklist(home)["8.1"]
    assert entry["status"] == "partial"
    assert entry["reasons"][0].startswith("仅有无法读取的文件：")
    assert "2020年县城生活垃圾清运及无害化处理情况统计表.xlsx" in entry["reasons"][0]


def test_a_compound_duty_stays_partial_until_every_part_has_evidence(home, share):
    land_use_table(share)
    cli_json(home, "scan")
    entries = checklist(home)
    assert [entries[p]["status"] for p in ("3.1.1", "3.1.2", "3.1.3", "3.1.4")] == ["present"] * 3 + ["missing"]
    assert entries["3.1"]["status"] == "partial"
    assert entries["3.1"]["reasons"] == ["子项缺失：3.1.4 局部地表变化核实与原因分析"]
    make_utf8_txt(share / "自然资源局" / "2020年局部地表变化图斑核实情况说明.txt", LAND_CHANGE_CHECK)
    cli_json(home, "scan")
    assert checklist(home)["3.1"]["status"] == "present"


def test_a_compound_duty_collects_the_evidence_of_its_parts(home, share):
    land_use_table(share)
    cli_json(home, "scan")
    doc = cli_json(home, "documents")[0]
    assert checklist(home)["3.1"]["evidence"] == [doc["id"]]


def test_a_file_deleted_from_the_share_no_longer_counts(home, share):
    papers = fund_papers(share)
    cli_json(home, "scan")
    assert checklist(home)["2.3"]["status"] == "present"
    papers[1].unlink()
    cli_json(home, "scan")
    assert checklist(home)["2.3"]["status"] == "partial"
    papers[0].unlink()
    cli_json(home, "scan")
    assert checklist(home)["2.3"]["status"] == "missing"


def test_the_department_filter_takes_the_folder_name_or_the_number(home):
    by_name = cli_json(home, "checklist", "--department", "财政局")
    by_number = cli_json(home, "checklist", "--department", "2")
    assert [e["id"] for e in by_name["items"]] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert by_number["items"] == by_name["items"]
    assert list(by_name["summary"]["by_department"]) == ["财政局"]


def test_an_unknown_department_is_a_usage_error(home):
    code, _ = run_cli(home, "checklist", "--department", "宣传部", "--json")
    assert code == 2


def test_days_left_count_down_to_the_phase_deadline_and_go_negative_when_overdue(home):
    before = {e["id"]: e for e in cli_json(home, "checklist", "--as-of", "2020-10-20")["items"]}
    after = {e["id"]: e for e in cli_json(home, "checklist", "--as-of", "2020-10-30")["items"]}
    assert (before["2.3"]["deadline"], before["2.3"]["days_left"], after["2.3"]["days_left"]) == ("2020-10-24", 4, -6)
    assert (before["10.1"]["deadline"], before["10.1"]["days_left"]) == ("2020-09-30", -20)
    assert (after["10.2"]["deadline"], after["10.2"]["days_left"]) == ("2020-10-30", 0)


def test_the_summary_counts_statuses_overall_and_per_department(home, share):
    fund_papers(share)
    cli_json(home, "scan")
    summary = cli_json(home, "checklist", "--as-of", AS_OF)["summary"]
    assert summary["total"] == 43
    assert summary["by_status"] == {"missing": 42, "partial": 0, "present": 1, "verified": 0}
    assert summary["by_department"]["财政局"]["by_status"] == {"missing": 5, "partial": 0, "present": 1, "verified": 0}
    assert summary["by_department"]["财政局"]["progress"] == round(1 / 6, 3)
    assert summary["progress"] == round(1 / 43, 3)


def test_the_human_view_shows_each_departments_gaps_before_what_is_done(home, share):
    fund_papers(share)
    cli_json(home, "scan")
    code, out = run_cli(home, "checklist", "--as-of", "2020-10-26", "--department", "财政局")
    assert code == 0
    lines = out.splitlines()
    gap = next(i for i, ln in enumerate(lines) if ln.strip().startswith("2.2"))
    done = next(i for i, ln in enumerate(lines) if ln.strip().startswith("2.3"))
    assert gap < done
    assert "缺失 5，不完整 0，已提供 1，已核验 0" in out
    assert "截止 2020-10-24（已逾期2天）" in lines[gap]


def test_the_items_command_lists_the_catalog_with_the_plans_wording(home):
    items = cli_json(home, "items")
    assert len(items) == 43
    fund = next(i for i in items if i["id"] == "2.3")
    assert fund["text"] == "编制2020年生态转移支付资金使用情况报表和转移支付资金使用情况报告。"
    assert (fund["department"], fund["deadline"], fund["years"]) == ("财政局", "2020-10-24", [2020])
    compound = next(i for i in items if i["id"] == "10.3")
    assert [p["id"] for p in compound["parts"]] == [f"10.3.{n}" for n in range(1, 7)]


def test_an_approval_from_before_the_window_counts_once_the_project_was_accepted_in_it(home, share):
    make_utf8_txt(share / "自然资源局" / "关于杆洞乡土地开发整理项目立项的批复.txt",
                  "融国土资〔2018〕76号\n关于杆洞乡土地开发整理项目立项的批复\n杆洞乡人民政府：\n"
                  "经研究，同意杆洞乡土地开发整理项目立项，建设规模84.5公顷，批复总投资318.6万元。\n"
                  "融水县国土资源局\n2018年9月3日")
    cli_json(home, "scan")
    assert checklist(home)["3.3"]["status"] == "partial"  # out of the window, and no acceptance yet
    make_utf8_txt(share / "自然资源局" / "杆洞乡土地开发整理项目竣工验收报告.txt",
                  "杆洞乡土地开发整理项目竣工验收报告\n项目于2019年3月开工，2020年5月完工。验收组认为项目按批复完成建设内容，"
                  "工程质量合格，同意通过竣工验收。\n融水苗族自治县自然资源和规划局\n2020年6月10日")
    cli_json(home, "scan")
    entry = checklist(home)["3.3"]
    assert entry["status"] == "present"
    assert len(entry["deliverables"][0]["evidence"]) == 2  # the 2018 approval counts beside the acceptance
    assert entry["year_policy"] == {"policy": "project", "wording": "近两年"}


def test_a_duty_whose_only_evidence_is_a_draft_is_partial(home, share):
    make_utf8_txt(share / "城管局" / "城管局2020年度生态环境保护工作自查报告（征求意见稿）.txt",
                  "融水县城管局2020年度生态环境保护工作自查报告\n（征求意见稿）\n今年以来，我局认真履行生态环境保护职责，"
                  "推进城乡环境卫生整治。\n融水苗族自治县城市管理行政执法局\n2020年10月15日")
    cli_json(home, "scan")
    doc = cli_json(home, "documents")[0]
    assert doc["draft"] is True and "征求意见稿" in doc["draft_reason"]
    entry = checklist(home)["8.5"]
    assert entry["status"] == "partial"
    assert entry["reasons"][0].startswith("仅有草稿，未见正式文件")
