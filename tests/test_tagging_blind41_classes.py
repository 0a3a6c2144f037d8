"""Classes found by reading blind41 (issue 19, round forty-five), after it was measured once: bureaus
under their names from before the 2018–2019 institutional reform; township and village papers. The
old names (住房和城乡规划建设局, 国土资源局) are still the bureaus; an acceptance's opinions sent as a
notice are the acceptance; how the negative list was applied is no result of its assessment; another
regime's assessment is not the bureau's self-check; village works (一事一议) are no ecological fund;
money set aside out of the eco-zone transfer is 2.1's, not a special transfer nor the works; an
approval of money is no use report and a use report's 成效 no fiscal policy; the county's
pollution-source report citing the self-monitoring guideline is not the firms' self-monitoring; the
land bureau's indicator sheet that hands the forest and grass rows to others is its help with them.
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round45_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind41") / "home")
    share = home / "watch_folders"
    make_docx(share / "发改局" / "2020考核" / "3.立项" / "扫描件021.docx", [
        "融水苗族自治县发展和改革局", "融发改〔2019〕52号",
        "融水苗族自治县发展和改革局关于汪洞乡集镇生活污水处理工程可行性研究报告的批复", "县住房和城乡规划建设局：",
        "你局报来的可行性研究报告收悉。经研究，原则同意实施汪洞乡集镇生活污水处理工程，新建污水处理站1座，设计规模250立方米/日，"
        "配套管网3.4公里，估算总投资860万元。", "此复。", "融水苗族自治县发展和改革局 2019年5月16日",
    ])
    make_docx(share / "自然资源局" / "2020考核" / "3.项目" / "扫描件 采石场治理验收.docx", [
        "融水苗族自治县国土资源局", "融国土资发〔2019〕14号",
        "关于四荣乡东田村废弃采石场矿山地质环境恢复治理工程验收意见的通知", "四荣乡人民政府：",
        "2019年3月12日，我局组织有关部门对四荣乡东田村废弃采石场矿山地质环境恢复治理工程进行竣工验收，"
        "工程按设计完成削坡、覆土和植被恢复，验收组同意通过竣工验收。", "融水苗族自治县国土资源局 2019年3月20日",
    ])
    make_docx(share / "发改局" / "2020考核" / "4.自查" / "发改局2019-2020年度生态环境保护工作自查报告.docx", [
        "融水苗族自治县发展和改革局2019—2020年度生态环境保护工作自查报告", "县考核工作领导小组办公室：",
        "一、严格项目准入。我局将产业准入负面清单作为项目审批备案的前置审查内容，2019年以来退回不符合清单要求的备案申请2件。",
        "二、负面清单执行情况。全县未新增禁止类项目，限制类企业均落实管控要求。", "融水苗族自治县发展和改革局 2020年10月15日",
    ])
    make_docx(share / "水利局" / "2020考核" / "其他" / "2020年度最严格水资源管理制度考核自查报告.docx", [
        "融水苗族自治县2020年度实行最严格水资源管理制度考核自查报告", "柳州市水利局：",
        "我局对2020年度用水总量、用水效率和水功能区限制纳污“三条红线”控制目标完成情况开展了自查，现报告如下：",
        "一、用水总量控制。全县用水总量1.62亿立方米，控制在目标以内。", "融水苗族自治县水利局 2020年12月2日",
    ])
    make_docx(share / "财政局" / "乡镇资金" / "融财农〔2020〕33号.docx", [
        "融水苗族自治县财政局文件", "融财农〔2020〕33号",
        "融水苗族自治县财政局关于下达2020年村级公益事业建设一事一议财政奖补资金的通知", "各乡镇人民政府：",
        "根据自治区下达的2020年中央农村综合改革转移支付预算，现下达村级公益事业建设一事一议财政奖补资金共计280万元，"
        "用于村屯道路硬化、村级活动场所和路灯建设。", "融水苗族自治县财政局 2020年5月6日",
    ])
    make_docx(share / "财政局" / "2020考核" / "1.转移支付" / "融财预〔2020〕96号.docx", [
        "融水苗族自治县财政局文件", "融财预〔2020〕96号",
        "融水苗族自治县财政局关于安排2020年乡镇污水处理设施运行维护经费的通知", "各有关乡镇人民政府，县住房和城乡建设局：",
        "经县人民政府同意，从2020年重点生态功能区转移支付资金中安排乡镇污水处理设施运行维护经费420万元，纳入县级一般公共预算管理，"
        "专项用于设施运行电费、药剂费和设备维护，不得用于形象工程和楼堂馆所建设。", "融水苗族自治县财政局 2020年6月2日",
    ])
    make_docx(share / "财政局" / "2020考核" / "5.经费" / "关于追加监测工作经费的批复.docx", [
        "融水苗族自治县财政局", "融财预〔2020〕118号", "融水苗族自治县财政局关于追加2020年环境监测工作经费的批复",
        "柳州市融水生态环境局：", "经县人民政府同意，追加你局2020年部门预算环境质量监测经费96万元，资金来源为2020年重点生态功能区转移支付，"
        "年底前将资金使用情况报县财政局。", "融水苗族自治县财政局 2020年7月9日",
    ])
    make_docx(share / "财政局" / "2020考核" / "3.使用情况" / "2020年转移支付资金使用情况报告.docx", [
        "融水苗族自治县2020年国家重点生态功能区转移支付资金使用情况报告",
        "一、资金下达及使用。2020年下达我县重点生态功能区转移支付资金9860万元，已全额纳入一般公共预算，截至9月底使用8920万元。",
        "二、使用成效。生态公益林补偿和生态补偿资金及时兑付，乡镇污水处理设施保持运行，县域生态环境质量保持稳定，取得明显成效。",
        "融水苗族自治县财政局 2020年10月12日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.5监测" / "2020年度县域污染源监测报告.docx", [
        "融水苗族自治县2020年度县域污染源监测报告", "（经融水苗族自治县人民政府审核确认并加盖公章）",
        "一、监测依据：《2020年全区生态环境监测方案》《排污单位自行监测技术指南》。",
        "二、监测对象：县城污水处理厂、乡镇污水处理站、生活垃圾填埋场渗滤液处理站及重点排污单位5家。",
        "三、监测结果：各污染源监测项目均达标排放。",
    ])
    make_xlsx(share / "自然资源局" / "2020考核" / "1.指标" / "自然生态指标填报表2019.xlsx", {"填报": [
        ["县域自然生态指标填报表（自然资源和规划局部分）"],
        ["指标类别", "指标名称", "数值（平方公里）", "数据来源", "备注"],
        ["国土面积", "国土面积", 4651.3, "2019年度土地变更调查", ""],
        ["耕地和建设用地", "城镇建设用地", 14.1, "同上", ""],
        ["", "农村居民用地", 61.8, "同上", ""],
        ["水域湿地", "河流水面", 58.2, "同上", ""],
        ["", "湖库", 27.4, "同上", ""],
        ["未利用地", "裸地", 12.2, "同上", ""],
        ["林地、草地", "——", "——", "——", "由县林业局、县农业农村局填报，本局提供变更调查口径数据供比对"],
    ]})
    return scanned_documents(home)


def test_the_housing_bureaus_old_name_is_still_the_housing_bureau(round45_docs):
    assert {"1.3", "4.3"} <= in_window(round45_docs["扫描件021.docx"])


def test_an_acceptances_opinions_sent_as_a_notice_are_the_acceptance(round45_docs):
    assert "3.3" in in_window(round45_docs["扫描件 采石场治理验收.docx"])


def test_how_the_negative_list_was_applied_is_no_result_of_its_assessment(round45_docs):
    tags = in_window(round45_docs["发改局2019-2020年度生态环境保护工作自查报告.docx"])
    assert "1.4" in tags and "1.2" not in tags


def test_another_regimes_assessment_is_not_the_bureaus_self_check(round45_docs):
    assert in_window(round45_docs["2020年度最严格水资源管理制度考核自查报告.docx"]) == set()


def test_village_works_are_no_ecological_fund(round45_docs):
    assert in_window(round45_docs["融财农〔2020〕33号.docx"]) == set()


def test_money_set_aside_out_of_the_eco_zone_transfer_is_the_transfers_budgeting(round45_docs):
    assert in_window(round45_docs["融财预〔2020〕96号.docx"]) == {"2.1"}


def test_an_approval_of_money_is_no_use_report(round45_docs):
    tags = in_window(round45_docs["关于追加监测工作经费的批复.docx"])
    assert "2.5" in tags and "2.3" not in tags


def test_a_use_reports_achievements_are_not_the_fiscal_policies(round45_docs):
    tags = in_window(round45_docs["2020年转移支付资金使用情况报告.docx"])
    assert "2.3" in tags and "2.6" not in tags


def test_the_pollution_source_report_citing_the_self_monitoring_guideline_is_not_self_monitoring(round45_docs):
    tags = in_window(round45_docs["2020年度县域污染源监测报告.docx"])
    assert "10.5" in tags and "10.3.4" not in tags


def test_an_indicator_sheet_handing_the_forest_rows_to_others_is_its_help_with_them(round45_docs):
    tags = in_window(round45_docs["自然生态指标填报表2019.xlsx"])
    assert {"3.1.1", "3.1.2", "3.1.3"} <= tags and "3.2" not in tags
