"""Classes found by reading blind36 (issue 19, round forty), after it was measured once: field records
and statistical forms. A sampling record is a monitoring record; a file marked with a neighbouring
county's bare name (「（融安）」) is that county's; seedlings accepted on site are the building, not the
project's acceptance, while the acceptance's results by township are the acceptance; a bureau's own
check of the projects its money pays for is not the inspection team's paper; a table of fiscal policies
is no use report; the forestry bureau checking its own changes is not the land bureau's verification of
the change patches; a register of projects checked against the negative list is the control applied,
not the list; the county government's report sent under its own letter is not the eco bureau's
self-check; a statistical system's indicator definitions evidence nothing. Real files dropped into a
county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round40_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind36") / "home")
    share = home / "watch_folders"
    monitoring = share / "生态环境局" / "2020县域考核" / "10.5环境质量监测"
    make_docx(monitoring / "地表水采样记录及送样单（2020年7月）.docx", [
        "地表水采样原始记录", "监测任务：2020年融水县县域生态环境质量考核地表水监测（7月）",
        "断面名称\t断面性质\t采样日期\tpH\t溶解氧(mg/L)\t样品编号", "融江大洲（入境）\t县控\t2020.7.14\t7.4\t7.8\tGZ20071401",
    ])
    make_docx(monitoring / "采样记录0818（融安）.docx", [
        "地表水采样原始记录", "监测任务：融安县2020年县域生态环境质量考核地表水监测（8月）",
        "断面：融江长安镇（出境）", "采样日期：2020年8月18日",
    ])
    make_docx(share / "林业局" / "2020年考核材料" / "9.2项目资料" / "过程资料" / "苗木进场验收单MM-2020-021.docx", [
        "苗木进场验收单", "工程：三防镇2020年植树造林项目    编号：MM-2020-021", "进场日期：2020年2月18日",
        "苗木名称\t规格\t数量(株)\t检验", "杉木容器苗\t苗高≥35cm\t24,000\t抽检合格", "验收意见：苗木根系完整，无病虫害，同意进场。",
    ])
    make_docx(share / "林业局" / "2020年考核材料" / "2.生态项目" / "2019年度石漠化综合治理人工造林核查验收统计表.docx", [
        "2019年度岩溶地区石漠化综合治理工程人工造林核查验收统计表",
        "建设单位：融水苗族自治县林业局   项目批复：柳发改农经〔2019〕58号   验收时间：2020年7月22日—8月6日",
        "乡镇\t计划面积（亩）\t核实面积（亩）\t成活率（%）\t验收结论", "永乐镇\t3200\t3186\t91.2\t合格",
        "验收意见：2019年度石漠化综合治理人工造林任务8500亩，核实完成8449亩，达到验收标准。",
    ])
    make_docx(share / "财政局" / "2020年县域考核" / "2.3转移支付使用" / "重点生态功能区转移支付资金项目现场核查记录（2020年）.docx", [
        "2020年重点生态功能区转移支付资金项目现场核查记录", "核查人员：财政局监督检查股 侯丽娜、蒙丽萍",
        "2020年下达我县重点生态功能区转移支付资金共计9,826万元，年初已全部纳入一般公共预算管理。抽查安排项目6个：",
        "序号\t项目\t安排金额(万元)\t已支付(万元)", "1\t生态护林员补助\t1,200\t860",
        "核查意见：抽查项目资金均用于生态环境保护和基本公共服务，未发现用于楼堂馆所、形象工程和竞争性领域。",
    ])
    make_docx(share / "财政局" / "2020县域考核" / "6.财税政策及成效" / "有利于生态保护的财税政策及成效统计表.docx", [
        "2019—2020年融水县有利于生态保护的财税政策及成效统计表", "填报单位：融水苗族自治县财政局",
        "序号\t政策名称\t文号\t主要内容\t执行情况",
        "1\t重点生态功能区转移支付资金统筹使用办法\t融财预〔2019〕41号\t转移支付60%以上用于生态环保\t2020年62.2%，支出9000万元",
        "总体成效\t2019—2020年全县节能环保及生态类支出累计5.62亿元",
    ])
    make_docx(share / "林业局" / "2020年考核材料" / "9.1林地指标" / "2019年林地年度变更现地核实记录汇总.docx", [
        "2019年林地年度变更现地核实记录汇总", "图斑号\t乡镇\t变化类型\t面积(公顷)\t核实结果\t变化原因",
        "LD2019-001\t永乐镇\t有林地→建设用地\t2.31\t属实\t县道改建占用", "有林地合计\t356210.4公顷",
    ])
    make_docx(share / "发改局" / "2020生态考核" / "1.4准入控制" / "2020年新建项目准入核查记录表（1-9月）.docx", [
        "2020年新建项目产业准入核查记录表（1-9月）", "单位：融水县发展和改革局投资股",
        "序号\t项目名称\t行业\t是否涉及负面清单\t核查结论", "1\t怀宝镇杉木精深加工生产线技改\tC2021\t否\t符合",
        "2\t香粉乡石材加工厂扩建项目\tC3032\t是（限制类）\t不符合，不予备案",
    ])
    make_docx(share / "农业农村局" / "2020年县域考核材料" / "农业统计报表制度主要指标解释.docx", [
        "农林牧渔业统计报表制度（摘录）主要指标解释",
        "农用化肥施用量：指本年内实际用于农业生产的化肥数量，包括氮肥、磷肥、钾肥和复合肥。",
        "农药使用量：指本年内用于农业生产的农药实物量。农作物总播种面积：指实际播种或移植有农作物的面积。",
    ])
    make_docx(share / "生态环境局" / "2020考核资料" / "10.2县域自查报告" / "融水县2020年度县域生态环境质量考核自查报告（县政府盖章）.docx", [
        "融水苗族自治县人民政府", "关于报送融水苗族自治县2020年度国家重点生态功能区县域生态环境质量考核自查报告的函",
        "柳州市生态环境局：", "根据自治区考核工作要求，我县组织10个部门完成了2020年度县域生态环境质量考核自查工作，现将自查情况报告如下。",
        "一、基本情况。二、自然生态指标。三、环境状况指标。四、生态环境保护管理。",
        "附件：1.县域基本情况表", "融水苗族自治县人民政府 2020年10月28日",
        "附件1  县域基本情况表（2019年）", "指标\t数值", "土地总面积（平方公里）\t4663.82",
    ])
    return scanned_documents(home)


def test_a_sampling_record_is_a_monitoring_record(round40_docs):
    assert "10.5" in in_window(round40_docs["地表水采样记录及送样单（2020年7月）.docx"])


def test_a_file_marked_with_a_neighbours_bare_name_is_the_neighbours(round40_docs):
    assert round40_docs["采样记录0818（融安）.docx"]["tags"] == []


def test_seedlings_accepted_on_site_are_not_the_projects_acceptance(round40_docs):
    assert "9.2" not in in_window(round40_docs["苗木进场验收单MM-2020-021.docx"])


def test_the_acceptances_results_by_township_are_the_acceptance(round40_docs):
    assert "9.2" in in_window(round40_docs["2019年度石漠化综合治理人工造林核查验收统计表.docx"])


def test_a_bureaus_check_of_the_projects_its_money_pays_for_is_its_own_paper(round40_docs):
    assert "2.1" in in_window(round40_docs["重点生态功能区转移支付资金项目现场核查记录（2020年）.docx"])


def test_a_table_of_fiscal_policies_is_no_use_report(round40_docs):
    tags = in_window(round40_docs["有利于生态保护的财税政策及成效统计表.docx"])
    assert "2.6" in tags and "2.3" not in tags


def test_the_forestry_bureau_checking_its_own_changes_is_not_the_land_bureaus_verification(round40_docs):
    assert "3.1.4" not in in_window(round40_docs["2019年林地年度变更现地核实记录汇总.docx"])


def test_a_register_of_projects_checked_against_the_list_is_the_control_applied(round40_docs):
    tags = in_window(round40_docs["2020年新建项目准入核查记录表（1-9月）.docx"])
    assert "1.4" in tags and "1.1" not in tags


def test_the_county_governments_report_sent_under_its_letter_is_not_the_eco_bureaus_own(round40_docs):
    tags = in_window(round40_docs["融水县2020年度县域生态环境质量考核自查报告（县政府盖章）.docx"])
    assert "10.2" in tags and "10.3.6" not in tags


def test_a_statistical_systems_indicator_definitions_evidence_nothing(round40_docs):
    assert round40_docs["农业统计报表制度主要指标解释.docx"]["tags"] == []
