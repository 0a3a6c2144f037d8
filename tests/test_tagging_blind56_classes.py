"""Classes found by reading blind56 and blind57 (issue 19, round sixty), after each was measured once
unread: the lead office's world, the eco bureau's monitoring world, the townships' papers and the
inspection week. The lead office's internal tracking sheet and the inspection team's problem list name
every bureau's material without being any; a bureau's comments on the county report's draft are neither
its self-check nor a draft; last year's county report is not this year's; the city's news is not the
county's monitoring; a case handed down by an inspection is not the forest-land figures. A table the eco
bureau compiled with the finance bureau is its help (10.4); a township's 人居环境 self-check filed by the
agriculture bureau is programme material (6.4); a township sewage station's running ledger and its
completion monitoring are the facility's material (4.3); the county's 「自查情况的报告」 is its report
(10.2). Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind56") / "home")
    share = home / "watch_folders"
    office = share / "考核办" / "2020县域考核"
    make_xlsx(office / "2020考核任务分解跟踪表(内部).xlsx", {"Sheet1": [
        ["序号", "责任单位", "需报送材料", "时限", "联络员", "进度"],
        [1, "发改局", "负面清单及公示截图；2019年清单考核结果/情况说明；环保工程立项文件；部门自查", "10.24", "罗XX", "未报"],
        [2, "财政局", "2020年人代会预算决议；专项转移支付文件；2020年转移支付使用报表+报告；财税政策及成效", "10.24", "莫XX", "部分"],
        [3, "农业农村局", "水田旱地；化肥农药耕地播种面积；草地；美丽乡村；项目；自查", "10.24", "龙XX", "未报"],
        [4, "城管局", "2020年垃圾清运量、无害化处理率；渗滤液记录；周边监测；乡镇垃圾项目；自查", "10.24", "石XX", "未报"],
        [5, "林业局", "有林地、灌木林地、其他林地；项目；自查", "10.24", "杨XX", "未报"],
        ["备注：本表仅供考核办内部跟踪使用，不作报送材料。"],
    ]})
    make_docx(office / "核查组问题清单（第一天）.docx", [
        "核查组第一天查阅材料发现问题及需补充说明事项（11月18日）",
        "序号  问题  责任单位  完成时限",
        "1  遥感图斑RS-0417、RS-0422请核实并说明地表变化原因  自然资源局  11月19日前",
        "2  转移支付资金使用情况报告中部分支出用途请说明  财政局  11月19日前",
        "请各单位按时限将书面说明盖章后交考核办。",
    ])
    make_docx(office / "2019年度县域自查报告（上报稿）.docx", [
        "融水苗族自治县人民政府",
        "融水苗族自治县2019年度国家重点生态功能区县域生态环境质量考核自查报告",
        "一、基本情况：2018年县城空气优良天数比例96.9%，县城生活污水处理率87.42%。",
        "二、保护与管理：2018年重点生态功能区转移支付11216万元，用于生态环保4730万元。",
        "融水苗族自治县人民政府", "2019年9月27日",
    ])
    make_docx(office / "扫描件0012.docx", [
        "融水苗族自治县人民政府",
        "融政报〔2020〕58号",
        "融水苗族自治县人民政府关于2020年度国家重点生态功能区县域生态环境质量考核自查情况的报 告",
        "自治区生态环境厅、财政厅：",
        "我县组织10个部门对2019—2020年度生态环境保护工作进行了自查，现将情况报告如下。",
        "一、基本情况。我县国土面积4638.5平方公里，森林覆盖率77.4%。",
        "二、环境状况指标。2019年、2020年县控断面水质达标率均为100%。",
        "融水苗族自治县人民政府", "2020年10月29日",
    ])
    make_docx(share / "林业局" / "考核" / "林业局对县域自查报告征求意见稿的反馈意见.docx", [
        "对《2020年度县域生态环境质量考核自查报告（征求意见稿）》的反馈意见",
        "县考核办：",
        "我局对征求意见稿进行了认真研究，第二部分森林覆盖率79.32%与我局林地年度变更成果一致，无意见；"
        "建议补充自然保护区管护情况。",
        "融水苗族自治县林业局", "2020年10月27日",
    ])
    make_docx(share / "林业局" / "督察整改" / "关于中央第五生态环境保护督察组交办件整改情况的报告.docx", [
        "融水县林业局",
        "关于中央第五生态环境保护督察组交办第X2020-0917号信访件整改情况的报告",
        "县督察整改办：",
        "群众反映汪洞乡某村有人毁林种果，我局于2020年9月17日现场核查，涉及林地面积4.2亩。",
        "处理情况：已立案查处，责令恢复植被，并处罚款8400元；已完成补植杉木幼苗，恢复率100%。",
        "融水县林业局", "2020年12月2日",
    ])
    make_docx(share / "生态环境局" / "新闻剪报" / "柳州日报-上半年全市空气质量优良天数比例全区第三.docx", [
        "柳州日报  2020年7月14日  第02版 要闻",
        "上半年我市空气质量优良天数比例位列全区第三",
        "本报讯（记者 周某 通讯员 梁某）今年1—6月，我市环境空气质量优良天数比例为92.3%，同比上升5.5个百分点；"
        "PM2.5平均浓度为35微克/立方米。",
    ])
    make_xlsx(share / "财政局" / "2020考核" / "2019-2020年生态环保专项转移支付资金梳理表（财政局 生态环境局）.xlsx", {"Sheet1": [
        ["融水县2019—2020年生态环境保护相关专项转移支付资金梳理表"],
        ["牵头单位：县财政局    配合单位：柳州市融水生态环境局    单位：万元"],
        ["序号", "资金类别", "2019下达", "2020下达", "主要使用单位"],
        [1, "大气污染防治资金", 0, 45, "生态环境局"],
        [2, "水污染防治资金", 480, 350, "生态环境局"],
        [3, "农村环境整治资金", 450, 600, "生态环境局"],
        ["合计", "", 930, 995, ""],
    ]})
    make_docx(share / "农业农村局" / "人居环境整治" / "安太乡2019年农村人居环境整治自查报告.docx", [
        "安太乡人民政府",
        "关于2019年度农村人居环境整治工作的自查报告",
        "县农业农村局：",
        "我乡对2019年度农村人居环境整治工作进行了全面自查。全乡2019年投入整治资金312.4万元，"
        "新建村级垃圾收集池16座，完成农户卫生厕所改造386户，培秀村、林洞村完成巷道硬化3.2公里。",
        "安太乡人民政府", "2020年1月10日",
    ])
    sewage = share / "住建局" / "2020考核" / "4.3乡镇污水"
    make_xlsx(sewage / "和睦镇污水处理站运行台账2020上半年.xlsx", {"Sheet1": [
        ["和睦镇生活污水处理站运行台账（2020年1—6月）"],
        ["月份", "运行天数", "处理水量(m³)", "负荷率(%)", "出水COD(mg/L)"],
        ["1月", 31, 10850, 70.0, 34],
        ["2月", 29, 9280, 64.0, 31],
        ["3月", 31, 11470, 74.0, 36],
    ]})
    make_docx(sewage / "和睦镇污水处理站竣工环保验收监测报告表.docx", [
        "融水县和睦镇污水处理站工程",
        "竣工环境保护验收监测报告表",
        "建设单位：融水苗族自治县住房和城乡建设局",
        "和睦镇污水处理站为我县乡镇污水处理设施建设项目之一，设计规模1000 m3/d，配套污水管网6.8公里。",
        "验收监测时间：2020年7月21—22日，出水COD、氨氮、总磷均达到一级B标准。",
    ])
    return scanned_documents(home)


def test_the_lead_offices_internal_tracking_sheet_is_nobodys_evidence(docs):
    assert in_window(docs["2020考核任务分解跟踪表(内部).xlsx"]) == set()


def test_the_inspection_teams_problem_list_is_not_the_answers(docs):
    assert in_window(docs["核查组问题清单（第一天）.docx"]) == set()


def test_comments_on_the_county_reports_draft_are_neither_a_self_check_nor_a_draft(docs):
    doc = docs["林业局对县域自查报告征求意见稿的反馈意见.docx"]
    assert in_window(doc) == set()
    assert doc["draft"] is False


def test_last_years_county_report_is_kept_but_not_this_years(docs):
    doc = docs["2019年度县域自查报告（上报稿）.docx"]
    assert "10.2" not in in_window(doc)
    tag = next(t for t in doc["tags"] if t["item"] == "10.2")
    assert any("2019年度考核" in r for r in tag["reasons"])


def test_the_county_governments_report_on_its_self_check_is_the_county_report(docs):
    assert "10.2" in in_window(docs["扫描件0012.docx"])


def test_the_citys_news_on_its_air_is_not_the_countys_monitoring(docs):
    assert "10.5" not in in_window(docs["柳州日报-上半年全市空气质量优良天数比例全区第三.docx"])


def test_a_case_handed_down_by_an_inspection_is_not_the_forest_land_figures(docs):
    assert "9.1" not in in_window(docs["关于中央第五生态环境保护督察组交办件整改情况的报告.docx"])


def test_a_funds_table_compiled_with_the_eco_bureau_is_its_help_too(docs):
    tags = in_window(docs["2019-2020年生态环保专项转移支付资金梳理表（财政局 生态环境局）.xlsx"])
    assert {"2.4", "10.4"} <= tags


def test_a_townships_living_environment_self_check_is_programme_material(docs):
    assert "6.4" in in_window(docs["安太乡2019年农村人居环境整治自查报告.docx"])


@pytest.mark.parametrize("name", ["和睦镇污水处理站运行台账2020上半年.xlsx", "和睦镇污水处理站竣工环保验收监测报告表.docx"])
def test_a_township_sewage_stations_running_ledger_and_completion_monitoring_are_its_material(docs, name):
    assert "4.3" in in_window(docs[name])
