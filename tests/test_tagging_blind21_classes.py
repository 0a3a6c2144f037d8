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
from docgen import make_docx, make_text_pdf


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


# -- round twenty-six (blind22 read): files named by clerks, folders numbered by duty ------------------

@pytest.fixture(scope="module")
def round26_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind22") / "home")
    share = home / "watch_folders"
    make_docx(share / "城管局" / "考核材料" / "8.1" / "2020年生活垃圾无害化处理率.docx", [
        "融水县城建成区生活垃圾清运及无害化处理统计表（2019年度）", "填报单位：县城市管理行政执法局    单位：吨",
        "季度\t清运量\t无害化处理量\t处理率", "全年合计\t35842.3\t35842.3\t100%", "填报人：龙秋萍   填报时间：2020年1月10日",
    ])
    make_docx(share / "城管局" / "考核材料" / "8.2" / "渗滤液处理台账2020.docx", [
        "融水县生活垃圾无害化处理场渗滤液收集处理台账（2020年）", "处理工艺：调节池+两级DTRO   设计规模：100 m³/d",
        "月份\t产生量(m³)\t处理量(m³)\t出水COD(mg/L)", "1月\t1486\t1472\t38", "2月\t1635\t1618\t42", "合计\t3121\t3090\t—",
    ])
    make_docx(share / "城管局" / "考核材料" / "8.4-项目" / "检测报告HJ2020-0617.docx", [
        "广西华测检测技术有限公司", "检 测 报 告", "报告编号：HJ2020-0617", "委托单位：融水苗族自治县环境卫生管理所",
        "项目名称：融水县生活垃圾无害化处理场2020年第二季度周边环境监测",
        "一、地下水（mg/L）", "监测井\tpH\t耗氧量\t氨氮", "1#本底井\t7.08\t0.86\t0.06", "4#污染监视井\t7.21\t1.62\t0.18",
        "结论：各监测点地下水指标均满足Ⅲ类标准。", "2020年6月29日",
    ])
    make_docx(share / "考核办" / "按职责" / "3.3" / "自然生态地表变化图斑核实情况说明.docx", [
        "融水苗族自治县自然资源局", "关于2019—2020年局部自然生态地表变化图斑核实情况的说明",
        "根据自治区下发的我县2019年度遥感监测变化图斑（共46个），我局于2020年8—9月逐一开展外业核实。",
        "一、交通建设占用图斑18个；二、林木采伐迹地图斑12个，已更新造林；三、矿山复绿及土地整治图斑6个。",
        "融水苗族自治县自然资源局", "2020年9月30日",
    ])
    make_docx(share / "考核办" / "按职责" / "8.5" / "8.1-8.5城管局材料汇总.docx", [
        "城管局考核材料接收登记表（考核办）", "序号\t职责\t材料名称\t页数\t报送日期\t是否盖章\t审核意见",
        "1\t8.1\t2020年县城生活垃圾无害化处理情况说明\t2\t2020.10.12\t是\t已收",
        "2\t8.2\t渗滤液处理台账2020\t1\t2020.10.13\t否\t请补盖章",
        "4\t8.3\t乡镇垃圾转运站立项批复\t2\t2020.10.14\t是\t已收",
        "5\t8.3\t乡镇垃圾转运站竣工验收\t3\t2020.10.14\t是\t已收",
        "6\t8.4\t其他项目\t—\t—\t—\t待补", "接收人：石慧玲    联系电话：5125371",
    ])
    make_docx(share / "水利局" / "县域生态考核" / "2019年水土流失面积及治理面积情况说明.docx", [
        "融水苗族自治县水利局", "关于2019年度水土流失面积及治理情况的说明", "县统计局：",
        "2019年全县水土流失面积412.36平方公里；新增水土流失综合治理面积18.60平方公里。数据来源：各乡镇水利站上报的治理工程验收统计。",
        "融水苗族自治县水利局", "2020年3月24日",
    ])
    make_docx(share / "林业局" / "2020考核" / "5.1 生态公益林" / "2020年生态公益林补偿检查验收报告.docx", [
        "融水苗族自治县林业局", "2020年度森林生态效益补偿项目检查验收报告",
        "县林业局于2020年8月组织验收组，对全县国家级和自治区级公益林管护及补偿资金兑现情况进行了检查验收。2020年下达补偿资金3289.6万元，兑现率100%。",
        "融水苗族自治县林业局", "2020年9月3日",
    ])
    make_docx(share / "财政局" / "2020年县域考核" / "2019-2020年生态环保类专项转移支付资金梳理表.docx", [
        "融水县2019—2020年生态环境保护类专项转移支付资金梳理表      单位：万元",
        "序号\t资金类别\t2019年\t2020年", "1\t水污染防治资金\t420\t380", "2\t天然林保护工程补助经费\t2645\t2712",
        "3\t农村环境整治资金\t907\t823", "融水苗族自治县财政局", "2020年10月10日",
    ])
    return scanned_documents(home)


