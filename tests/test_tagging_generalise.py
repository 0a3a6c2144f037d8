"""Tagging classes found on documents nobody here wrote (issue 19, blind batch 3 and the second set
of real public documents): each test drops real files (DOCX, XLSX, text PDF, plain text) into a
county home, scans them with the real pipeline and reads the tags the archive stored.

Every test is phrased for a class of documents, not for one labelled document: a news report is
not evidence, a passing mention is not what a document is about, a table of one land class is not
the land-use table, a department's self-check is the department's, and so on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf, make_utf8_txt, make_xlsx

from archive.catalog import load_catalog
from indexer.indicators import read_figures


def drop_files(share: Path) -> None:
    # -- news reports and publicity ------------------------------------------------------------
    make_docx(share / "财政局" / "参考资料" / "省财政下达生态功能区转移支付.docx", [
        "省财政下达2020年重点生态功能区转移支付资金",
        "本报讯（记者 陈立 通讯员 黄敏）近日，省财政厅下达2020年重点生态功能区转移支付资金42亿元，要求各县将资金"
        "纳入一般公共预算统筹安排，主要用于保护生态环境和改善民生，不得用于楼堂馆所和形象工程。",
        "责任编辑：刘洋"])
    make_docx(share / "林业局" / "信息" / "我县森林覆盖率继续保持全区前列.docx", [
        "我县森林覆盖率继续保持全区前列",
        "日前，自治区林业局公布2020年森林资源监测结果，我县森林覆盖率达80.1%，林地面积为40.6万公顷，位居全区前列。"])
    # -- a passing mention of the sewage plant vs a report about it --------------------------------
    make_docx(share / "财政局" / "2020年生态功能区转移支付资金安排情况.docx", [
        "2020年重点生态功能区转移支付资金安排情况",
        "上级下达我县重点生态功能区转移支付资金11,800万元，安排县城污水处理厂运行补助650万元、乡镇垃圾转运经费900万元，"
        "其余用于教育、医疗等民生支出。", "融水苗族自治县财政局", "2020年9月30日"])
    make_docx(share / "生态环境局" / "污水处理厂" / "县城污水处理厂2020年上半年运行情况.docx", [
        "县城污水处理厂2020年上半年运行情况",
        "上半年县城污水处理厂累计处理污水480万吨，日均2.64万吨，负荷率88%；在线监控数据有效传输率98.5%，出水稳定达标。",
        "柳州市融水生态环境局", "2020年7月10日"])
    # -- land-use table vs returns of one land class ----------------------------------------------
    make_xlsx(share / "农业农村局" / "耕地面积统计（水田旱地）2019.xlsx", {"耕地": [
        ["融水县2019年耕地面积统计表（国土调查口径）"], ["乡镇", "耕地合计（亩）", "水田（亩）", "旱地（亩）"],
        ["融水镇", 20310, 15820, 4490], ["和睦镇", 29870, 23410, 6460], ["合计", 50180, 39230, 10950]]})
    make_xlsx(share / "自然资源局" / "2019年土地利用信息补充表.xlsx", {"补充表": [
        ["2019年土地利用信息补充表（变化情况）"], ["地类", "2018年（公顷）", "2019年（公顷）", "变化原因"],
        ["城镇建设用地", 1172.4, 1186.4, "县城新区道路"], ["农村居民用地", 4900.2, 4912.1, "农村建房"],
        ["裸地", 630.5, 612.4, "矿山复绿"], ["说明", "各地类增减相抵，国土总面积不变", "", ""]]})
    # -- indicator returns vs work summaries and project papers ------------------------------------
    make_docx(share / "林业局" / "总结" / "林业局2020年工作总结.docx", [
        "融水县林业局2020年工作总结",
        "一、森林资源保护。全年完成造林1.2万亩，森林抚育3万亩；开展松材线虫病防治和森林防火，未发生重大森林火灾。",
        "二、林地管理。按2019年林地变更调查，全县有林地35.1万公顷、灌木林地2.0万公顷、其他林地1.4万公顷。",
        "融水苗族自治县林业局", "2020年12月20日"])
    make_docx(share / "农业农村局" / "项目" / "2020年有机肥替代化肥示范项目验收意见.docx", [
        "2020年有机肥替代化肥示范项目验收意见",
        "示范区面积1.3万亩，推广商品有机肥1900吨，示范区亩均减少化肥用量（折纯）2.0公斤。验收组同意通过验收。",
        "验收组（签字）", "2020年9月18日"])
    # -- a department's self-check on the county assessment ----------------------------------------
    make_docx(share / "住建局" / "考核" / "扫描件007.docx", [
        "融水苗族自治县住房和城乡建设局",
        "关于2020年度县域生态环境质量考核工作的自查报告",
        "县生态环境局：",
        "根据考核实施方案分工，我局自查如下：一、2019年县城生活污水处理率94.9%；二、乡镇污水处理设施建成4座；"
        "三、宜居乡村项目76个。", "（盖章）", "2020年10月23日"])
    # -- templates and requests for money ----------------------------------------------------------
    make_docx(share / "生态环境局" / "考核" / "部门自查报告模板.docx", [
        "XX局2020年度生态环境保护工作自查报告（模板）",
        "一、职责任务完成情况（按分工逐条填写）", "二、指标数据填报情况", "三、存在问题", "XX局（盖章）"])
    make_docx(share / "财政局" / "收文" / "关于申请追加考核监测经费的请示.docx", [
        "关于申请追加2020年县域生态环境质量监测工作经费的请示", "县人民政府：",
        "为开展县域污染源监测和地表水监测，需经费30万元，年初预算未安排，恳请从预备费中解决。",
        "妥否，请批示。", "柳州市融水生态环境局", "2020年9月20日"])
    # -- years: placeholders and a file name's bare year -------------------------------------------
    make_docx(share / "水利局" / "项目" / "水利发展资金水土保持绩效自评.docx", [
        "水利发展资金（水土保持）绩效自评报告",
        "省财政厅《关于提前下达20xx年水利发展资金的通知》下达我县资金500万元，用于某某河小流域水土流失综合治理，"
        "治理水土流失面积14.3平方公里，水土流失面积逐年减少。"])
    make_xlsx(share / "财政局" / "附件2 转移支付资金使用表2020.xlsx", {"使用表": [
        ["填报单位：融水苗族自治县财政局", "", "单位：万元"], ["项目", "预算安排", "实际支出"],
        ["重点生态功能区转移支付总额", 12000, 11600], ["生态环境保护支出", 7400, 7200], ["民生保障支出", 4600, 4400],
        ["填报日期：2021年1月15日", "", ""]]})
    # -- owners: a forwarded approval, a 抄送 line, a long 印发 heading with an OCR-spaced 文号 ------
    make_utf8_txt(share / "发改局" / "考核" / "转 立项资料 乡镇垃圾收运.eml.txt", (
        "发件人：县发改局项目股\n收件人：县生态环境局考核办\n主题：转 立项资料\n\n考核办：\n　　现将我局审批的乡镇垃圾项目"
        "立项文件发来。\n\n---------- 附件正文 ----------\n"
        "融水苗族自治县发展和改革局关于红水乡生活垃圾收集转运设施建设项目的批复\n融发改〔2019〕140号\n"
        "县城市管理行政执法局：\n　　你局报来的项目建议书收悉。经研究，同意实施红水乡生活垃圾收集转运设施建设项目，"
        "新建垃圾中转站1座，总投资210万元。\n　　2019年9月12日\n"))
    make_text_pdf(share / "发改局" / "批复" / "融发改〔2019〕91号.pdf", [
        "融水苗族自治县发展和改革局文件\n融发改〔2019〕91号\n"
        "关于良寨乡2019年农村人居环境整治村庄污水处理项目立项的批复\n县农业农村局：\n"
        "你局《关于申请良寨乡农村人居环境整治村庄污水处理项目立项的请示》收悉。经研究，同意该项目立项，"
        "建设一体化污水处理设施2套，总投资260万元。\n融水苗族自治县发展和改革局\n2019年5月20日\n"
        "抄送：县财政局、柳州市融水生态环境局"])
    make_docx(share / "生态环境局" / "考核" / "IMG_3051.docx", [
        "融水苗族自治县人民政府办公室文件", "融政办发〔2020〕6 7号",
        "融水苗族自治县人民政府办公室关于印发《融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核"
        "工作实施方案》的通知",
        "各乡镇人民政府，县直机关各有关部门：",
        "现印发给你们，请认真贯彻执行。县发展和改革局：提供2019年产业准入负面清单考核结果的证明材料。县财政局：将转移支付"
        "资金纳入预算管理，不得用于楼堂馆所。", "融水苗族自治县人民政府办公室", "2020年9月28日"])
    # -- project duties: ledgers, passing mentions, plans ------------------------------------------
    make_xlsx(share / "住建局" / "乡镇污水" / "乡镇污水处理设施建设进度表.xlsx", {"进度": [
        ["融水县乡镇污水处理设施建设项目进度表（截至2020年9月30日）"], ["乡镇", "规模(t/d)", "完成投资(万元)", "形象进度"],
        ["怀宝镇", 700, 1450, "主体完工，已验收"], ["大浪镇", 500, 1010, "土建70%"], ["永乐镇", 700, 1190, "竣工"]]})
    make_docx(share / "农业农村局" / "2020年农业面源污染防治工作总结.docx", [
        "2020年农业面源污染防治工作总结",
        "我局按照改善农村人居环境总体要求，制定《农药包装废弃物回收实施方案》，全年回收农药包装废弃物12吨，"
        "推广绿色防控技术6万亩，完成化肥减量任务。", "融水苗族自治县农业农村局", "2020年12月10日"])
    # -- the fund duties worded as finance bureaus write them --------------------------------------
    make_docx(share / "财政局" / "关于2019年县级财政决算的报告.docx", [
        "关于2019年县级财政决算的报告",
        "一、一般公共预算收支决算情况。2019年一般公共预算收入6.2亿元，上级转移支付收入21.4亿元，均纳入一般公共预算"
        "管理。", "附表：一般公共预算转移支付决算表（分项目）", "融水苗族自治县财政局", "2020年8月20日"])
    # -- 国控源 worded as 国家重点监控企业 --------------------------------------------------------------
    make_docx(share / "生态环境局" / "国控源" / "监督性监测结果公开.docx", [
        "融水县2020年第三季度国家重点监控企业监督性监测结果公开",
        "企业名称 监测时间 监测项目 是否达标", "县城污水处理厂 2020-08-18 COD、氨氮 达标",
        "柳州市融水生态环境局", "2020年10月9日"])

    # -- plan excerpts, acceptances called 自查验收, evaluations of the negative list --------------
    make_docx(share / "生态环境局" / "考核" / "方案节选-组织领导.docx", [
        "（摘自融政办发〔2020〕67号）", "二、组织领导",
        "成立县域生态环境质量考核工作领导小组，办公室设在柳州市融水生态环境局。",
        "四、职责分工", "（八）县城市管理行政执法局：统计核算2020年县城生活垃圾清运量、无害化处理量，核算无害化处理率。",
        "（十）柳州市融水生态环境局：梳理农村环境连片整治情况，提供项目情况、台账和统计资料。"])
    make_docx(share / "林业局" / "项目" / "2019年度退化林修复工程验收.docx", [
        "融水苗族自治县2019年度退化林修复工程县级自查验收报告",
        "2020年4月，县林业局组织对2019年度退化林修复工程进行县级验收。完成退化林修复800公顷，工程质量合格，同意通过验收。",
        "融水苗族自治县林业局", "2020年4月28日"])
    make_docx(share / "发改局" / "旧" / "2018年负面清单执行自评.docx", [
        "融水县2018年度产业准入负面清单执行情况自评报告",
        "2018年全县审批备案项目88个，未发现负面清单禁止类项目，自评等次良好。", "县发改局", "2019年3月1日"])
    # -- fund papers worded as payouts; a transfer table naming the monitoring money --------------
    make_docx(share / "财政局" / "专项资金" / "2020年公益林补偿资金兑付通知.docx", [
        "关于兑付2020年森林生态效益补偿资金的通知", "各乡镇人民政府：",
        "根据自治区下达的2020年中央财政林业生态保护恢复资金，我县国家级公益林补偿资金2300万元，请于7月底前兑付到户。",
        "融水苗族自治县财政局", "2020年6月10日"])
    make_xlsx(share / "财政局" / "预算" / "2020年上级转移支付预算安排表.xlsx", {"安排": [
        ["融水县2020年上级转移支付收入预算安排表（万元）"], ["科目", "预算数", "安排方向"],
        ["重点生态功能区转移支付收入", 13000, "生态环保、基本公共服务"], ["其中：县域考核工作经费", 180, "生态环境局"],
        ["均衡性转移支付收入", 41000, "统筹"]]})

    # -- the landfill's leachate in passing; the county's report in a draft -----------------------
    make_docx(share / "城管局" / "关于2020年县城生活垃圾无害化处理率的说明.docx", [
        "关于2020年县城生活垃圾无害化处理率的情况说明", "柳州市融水生态环境局：",
        "2020年县城建成区生活垃圾清运量39,500吨，全部运至县生活垃圾卫生填埋场处理，无害化处理量39,500吨，"
        "无害化处理率100%。填埋场配套渗滤液处理站运行正常。", "特此说明。", "融水苗族自治县城市管理行政执法局",
        "2020年10月16日"])
    make_docx(share / "生态环境局" / "自查报告" / "县域自查报告（送审稿）1027.docx", [
        "（本稿未经县人民政府审定，请勿外传）",
        "融水苗族自治县2020年度国家重点生态功能区县域生态环境质量考核自查报告",
        "一、组织开展情况。二、自然生态指标。三、环境状况指标：空气优良天数比例98%。四、生态环境保护与管理。",
        "柳州市融水生态环境局 代拟", "2020年10月27日"])

    # -- the assessment office reviewing other departments' land figures --------------------------
    make_docx(share / "生态环境局" / "数据审核" / "关于指标数据审核意见的函.docx", [
        "关于县域基本情况表指标数据审核意见的函", "县自然资源和规划局、县林业局：",
        "经审核你们报送的2019年度指标数据：林地、草地、水域湿地、耕地、建设用地六类面积之和应等于国土面积，现差额1.3平方公里，"
        "请核实并于10月17日前补充证明材料。", "柳州市融水生态环境局", "2020年10月12日"])

    make_docx(share / "农业农村局" / "项目资料" / "下覃村道路及排水工程竣工验收意见.docx", [
        "和睦镇下覃村道路及排水工程竣工验收意见",
        "本工程为2019年乡村风貌提升示范村建设内容，完成村屯道路硬化1.8公里、排水沟1.2公里、立面改造60栋。"
        "2019年12月16日验收组现场查看，工程质量合格，同意通过竣工验收。", "融水苗族自治县农业农村局", "2019年12月20日"])

    make_docx(share / "生态环境局" / "污水处理厂" / "2020年运行月报.docx", [
        "一、处理水量：1月80.2万吨，2月76.5万吨，负荷率85%左右。",
        "二、出水：县城污水处理厂出水稳定达标，数据有效率99%。"])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("generalise") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def test_a_news_report_is_not_evidence_even_in_the_right_folder(docs):
    news = docs["省财政下达生态功能区转移支付.docx"]
    assert news["tags"] == [] and "新闻" in news["meta"]
    assert docs["我县森林覆盖率继续保持全区前列.docx"]["tags"] == []


def test_the_sewage_plant_mentioned_in_passing_is_not_its_operation_material(docs):
    assert "10.3.3" not in in_window(docs["2020年生态功能区转移支付资金安排情况.docx"])
    assert "10.3.3" in in_window(docs["县城污水处理厂2020年上半年运行情况.docx"])


def test_a_return_of_one_land_class_is_not_the_land_use_table(docs):
    assert in_window(docs["耕地面积统计（水田旱地）2019.xlsx"]) == {"6.1"}
    assert in_window(docs["2019年土地利用信息补充表.xlsx"]) == {"3.2"}


def test_indicator_returns_are_not_work_summaries_or_project_papers(docs):
    assert in_window(docs["林业局2020年工作总结.docx"]) == {"9.3"}
    assert "6.2" not in in_window(docs["2020年有机肥替代化肥示范项目验收意见.docx"])


def test_a_departments_self_check_on_the_county_assessment_is_its_own(docs):
    assert in_window(docs["扫描件007.docx"]) == {"4.5"}


def test_templates_and_requests_for_money_serve_nothing(docs):
    assert docs["部门自查报告模板.docx"]["tags"] == []
    assert docs["关于申请追加考核监测经费的请示.docx"]["tags"] == []


def test_a_placeholder_year_places_a_document_in_no_window(docs):
    doc = docs["水利发展资金水土保持绩效自评.docx"]
    assert doc["tags"] and in_window(doc) == set()
    assert any("年份不明" in r for t in doc["tags"] for r in t["reasons"])


def test_a_file_names_bare_year_is_the_year_it_is_about(docs):
    doc = docs["附件2 转移支付资金使用表2020.xlsx"]
    assert doc["years"] == [2020]
    assert "2.3" in in_window(doc)


def test_a_forwarded_approval_is_evidence_for_the_department_it_is_addressed_to(docs):
    doc = docs["转 立项资料 乡镇垃圾收运.eml.txt"]
    assert doc["issuer"] == "发改局"  # from the pasted heading 「……发展和改革局关于……的批复」
    assert in_window(doc) == {"1.3", "8.3"}


def test_a_cc_line_under_the_signature_is_not_the_issuer(docs):
    doc = docs["融发改〔2019〕91号.pdf"]
    assert doc["issuer"] == "发改局"
    assert {"1.3", "6.4"} <= in_window(doc)


def test_an_ocr_spaced_document_number_and_a_long_heading_still_name_the_plan(docs):
    doc = docs["IMG_3051.docx"]
    assert doc["doc_number"] == "融政办发〔2020〕67号"
    assert in_window(doc) == {"10.1"}


def test_a_progress_table_is_not_a_project_approval_or_acceptance(docs):
    assert in_window(docs["乡镇污水处理设施建设进度表.xlsx"]) == {"4.3"}


def test_a_programme_named_in_passing_is_not_that_programmes_material(docs):
    assert in_window(docs["2020年农业面源污染防治工作总结.docx"]) == {"6.6"}


def test_final_accounts_show_the_transfers_run_through_the_public_budget(docs):
    assert "2.1" in in_window(docs["关于2019年县级财政决算的报告.docx"])


def test_key_monitored_enterprises_are_the_controlled_sources(docs):
    assert in_window(docs["监督性监测结果公开.docx"]) == {"10.3.2"}


def test_a_stated_difference_is_not_the_indicators_figure():
    catalog = load_catalog()
    figures = read_figures([(1, "核对：各类合计与国土面积差额0.00公顷；2019年耕地面积减少35.6公顷。")], catalog.indicators)
    assert figures == []
    figures = read_figures([(1, "2019年末全县耕地面积34688.0公顷，其中水田24913.0公顷。")], catalog.indicators)
    assert {(f.indicator, f.value) for f in figures} == {("耕地面积", 34688.0), ("水田", 24913.0)}


def test_an_excerpt_of_the_plan_is_the_plan(docs):
    assert in_window(docs["方案节选-组织领导.docx"]) == {"10.1"}


def test_an_acceptance_called_a_self_check_acceptance_is_a_project_acceptance(docs):
    assert in_window(docs["2019年度退化林修复工程验收.docx"]) == {"9.2"}


def test_an_evaluation_of_the_negative_list_is_not_the_list(docs):
    assert "1.1" not in in_window(docs["2018年负面清单执行自评.docx"])


def test_payouts_of_special_funds_are_fund_material(docs):
    assert {"2.2", "2.4"} <= in_window(docs["2020年公益林补偿资金兑付通知.docx"])


def test_a_transfer_table_naming_the_monitoring_money_is_not_its_budget_line(docs):
    got = in_window(docs["2020年上级转移支付预算安排表.xlsx"])
    assert "2.5" not in got and "2.1" in got


def test_the_leachate_station_mentioned_in_passing_is_not_its_records(docs):
    assert in_window(docs["关于2020年县城生活垃圾无害化处理率的说明.docx"]) == {"8.1"}


def test_a_draft_of_the_countys_self_check_report_is_not_the_bureaus_own(docs):
    doc = docs["县域自查报告（送审稿）1027.docx"]
    assert in_window(doc) == {"10.2"} and doc["draft"]


def test_the_assessment_offices_review_of_land_figures_is_not_the_land_return(docs):
    assert "3.1.3" not in in_window(docs["关于指标数据审核意见的函.docx"])


def test_a_project_paper_of_the_beautiful_village_programme_named_only_in_its_body_counts(docs):
    assert "6.4" in in_window(docs["下覃村道路及排水工程竣工验收意见.docx"])


def test_the_plants_operating_report_counts_when_its_file_name_says_only_operation(docs):
    assert in_window(docs["2020年运行月报.docx"]) == {"10.3.3"}
