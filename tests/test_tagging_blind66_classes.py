"""Classes found by reading blind66 (issue 19, round sixty-nine), after it was measured unread at
rounds 67 and 68: near misses beside evidence, and the package as inspectors receive it. Another
bureau's table that says it agrees with the land bureau's 土地利用信息表 is not that table (3.2 is the
land bureau's own return); the county's self-check report sums up the transfer's budgeting with
every other duty and is 10.2's alone, while a bureau's own self-check saying the same is read as usual
(a guard: it was so before).
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx

TRANSFER = ("（三）转移支付资金使用。2020年我县获得生态转移支付7316万元，全额纳入一般公共预算，"
            "用于生态环境保护3412万元、民生保障3904万元，未用于楼堂馆所和形象工程。")


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind66") / "home")
    share = home / "watch_folders"
    make_docx(share / "农业农村局" / "考核材料" / "2019年县域考核农业指标数据填报表.docx", [
        "融水苗族自治县农业农村局",
        "2019年县域考核农业指标数据填报表",
        "一、耕地分类面积（公顷）",
        "水田\t17902.46",
        "旱地\t10514.39",
        "（与自然资源局2019年土地利用信息表核对一致）",
        "二、化肥施用量（折纯）16842吨，农药施用量612吨，农作物总播种面积63418公顷。",
        "说明：耕地面积沿用农业统计年报数，与国土变更调查数据不一致的，以国土数据为准填报土地类指标。",
        "融水苗族自治县农业农村局", "2020年10月13日",
    ])
    make_docx(share / "自然资源局" / "2020年考核" / "2019年土地利用信息表.docx", [
        "2019年土地利用信息表",
        "填报单位：融水苗族自治县自然资源和规划局\t面积单位：公顷",
        "县域国土面积\t463817.52",
        "水域湿地\t河流水面\t6842.19",
        "建设用地\t城镇建设用地\t1826.34",
        "融水苗族自治县自然资源和规划局", "2020年10月16日",
    ])
    make_docx(share / "生态环境局" / "2020县域考核" / "融水县2020年度县域考核自查报告（县政府盖章）.docx", [
        "融水苗族自治县人民政府",
        "关于2020年度国家重点生态功能区县域生态环境质量考核的自查报告",
        "自治区生态环境厅、财政厅：",
        "我县组织县直10个部门对2019—2020年县域生态环境质量及生态环境保护管理工作进行了全面自查，现报告如下：",
        "一、县域基本情况：县域国土面积4638.18平方公里。",
        TRANSFER,
        "融水苗族自治县人民政府", "2020年10月28日",
    ])
    make_docx(share / "财政局" / "考核2020" / "县财政局关于2020年度县域生态环境质量考核工作的自查报告.docx", [
        "融水苗族自治县财政局",
        "关于2020年度县域生态环境质量考核工作的自查报告",
        "县考核工作领导小组办公室：",
        "现将我局2019年至2020年涉及县域生态环境保护的财政工作自查情况报告如下：",
        TRANSFER,
        "融水苗族自治县财政局", "2020年10月20日",
    ])
    return scanned_documents(home)


def test_another_bureaus_table_agreeing_with_the_land_table_is_not_that_table(docs):
    assert "3.2" not in in_window(docs["2019年县域考核农业指标数据填报表.docx"])
    assert "3.2" in in_window(docs["2019年土地利用信息表.docx"])


def test_the_countys_self_check_report_is_not_the_transfers_budgeting_paper(docs):
    county = in_window(docs["融水县2020年度县域考核自查报告（县政府盖章）.docx"])
    assert "10.2" in county and "2.1" not in county


def test_a_bureaus_own_self_check_on_the_transfer_is_read_as_usual(docs):
    assert "2.1" in in_window(docs["县财政局关于2020年度县域生态环境质量考核工作的自查报告.docx"])