def test_a_files_own_heading_gives_its_year_when_the_name_says_another(round26_docs):
    doc = round26_docs["2020年生活垃圾无害化处理率.docx"]
    assert doc["years"] == [2019] and "8.1" not in in_window(doc)


def test_the_sites_leachate_ledger_and_its_surroundings_monitoring_are_its_records(round26_docs):
    assert "8.2" in in_window(round26_docs["渗滤液处理台账2020.docx"])
    assert "8.2" in in_window(round26_docs["检测报告HJ2020-0617.docx"])


def test_a_paper_titled_as_the_verification_of_change_patches_is_that_verification(round26_docs):
    assert "3.1.4" in in_window(round26_docs["自然生态地表变化图斑核实情况说明.docx"])


def test_the_lead_offices_register_of_material_received_is_a_list_of_it(round26_docs):
    assert in_window(round26_docs["8.1-8.5城管局材料汇总.docx"]) == set()


def test_a_note_of_areas_is_figures_not_a_projects_paper(round26_docs):
    assert "5.2" not in in_window(round26_docs["2019年水土流失面积及治理面积情况说明.docx"])


def test_checking_the_compensated_forests_is_the_forestry_bureaus_not_a_fiscal_policy(round26_docs):
    tags = in_window(round26_docs["2020年生态公益林补偿检查验收报告.docx"])
    assert "9.2" in tags and "2.6" not in tags


def test_the_finance_bureaus_own_table_of_the_special_funds_is_its_fund_values(round26_docs):
    assert "2.4" in in_window(round26_docs["2019-2020年生态环保类专项转移支付资金梳理表.docx"])


# -- round twenty-seven (blind23 and realpub12 read): tables, slides and speeches ---------------------

@pytest.fixture(scope="module")
def round27_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind23") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核" / "1.污水处理率" / "2019年县城生活污水处理率核算表.docx", [
        "融水县城建成区2019年生活污水处理率核算表", "项目\t单位\t数值",
        "县城建成区常住人口（统计局）\t万人\t13.82", "城镇人口\t万人\t15.27", "生活污水排放总量\t万立方米\t905.92", "污水处理厂进水量\t万立方米\t836.10",
        "生活污水集中处理率\t%\t92.29", "填表：梁某某  2020-10-09",
    ])
    make_docx(share / "考核办" / "迎检" / "融水县迎检汇报PPT（见面会用）v3.docx", [
        "守护绿水青山  建设生态融水", "——融水苗族自治县2020年县域生态环境质量考核工作汇报",
        "· 准入：负面清单修订公开", "· 治理：乡镇污水处理设施、乡镇转运站全覆盖", "[图片：乡镇污水处理站]",
    ])
    make_docx(share / "住建局" / "2020考核" / "3.乡镇污水" / "乡镇污水处理设施运维单位人员名单.docx", [
        "乡镇污水处理设施第三方运维单位人员名单", "运维单位：广西某环保科技有限公司  合同期：2020.1-2022.12",
        "序号\t姓名\t岗位\t负责站点", "1\t罗某某\t项目经理\t全部", "2\t韦某\t运维员\t和睦、永乐",
    ])
    make_docx(share / "发改局" / "2020县域考核" / "迎检" / "发改局迎检汇报材料（生态功能区考核）.docx", [
        "融水苗族自治县发展和改革局", "迎检汇报材料", "关于我局2019—2020年度生态功能区考核相关工作情况的汇报",
        "一、自查工作开展情况：我局对2019年1月1日至2020年9月30日审批、核准、备案的项目逐个复核，对照负面清单逐条比对。",
        "二、自查结论：2019—2020年我县没有违反负面清单要求审批、核准、备案的项目。",
        "融水苗族自治县发展和改革局", "2020年11月12日",
    ])
    make_docx(share / "城管局" / "项目资料" / "关于城市垃圾处理场工程可研的批复.docx", [
        "关于城市垃圾处理场工程可行性研究报告的批复",
        "你单位洪发改字[2007]118号文《关于要求对城市垃圾处理场工程可行性研究报告评审批复的请示》收悉。",
        "一、建设规模为日处理258吨垃圾处理场一座，处理工艺为卫生填埋。二、项目总投资6322.6万元。",
    ])
    make_docx(share / "发改局" / "负面清单" / "某市2019年工业发展负面清单.docx", [
        "某市2019年工业发展负面清单", "符合以下条件的为2019年度工业发展负面清单企业：",
        "国家发改委《产业结构调整指导目录》限制类、淘汰类产业的企业；全部采矿类企业。",
        "对负面清单企业，不予安排财政资金、政策性投融资产品及服务。",
    ])
    return scanned_documents(home)


