"""Tagging classes found by reading the real public documents (realpub1-dev, realpub2, realpub3;
issue 19, fourth round): each test drops real files into a county home, scans them with the real
pipeline and reads the stored tags.

The files are written here in the county's own words, not copied from the public documents: every
test states a class (how real texts are published, dated and worded), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


def drop_files(share: Path) -> None:
    # -- a web page's column label in its title (（部门动态）（新闻）) marks a news item ----------------
    make_docx(share / "林业局" / "工作信息" / "石漠化综合治理工程通过自治区检查验收（部门动态）.docx", [
        "2020年石漠化综合治理工程通过自治区检查验收（部门动态）",
        "近日，自治区林业局检查验收组对我县2020年石漠化综合治理工程进行检查验收，实地查看了安陲乡、白云乡的封山育林"
        "和人工造林小班，查阅了作业设计、施工合同和档案资料。验收组对工程质量和管护成效给予肯定，"
        "要求对个别成活率偏低的小班及时补植。"])
    make_docx(share / "林业局" / "工作信息" / "退耕还林省级检查验收工作动态.docx", [
        "近日，自治区林业局委托第三方对我县2020年新一轮退耕还林任务进行省级检查验收，涉及4个乡镇、1,800亩。"
        "检查组实地查看了退耕地造林保存面积、苗木成活率，对我县退耕还林工作给予肯定。"])
    # -- a report of a 人大 session lists the budget report and other resolutions: not the resolution
    make_docx(share / "财政局" / "人大" / "县人大常委会第三十次会议.docx", [
        "县十七届人大常委会第三十次会议听取审议多项报告",
        "6月28日上午，县十七届人大常委会第三十次会议在县行政中心开幕。会议听取了县人民政府关于2019年县本级财政决算和2020年上半年"
        "预算执行情况的报告；审议通过了《关于批准2019年县本级财政决算的决议》《关于人事任免的决定》。"])
    # -- a statistics bulletin gives the sown area as 农作物种植面积 ----------------------------------
    make_docx(share / "统计局" / "县域基本情况" / "2019年统计公报农业部分.docx", [
        "融水苗族自治县2019年国民经济和社会发展统计公报（农业部分）",
        "全年农作物种植面积52,316公顷，比上年增加410公顷。其中，粮食种植面积31,208公顷，糖料种植面积2,105公顷，"
        "蔬菜种植面积9,870公顷。全年粮食总产量16.2万吨。",
        "融水苗族自治县统计局", "2020年4月10日"])
    # -- the drinking-water sources' periodic 水质状况报告 is quality monitoring ---------------------
    make_docx(share / "生态环境局" / "环境质量" / "2020年第三季度饮用水水源水质状况.docx", [
        "融水县集中式生活饮用水水源水质状况报告（2020年第三季度）",
        "一、基本情况。县城在用集中式饮用水水源地2个（贝江取水口、融江取水口），均为河流型。",
        "二、评价结果。第三季度2个水源地各项指标均达到或优于《地表水环境质量标准》Ⅲ类标准，水质达标率100%。"])
    # ... and so is a published summary of the year's air and water quality (质量情况)
    make_docx(share / "生态环境局" / "环境质量" / "2020年县城空气及水环境质量.docx", [
        "2020年融水县环境空气质量及水环境质量情况",
        "全年县城空气质量优良天数358天，优良率97.8%，PM2.5年均浓度24微克/立方米；贝江、融江3个地表水断面水质均达到Ⅱ类，"
        "县城集中式饮用水水源水质达标率100%。"])
    # -- a progress report on works is not a paper of the project's chain ------------------------
    make_docx(share / "住建局" / "项目" / "城区雨污分流改造项目进展情况.docx", [
        "城区雨污分流改造项目进展情况",
        "城区雨污分流改造项目自2020年3月开工，已完成投资2,860万元，占总投资的71%；新建污水管网14.2公里，"
        "改造检查井620座，计划2021年6月完工。"])
    # -- a ministry's notice to the provinces is national policy, not a county's project ---------
    make_docx(share / "农业农村局" / "上级文件" / "农办计财〔2020〕21号 秸秆综合利用项目备案.docx", [
        "农办计财〔2020〕21号",
        "有关省、自治区、直辖市农业农村（农牧）厅（局、委）、财政厅（局）：",
        "按照秸秆综合利用项目实施要求，我部会同财政部对各地报送的项目实施方案进行了审查，原则予以备案。"
        "请省级农业农村部门组织项目县细化实施方案，加快项目建设，按季度报送项目进度。",
        "农业农村部办公厅", "2020年6月2日"])
    # -- the county plant named by the town; its supervisory monitoring is the plant's monitoring --
    make_docx(share / "生态环境局" / "污水厂" / "融水县污水处理厂二季度监督性监测情况.docx", [
        "2020年第二季度融水县污水处理厂监督性监测情况",
        "5月12日，县环境监测站对融水县污水处理厂总排口开展第二季度监督性监测，监测化学需氧量、氨氮、总磷等12项，"
        "各项指标均符合《城镇污水处理厂污染物排放标准》一级A标准。"])
    # -- a summary joined to next year's plan is about the year before the plan's ---------------
    make_docx(share / "生态环境局" / "总结" / "生态环境局工作总结及2021年工作计划.docx", [
        "柳州市融水生态环境局工作总结及2021年工作计划",
        "一、主要工作成效。我局全年完成县城空气自动站运维，县城空气质量优良天数比例97.8%，贝江、融江断面水质稳定达到Ⅱ类，"
        "开展污染防治攻坚，推进农村环境整治，全年未发生突发环境事件。",
        "二、下一步工作计划。持续深入打好污染防治攻坚战，推进重点生态功能区考核各项工作。",
        "柳州市融水生态环境局"])
    # -- a project paper states the sewage rate as its aim: not the rate's accounting -------------
    make_docx(share / "住建局" / "乡镇污水" / "滚贝乡污水处理站竣工验收意见.docx", [
        "滚贝乡污水处理站工程竣工验收意见",
        "2019年11月6日，县住建局组织设计、施工、监理单位对滚贝乡污水处理站工程进行竣工验收。该站设计规模200立方米/日，"
        "为改善人居环境、提高集镇生活污水处理率而建，投运后集镇生活污水处理率可由35%提高到85%，出水达到一级B标准。"
        "验收组同意该工程通过竣工验收。",
        "融水苗族自治县住房和城乡建设局", "2019年11月6日"])
    # -- a yearbook table gives its period in brackets without 年 ---------------------------------
    make_xlsx(share / "统计局" / "年鉴摘录" / "农业主要指标(2020-2021).xlsx", {"农业主要指标": [
        ["项目", "单位", "2020", "2021"],
        ["常用耕地面积", "公顷", 34688, 34652],
        ["化肥施用量（折纯）", "吨", 8120, 7980],
        ["农药使用量", "吨", 312.6, 305.1],
        ["农作物播种面积", "公顷", 52316, 52410]]})
    # -- a page kept without its date is no older than the paper of its chain it cites ----------
    make_docx(share / "发改局" / "项目批复" / "旧" / "大年乡垃圾中转站可研批复.docx", [
        "关于大年乡生活垃圾中转站建设项目可行性研究报告的批复",
        "大年乡人民政府：",
        "你乡《关于要求审批大年乡生活垃圾中转站建设项目可行性研究报告的请示》（年政报〔2016〕9号）收悉。经审核，"
        "原则同意该项目可行性研究报告，新建中转站1座，估算总投资260万元。"])
    # ... but the rules it is based on (「根据…」) do not date it
    make_docx(share / "自然资源局" / "生态修复" / "矿山复垦方案审查公示.docx", [
        "安太乡石场矿山地质环境保护与土地复垦方案审查公示",
        "根据《土地复垦条例》和《关于做好矿山地质环境保护与土地复垦方案编报有关工作的通知》（国土资规〔2016〕21号）要求，"
        "我局组织专家对安太乡石场矿山地质环境保护与土地复垦方案进行了评审，现将拟通过的方案予以公示。"])
    # -- a plan named for its span of years runs from the year it is issued ----------------------
    make_docx(share / "住建局" / "美丽乡村" / "农村人居环境整治三年行动实施方案.docx", [
        "融水苗族自治县农村人居环境整治三年行动实施方案",
        "为加快补齐农村人居环境短板，以农村生活垃圾、生活污水治理和村容村貌提升为主攻方向，结合我县美丽乡村建设，制定本方案。"
        "一、重点任务：推进农村改厕、村庄清洁行动，建设乡镇垃圾中转站和村屯污水处理设施。",
        "融水苗族自治县人民政府办公室", "2018年9月20日"])
    # -- a bureau's report on its eco work titled 「…工作情况报告」 is its self-check material ---------
    make_docx(share / "生态环境局" / "总结" / "2020年1-9月污染防治工作情况报告.docx", [
        "2020年1-9月污染防治工作情况报告",
        "今年以来，我局全力推进污染防治攻坚：完成县城空气自动站运维和贝江断面水质监测，开展重点排污单位执法检查42家次，"
        "推进农村环境整治，县城空气质量优良天数比例97.6%。",
        "柳州市融水生态环境局", "2020年10月9日"])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("realpub") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def test_a_column_label_in_the_title_marks_a_news_item(docs):
    doc = docs["石漠化综合治理工程通过自治区检查验收（部门动态）.docx"]
    assert doc["meta"] and doc["meta"].startswith("新闻报道")
    assert in_window(doc) == set()
    saved = docs["退耕还林省级检查验收工作动态.docx"]  # the label ends the saved file's name
    assert saved["meta"] and saved["meta"].startswith("新闻报道")
    assert in_window(saved) == set()


def test_a_report_of_a_peoples_congress_session_is_not_the_budget_resolution(docs):
    assert "2.2" not in in_window(docs["县人大常委会第三十次会议.docx"])


def test_a_statistics_bulletins_crop_area_is_the_sown_area(docs):
    assert "7.2.4" in in_window(docs["2019年统计公报农业部分.docx"])


def test_a_drinking_water_sources_quality_status_report_is_quality_monitoring(docs):
    assert "10.5" in in_window(docs["2020年第三季度饮用水水源水质状况.docx"])


def test_a_published_summary_of_air_and_water_quality_is_quality_monitoring(docs):
    assert "10.5" in in_window(docs["2020年县城空气及水环境质量.docx"])


def test_a_progress_report_on_works_is_not_a_project_paper(docs):
    assert "4.4" not in in_window(docs["城区雨污分流改造项目进展情况.docx"])


def test_a_ministrys_notice_to_the_provinces_is_not_the_countys_project(docs):
    assert in_window(docs["农办计财〔2020〕21号 秸秆综合利用项目备案.docx"]) == set()


def test_the_county_plant_named_by_the_town_and_its_supervisory_monitoring(docs):
    assert "10.3.3" in in_window(docs["融水县污水处理厂二季度监督性监测情况.docx"])


def test_a_summary_joined_to_next_years_plan_is_about_the_year_before(docs):
    doc = docs["生态环境局工作总结及2021年工作计划.docx"]
    assert doc["years"] == [2020]
    assert "10.3.6" in in_window(doc)


def test_a_project_paper_stating_the_sewage_rate_as_its_aim_is_not_the_rate(docs):
    doc = docs["滚贝乡污水处理站竣工验收意见.docx"]
    assert "4.3" in in_window(doc)
    assert "4.1" not in in_window(doc)


def test_a_tables_bracketed_period_gives_its_years(docs):
    doc = docs["农业主要指标(2020-2021).xlsx"]
    assert doc["years"] == [2020, 2021]
    assert "7.2.4" not in in_window(doc)  # the duty asks for 2019
    assert "7.2.4" in {t["item"] for t in doc["tags"]}


def test_an_undated_page_is_no_older_than_the_paper_of_its_chain_it_cites(docs):
    approval = docs["大年乡垃圾中转站可研批复.docx"]
    assert approval["years"] == [2016]
    assert "1.3" not in in_window(approval)
    assert docs["矿山复垦方案审查公示.docx"]["years"] == []


def test_a_plan_named_for_its_span_of_years_runs_from_its_issue_year(docs):
    plan = docs["农村人居环境整治三年行动实施方案.docx"]
    assert plan["years"] == [2018, 2019, 2020]
    assert "4.2" in in_window(plan)


def test_a_bureaus_report_on_its_eco_work_is_its_self_check_material(docs):
    assert "10.3.6" in in_window(docs["2020年1-9月污染防治工作情况报告.docx"])
