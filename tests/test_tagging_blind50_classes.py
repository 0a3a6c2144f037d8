"""Classes found by reading blind50 (issue 19, round fifty-four), after it was measured once: figures two
bureaus share; refuse from village to landfill. The lead office (县考核办, seated in the eco bureau) checks
one bureau's figures against another's and rules on the differences: its record quotes every bureau's
figures but is its own reviewing and guidance (10.2, 10.4), never the bureaus' returns; a notice headed
by the leading group's office is not the plan. A township transfer station's ledger is not the county
town's clearance, the landfill's monthly report is not the sewage plant's running, a report on changed
land patches is neither the land-use table nor the help with the forest figures, and a note on the
forest cover rate is not the forest-land return. Real files dropped into a county home, scanned by the
real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx

BUREAU_FIGURES = {"3.1.1", "3.1.2", "3.1.3", "6.1", "6.2", "6.3", "7.2.1", "7.2.4", "9.1"}


@pytest.fixture(scope="module")
def round54_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind50") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "数据审核" / "共用指标部门间核对情况记录（第一轮）.docx", [
        "共用指标部门间核对情况记录（第一轮）",
        "时间：2020年10月14日  地点：县考核办会议室",
        "本轮对各部门报送的2019年共用指标进行交叉比对，共同指标8项，一致2项，存在差异6项：",
        "林地面积  林业局 401236.5公顷  自然资源局 392870.4公顷  差异 8366.1",
        "其中有林地、灌木林地、其他林地三项由林业局按三调口径重填",
        "耕地面积  农业农村局 28102公顷  自然资源局 24410.7公顷；水田 18850公顷、旱地 9252公顷",
        "河流水面  水利局 7410公顷  自然资源局 6902.3公顷；化肥施用量  农业农村局 22650吨  统计局 8815吨（折纯）",
        "处理意见：各部门10月18日前报送修正数据和差异说明。",
        "县考核办（印）",
        "2020.10.14",
    ])
    make_docx(share / "考核办" / "发文" / "县域考核数据填报问题答复（第1期）.docx", [
        "县域考核数据填报问题答复（第1期）",
        "县考核办    2020年10月13日",
        "各成员单位：近期各单位在指标填报中提出了一些问题，现统一答复如下：",
        "1.问（林业局）：有林地、灌木林地、其他林地按哪套数据填报？答：按三调口径填报，与自然资源局会签。",
        "2.问（农业农村局）：草地覆盖度分级无现成数据怎么办？答：以三调草地图斑为底分级，附方法说明。",
        "3.问（统计局）：化肥施用量填实物量还是折纯量？答：折纯量。",
    ])
    make_docx(share / "考核办" / "发文" / "关于统一共用指标数据填报口径的通知.docx", [
        "融水苗族自治县重点生态功能区县域生态环境质量",
        "监测评价与考核工作领导小组办公室",
        "关于统一共用指标数据填报口径的通知",
        "县自然资源局、农业农村局、林业局、水利局、统计局：",
        "为确保各部门指标数据一致，现就共用指标填报口径通知如下：林地由林业局主填，自然资源局配合；"
        "水域湿地由自然资源局主填，水利局核对；两个部门数据不一致的，须形成双方签字的确认表。",
        "县考核工作领导小组办公室（代章）  2020年10月9日",
    ])
    make_xlsx(share / "财政局" / "生态考核2020" / "2.4专项资金" / "2020年生态环保专项转移支付资金核对表（财政局 生态环境局）.xlsx", {
        "Sheet1": [
            ["2020年生态环境保护专项转移支付资金核对表"],
            ["序号", "资金类别", "财政局（万元）", "生态环境局（万元）", "核对结果"],
            ["1", "大气污染防治", "0", "0", "一致"],
            ["2", "水污染防治", "1200", "1200", "一致"],
            ["3", "城市管网专项", "980", "980", "一致"],
            ["4", "土壤污染防治", "150", "150", "一致"],
            ["5", "农村环境整治", "630", "980", "环境局重复计算350"],
            ["核对说明：以调整后数据为准。"],
            ["融水苗族自治县财政局（盖章）", "", "柳州市融水生态环境局（盖章）"],
        ]})
    make_xlsx(share / "城管局" / "乡镇垃圾收集转运项目" / "运行" / "乡镇垃圾转运站转运台账2020年1-9月.xlsx", {"Sheet1": [
        ["乡镇生活垃圾转运站转运情况台账（2020年1-9月）"],
        ["统计单位：县环卫站", "", "单位：吨"],
        ["转运站", "1月", "2月", "3月", "合计吨数"],
        ["三防镇", "118.4", "101.2", "109.0", "328.6"],
        ["怀宝镇", "86.5", "80.3", "82.2", "249.0"],
        ["注：转运至县生活垃圾无害化处理场，以处理场地磅数为准，全年清运吨数按月累计。"],
    ]})
    make_docx(share / "城管局" / "2020年生态功能区考核" / "垃圾无害化" / "处理场运行月报2020-09.docx", [
        "融水县生活垃圾无害化处理场运行月报（2020年9月）",
        "报送单位：县环境卫生管理站",
        "一、垃圾进场情况：本月进场3744.8吨，日均124.8吨。",
        "二、渗滤液收集处理情况：渗滤液产生量约2610立方米，经处理站处理后排入县城污水处理厂，处理站运行正常。",
        "站长：韦国强",
    ])
    make_docx(share / "自然资源局" / "县域考核2020" / "关于局部地表变化区域核实情况的报告.docx", [
        "融水苗族自治县自然资源局",
        "关于局部自然生态地表变化区域核实情况的报告",
        "县考核办：",
        "我局以三调统一时点成果为底，对2019年以来地表变化较大的图斑进行了核实，按地类逐一比对：",
        "林地转为其他地类的图斑31个，经与林地审核同意书进行比对，均为依法审批的占用林地；草地变化图斑4个，为撂荒地复耕。",
        "违法占用2宗，已立案查处。",
        "融水苗族自治县自然资源局",
        "2020年10月13日",
    ])
    make_docx(share / "林业局" / "综合股" / "关于2019年森林覆盖率数据不一致的情况说明.docx", [
        "融水苗族自治县林业局",
        "关于2019年森林覆盖率数据不一致的情况说明",
        "县统计局：",
        "统计公报刊载我县2019年森林覆盖率为79.6%，市统计年鉴为79.58%。我局年度更新成果林地面积398647.5公顷，"
        "森林覆盖率79.63%，公报数据为保留一位小数后的数据，与我局一致。",
        "融水苗族自治县林业局",
        "2020年6月18日",
    ])
    make_docx(share / "水利局" / "2020考核" / "河湖划界水域面积统计.docx", [
        "融水县主要河湖管理范围划界水域面积统计",
        "河流水面 7325公顷，湖库 1688公顷，滩涂 910公顷（河湖管理范围口径，非三调地类口径）。",
        "融水苗族自治县水利局",
        "2020年9月28日",
    ])
    return scanned_documents(home)


def test_the_lead_offices_cross_check_of_the_bureaus_figures_is_its_review(round54_docs):
    tags = in_window(round54_docs["共用指标部门间核对情况记录（第一轮）.docx"])
    assert "10.2" in tags
    assert not BUREAU_FIGURES & tags


def test_the_lead_offices_answers_on_filling_are_its_guidance(round54_docs):
    tags = in_window(round54_docs["县域考核数据填报问题答复（第1期）.docx"])
    assert "10.4" in tags
    assert not BUREAU_FIGURES & tags


def test_a_notice_headed_by_the_groups_office_is_not_the_plan(round54_docs):
    tags = in_window(round54_docs["关于统一共用指标数据填报口径的通知.docx"])
    assert "10.1" not in tags
    assert "10.4" in tags


def test_a_joint_check_of_the_special_funds_is_the_eco_bureaus_help_too(round54_docs):
    tags = in_window(round54_docs["2020年生态环保专项转移支付资金核对表（财政局 生态环境局）.xlsx"])
    assert {"2.4", "10.4"} <= tags


def test_a_township_transfer_stations_ledger_is_neither_the_towns_clearance_nor_the_project(round54_docs):
    tags = in_window(round54_docs["乡镇垃圾转运站转运台账2020年1-9月.xlsx"])
    assert not {"8.1", "8.3"} & tags


def test_the_landfills_monthly_report_is_not_the_sewage_plants_running(round54_docs):
    assert "10.3.3" not in in_window(round54_docs["处理场运行月报2020-09.docx"])


def test_a_report_on_changed_patches_is_neither_the_land_table_nor_the_forest_help(round54_docs):
    tags = in_window(round54_docs["关于局部地表变化区域核实情况的报告.docx"])
    assert "3.1.4" in tags
    assert not {"3.2", "3.1.3"} & tags


def test_a_note_on_the_forest_cover_rate_is_not_the_forest_land_return(round54_docs):
    assert "9.1" not in in_window(round54_docs["关于2019年森林覆盖率数据不一致的情况说明.docx"])


def test_the_water_classes_in_another_bureaus_paper_are_not_the_land_bureaus_return(round54_docs):
    assert "3.1.2" not in in_window(round54_docs["河湖划界水域面积统计.docx"])
