"""Classes found by reading blind15, blind16 and blind17 (issue 19, rounds eighteen to twenty), each
after it was measured once: office traffic that names the duties' material without being it (a
letter asking for figures, a reminder chasing them, a note on why they are late, tender notices,
minutes sharing out the work, replies to deputies), works that are not eco projects by their name
alone, township sewage as its own duty, an approval known only by its 文号, whose monitoring a report
is, and tables read by their rows and units. Real files dropped into a county home, scanned by the
real pipeline, tags read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


def drop_files(share: Path) -> None:
    # -- asking for, chasing and excusing material -------------------------------------------------
    make_docx(share / "生态环境局" / "2020考核" / "关于商请提供2019年GDP和人口数据的函.docx", [
        "关于商请提供2019年县域基本情况数据的函",
        "县统计局：为编写县域考核自查报告，请提供2019年地区生产总值、总人口、城镇人口、单位GDP能耗等数据。",
        "柳州市融水生态环境局", "2020年10月8日",
    ])
    make_docx(share / "统计局" / "2020考核" / "关于提供2019年县域基本情况数据的复函.docx", [
        "关于提供2019年县域基本情况数据的复函", "柳州市融水生态环境局：",
        "现将我县2019年有关数据提供如下：年末户籍总人口53.12万人，城镇人口14.06万人；地区生产总值86.47亿元，单位GDP能耗0.412吨标准煤/万元。",
        "融水苗族自治县统计局", "2020年10月12日",
    ])
    make_docx(share / "考核办" / "督办" / "关于催报农村环境连片整治项目台账的督办通知.docx", [
        "督办通知", "柳州市融水生态环境局、各有关乡镇人民政府：",
        "截至10月19日，农村环境连片整治项目台账、验收资料仍未报送考核办。请于10月22日前将2019—2020年各批次项目实施台账、竣工验收表一并报送。",
        "2020年10月19日",
    ])
    make_docx(share / "考核办" / "情况说明" / "考核办关于部分材料迟报的情况说明.docx", [
        "关于我县县域考核部分材料迟报的情况说明", "市生态环境局：",
        "因统计局2019年县域基本情况表需待统计年鉴数据定稿，农业农村局化肥农药数据需复核，我县县域自查报告未能于10月30日上午按时上报，现定于11月2日补报。特此说明。",
        "融水县生态功能区考核领导小组办公室  2020年10月30日",
    ])
    make_docx(share / "住建局" / "2020考核" / "关于迟报污水处理率核算材料的说明.docx", [
        "关于迟报污水处理率核算材料及计算方法、管网建设情况的说明", "县考核办：",
        "因原核算表数据有误需重新核算，我局未能按期报送。一、计算方法：污水处理率=达标排放量÷污水排放总量×100%，"
        "2019年县城生活污水排放总量512.6万吨，达标排放量468.3万吨，处理率91.4%。二、管网建设：截至2019年底县城建成区污水管网68.4公里。",
        "融水苗族自治县住房和城乡建设局", "2020年10月27日",
    ])
    # -- works that are not eco projects by their name -----------------------------------------------
    make_docx(share / "住建局" / "2020考核" / "县城老旧小区改造项目初设批复.docx", [
        "关于融水镇2020年老旧小区改造项目初步设计的批复",
        "同意对寿星小区等6个小区进行外立面、屋面防水及停车位改造，总概算1380万元。",
        "融水苗族自治县发展和改革局", "2020年6月2日",
    ])
    make_docx(share / "住建局" / "2020考核" / "三防镇集镇农贸市场改造工程招标公告.docx", [
        "融水县三防镇集镇农贸市场改造工程招标公告",
        "招标人：三防镇人民政府  控制价：268.5万元", "建设内容：市场钢结构大棚、摊位改造、排水沟",
        "投标截止：2020年8月20日9时30分",
    ])
    # -- township sewage: its own duty ----------------------------------------------------------------
    make_docx(share / "住建局" / "2020考核" / "乡镇污水" / "三防镇生活污水处理工程竣工验收报告.docx", [
        "三防镇生活污水处理工程竣工验收报告", "工程规模：污水处理站800吨/日，管网6.1公里。开工2019年6月，完工2020年8月。",
        "2020年9月10日，建设单位县住建局组织设计、施工、监理单位验收，工程质量合格，同意验收。",
    ])
    # -- an approval known by its 文号 alone ----------------------------------------------------------
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾" / "乡镇垃圾收集转运项目立项及完工.docx", [
        "融发改审批〔2019〕57号", "关于大年乡、良寨乡、杆洞乡生活垃圾收集转运项目立项的批复",
        "同意建设垃圾转运站3座、购置压缩车3辆，总投资540万元。", "2019年7月2日",
        "项目完工报告", "三座转运站于2020年6月建成投入使用，日转运能力各10吨。",
    ])
    make_docx(share / "农业农村局" / "美丽乡村" / "关于同意乡村风貌提升示范村建设实施方案的批复.docx", [
        "融水苗族自治县人民政府", "融政函〔2019〕58号", "关于同意融水县2019年乡村风貌提升示范村建设实施方案的批复",
        "县农业农村局、县住房和城乡建设局：",
        "你们《关于审批2019年乡村风貌提升示范村建设实施方案的请示》（融农发〔2019〕21号）收悉。原则同意实施方案，项目总投资2865万元。",
        "2019年5月22日",
    ])
    # -- the negative list's own self-check -----------------------------------------------------------
    make_docx(share / "发改局" / "2020考核" / "负面清单自查报告.docx", [
        "融水县发展和改革局关于2020年度生态环境保护工作的自查报告",
        "2019—2020年全县新备案项目76个，未发现负面清单禁止类项目准入；限制类项目3个均按管控要求审查。",
    ])
    # -- a table whose units are in its column headings -----------------------------------------------
    make_docx(share / "农业农村局" / "2020考核" / "IMG_20201016_0931.docx", [
        "2019年 农业 生产资料 使用情况表",
        "乡镇\t化肥施用量(折纯 吨)\t农药(吨)\t耕地(公顷)\t播种(公顷)",
        "融水镇\t612\t18.2\t1102\t2230", "和睦镇\t1540\t41.0\t2865\t5630",
        "合计\t14862\t402.6\t27815\t53260", "融水县农业农村局 报 县统计局", "2020.3.18",
    ])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind15") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def test_a_letter_asking_for_figures_serves_nothing_and_the_reply_carrying_them_does(docs):
    request = docs["关于商请提供2019年GDP和人口数据的函.docx"]
    assert in_window(request) == set() and request["meta"].startswith("索要材料的函")
    assert {"7.2.2", "7.2.3"} <= in_window(docs["关于提供2019年县域基本情况数据的复函.docx"])


def test_a_reminder_chasing_material_not_yet_handed_in_serves_nothing(docs):
    reminder = docs["关于催报农村环境连片整治项目台账的督办通知.docx"]
    assert in_window(reminder) == set() and reminder["meta"].startswith("催报材料的督办通知")


def test_a_note_on_late_material_serves_nothing_unless_it_carries_the_material(docs):
    late = docs["考核办关于部分材料迟报的情况说明.docx"]
    assert in_window(late) == set() and late["meta"].startswith("材料迟报的说明")
    assert "4.1" in in_window(docs["关于迟报污水处理率核算材料的说明.docx"])


def test_a_housing_estates_facelift_and_a_markets_drainage_ditch_are_not_eco_projects(docs):
    assert in_window(docs["县城老旧小区改造项目初设批复.docx"]) == set()
    assert in_window(docs["三防镇集镇农贸市场改造工程招标公告.docx"]) == set()


def test_township_sewage_works_are_their_own_duty_not_also_the_general_project_duty(docs):
    assert in_window(docs["三防镇生活污水处理工程竣工验收报告.docx"]) == {"4.3"}


def test_an_approval_known_only_by_its_doc_number_is_its_issuers_project_paper_too(docs):
    assert in_window(docs["乡镇垃圾收集转运项目立项及完工.docx"]) == {"8.3", "1.3"}


def test_a_doc_number_quoted_in_a_sentence_does_not_name_the_issuer(docs):
    # the county government's approval quotes 农业农村局's request by its 文号; it stays the
    # programme's (6.4) and does not become 住建局's paper through that quotation
    assert "4.2" not in in_window(docs["关于同意乡村风貌提升示范村建设实施方案的批复.docx"])


def test_the_negative_lists_self_check_is_the_entry_control_account(docs):
    assert "1.4" in in_window(docs["负面清单自查报告.docx"])


def test_a_table_with_its_units_in_the_column_headings_is_the_fertiliser_return(docs):
    assert "6.2" in in_window(docs["IMG_20201016_0931.docx"])


# -- round nineteen (blind16 read): buying the works, asking for and sharing out the material -------

@pytest.fixture(scope="module")
def round19_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind16") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核" / "乡镇污水" / "招标公告-乡镇污水处理设施委托运营服务.docx", [
        "融水苗族自治县乡镇污水处理设施委托运营服务项目公开招标公告", "采购人：融水苗族自治县住房和城乡建设局",
        "预算金额：人民币526.00万元（三年）", "采购需求：对怀宝镇、三防镇、汪洞乡等11座乡镇污水处理设施提供运行维护服务。",
        "投标截止时间：2020年10月13日9时30分",
    ])
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾" / "中标结果公告-乡镇垃圾收运车辆采购.docx", [
        "中标（成交）结果公告", "项目名称：融水苗族自治县乡镇生活垃圾收运车辆采购",
        "采购人：融水苗族自治县城市管理行政执法局", "中标金额：人民币1,268,000.00元", "发布日期：2020年4月21日",
    ])
    make_docx(share / "发改局" / "2020考核" / "关于报送近年来农村环境保护类项目有关资料的函.docx", [
        "融水苗族自治县发展和改革局", "关于报送近年来农村环境保护类项目有关资料的函",
        "各乡镇人民政府，县住建局、农业农村局、城管局：",
        "为做好2020年度县域生态环境质量考核材料整理工作，请于2020年10月12日前将2018年以来实施的乡镇污水处理、乡镇垃圾收集转运等项目资料报送我局，"
        "包括项目建设内容、总投资、立项和验收情况。", "融水苗族自治县发展和改革局", "2020年9月30日",
    ])
    make_docx(share / "住建局" / "2020考核" / "会议纪要" / "污水专题会议纪要.docx", [
        "融水县住房和城乡建设局专题会议纪要",
        "2020年9月30日，局长主持召开专题会议，研究县域生态环境质量考核住建部分材料准备工作。纪要如下：",
        "一、村镇股负责整理2019年以来乡镇污水处理设施项目资料，按项目建立档案盒。二、办公室负责起草部门自查报告。",
    ])
    make_docx(share / "统计局" / "2020考核" / "2019年统计公报.docx", [
        "融水苗族自治县2019年国民经济和社会发展统计公报",
        "全年万元地区生产总值能耗0.412吨标准煤。全年农作物播种面积66,230公顷，粮食产量14.86万吨。",
    ])
    make_docx(share / "农业农村局" / "2020考核" / "耕地（水田旱地）及化肥农药施用情况统计表.docx", [
        "表一  水田、旱地面积统计", "填报单位：融水苗族自治县农业农村局                        单位：公顷",
        "指标\t2019年\t2020年\t备注", "水田\t21306.58\t21288.40\t2020年为变更调查初步数", "旱地\t17205.88\t17241.15",
        "合计\t38512.46\t38529.55",
        "表二  县域基本情况（农业部分）", "化肥施用量（折纯）\t吨\t14862\t14530", "农药施用量\t吨\t386\t371",
        "耕地面积\t公顷\t38512.46\t38529.55", "农作物播种面积\t公顷\t66230\t66875",
        "填报单位：融水苗族自治县农业农村局  2020年10月16日",
    ])
    make_docx(share / "林业局" / "2020考核" / "项目" / "2019年度中央财政造林补助项目检查验收结果.docx", [
        "柳州市林业和园林局关于融水苗族自治县2019年度中央财政造林补助项目检查验收结果的函", "融水苗族自治县林业局：",
        "你县2019年度造林补助任务1.5万亩，实际完成1.52万亩；抽查面积核实率98.8%，造林成活率92.4%，管护措施到位，补助资金按标准兑现。"
        "综上，你县2019年度中央财政造林补助项目检查验收合格。", "柳州市林业和园林局", "2020年6月12日",
    ])
    return scanned_documents(home)


def test_a_tender_or_award_notice_buys_the_works_and_evidences_nothing(round19_docs):
    for name in ("招标公告-乡镇污水处理设施委托运营服务.docx", "中标结果公告-乡镇垃圾收运车辆采购.docx"):
        doc = round19_docs[name]
        assert in_window(doc) == set() and doc["meta"].startswith("招标采购公告")


def test_a_letter_asking_units_for_their_project_papers_serves_nothing(round19_docs):
    assert in_window(round19_docs["关于报送近年来农村环境保护类项目有关资料的函.docx"]) == set()


def test_minutes_sharing_out_the_assessments_material_serve_nothing(round19_docs):
    assert in_window(round19_docs["污水专题会议纪要.docx"]) == set()


def test_tonnes_of_standard_coal_are_not_a_fertiliser_figure(round19_docs):
    assert "7.2.4" not in in_window(round19_docs["2019年统计公报.docx"])


def test_a_return_of_paddy_fields_and_fertiliser_together_serves_both_returns(round19_docs):
    assert {"6.1", "6.2"} <= in_window(round19_docs["耕地（水田旱地）及化肥农药施用情况统计表.docx"])


def test_a_financed_projects_acceptance_is_not_the_finance_bureaus_account(round19_docs):
    tags = in_window(round19_docs["2019年度中央财政造林补助项目检查验收结果.docx"])
    assert "9.2" in tags and "2.6" not in tags


# -- round twenty (blind17 read): replies, passing mentions, whose monitoring, tables' rows ----------

@pytest.fixture(scope="module")
def round20_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind17") / "home")
    share = home / "watch_folders"
    make_docx(share / "发改局" / "人大建议答复" / "关于第45号代表建议的答复.docx", [
        "融水苗族自治县发展和改革局", "关于县十七届人大五次会议第45号代表建议的答复", "石光荣代表：",
        "您提出的《关于加快安太乡集镇生活污水处理设施建设的建议》收悉。该项目已列入储备项目库，正在编制项目建议书，拟于2021年申报。",
        "融水苗族自治县发展和改革局", "2020年6月20日",
    ])
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾中转站（第一批）竣工验收报告.docx", [
        "融水县乡镇生活垃圾收集转运体系建设项目（第一批）竣工验收报告",
        "本批次建设安太乡、同练乡、大年乡、良寨乡垃圾压缩中转站4座，工程于2019年12月开工，2020年7月完工。",
        "站内污水经收集后运至乡镇污水处理站处理。验收结论：工程质量合格，同意通过竣工验收。", "2020年8月19日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "和睦镇木业2020年自行监测报告.docx", [
        "融水县和睦镇森茂木业有限公司2020年上半年自行监测报告", "企业类型：排污登记管理（非重点排污单位）",
        "锅炉排气筒颗粒物18.6 mg/m³，达标。说明：本企业不在柳州市重点排污单位名录内，本报告为企业自愿公开。",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "国控源二季度监督性监测结果公示.docx", [
        "国家重点监控企业监督性监测结果公示（2020年第二季度）", "企业名称：广西融水元宝山木业有限公司（国家重点监控企业）",
        "废水总排口化学需氧量68 mg/L，达标。现场检查：在线监控设备运行正常，要求企业继续做好自行监测信息公开。",
        "柳州市融水生态环境局", "2020年7月10日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "工业集中区环境空气监测报告（跟踪评价）.docx", [
        "检测报告", "项目名称：融水县工业集中区规划环境影响跟踪评价——环境空气质量现状检测",
        "检测结果：各点位SO2、NO2、PM10日均值均满足《环境空气质量标准》二级标准。", "2020年6月28日",
    ])
    make_docx(share / "农业农村局" / "2020考核" / "2019年耕地及农业投入品使用情况统计表.docx", [
        "融水苗族自治县2019年耕地及农业投入品使用情况统计表", "指标\t单位\t2019年",
        "耕地面积\t公顷\t29954.07", "其中：水田\t公顷\t21536.72", "旱地\t公顷\t8417.35",
        "化肥施用量（折纯）\t吨\t16166", "农药施用量\t吨\t386.4", "农作物总播种面积\t公顷\t51286",
    ])
    make_docx(share / "财政局" / "2020考核" / "关于下达县域考核及环境监测工作经费预算指标的通知.docx", [
        "关于下达2020年县域生态环境质量考核及环境监测工作经费预算指标的通知", "柳州市融水生态环境局：",
        "现下达你局2020年县域生态环境质量监测评价与考核工作经费18万元、例行监测经费42万元。"
        "资金来源：县本级一般公共预算（重点生态功能区转移支付统筹安排）。", "融水苗族自治县财政局", "2020年3月12日",
    ])
    make_docx(share / "水利局" / "2020考核" / "英洞河小流域综合治理工程竣工验收鉴定书.docx", [
        "融水苗族自治县2019年度国家水土保持重点工程英洞河小流域综合治理工程竣工验收鉴定书",
        "项目区流域面积28.6km²，水土流失面积5.42km²，批复治理水土流失面积4.10km²；完成治理面积4.12km²。",
        "验收结论：工程质量合格，同意通过竣工验收。", "2020年7月23日",
    ])
    return scanned_documents(home)


def test_a_reply_to_a_deputys_suggestion_evidences_nothing(round20_docs):
    reply = round20_docs["关于第45号代表建议的答复.docx"]
    assert in_window(reply) == set() and reply["meta"].startswith("人大建议或政协提案的答复")


def test_a_refuse_stations_acceptance_naming_a_sewage_station_in_passing_is_the_refuse_project(round20_docs):
    assert in_window(round20_docs["乡镇垃圾中转站（第一批）竣工验收报告.docx"]) == {"8.3"}


def test_self_monitoring_is_a_key_enterprises_and_not_the_supervisory_monitoring(round20_docs):
    assert "10.3.4" not in in_window(round20_docs["和睦镇木业2020年自行监测报告.docx"])
    notice = in_window(round20_docs["国控源二季度监督性监测结果公示.docx"])
    assert "10.3.2" in notice and "10.3.4" not in notice


def test_monitoring_for_an_impact_assessment_is_not_the_countys_quality_monitoring(round20_docs):
    assert "10.5" not in in_window(round20_docs["工业集中区环境空气监测报告（跟踪评价）.docx"])


def test_paddy_and_dry_land_rows_of_a_table_are_the_land_return(round20_docs):
    assert {"6.1", "6.2"} <= in_window(round20_docs["2019年耕地及农业投入品使用情况统计表.docx"])


def test_a_work_budget_handed_down_is_the_monitoring_budget_not_special_transfer_material(round20_docs):
    tags = in_window(round20_docs["关于下达县域考核及环境监测工作经费预算指标的通知.docx"])
    assert "2.5" in tags and "2.2" not in tags


def test_a_soil_conservation_works_acceptance_is_the_project_not_the_erosion_return(round20_docs):
    tags = in_window(round20_docs["英洞河小流域综合治理工程竣工验收鉴定书.docx"])
    assert "5.2" in tags and "5.1" not in tags


# -- round twenty-one (blind18 read): what follows the first page, and the inspection's own papers --

@pytest.fixture(scope="module")
def round21_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind18") / "home")
    share = home / "watch_folders"
    make_docx(share / "城管局" / "2020考核" / "生活垃圾无害化处理材料.docx", [
        "融水苗族自治县城市管理行政执法局", "生活垃圾无害化处理材料", "2020年10月",
        "融水县生活垃圾卫生填埋场进场称重台账", "日期：    年  月  日",
        "序号  车牌号  来源  毛重(吨)  皮重(吨)  净重(吨)  进场时间  司磅员", "1", "2", "3", "当日合计：",
        "司磅员签字：        当班负责人签字：",
    ])
    make_docx(share / "水利局" / "2020考核" / "报送县域基本情况表（水利）.docx", [
        "关于报送县域基本情况表的函", "融水生态环境局：", "现将县域基本情况表（水利部分）报送你局。",
        "县域基本情况表（水利部分）", "填报年度：2019年    填报单位：           （盖章）",
        "指标名称  单位  数值  数据来源  备注", "水土流失面积  平方公里", "水土流失治理面积  平方公里",
        "填报人：        审核人：        日期：",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.1负面清单及公示材料（报送）.docx", [
        "融水苗族自治县发展和改革局", "关于报送产业准入负面清单及公示材料的函", "柳州市融水生态环境局：",
        "根据县域生态环境质量考核材料收集安排，现将我县正在执行的产业准入负面清单文本及公开材料送上。",
        "附件：1.产业准入负面清单（节录）2.县人民政府门户网站公开页面截图", "融水苗族自治县发展和改革局", "2020年10月16日",
        "附件1", "融水苗族自治县重点生态功能区产业准入负面清单（节录）",
        "序号  门类  大类  管控类型  管控要求", "1  B采矿业  10非金属矿采选业  限制类  自然保护区内不得新建",
        "2  C制造业  22造纸和纸制品业  禁止类  禁止新建化学制浆项目",
        "附件2", "县人民政府门户网站 > 信息公开 > 关于公开融水县重点生态功能区产业准入负面清单的公告（2019年6月12日）",
    ])
    make_docx(share / "考核办" / "迎检" / "现场核查记录表（融水）11.18.docx", [
        "2020年度国家重点生态功能区县域生态环境质量考核现场核查记录表",
        "被核查县（区）：融水苗族自治县  核查日期：2020年11月18日",
        "序号\t核查内容\t核查情况\t是否需补充", "1\t生活垃圾无害化处理率\t清运量台账齐全，处理率计算无误\t否",
        "2\t转移支付资金使用情况\t报表与报告个别科目数据不一致\t是", "核查组意见：请于12月10日前补齐材料。",
    ])
    make_docx(share / "住建局" / "整改补充" / "关于核查反馈污水处理率问题的回复.docx", [
        "融水苗族自治县住房和城乡建设局", "关于核查反馈污水处理率问题的回复", "县考核办：",
        "核查组指出县城生活污水处理率核算所用折污系数前后不一致。由于自来水公司2019年分类用水数据需重新导出，预计12月4日前完成核对，届时我局将出具正式更正说明并附相关佐证材料。特此回复。",
        "融水苗族自治县住房和城乡建设局", "2020年11月25日",
    ])
    make_docx(share / "住建局" / "整改补充" / "关于核查反馈污水处理率问题的更正说明.docx", [
        "融水苗族自治县住房和城乡建设局", "关于核查反馈污水处理率问题的更正说明", "县考核办：",
        "经重新核算，2019年县城生活污水排放总量为486.2万吨，达标排放量442.7万吨，污水处理率91.1%；原报折污系数0.85更正为0.8。",
        "融水苗族自治县住房和城乡建设局", "2020年12月4日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.2自查报告汇总" / "Fw：外县自查报告参考.docx", [
        "发件人：huangsy（融水生态环境局 黄思远）", "主  题：Fw：龙胜县2019年度县域考核自查报告（参考格式）",
        "转给考核办，写汇总报告时参考一下结构。",
        "龙胜各族自治县2019年度国家重点生态功能区县域生态环境质量考核自查报告",
        "一、县域基本情况。龙胜各族自治县位于桂林市西北部。二、工作开展情况。县人民政府高度重视，成立考核工作领导小组。",
    ])
    make_docx(share / "城管局" / "2020考核" / "8.3乡镇垃圾项目" / "乡镇垃圾收运项目（立项+完工）.docx", [
        "8.3 乡镇生活垃圾收集项目材料", "目  录", "1.融发改〔2019〕118号 立项批复 …… 2", "2.完工验收意见 …… 3",
        "3.中转站运行照片 …… 4", "4.转运车辆交付清单 …… 5", "5.运行管理制度 …… 6", "6.转运台账（9月） …… 7",
        "融水苗族自治县发展和改革局", "融发改〔2019〕118号", "关于融水县乡镇生活垃圾收运体系建设项目立项的批复",
        "县城市管理行政执法局：", "同意该项目立项。建设内容：建设乡镇垃圾中转站8座，总投资1460万元。", "2019年6月24日",
        "融水县乡镇生活垃圾收运体系建设项目完工验收意见", "8座乡镇垃圾中转站均已建成并投入使用，工程质量合格，同意通过验收。",
        "验收组组长（签字）：贾江勇", "2020年8月20日",
    ])
    return scanned_documents(home)


def test_a_blank_form_names_the_figures_but_carries_none(round21_docs):
    for name in ("生活垃圾无害化处理材料.docx", "报送县域基本情况表（水利）.docx"):
        doc = round21_docs[name]
        assert in_window(doc) == set() and doc["meta"].startswith("空白表格")


def test_a_letter_handing_in_material_that_carries_it_is_the_material(round21_docs):
    assert "1.1" in in_window(round21_docs["1.1负面清单及公示材料（报送）.docx"])


def test_the_inspection_teams_own_record_is_about_the_evidence_not_evidence(round21_docs):
    record = round21_docs["现场核查记录表（融水）11.18.docx"]
    assert in_window(record) == set() and record["meta"].startswith("核查组的记录或反馈意见")


def test_a_reply_that_only_promises_the_figures_is_not_the_figures_but_the_correction_is(round21_docs):
    assert in_window(round21_docs["关于核查反馈污水处理率问题的回复.docx"]) == set()
    assert "4.1" in in_window(round21_docs["关于核查反馈污水处理率问题的更正说明.docx"])


def test_another_countys_report_forwarded_as_a_model_is_not_ours(round21_docs):
    assert in_window(round21_docs["Fw：外县自查报告参考.docx"]) == set()


def test_an_approval_behind_a_contents_page_is_its_issuers_project_paper_too(round21_docs):
    assert {"8.3", "1.3"} <= in_window(round21_docs["乡镇垃圾收运项目（立项+完工）.docx"])


# -- round twenty-two (blind19 read): a lead office that files by kind, contents, plans, requests ---

@pytest.fixture(scope="module")
def round22_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind19") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "2020" / "报表" / "农业农村局指标填报（耕地 化肥）.docx", [
        "表一  耕地指标（水田、旱地）", "填报单位：融水苗族自治县农业农村局（盖章）    数据年度：2019年    单位：公顷",
        "水田\t21506.32", "旱地\t11712.13", "耕地合计\t33218.45", "表二  县域基本情况指标（农业部分）",
        "化肥施用量（折纯）\t吨\t14862", "农药施用量\t吨\t312\t植保站统计", "耕地面积\t公顷\t33218.45",
        "农作物播种面积\t公顷\t52340\t农业统计",
    ])
    make_docx(share / "考核办" / "2020" / "报表" / "农村环境综合整治项目台账（2019-2020）.docx", [
        "融水县农村环境综合整治项目台账（2019—2020年）", "填报单位：柳州市融水生态环境局",
        "序号\t年度\t项目名称\t主要建设内容\t总投资(万元)\t进度",
        "1\t2019\t和睦镇农村环境综合整治项目\t分散式污水处理设施3套\t268\t已完工",
        "2\t2020\t四荣乡农村环境综合整治项目\t分散式污水处理设施4套\t315\t在建",
        "统计：2019—2020年共实施农村环境综合整治项目5个，覆盖12个行政村。",
    ])
    make_docx(share / "考核办" / "2020" / "其他" / "佐证材料目录（汇编）.docx", [
        "2020年度融水县县域生态环境质量考核佐证材料汇编目录",
        "第一册\t1\t县人民政府办公室关于印发实施方案的通知\t县政府办\t1-8",
        "第一册\t2\t县域生态环境质量考核自查报告\t生态环境局\t9-36",
        "第二册\t3\t2020年生态转移支付资金使用情况表及报告\t财政局\t59-70",
    ])
    make_docx(share / "考核办" / "2020" / "其他" / "扫描件019.docx", [
        "融水苗族自治县城市管理行政执法局", "关于2020年度县域生态环境质量考核工作的自查报告", "县域考核工作领导小组办公室：",
        "根据融政办发〔2020〕67号文件要求，我局对生活垃圾处理等生态环境保护工作进行了自查，现报告如下：",
        "一、2019年县城生活垃圾清运量42118吨，无害化处理率100%。二、乡镇生活垃圾收运体系建设推进顺利。",
        "融水苗族自治县城市管理行政执法局", "2020年10月20日",
    ])
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾" / "融发改审批〔2020〕18号.docx", [
        "融水苗族自治县发展和改革局", "融发改审批〔2020〕18号", "关于融水县乡镇生活垃圾收集转运体系建设项目立项的批复",
        "县城市管理行政执法局：", "一、同意项目立项。二、新建乡镇垃圾压缩转运站6座，单座设计转运能力15吨/日，建成后年清运乡镇生活垃圾约3万吨。",
        "融水苗族自治县发展和改革局", "2020年3月10日",
    ])
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾" / "2020年县重点项目建设计划表.docx", [
        "融水苗族自治县2020年重点项目建设计划表", "序号\t项目名称\t建设内容\t总投资\t责任单位",
        "1\t融水至融安二级公路改扩建工程\t改扩建38公里\t186000\t县交通运输局",
        "2\t乡镇生活垃圾收集转运体系建设\t转运站6座\t2386\t县城管局",
    ])
    make_docx(share / "发改局" / "2020考核" / "收文" / "关于征求产业准入负面清单修订意见的函.docx", [
        "柳州市发展和改革委员会", "关于征求重点生态功能区县产业准入负面清单修订意见的函", "融水、三江县发展改革局：",
        "现将负面清单修订稿（含门类、大类、中类、小类）发给你们，请于10月30日前反馈意见。", "2020年10月12日",
    ])
    return scanned_documents(home)


def test_a_return_filed_by_kind_is_its_filing_units(round22_docs):
    tags = in_window(round22_docs["农业农村局指标填报（耕地 化肥）.docx"])
    assert {"6.1", "6.2"} <= tags and "7.2.4" not in tags


def test_a_ledger_filled_by_the_eco_bureau_is_its_programme_ledger_not_the_village_programme(round22_docs):
    tags = in_window(round22_docs["农村环境综合整治项目台账（2019-2020）.docx"])
    assert "10.3.1" in tags and not tags & {"4.2", "6.4"}


def test_a_file_named_as_the_contents_of_a_bound_set_is_the_contents(round22_docs):
    assert in_window(round22_docs["佐证材料目录（汇编）.docx"]) == set()


def test_a_bureaus_self_check_titled_for_the_county_assessment_is_its_own(round22_docs):
    tags = in_window(round22_docs["扫描件019.docx"])
    assert "8.5" in tags and "10.2" not in tags


def test_an_approval_quoting_tonnes_is_not_the_clearance_data(round22_docs):
    tags = in_window(round22_docs["融发改审批〔2020〕18号.docx"])
    assert {"1.3", "8.3"} <= tags and "8.1" not in tags


def test_a_years_project_plan_is_not_a_projects_approval(round22_docs):
    assert "8.3" not in in_window(round22_docs["2020年县重点项目建设计划表.docx"])


def test_a_request_for_comments_on_the_negative_list_is_not_the_list(round22_docs):
    assert in_window(round22_docs["关于征求产业准入负面清单修订意见的函.docx"]) == set()


# -- round twenty-three (blind20 read): drafts carried, joint returns, joined titles -----------------

@pytest.fixture(scope="module")
def round23_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind20") / "home")
    share = home / "watch_folders"
    make_docx(share / "生态环境局" / "2020考核" / "10.1方案" / "关于征求考核工作实施方案意见的函（附征求意见稿）.docx", [
        "柳州市融水生态环境局",
        "关于征求《融水苗族自治县2020年国家重点生态功能区县域生态环境质量考核工作实施方案（征求意见稿）》意见的函",
        "县发改局、财政局、自然资源局、住建局：", "我局代县政府起草了实施方案（征求意见稿），现送你单位征求意见。",
        "柳州市融水生态环境局", "2020年9月15日",
        "融水苗族自治县2020年国家重点生态功能区县域生态环境质量考核工作实施方案", "（征求意见稿）",
        "一、考核范围：本次考核评价我县2019—2020年生态环境质量状况。二、职责分工：（一）县发展和改革局：1.提供产业准入负面清单和公示材料。",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.2汇总审核" / "关于县域考核材料初审情况的通报.docx", [
        "县域生态环境质量考核工作领导小组办公室", "关于2020年县域生态环境质量考核材料初审情况的通报", "各成员单位：",
        "截至2020年10月20日，领导小组办公室共收到9个成员单位报送的数据表及证明材料312份。经初审，现将有关情况通报如下：",
        "一、已按要求报齐的单位：县财政局、县水利局。二、需补充或更正的材料：县住建局污水处理率核算说明缺附件。",
    ])
    make_docx(share / "统计局" / "2020考核" / "县域基本情况表（农业指标部分）-联合填报.docx", [
        "县域自然、社会、环境基本情况表（农业指标部分）", "数据年份：2019年",
        "填报单位：县农业农村局（盖章）  县统计局（盖章）",
        "化肥施用量（折纯）\t吨\t16215", "农药施用量\t吨\t468.3", "耕地面积\t公顷\t28465.37", "农作物播种面积\t公顷\t52310",
    ])
    make_docx(share / "城管局" / "2020考核" / "县城管局2020年生态环境保护工作自查报告暨垃圾无害化处理数据.docx", [
        "融水苗族自治县城市管理行政执法局", "2020年度生态环境保护工作自查报告", "县域考核领导小组办公室：",
        "按照考核工作分工，我局对2020年县城生活垃圾收运处理、填埋场运行管理开展自查，现报告如下。",
        "2020年县城生活垃圾清运及无害化处理数据（1—9月）：县城生活垃圾清运量31862吨，无害化处理量31862吨，进场称重台账齐全，无害化处理率100%。",
        "融水苗族自治县城市管理行政执法局", "2020年10月18日",
    ])
    return scanned_documents(home)


def test_a_request_for_comments_carrying_the_draft_plan_is_the_draft(round23_docs):
    doc = round23_docs["关于征求考核工作实施方案意见的函（附征求意见稿）.docx"]
    assert "10.1" in in_window(doc) and doc["draft"]


def test_the_lead_offices_initial_review_of_the_material_is_its_review(round23_docs):
    assert "10.2" in in_window(round23_docs["关于县域考核材料初审情况的通报.docx"])


def test_a_return_two_bureaus_filled_together_is_each_ones(round23_docs):
    assert {"6.2", "7.2.4"} <= in_window(round23_docs["县域基本情况表（农业指标部分）-联合填报.docx"])


def test_a_title_joining_a_self_check_and_data_is_read_for_both(round23_docs):
    tags = in_window(round23_docs["县城管局2020年生态环境保护工作自查报告暨垃圾无害化处理数据.docx"])
    assert {"8.5", "8.1"} <= tags