def test_a_figure_in_another_bureaus_table_is_not_the_statistics_bureaus_return(round27_docs):
    tags = in_window(round27_docs["2019年县城生活污水处理率核算表.docx"])
    assert "4.1" in tags and "7.2.2" not in tags


def test_slides_and_staff_lists_that_name_township_sewage_are_not_its_construction(round27_docs):
    assert "4.3" not in in_window(round27_docs["融水县迎检汇报PPT（见面会用）v3.docx"])
    assert "4.3" not in in_window(round27_docs["乡镇污水处理设施运维单位人员名单.docx"])


def test_a_bureaus_report_to_the_inspection_team_on_its_self_check_is_its_self_check(round27_docs):
    assert "1.4" in in_window(round27_docs["发改局迎检汇报材料（生态功能区考核）.docx"])


def test_an_undated_approval_is_no_older_than_the_request_it_answers_in_any_brackets(round27_docs):
    doc = round27_docs["关于城市垃圾处理场工程可研的批复.docx"]
    assert doc["years"] == [2007] and "8.4" not in in_window(doc)


def test_another_list_that_shares_the_name_is_not_the_negative_list(round27_docs):
    assert "1.1" not in in_window(round27_docs["某市2019年工业发展负面清单.docx"])


# -- round twenty-eight (blind24 read): other assessments, attachments, wrapped lines -----------------

BULLETIN_LINE = "初步核算，全年全县地区生产总值按可比价格计算，比上年增长六点一其中第一产业增加值24.87亿元，第二产业增加值20.15亿元，第三产业增加值48.60亿元。"


@pytest.fixture(scope="module")
def round28_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind24") / "home")
    share = home / "watch_folders"
    make_docx(share / "水利局" / "河长制" / "融水县2019年度河长制湖长制工作考核自评表.docx", [
        "2019年度河长制湖长制工作考核自评表（县级）", "考核内容\t分值\t自评分\t自评依据",
        "水污染防治\t15\t13\t融江、贝江县控断面水质达Ⅱ类", "水生态修复\t10\t9\t增殖放流鱼苗86万尾", "合计\t100\t91",
        "填报人：石海波  2020年2月26日",
    ])
    make_docx(share / "生态环境局" / "污染防治攻坚战成效考核" / "融水县2019年度污染防治攻坚战成效考核自评报告.docx", [
        "融水县2019年度污染防治攻坚战成效考核自评报告",
        "按照自治区污染防治攻坚战成效考核要求，我局牵头对2019年度蓝天、碧水、净土保卫战目标任务完成情况开展自评，自评得分92分。",
        "柳州市融水生态环境局", "2020年3月10日",
    ])
    make_docx(share / "统计局" / "节能目标责任考核" / "2019年度节能目标责任评价考核评分表.docx", [
        "考核指标\t分值\t评分标准\t得分", "单位GDP能耗降低目标完成情况\t40\t完成年度目标3.0%得满分\t40",
        "能耗总量控制目标完成情况\t20\t未超出年度增量控制目标得满分\t20", "合计\t100\t\t96", "柳州市节能目标责任考核组  2020年6月",
    ])
    make_text_pdf(share / "住建局" / "环保督察整改" / "督察反馈问题整改销号材料（乡镇污水处理设施）.pdf", [
        "中央第五生态环境保护督察反馈意见问题整改销号申请表\n整改事项：乡镇生活污水处理设施建设滞后（督察反馈问题第17项）\n"
        "责任单位：融水苗族自治县住房和城乡建设局\n整改完成情况：和睦镇、怀宝镇污水处理设施已通水试运行。\n佐证材料：1.项目立项批复。",
        "附件1\n融水苗族自治县发展和改革局文件\n融发改〔2019〕128号\n关于融水县乡镇生活污水处理设施建设工程（一期）项目立项的批复\n"
        "县住房和城乡建设局：\n经研究，同意该项目立项，新建乡镇污水处理站4座，估算总投资6230万元。\n融水苗族自治县发展和改革局\n2019年5月8日",
    ])
    make_text_pdf(share / "统计局" / "生态考核" / "2019年统计公报（节选）.pdf", [
        "融水苗族自治县2019年国民经济和社会发展统计公报\n" + BULLETIN_LINE,
    ])
    return scanned_documents(home)


