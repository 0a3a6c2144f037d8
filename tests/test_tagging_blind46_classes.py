"""Classes found by reading blind46 (issue 19, round fifty), after it was measured once: water, soil
and rivers; forests and grasslands. Irrigation, drinking-water supply and flood-damage repair are
water works, not the water bureau's ecological projects (a river's flood-control management with
ecological banks still is); a row or a note handing its figures to another paper (「见统计公报
另表报送」) gives none; a sorting of the special transfers lists the eco-zone transfer without
being about its budgeting. The river management and the return with its figures guard what did not
change (they pass before too). Real files dropped into a county home, scanned by the real pipeline,
tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round50_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind46") / "home")
    share = home / "watch_folders"
    make_docx(share / "水利局" / "项目" / "灌区" / "灌区节水改造初设批复.docx", [
        "柳州市水利局文件", "柳水发〔2020〕58号",
        "柳州市水利局关于融水县和睦灌区续建配套与节水改造工程初步设计报告的批复", "融水苗族自治县水利局：",
        "同意实施续建配套与节水改造：改造干渠12.4公里、支渠18.7公里，新建量水设施42处，工程概算总投资2386.50万元。",
        "柳州市水利局 2020年5月20日",
    ])
    make_docx(share / "水利局" / "农村饮水" / "2020" / "饮水巩固提升工程完工验收鉴定书.docx", [
        "融水苗族自治县2020年农村饮水安全巩固提升工程（第一批）", "完工验收鉴定书",
        "验收主持单位：融水苗族自治县水利局", "本批工程建设集中供水工程41处、铺设供水管道186.4公里，解决1.86万人饮水安全问题。",
        "工程质量合格，同意通过完工验收。", "融水苗族自治县水利局 2020年9月16日",
    ])
    make_docx(share / "水利局" / "防汛" / "水毁修复实施方案批复.docx", [
        "融水苗族自治县水利局", "融水利发〔2020〕47号", "关于2020年“6·8”洪灾水毁水利工程修复项目实施方案的批复",
        "县水利工程管理站：", "修复水毁堤防护岸17处、水毁陂头23座，按原设计标准恢复，修复总投资862.3万元。",
        "融水苗族自治县水利局 2020年7月15日",
    ])
    make_docx(share / "水利局" / "项目" / "防洪" / "融江防洪治理工程初步设计的批复.docx", [
        "柳州市水利局文件", "柳水发〔2019〕77号", "关于融水县融江（县城段）防洪治理工程初步设计的批复",
        "融水苗族自治县水利局：", "同意新建生态护岸3.2公里、堤防2.1公里，河道清淤疏浚1.8公里，总投资4620万元。",
        "柳州市水利局 2019年9月2日",
    ])
    make_xlsx(share / "统计局" / "考核材料" / "县域基本情况表2019统计局部分.xlsx", {"Sheet1": [
        ["县域自然、社会、环境基本情况表（统计局填报部分）"],
        ["县名：融水苗族自治县", "年份：2019年", "填报单位：融水苗族自治县统计局"],
        ["序号", "指标", "单位", "数值", "数据来源", "备注"],
        ["1", "土地总面积", "km²", "4665.24", "县情资料", ""],
        ["2", "乡镇数量", "个", "20", "行政区划统计", "7个镇、13个乡"],
        ["3", "行政村数量", "个", "206", "行政区划统计", ""],
        ["4", "自然村数量", "个", "1883", "农村基层统计", ""],
        ["5", "县域总人口数", "万人", "—", "见2019年统计公报", "另表报送"],
        ["6", "城镇总人口数", "万人", "—", "见2019年统计公报", "另表报送"],
        ["8", "化肥施用量（折纯）", "吨", "9846", "农业统计年报", ""],
        ["9", "农药施用量", "吨", "352", "农业统计年报", ""],
        ["10", "耕地面积", "公顷", "33833.43", "国土变更调查", ""],
    ]})
    make_xlsx(share / "统计局" / "考核材料" / "县域基本情况表2019人口部分.xlsx", {"Sheet1": [
        ["县域基本情况表（人口）"],
        ["县名：融水苗族自治县", "年份：2019年", "填报单位：融水苗族自治县统计局"],
        ["序号", "指标", "单位", "数值"],
        ["1", "土地总面积", "km²", "4665.24"],
        ["5", "县域总人口数", "万人", "52.93"],
        ["6", "城镇总人口数", "万人", "9.87"],
    ]})
    make_xlsx(share / "财政局" / "县域考核2020" / "专项资金梳理" / "生态环保相关专项转移支付资金指标梳理表.xlsx", {"Sheet1": [
        ["2019—2020年融水苗族自治县生态环境保护相关专项转移支付资金指标梳理表"],
        ["编制单位：融水苗族自治县财政局", "单位：万元"],
        ["序号", "资金类别", "2019年", "2020年", "主要用途"],
        ["2", "水污染防治", "620.0", "480.0", "县城管网"],
        ["7", "天然林保护工程补助经费", "1126.5", "1198.0", "天然林管护"],
        ["15", "其他（重点生态功能区转移支付）", "16892.0", "17643.0", "生态保护与民生"],
        ["说明：数据来源为2019年预算执行决算数及2020年已下达指标数"],
    ]})
    return scanned_documents(home)


@pytest.mark.parametrize("name", [
    "灌区节水改造初设批复.docx", "饮水巩固提升工程完工验收鉴定书.docx", "水毁修复实施方案批复.docx"])
def test_irrigation_drinking_water_and_flood_repair_are_no_eco_project(round50_docs, name):
    assert "5.2" not in in_window(round50_docs[name])


def test_a_rivers_flood_control_management_with_ecological_banks_still_is(round50_docs):
    assert "5.2" in in_window(round50_docs["融江防洪治理工程初步设计的批复.docx"])


def test_rows_handing_their_figures_to_another_paper_give_none(round50_docs):
    tags = in_window(round50_docs["县域基本情况表2019统计局部分.xlsx"])
    assert "7.2.2" not in tags
    assert {"7.2.1", "7.2.4"} <= tags


def test_the_same_rows_with_their_figures_give_them(round50_docs):
    assert "7.2.2" in in_window(round50_docs["县域基本情况表2019人口部分.xlsx"])


def test_a_sorting_of_the_special_transfers_is_not_the_eco_transfers_budgeting(round50_docs):
    tags = in_window(round50_docs["生态环保相关专项转移支付资金指标梳理表.xlsx"])
    assert "2.1" not in tags
    assert "2.4" in tags
