"""Tagging classes found by reading the eighth blind batch of county documents (blind8, issue 19,
round eleven) after it was measured once: real files dropped into a county home, scanned by the real
pipeline, tags read back.

The files are written here in the county's own words; every test states a class (how departments
write and file), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx

FAGAI_APPROVAL = [
    "融水苗族自治县发展和改革局",
    "融发改审〔2019〕58号",
    "融水苗族自治县发展和改革局关于和睦镇生活污水处理工程可行性研究报告的批复",
    "县住房和城乡建设局：",
    "你局《关于审批和睦镇生活污水处理工程可行性研究报告的请示》收悉。经研究，同意建设和睦镇生活污水处理工程，"
    "新建污水处理站1座，设计处理规模800立方米/日，配套管网6.8公里，总投资1865万元。",
    "融水苗族自治县发展和改革局",
    "2019年6月11日",
]


def drop_files(share: Path) -> None:
    # -- 发改局's approval of 住建局's works, filed by 住建局 -------------------------------------------
    make_docx(share / "住建局" / "乡镇污水" / "融发改审〔2019〕58号 和睦镇污水处理可研批复.docx", FAGAI_APPROVAL)
    # -- the negative list: how it was applied, and what its assessment found ---------------------
    make_docx(share / "发改局" / "负面清单" / "负面清单执行情况说明.docx", [
        "关于我县重点生态功能区产业准入负面清单执行情况的说明",
        "2019年、2020年，所有新建项目在立项、备案阶段均比对负面清单，两年均无禁止类项目获批，限制类项目3个均落实限制措施。",
        "融水苗族自治县发展和改革局", "2020年10月12日",
    ])
    make_docx(share / "发改局" / "负面清单" / "关于2019年负面清单考核结果的情况说明.docx", [
        "关于2019年度产业准入负面清单考核结果的情况说明",
        "自治区尚未下达2019年度负面清单实施情况考核结果，现将有关情况说明如下：我县已按要求报送执行情况。",
        "融水苗族自治县发展和改革局", "2020年10月12日",
    ])
    # -- a bureau asking for material is not the material ----------------------------------------
    make_docx(share / "农业农村局" / "美丽乡村" / "关于报送2019-2020年农村人居环境整治项目佐证材料的紧急通知.docx", [
        "关于报送2019—2020年农村人居环境整治项目佐证材料的紧急通知",
        "各乡镇人民政府：",
        "县域生态环境质量考核需提供近年来农村人居环境整治、美丽乡村建设项目的佐证材料，请于10月16日前报送"
        "示范村、改厕、垃圾收运项目的实施方案批复、验收报告及资金拨付凭证。",
        "融水苗族自治县农业农村局", "2020年10月13日",
    ])
    make_docx(share / "财政局" / "转移支付" / "关于报送2020年生态功能区转移支付资金使用情况的通知.docx", [
        "关于报送2020年重点生态功能区转移支付资金使用情况的通知",
        "县林业局、住建局、水利局、农业农村局：",
        "为做好2020年县域生态环境质量考核相关工作，请你单位梳理转移支付资金使用情况，填写附表（报表）后于10月20日前报送我局。",
        "融水苗族自治县财政局", "2020年10月12日",
    ])
    # -- the finance bureau's own table of the special funds is not the eco bureau's help ----------
    make_xlsx(share / "财政局" / "专项资金" / "生态环保类专项转移支付指标值梳理表（2019-2020）.xlsx", {"Sheet1": [
        ["融水县生态环境保护相关专项转移支付资金指标值梳理", "单位：万元"],
        ["资金类别", "2019年下达", "2020年下达"],
        ["水污染防治资金", 420, 610],
        ["天然林保护工程补助", 2716, 2803],
        ["农村环境整治资金", 600, 450],
    ]})
    # -- a department's name before 「县域考核自查报告」 makes it that department's own -------------
    make_docx(share / "农业农村局" / "自查" / "农业农村局-县域考核自查报告(终稿).docx", [
        "融水苗族自治县农业农村局",
        "2020年度生态环境保护工作自查报告",
        "一、农业面源污染防治。2019年、2020年实施化肥农药减量增效行动，化肥、农药施用量连续两年负增长。",
        "二、畜禽污染治理。禁养区内43家养殖场全部关闭搬迁，规模养殖场粪污处理设施配套率96.2%。",
        "融水苗族自治县农业农村局", "2020年10月21日",
    ])
    # -- a bureau's check of how it carried out its eco duties is its self-check --------------------
    make_docx(share / "自然资源局" / "自查" / "县自然资源和规划局生态环境保护职责落实检查情况.docx", [
        "县自然资源和规划局关于2019-2020年度生态环境保护职责落实检查情况",
        "按照县域生态环境质量考核工作安排，我局对两年来生态环境保护相关工作进行了全面检查：完成废弃矿山治理2个，复绿12.4公顷；"
        "完成生态保护红线评估调整。",
        "融水苗族自治县自然资源和规划局", "2020年10月20日",
    ])
    # -- one return naming paddy and dry land and the fertiliser figures serves both duties ---------
    make_xlsx(share / "农业农村局" / "指标" / "农业农村局填报指标（水田旱地 化肥农药 播种面积）2019.xlsx", {"Sheet1": [
        ["融水县2019年农业相关指标填报表（农业农村局）"],
        ["指标", "单位", "2019年"],
        ["耕地面积", "公顷", 32176.45],
        ["其中：水田", "公顷", 19604.18],
        ["旱地", "公顷", 12572.27],
        ["农作物总播种面积", "公顷", 58416.7],
        ["化肥施用量（折纯）", "吨", 11236],
        ["农药施用量", "吨", 318.4],
    ]})
    # -- supervisory monitoring and the firms' own monitoring published on one page ----------------
    make_docx(share / "生态环境局" / "污染源" / "2020年重点排污单位监督性监测及自行监测信息公开情况.docx", [
        "2020年重点排污单位监督性监测及自行监测信息公开情况",
        "一、国控重点源监督性监测。我县纳入国家重点监控的污染源2家，2020年按季度开展监督性监测，结果已在县政府网站公开。",
        "二、企业自行监测。两家企业均已编制自行监测方案并在全国污染源监测信息管理与共享平台公开监测结果。",
        "柳州市融水生态环境局", "2020年10月15日",
    ])
    # -- a table that states its year as a field (「填报年度：2019」), printed in 2020 ----------------
    make_xlsx(share / "统计局" / "基本情况表" / "附表1 县域自然社会经济基本情况表（统计局汇总）.xlsx", {"Sheet1": [
        ["县域自然、社会、经济基本情况表", "填报年度：2019"],
        ["项目", "单位", "数值"],
        ["土地总面积", "平方公里", 4665],
        ["乡镇数量", "个", 20],
        ["行政村数量", "个", 206],
        ["县域总人口", "万人", 53.12],
        ["城镇总人口", "万人", 12.46],
        ["地区生产总值", "亿元", 126.37],
        ["单位GDP能耗", "吨标煤/万元", 0.412],
        ["报出日期：2020-10-15"],
    ]})
    # -- works on the landfill's leachate station are a project, not the leachate records ----------
    make_docx(share / "城管局" / "其他项目" / "关于县生活垃圾填埋场渗滤液处理站提标改造工程实施方案的批复.docx", [
        "融水苗族自治县发展和改革局",
        "关于融水县生活垃圾卫生填埋场渗滤液处理站提标改造工程实施方案的批复",
        "县城市管理行政执法局：",
        "同意实施该工程，将现有渗滤液处理站扩建至150立方米/日，项目总投资986.5万元。",
        "融水苗族自治县发展和改革局", "2020年3月9日",
    ])
    # ... and the landfill's leachate ledger is not the county plant's operation
    make_xlsx(share / "城管局" / "渗滤液" / "填埋场渗滤液处理站运行记录台账2020.xlsx", {"Sheet1": [
        ["融水县生活垃圾卫生填埋场渗滤液收集处理运行台账"],
        ["月份", "收集量(m3)", "处理量(m3)", "出水COD(mg/L)", "出水去向"],
        ["2020-01", 1862, 1840, 42, "排入县城污水处理厂管网"],
        ["2020-02", 1735, 1728, 38, "排入县城污水处理厂管网"],
    ]})
    # -- a township refuse station's acceptance is the township refuse duty, not 「其他」 projects ----
    make_docx(share / "城管局" / "乡镇垃圾项目" / "安太乡生活垃圾转运站工程竣工验收证书.docx", [
        "工程竣工验收证书",
        "工程名称：安太乡生活垃圾转运站工程",
        "建设单位：融水苗族自治县城市管理行政执法局",
        "开工日期：2020年1月6日  竣工日期：2020年6月20日  验收日期：2020年7月3日",
        "验收意见：工程已按设计和合同内容完成，设备调试正常，已投入运行，同意验收。",
    ])
    # -- an approval forwarded by mail: the header comes before the addressee ----------------------
    make_docx(share / "发改局" / "环保工程立项" / "转发：安太乡垃圾中转站备案材料.docx", [
        "发件人: 安太乡人民政府", "收件人: 县发改局项目股", "抄送: 县城管局", "日期: 2020年10月9日",
        "主题: 转发：安太乡垃圾中转站备案材料", "附件: 融发改审批〔2019〕112号.pdf",
        "黄股长：", "按你们电话要求，把我乡垃圾中转站当时的批复扫描件发过来，请查收。", "安太乡 乡建办",
        "---------- 附件 第1页 ----------",
        "融水苗族自治县发展和改革局", "融发改审批〔2019〕112号",
        "关于安太乡等三个乡镇生活垃圾转运站建设项目立项的批复",
        "县城市管理行政执法局：",
        "经研究，同意安太乡、香粉乡、四荣乡生活垃圾转运站建设项目立项，每乡新建压缩式垃圾转运站1座，总投资486万元。",
        "融水苗族自治县发展和改革局", "2019年9月24日",
    ])
    # -- a scanner app names the file by when it scanned; a rural environment project of 农业农村局 --
    make_docx(share / "农业农村局" / "美丽乡村" / "扫描全能王 2020-10-11 16.05.docx", [
        "融水苗族自治县农业局",
        "关于四荣乡荣地等5个村农村环境综合整治项目实施方案的批复",
        "四荣乡人民政府：",
        "同意实施。项目建设内容：垃圾收集池25个、小型污水处理设施5套、村内排水沟4.2公里，总投资215万元。",
        "融水苗族自治县农业局", "2018年11月20日",
        "农村环境综合整治项目竣工验收单",
        "项目名称：四荣乡荣地等5个村农村环境综合整治项目",
        "开工：2019年1月8日  竣工：2019年9月16日  验收日期：2019年10月24日",
        "验收意见：完成批复全部建设内容，同意验收。",
    ])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind8") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def test_an_approval_fagai_issued_for_another_departments_works_is_its_project_paper_too(docs):
    approval = docs["融发改审〔2019〕58号 和睦镇污水处理可研批复.docx"]
    assert {"1.3", "4.3"} <= in_window(approval)
    assert any("发文单位为发改局" in r for t in approval["tags"] if t["item"] == "1.3" for r in t["reasons"])


def test_how_the_negative_list_was_applied_is_the_entry_control_account_not_its_assessment(docs):
    applied = in_window(docs["负面清单执行情况说明.docx"])
    assert "1.4" in applied and "1.2" not in applied
    assert "1.2" in in_window(docs["关于2019年负面清单考核结果的情况说明.docx"])


def test_a_request_for_material_is_not_the_material(docs):
    assert in_window(docs["关于报送2019-2020年农村人居环境整治项目佐证材料的紧急通知.docx"]) == set()
    assert in_window(docs["关于报送2020年生态功能区转移支付资金使用情况的通知.docx"]) == set()


def test_the_finance_bureaus_own_fund_table_is_not_the_eco_bureaus_help(docs):
    table = in_window(docs["生态环保类专项转移支付指标值梳理表（2019-2020）.xlsx"])
    assert "2.4" in table and "10.4" not in table


def test_a_department_named_county_assessment_self_check_is_the_departments_own(docs):
    assert "6.6" in in_window(docs["农业农村局-县域考核自查报告(终稿).docx"])


def test_a_bureaus_check_of_how_it_carried_out_its_eco_duties_is_its_self_check(docs):
    assert "3.4" in in_window(docs["县自然资源和规划局生态环境保护职责落实检查情况.docx"])


def test_one_return_of_paddy_and_dry_land_and_fertiliser_serves_both_duties(docs):
    assert {"6.1", "6.2"} <= in_window(docs["农业农村局填报指标（水田旱地 化肥农药 播种面积）2019.xlsx"])


def test_supervisory_and_self_monitoring_published_together_serve_both_parts(docs):
    assert {"10.3.2", "10.3.4"} <= in_window(docs["2020年重点排污单位监督性监测及自行监测信息公开情况.docx"])


def test_a_tables_year_field_gives_its_year_not_the_day_it_was_printed(docs):
    table = docs["附表1 县域自然社会经济基本情况表（统计局汇总）.xlsx"]
    assert 2019 in table["years"]
    assert {"7.2.1", "7.2.2", "7.2.3"} <= in_window(table)


def test_works_on_the_leachate_station_are_a_project_and_its_ledger_is_not_the_county_plant(docs):
    approval = in_window(docs["关于县生活垃圾填埋场渗滤液处理站提标改造工程实施方案的批复.docx"])
    assert "8.4" in approval and "8.2" not in approval
    ledger = in_window(docs["填埋场渗滤液处理站运行记录台账2020.xlsx"])
    assert "8.2" in ledger and "10.3.3" not in ledger


def test_a_township_refuse_stations_acceptance_is_the_township_duty_only(docs):
    acceptance = in_window(docs["安太乡生活垃圾转运站工程竣工验收证书.docx"])
    assert "8.3" in acceptance and "8.4" not in acceptance


def test_an_approval_forwarded_by_mail_names_the_department_that_builds(docs):
    assert {"1.3", "8.3"} <= in_window(docs["转发：安太乡垃圾中转站备案材料.docx"])


def test_a_scanner_apps_file_name_is_not_the_year_and_rural_remediation_is_the_village_duty(docs):
    scan = docs["扫描全能王 2020-10-11 16.05.docx"]
    assert 2020 not in scan["years"] and 2019 in scan["years"]
    assert "6.4" in in_window(scan) and "6.5" not in in_window(scan)


# -- round twelve (the development splits read again) -----------------------------------------------

def test_a_land_tables_forest_and_grass_rows_are_not_the_help_with_those_indicators(tmp_path):
    """3.1.3 asks the land bureau to help other departments fill in the forest and grass figures. A
    land-use table lists 林地 and 草地 among its classes and is the land return (3.2) or the land
    indicators; a sheet that marks those rows as its help (「林地（配合林业局）」) is 3.1.3 too."""
    home = make_home(tmp_path / "home")
    share = home / "watch_folders" / "自然资源局" / "县域考核"
    rows = [["融水苗族自治县2019年土地利用信息表（单位：公顷）"], ["地类", "面积"], ["国土面积", 466423.0], ["耕地", 41236.5], ["林地", 371208.9],
            ["草地", 6530.4], ["城镇村及工矿用地", 8792.6], ["水域及水利设施用地", 5422.7], ["合计", 466423.0]]
    make_xlsx(share / "2019年土地利用信息表.xlsx", {"信息表": rows})
    make_xlsx(share / "指标填报.xlsx", {"Sheet1": [
        ["自然生态指标填报（自然资源局）", "", ""], ["指标", "2019年数值(km²)", "备注"], ["国土面积", 4664.23, ""],
        ["城镇建设用地", 18.62, ""], ["林地（配合林业局）", 3712.09, "提供变更调查口径数"],
        ["草地（配合农业农村局）", 65.30, "提供变更调查口径数"]]})
    docs = scanned_documents(home)
    table = in_window(docs["2019年土地利用信息表.xlsx"])
    assert "3.2" in table and "3.1.3" not in table
    assert {"3.1.1", "3.1.3"} <= in_window(docs["指标填报.xlsx"])
