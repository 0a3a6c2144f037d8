"""Tagging classes found by reading the blind6 failures (issue 19, fifth round): each test drops
real files into a county home, scans them with the real pipeline and reads the stored tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


def drop_files(share: Path) -> None:
    # -- a change of the leading group's members is a personnel matter, not the plan (10.1) ------
    make_docx(share / "生态环境局" / "考核" / "领导小组成员调整.docx", [
        "融水苗族自治县人民政府办公室",
        "关于调整县国家重点生态功能区县域生态环境质量考核工作领导小组成员的通知",
        "各乡镇人民政府，县直各有关单位：",
        "因工作需要和人事变动，经县人民政府同意，对领导小组部分成员调整如下：县水利局局长由覃某同志担任成员，"
        "原成员梁某同志不再担任。其余成员不变。",
        "融水苗族自治县人民政府办公室", "2020年11月20日"])
    make_docx(share / "生态环境局" / "考核" / "成员变动.docx", [
        "县域生态环境质量考核工作领导小组成员变动情况",
        "根据机构改革后人员变化，领导小组成员变动如下：县统计局由韦某任成员。",
        "县考核办", "2020年10月12日"])
    # -- the plan issued with its division of duties stays 10.1 ---------------------------------
    make_docx(share / "生态环境局" / "考核" / "县域考核工作实施方案.docx", [
        "融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案",
        "一、组织领导。成立县国家重点生态功能区县域生态环境质量考核工作领导小组，县长任组长。",
        "二、职责分工。县财政局负责……；县林业局负责有林地、灌木林地、其他林地指标填报……",
        "融水苗族自治县人民政府办公室", "2020年9月20日"])
    # -- a notice forwarding the plan carries it: a copy (10.1); one that only names it serves nothing
    plan = "融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案"
    make_docx(share / "林业局" / "考核" / "转发实施方案的通知.docx", [
        f"关于转发《{plan}》的通知",
        "局属各股室、各林业站：现将《" + plan + "》（融政办发〔2020〕67号）转发给你们，请认真贯彻执行。",
        "附件：" + plan, "融水苗族自治县林业局", "2020年9月25日"])
    make_docx(share / "林业局" / "考核" / "抓紧落实实施方案任务分工的通知.docx", [
        f"关于抓紧落实《{plan}》任务分工的通知",
        "局属各股室：请对照方案中我局承担的任务，于10月15日前将林地指标和项目材料报局办公室汇总。",
        "融水苗族自治县林业局", "2020年10月8日"])
    # -- a blank form saved as such is a template, whatever table it heads ------------------------
    header = ["序号", "支出方向", "项目名称", "下达金额", "已支出", "实施单位"]
    title = "融水县2020年重点生态功能区转移支付资金使用情况表"
    make_xlsx(share / "财政局" / "考核资料" / "附表1（空）.xlsx", {"附表1": [[title], header, [], [], ["合计"]]})
    make_xlsx(share / "财政局" / "考核资料" / "附表1.xlsx", {"附表1": [
        [title], header, [1, "生态保护", "贝江河道生态修复", 860, 812, "县水利局"],
        [2, "民生保障", "乡镇污水管网", 1200, 1150, "县住建局"], ["合计", "", "", 2060, 1962, ""]]})


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind6") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def test_a_change_of_the_leading_groups_members_is_not_the_plan(docs):
    for name in ("领导小组成员调整.docx", "成员变动.docx"):
        doc = docs[name]
        assert in_window(doc) == set(), name
        assert doc["meta"] and "领导小组成员" in doc["meta"], name


def test_the_plan_with_its_division_of_duties_is_still_the_plan(docs):
    assert in_window(docs["县域考核工作实施方案.docx"]) == {"10.1"}


def test_a_notice_carrying_the_plan_is_a_copy_and_one_naming_it_serves_nothing(docs):
    assert in_window(docs["转发实施方案的通知.docx"]) == {"10.1"}
    reminder = docs["抓紧落实实施方案任务分工的通知.docx"]
    assert in_window(reminder) == set()
    assert reminder["meta"] and "落实考核工作实施方案" in reminder["meta"]


def test_a_blank_form_is_a_template_and_the_filled_one_is_evidence(docs):
    assert in_window(docs["附表1（空）.xlsx"]) == set()
    assert "2.3" in in_window(docs["附表1.xlsx"])