def test_another_regimes_self_assessment_is_not_the_bureaus_self_check(round28_docs):
    assert "5.3" not in in_window(round28_docs["融水县2019年度河长制湖长制工作考核自评表.docx"])
    assert "10.3.6" not in in_window(round28_docs["融水县2019年度污染防治攻坚战成效考核自评报告.docx"])
    assert "7.2.3" not in in_window(round28_docs["2019年度节能目标责任评价考核评分表.docx"])


def test_an_approval_attached_behind_a_rectification_form_is_read_as_a_title(round28_docs):
    assert {"4.3", "1.3"} <= in_window(round28_docs["督察反馈问题整改销号材料（乡镇污水处理设施）.pdf"])


def test_a_word_wrapped_across_a_pdf_line_is_still_read(round28_docs, tmp_path):
    import pypdfium2

    pdf = make_text_pdf(tmp_path / "same.pdf", ["融水苗族自治县2019年国民经济和社会发展统计公报\n" + BULLETIN_LINE])
    layer = pypdfium2.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    assert "第一\r\n产业" in layer  # the page's width breaks the word, as in the file scanned
    assert "7.1" in in_window(round28_docs["2019年统计公报（节选）.pdf"])


# -- round twenty-nine (blind25 read): places ----------------------------------------------------------

@pytest.fixture(scope="module")
def round29_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind25") / "home")
    share = home / "watch_folders"
    make_docx(share / "财政局" / "2020考核" / "2.3使用报告" / "三江县2020年重点生态功能区转移支付资金使用情况报告.docx", [
        "三江侗族自治县财政局", "关于2020年国家重点生态功能区转移支付资金使用情况的报告",
        "2020年上级下达我县重点生态功能区转移支付资金7420万元，已支出5968万元，全额纳入一般公共预算管理。",
        "三江侗族自治县财政局", "2020年10月10日",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.1污水处理率" / "融安县城污水处理厂2019年运行情况报告.docx", [
        "融安县城污水处理厂2019年运行情况报告", "2019年共处理污水486.3万立方米，出水稳定达到一级A标准，生活污水处理率93.1%。",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.5环境质量监测" / "都柳江从江—融水交界断面水质监测报告.docx", [
        "都柳江从江—融水交界断面水质监测报告（2020年第三季度）", "断面\tpH\t溶解氧\t高锰酸盐指数\t类别",
        "融水入境断面\t7.4\t8.1\t1.6\tⅡ", "监测单位：融水苗族自治县环境监测站  2020年10月9日",
    ])
    make_docx(share / "水利局" / "2020考核" / "5.3自查报告" / "IMG_2035.docx", [
        "融水苗族自治县水利局", "2020年度县域生态环境质量考核 工作自查报告",
        "一、水土流失防治。2019年全县新增治理18.6平方公里。二、河长制落实：三级河长204名。",
        "融水苗族自治县水利局", "2020年10月15日",
    ])
    make_docx(share / "考核办" / "2020考核" / "收集材料" / "和睦镇2020年生态环境保护工作总结.docx", [
        "和睦镇人民政府", "2020年生态环境保护工作总结",
        "一、河长制：镇级河长巡河420次，清理融江和睦段漂浮物180吨；", "二、人居环境：完成8个村屯清洁行动，改厕230户；",
        "三、镇污水处理设施：和睦镇污水处理设施运行正常，日均处理污水560立方米。",
        "和睦镇人民政府", "2020年12月10日",
    ])
    return scanned_documents(home)


def test_a_neighbouring_countys_paper_in_our_share_is_that_countys(round29_docs):
    assert in_window(round29_docs["三江县2020年重点生态功能区转移支付资金使用情况报告.docx"]) == set()
    assert in_window(round29_docs["融安县城污水处理厂2019年运行情况报告.docx"]) == set()
    # a paper naming our county beside the neighbour is ours too
    assert "10.5" in in_window(round29_docs["都柳江从江—融水交界断面水质监测报告.docx"])


def test_a_bureaus_report_titled_for_the_county_assessment_is_its_own_not_the_countys(round29_docs):
    tags = in_window(round29_docs["IMG_2035.docx"])
    assert "5.3" in tags and "10.2" not in tags


def test_a_townships_own_summary_is_not_township_sewage_material(round29_docs):
    assert "4.3" not in in_window(round29_docs["和睦镇2020年生态环境保护工作总结.docx"])
