"""Classes found by reading blind51 (issue 19, round fifty-five), after it was measured once: the finance
bureau's world; the statistics bureau's world. The county's own notice passing the eco-zone transfer on
to its bureaus (融财 文号) is the transfer budgeted (2.1), the region's notice passing it down is not; the
special transfers 2.2 asks for are the 2020 budget's (a 2019 allocation is another year's, still 2.4's);
a request for the monitoring money filed with its approval is the money granted (2.5), a bare request is
not; this county's tables count natural villages as 屯; a table headed by the GDP and the three sectors
is the sectors' return (7.1), not the GDP part of the basic-situation table. Real files dropped into a
county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round55_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind51") / "home")
    share = home / "watch_folders"
    make_docx(share / "财政局" / "预算股" / "2020年" / "融财预〔2020〕15号.docx", [
        "融水苗族自治县财政局文件",
        "融财预〔2020〕15号",
        "融水苗族自治县财政局关于下达2020年重点生态功能区转移支付资金的通知",
        "县林业局、县住房和城乡建设局、县水利局，各乡镇人民政府：",
        "本批资金收入列「1100226重点生态功能区转移支付收入」，各单位须在预算一体化系统中登记指标，专款专用，"
        "不得用于楼堂馆所、形象工程等支出。",
        "县林业局 生态护林员补助 1350万元；县住建局 乡镇污水设施运维 820万元；县水利局 水土保持 380万元。",
        "融水苗族自治县财政局",
        "2020年3月2日",
    ])
    make_docx(share / "财政局" / "收文2020" / "自治区财政厅" / "桂财预〔2020〕73号.docx", [
        "广西壮族自治区财政厅文件",
        "桂财预〔2020〕73号",
        "广西壮族自治区财政厅关于下达2020年中央对地方重点生态功能区转移支付资金的通知",
        "各市、县（市、区）财政局：",
        "本次下达资金列「1100226重点生态功能区转移支付收入」，各地要将其全额纳入本级一般公共预算，"
        "不得用于形象工程和竞争性领域。融水苗族自治县2536万元。",
        "广西壮族自治区财政厅",
        "2020年6月12日",
    ])
    make_docx(share / "财政局" / "农业股" / "2019年" / "2019年天然林保护工程补助资金下达文件.docx", [
        "融水苗族自治县财政局",
        "关于下达2019年天然林保护工程补助资金的通知",
        "融财农〔2019〕47号",
        "县林业局：",
        "根据自治区财政厅《关于下达2019年林业改革发展资金（天然林保护工程补助）的通知》，现下达我县2019年天然林保护"
        "工程补助资金2863万元，其中国有林管护费补助412万元，收入列「其他专项转移支付收入」。",
        "融水苗族自治县财政局",
        "2019年5月30日",
    ])
    make_docx(share / "财政局" / "2020考核材料" / "2.5考核监测经费" / "追加污染源监测经费审批件.docx", [
        "柳州市融水生态环境局",
        "关于追加2020年县域污染源监测经费的请示",
        "县人民政府：为完成县域污染源监测任务，请求追加监测经费18万元。妥否，请批示。",
        "柳州市融水生态环境局  2020年5月12日",
        "县领导批示：同意。请财政局从预备费中追加。",
        "融水苗族自治县财政局关于追加柳州市融水生态环境局2020年预算指标的通知",
        "融财预〔2020〕81号",
        "经县人民政府同意，追加你局2020年县域污染源监测经费18万元，列入年度预算，资金来源为县本级预备费。",
    ])
    make_docx(share / "生态环境局" / "办公室" / "关于追加2020年监测经费的请示.docx", [
        "柳州市融水生态环境局",
        "关于追加2020年县域环境质量监测经费的请示",
        "县人民政府：为完成年度监测任务，请求追加监测经费12万元，列入年度预算。妥否，请批示。",
        "柳州市融水生态环境局",
        "2020年6月3日",
    ])
    make_xlsx(share / "统计局" / "2020生态考核" / "基础表" / "各乡镇行政村自然屯数量(2019年末).xlsx", {"Sheet1": [
        ["融水县各乡镇基本情况表（2019年末）"],
        ["乡镇", "行政村(个)", "自然屯(个)"],
        ["合计", "206", "1988"],
        ["融水镇", "9", "62"],
        ["和睦镇", "11", "98"],
        ["三防镇", "15", "126"],
    ]})
    make_xlsx(share / "统计局" / "县域考核2020" / "7.1三大产业" / "2019年三次产业增加值.xlsx", {"Sheet1": [
        ["融水苗族自治县2019年地区生产总值及三次产业增加值"],
        ["指标", "2019年（万元）", "比上年增长（%）"],
        ["地区生产总值", "884900", "6.2"],
        ["第一产业增加值", "238600", "5.6"],
        ["第二产业增加值", "184200", "4.9"],
        ["第三产业增加值", "462100", "7.1"],
    ]})
    make_xlsx(share / "统计局" / "县域考核2020" / "7.2基本情况" / "2019年地区生产总值及单位GDP能耗.xlsx", {"Sheet1": [
        ["融水苗族自治县2019年地区生产总值及单位GDP能耗"],
        ["指标", "2019年"],
        ["地区生产总值（万元）", "884900"],
        ["单位GDP能耗（吨标准煤/万元）", "0.412"],
    ]})
    return scanned_documents(home)


def test_the_countys_own_notice_passing_on_the_eco_zone_transfer_budgets_it(round55_docs):
    assert "2.1" in in_window(round55_docs["融财预〔2020〕15号.docx"])


def test_the_regions_notice_passing_the_transfer_down_is_not_the_county_budgeting_it(round55_docs):
    assert "2.1" not in in_window(round55_docs["桂财预〔2020〕73号.docx"])


def test_a_2019_special_transfer_is_not_the_2020_budgets_but_still_counts_among_the_funds(round55_docs):
    tags = in_window(round55_docs["2019年天然林保护工程补助资金下达文件.docx"])
    assert "2.2" not in tags
    assert "2.4" in tags


def test_a_request_for_monitoring_money_filed_with_its_approval_is_the_money_budgeted(round55_docs):
    assert "2.5" in in_window(round55_docs["追加污染源监测经费审批件.docx"])


def test_a_bare_request_for_monitoring_money_is_not(round55_docs):
    assert "2.5" not in in_window(round55_docs["关于追加2020年监测经费的请示.docx"])


def test_a_table_counting_natural_villages_as_tun_is_the_divisions_part(round55_docs):
    assert "7.2.1" in in_window(round55_docs["各乡镇行政村自然屯数量(2019年末).xlsx"])


def test_a_table_of_the_gdp_and_its_three_sectors_is_the_sectors_return(round55_docs):
    tags = in_window(round55_docs["2019年三次产业增加值.xlsx"])
    assert "7.1" in tags
    assert "7.2.3" not in tags


def test_the_gdp_with_its_energy_intensity_is_still_the_gdp_part(round55_docs):
    assert "7.2.3" in in_window(round55_docs["2019年地区生产总值及单位GDP能耗.xlsx"])
