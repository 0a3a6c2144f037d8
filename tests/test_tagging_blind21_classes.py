"""Classes found by reading blind21 (issue 19, round twenty-four), after it was measured once: a
notice asking the units to report is a request, the papers from above the plan rests on are its
requirements, a township's works named 「…乡污水处理工程」 are a township's sewage works, a file binding
an approval with its acceptance is a 立项 paper too, a monitoring report is not the works it
monitors, and a finance note or table is read by what its title says it is about. Real files
dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round24_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind21") / "home")
    share = home / "watch_folders"
    make_docx(share / "农业农村局" / "2020考核" / "收文" / "市农业农村局关于报送整治进展的通知.docx", [
        "柳州市农业农村局", "关于报送农村人居环境整治工作进展情况的通知", "各县（区）农业农村局：",
        "为掌握全市农村人居环境整治三年行动进展，请于每月5日前报送上月改厕、村庄清洁、生活垃圾和污水治理进展情况（附表1—3）。",
        "柳州市农业农村局", "2020年9月8日",
    ])
    make_docx(share / "农业农村局" / "2020考核" / "6.4" / "2020年农村人居环境整治工作总结.docx", [
        "融水县农业农村局2020年农村人居环境整治工作总结",
        "2020年全县完成农村户厕改造3120户，村庄清洁行动覆盖205个行政村，建成乡镇垃圾转运站4座。",
        "融水苗族自治县农业农村局", "2020年10月12日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "08监测" / "桂环办函〔2020〕33号.docx", [
        "广西壮族自治区生态环境厅办公室", "桂环办函〔2020〕33号",
        "关于印发2020年全区生态环境监测工作要点及2020年全区生态环境监测方案的通知", "各市生态环境局：",
        "重点生态功能区县域监测：各县应开展地表水、集中式饮用水水源地、环境空气监测及污染源监测，按季度报送监测数据。",
        "2020年2月26日",
    ])
    make_docx(share / "发改局" / "2020考核材料" / "3项目立项" / "扫描件003.docx", [
        "融水苗族自治县发展和改革局文件", "融发改〔2019〕88号", "关于汪洞乡污水处理工程项目立项的批复",
        "县住房和城乡建设局：", "你局《关于申请汪洞乡污水处理工程项目立项的请示》收悉。经研究，同意汪洞乡污水处理工程项目立项。"
        "新建污水处理站1座，设计规模500立方米/日，配套管网6.2公里，估算总投资865万元。",
        "融水苗族自治县发展和改革局", "2019年6月14日",
    ])
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾" / "乡镇垃圾中转站项目资料（立项批复+竣工验收）.docx", [
        "融水苗族自治县发展和改革局文件", "融发改〔2019〕87号", "关于融水县乡镇生活垃圾中转站建设项目立项的批复",
        "县城市管理行政执法局：", "同意在和睦镇、永乐镇、大浪镇建设生活垃圾压缩式中转站3座，项目总投资596万元。",
        "融水苗族自治县发展和改革局", "2019年5月10日",
        "融水县乡镇生活垃圾中转站建设项目竣工验收意见", "2020年6月9日，县城管局组织各方验收，3座中转站全部建成，同意通过验收。",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "05环境监测" / "2020年度污染源监测报告（盖章）.docx", [
        "融水苗族自治县2020年度县域污染源监测报告",
        "一、监测对象：县城污水处理厂、3座乡镇污水处理设施、生活垃圾填埋场、重点工业企业4家。",
        "二、监测结果：1—9月累计监测64点次，达标62点次，达标率96.9%。超标2点次为大浪镇污水处理设施5月份总磷超标，已责令整改并复测达标。",
        "编制单位：柳州市融水生态环境局", "2020年10月22日",
    ])
    make_docx(share / "财政局" / "考核佐证" / "关于转移支付资金纳入预算管理及考核经费安排的情况说明.docx", [
        "关于重点生态功能区转移支付资金纳入预算管理及考核经费安排的情况说明",
        "一、2019年、2020年重点生态功能区转移支付资金分别为7436万元和8102万元，均全额纳入县级一般公共预算管理。",
        "二、2020年县本级预算安排县域生态环境质量监测与考核工作经费45万元，截至9月底已支出28.6万元。",
        "融水苗族自治县财政局", "2020年10月16日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "07资金" / "生态环保专项转移支付资金使用情况梳理(报财政局).docx", [
        "柳州市融水生态环境局 生态环境保护专项转移支付资金使用情况梳理表（报县财政局核对）",
        "年度\t资金名称\t下达金额(万元)\t已支出(万元)",
        "2019\t水污染防治专项\t480\t480",
        "2020\t重点生态功能区转移支付（环保类）\t620\t512",
        "2020\t农村环境整治\t420\t190",
    ])
    make_docx(share / "财政局" / "2020考核" / "2.2专项资金" / "桂财预〔2020〕58号.docx", [
        "广西壮族自治区财政厅", "桂财预〔2020〕58号", "关于下达2020年中央对地方重点生态功能区转移支付资金的通知",
        "各市、县财政局：", "现下达你县2020年重点生态功能区转移支付资金8102万元。请将资金纳入一般公共预算管理，"
        "主要用于保护生态环境和改善民生，不得用于楼堂馆所建设和竞争性领域。", "2020年5月20日",
    ])
    make_docx(share / "财政局" / "2020考核" / "2.1预算" / "融财预〔2020〕31号.docx", [
        "融水苗族自治县财政局", "融财预〔2020〕31号", "关于分配下达2020年重点生态功能区转移支付资金的通知",
        "县直各有关单位：", "根据桂财预〔2020〕58号，我县2020年重点生态功能区转移支付资金8102万元已全额纳入县级一般公共预算，"
        "现分配下达如下，资金用于生态保护和民生，不得用于楼堂馆所建设和竞争性领域。", "2020年6月2日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.4" / "配合梳理生态环境保护专项资金使用情况的报告.docx", [
        "柳州市融水生态环境局关于配合梳理生态环境保护专项资金使用情况的报告", "县财政局：",
        "经梳理，2019—2020年我局经手的生态环境保护专项转移支付资金中，水污染防治资金860万元、农村环境整治资金420万元、大气污染防治资金120万元，已支出1210万元。",
        "柳州市融水生态环境局", "2020年10月15日",
    ])
    make_docx(share / "自然资源局" / "2020考核" / "旧表" / "土地利用信息表（2018）.docx", [
        "土地利用信息表", "县域名称：融水苗族自治县    单位：公顷",
        "一级类\t面积", "国土面积\t466347.82", "林地\t402815.66", "水域湿地\t9860.11", "耕地\t35988.42",
        "建设用地\t11931.27", "未利用地\t3421.28", "填表日期：2019年9月20日    填表人：覃丽娟",
    ])
    make_docx(share / "自然资源局" / "2020考核" / "3.2" / "土地利用信息表（2019）.docx", [
        "土地利用信息表", "县域名称：融水苗族自治县    单位：公顷",
        "一级类\t面积", "国土面积\t466347.82", "林地\t402901.30", "水域湿地\t9871.02", "耕地\t35912.75",
        "建设用地\t11998.43", "未利用地\t3364.32", "填表日期：2020年9月25日    填表人：覃丽娟",
    ])
    return scanned_documents(home)


def test_a_tables_year_in_brackets_is_its_year_not_the_day_it_was_filled_in(round24_docs):
    old, current = round24_docs["土地利用信息表（2018）.docx"], round24_docs["土地利用信息表（2019）.docx"]
    assert old["years"] == [2018] and "3.2" not in in_window(old)
    assert current["years"] == [2019] and "3.2" in in_window(current)


def test_the_eco_bureaus_help_sorting_out_the_special_funds_is_its_own_duty(round24_docs):
    assert in_window(round24_docs["配合梳理生态环境保护专项资金使用情况的报告.docx"]) == {"10.4"}


def test_the_regions_allocation_tells_the_county_to_budget_the_county_budgets_it(round24_docs):
    assert in_window(round24_docs["桂财预〔2020〕58号.docx"]) == {"2.2"}
    assert {"2.1", "2.2"} <= in_window(round24_docs["融财预〔2020〕31号.docx"])


def test_a_notice_from_above_asking_for_progress_reports_is_a_request(round24_docs):
    assert in_window(round24_docs["市农业农村局关于报送整治进展的通知.docx"]) == set()
    assert "6.4" in in_window(round24_docs["2020年农村人居环境整治工作总结.docx"])


def test_a_paper_the_plan_rests_on_is_a_requirement_not_evidence(round24_docs):
    doc = round24_docs["桂环办函〔2020〕33号.docx"]
    assert in_window(doc) == set()
    assert "上级依据" in (doc.get("meta") or "")


def test_an_approval_of_a_townships_sewage_works_is_its_issuers_and_its_owners(round24_docs):
    tags = in_window(round24_docs["扫描件003.docx"])
    assert {"1.3", "4.3"} <= tags and "4.4" not in tags


def test_an_approval_bound_with_its_acceptance_is_a_project_approval_too(round24_docs):
    assert {"1.3", "8.3"} <= in_window(round24_docs["乡镇垃圾中转站项目资料（立项批复+竣工验收）.docx"])


def test_a_monitoring_report_is_not_the_construction_of_what_it_monitors(round24_docs):
    tags = in_window(round24_docs["2020年度污染源监测报告（盖章）.docx"])
    assert "10.5" in tags and "4.3" not in tags


def test_a_note_on_budgeting_the_transfer_and_the_assessment_money_is_not_the_use_report(round24_docs):
    tags = in_window(round24_docs["关于转移支付资金纳入预算管理及考核经费安排的情况说明.docx"])
    assert {"2.1", "2.5"} <= tags and "2.3" not in tags


def test_a_table_of_the_special_transfers_is_not_the_eco_zone_transfer_use_report(round24_docs):
    tags = in_window(round24_docs["生态环保专项转移支付资金使用情况梳理(报财政局).docx"])
    assert "10.4" in tags and "2.3" not in tags
