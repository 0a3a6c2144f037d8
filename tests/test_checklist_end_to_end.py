"""Done means: from a fresh home, departments drop a realistic mixed set of files, `evidence scan`
runs, and `evidence checklist` tells the truth duty by duty — then inspectors' reviews change it.

The set mixes DOCX, text PDF, XLSX, one scanned page (OCR), an interrupted copy, a meeting notice
that serves no duty, and one department's 2017 figures (the rules tag them, out of window).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import cli_json, make_home, run_cli
from docgen import make_docx, make_image_pdf, make_text_pdf, make_truncated, make_xlsx

AS_OF = "2020-10-26"

EXPECTED = {
    "1.3": "present",   # 发改局's approval of 和睦镇垃圾收运项目: a township refuse project's 立项 document
    "2.1": "present",   # the fund report states the money went into the budget, not into 楼堂馆所
    "2.3": "partial",   # 2020 fund-use report (text PDF), but the duty asks for the 报表 too
    "3.1": "partial",   # land-use table covers three parts; 3.1.4 地表变化核实 is missing
    "3.2": "partial",   # 2019 land-use change survey table (XLSX); the 补充表 is missing
    "4.1": "partial",   # only 2017 figures: tagged by the rules as out-of-window evidence
    "7.1": "present",   # 2019 statistical bulletin (text PDF)
    "7.2": "partial",   # the bulletin has no 化肥/农药 figures (7.2.4)
    "8.1": "partial",   # the only file is an interrupted copy
    "8.3": "partial",   # feasibility approval of 和睦镇垃圾收运项目, no acceptance
    "10.2": "present",  # the county self-check report, a stamped scan
    "10.3": "partial",  # only 10.3.5 (no environmental emergency) of six parts
}


def drop_files(share: Path) -> None:
    make_text_pdf(share / "财政局" / "2020年度国家重点生态功能区转移支付资金使用情况报告.pdf", [
        "2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226），全部纳入一般公共预算统筹安排。\n"
        "现将资金使用情况报告如下：\n一、资金下达及拨付情况。资金已全部拨付，支出5860万元。\n"
        "二、资金使用方向。主要用于生态环境保护和改善民生，未用于形象工程、楼堂馆所建设和竞争性领域。\n"
        "融水苗族自治县财政局\n2020年10月15日"], title="2020年度国家重点生态功能区转移支付资金使用情况报告")
    make_xlsx(share / "自然资源局" / "融水县2019年土地利用现状变更调查统计表.xlsx", {"土地利用": [
        ["融水苗族自治县2019年土地利用现状变更调查统计表（单位：公顷）"], ["地类", "面积"],
        ["国土总面积", 466500.12], ["耕地", 30012.5], ["林地", 398000.3], ["草地", 3100.2], ["城镇建设用地", 1500.4],
        ["农村居民用地", 5200.8], ["河流水面", 4800.1], ["未利用地", 2100.0]]})
    make_docx(share / "住建局" / "县城生活污水处理率核算说明.docx", [
        "2017年县城建成区生活污水排放总量为365万吨，收集总量为310万吨，污水处理厂达标排放量为300万吨，"
        "城镇生活污水处理率为82.2%。", "特此说明。", "融水苗族自治县住房和城乡建设局", "2018年1月10日"])
    make_text_pdf(share / "统计局" / "融水苗族自治县2019年国民经济和社会发展统计公报.pdf", [
        "2019年全县地区生产总值（GDP）85.3亿元，比上年增长6.1%。其中，第一产业增加值22.1亿元，第二产业增加值18.4亿元，"
        "第三产业增加值44.8亿元。\n年末户籍总人口52.3万人，常住人口41.2万人，城镇人口15.6万人。\n"
        "全县辖7镇13乡，206个行政村，土地总面积4665平方公里。单位GDP能耗下降3.2%。"],
        title="融水苗族自治县2019年国民经济和社会发展统计公报")
    whole = make_xlsx(share.parent / "draft" / "清运量.xlsx", {"清运": [
        ["2020年县城生活垃圾清运量及无害化处理量统计表"], ["月份", "清运量（吨）", "无害化处理量（吨）"],
        *[[f"{m}月", 1500 + m, 1500 + m] for m in range(1, 13)]]})
    make_truncated(whole, share / "城管局" / "2020年县城生活垃圾清运及无害化处理情况统计表.xlsx", 0.4)
    make_docx(share / "发改局" / "关于和睦镇垃圾收运项目可行性研究报告的批复.docx", [
        "融发改〔2019〕35号", "县城市管理行政执法局：",
        "你局报来的和睦镇垃圾收运项目可行性研究报告收悉。经研究，同意该项目建设。项目建设内容为乡镇垃圾收集转运设施，总投资120万元。",
        "此复。", "融水苗族自治县发展和改革局", "2019年5月10日"])
    make_image_pdf(share / "生态环境局" / "融水县2020年度县域生态环境质量考核自查报告.pdf", [[
        "根据国家重点生态功能区县域生态环境质量考核要求，", "我县组织各成员单位开展了自查，现将自查情况报告如下。",
        "一、自然生态指标。二、环境状况指标。三、存在问题和下一步工作。"]],
        title="融水县2020年度县域生态环境质量考核自查报告", signature=["柳州市融水生态环境局", "2020年10月28日"])
    make_docx(share / "生态环境局" / "关于2020年度未发生突发环境事件的情况说明.docx", [
        "柳州市生态环境局：", "经核实，2020年1月1日至2020年10月20日，我县未发生突发环境事件。", "特此说明。",
        "柳州市融水生态环境局", "2020年10月20日"])
    make_docx(share / "生态环境局" / "关于召开2020年生态环境保护工作推进会的通知.docx", [
        "各成员单位：", "定于2020年9月10日召开全县生态环境保护工作推进会，请准时参加。", "特此通知。"])


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    home = make_home(tmp_path_factory.mktemp("e2e") / "home")
    drop_files(home / "watch_folders")
    report = cli_json(home, "scan")
    assert (report["new"], report["extracted"], report["failed"]) == (9, 8, 1)
    return home


@pytest.fixture
def home_copy(scanned: Path, tmp_path: Path) -> Path:
    """Reviews change the archive: each test that writes gets its own copy of the scanned home."""
    return Path(shutil.copytree(scanned, tmp_path / "home"))


def entries(home: Path) -> dict[str, dict]:
    data = cli_json(home, "checklist", "--as-of", AS_OF)
    return {e["id"]: e for top in data["items"] for e in (top, *top["parts"])}


def doc_id(home: Path, name: str) -> int:
    return next(d["id"] for d in cli_json(home, "documents") if d["source_path"].endswith(name))


def test_every_duty_has_the_status_its_evidence_supports(scanned):
    data = cli_json(scanned, "checklist", "--as-of", AS_OF)
    assert len(data["items"]) == 43
    statuses = {e["id"]: e["status"] for e in data["items"]}
    assert {k: v for k, v in statuses.items() if v != "missing"} == EXPECTED
    assert data["summary"]["by_status"] == {"missing": 31, "partial": 8, "present": 4, "verified": 0}


def test_present_duties_point_at_the_files_that_satisfy_them(scanned):
    items = entries(scanned)
    assert items["2.3"]["evidence"] == [doc_id(scanned, "2020年度国家重点生态功能区转移支付资金使用情况报告.pdf")]
    assert items["3.2"]["evidence"] == [doc_id(scanned, "融水县2019年土地利用现状变更调查统计表.xlsx")]
    assert items["10.2"]["evidence"] == [doc_id(scanned, "融水县2020年度县域生态环境质量考核自查报告.pdf")]


def test_each_partial_duty_says_why(scanned):
    items = entries(scanned)
    assert items["3.1"]["reasons"] == ["子项缺失：3.1.4 局部地表变化核实与原因分析"]
    assert items["4.1"]["reasons"][0].startswith("仅有考核期外年份的材料") and "2017年" in items["4.1"]["reasons"][0]
    assert items["8.1"]["reasons"][0].startswith("仅有无法读取的文件：")
    assert items["8.3"]["reasons"][0].startswith("项目「和睦镇垃圾收运项目」已有立项/可研文件")
    assert items["10.3"]["status"] == "partial" and items["10.3.5"]["status"] == "present"
    assert sum(r.startswith("子项缺失：10.3.") for r in items["10.3"]["reasons"]) == 5


def test_a_duty_that_asks_for_two_things_names_the_one_still_missing(scanned):
    items = entries(scanned)
    assert items["2.3"]["reasons"][0] == "缺少：2020年生态转移支付资金使用情况报表"
    assert [(d["key"], d["status"]) for d in items["2.3"]["deliverables"]] == [("2.3/报表", "missing"),
                                                                               ("2.3/报告", "present")]
    assert items["3.2"]["reasons"][0] == "缺少：土地利用信息补充表"


def test_the_meeting_notice_serves_no_duty(scanned):
    notice = doc_id(scanned, "关于召开2020年生态环境保护工作推进会的通知.docx")
    assert all(notice not in e["evidence"] for e in entries(scanned).values())


def test_the_human_view_shows_the_gaps_with_their_deadlines(scanned):
    code, out = run_cli(scanned, "checklist", "--as-of", AS_OF, "--department", "城管局")
    assert code == 0
    assert "【县城市管理行政执法局】缺失 3，不完整 2，已提供 0，已核验 0" in out
    assert "8.1   不完整  2020年县城生活垃圾清运与无害化处理率  截止 2020-10-24（已逾期2天）" in out


def test_inspectors_reviews_change_the_checklist(home_copy):
    report = doc_id(home_copy, "2020年度国家重点生态功能区转移支付资金使用情况报告.pdf")
    cli_json(home_copy, "verify", "2.3", "--doc", str(report), "--note", "与决算一致", "--by", "核查组韦工")
    cli_json(home_copy, "reject", "3.2", "--note", "统计表未盖章", "--by", "核查组韦工")
    items = entries(home_copy)
    assert items["2.3"]["status"] == "verified" and items["2.3"]["verified_by"]["actor"] == "核查组韦工"
    assert items["3.2"]["status"] == "partial" and items["3.2"]["reasons"][0].endswith("：统计表未盖章")
    cli_json(home_copy, "verify", "3.2", "--note", "已补盖章版", "--by", "核查组韦工")
    assert entries(home_copy)["3.2"]["status"] == "verified"


def test_the_acceptance_report_arriving_later_closes_the_project_gap(home_copy):
    make_docx(home_copy / "watch_folders" / "城管局" / "和睦镇垃圾收运项目竣工验收报告.docx", [
        "2020年8月20日，县城市管理行政执法局组织对和睦镇垃圾收运项目进行竣工验收。该项目新建乡镇垃圾收运设施一套，"
        "已按设计完成建设内容，验收组一致认为工程质量合格，同意通过验收。", "融水苗族自治县城市管理行政执法局", "2020年8月25日"])
    cli_json(home_copy, "scan")
    assert entries(home_copy)["8.3"]["status"] == "present"
