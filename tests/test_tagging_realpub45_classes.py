"""Tagging classes found by reading the fourth to sixth batches of real public documents (realpub4,
realpub5, realpub6; issue 19, rounds six to eight): real files dropped into a county home, scanned
by the real pipeline, tags and the checklist read back.

The files are written here in the county's own words; every test states a class (how real texts
are published and filed), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli_json, in_window, make_home, scanned_documents
from docgen import make_docx

SURVEY = [
    "融水苗族自治县第三次全国国土调查主要数据公报",
    "按照国务院统一部署，我县以2019年12月31日为标准时点开展第三次全国国土调查，现将主要地类数据公布如下：",
    "（一）耕地32019.92公顷。其中，水田23115.60公顷，旱地8904.32公顷。",
    "（二）林地383260.00公顷。其中，乔木林地351020.12公顷，竹林地12840.56公顷。",
    "（三）草地6140.00公顷。其中，其他草地6140.00公顷。",
    "（四）湿地412.37公顷。其中，内陆滩涂412.37公顷。",
    "（五）城镇村及工矿用地10380.00公顷。其中，建制镇用地1216.65公顷，村庄用地8750.00公顷，采矿用地413.35公顷。",
    "融水苗族自治县第三次全国国土调查领导小组办公室",
]


def traditional(lines: list[str]) -> list[str]:
    """The same bulletin as a portal serves it in traditional characters."""
    pairs = {"县": "縣", "国": "國", "调": "調", "查": "查", "数": "數", "据": "據", "报": "報", "时": "時",
             "类": "類", "规": "規", "划": "劃", "湿": "濕", "滩": "灘", "涂": "塗", "镇": "鎮", "庄": "莊",
             "矿": "礦", "顷": "頃", "务": "務", "统": "統", "领": "領", "导": "導", "组": "組", "办": "辦",
             "地": "地", "开": "開", "展": "展", "现": "現", "将": "將", "内": "內", "陆": "陸", "乔": "喬", "竹": "竹"}
    table = str.maketrans(pairs)
    return [line.translate(table) for line in lines]


def drop_files(share: Path) -> None:
    # -- a land survey's data bulletin gives the indicators whose land classes it states ----------
    make_docx(share / "自然资源局" / "地类指标" / "三调主要数据公报.docx", SURVEY)
    # ... only the classes it states: this excerpt stops before the built land
    make_docx(share / "自然资源局" / "地类指标" / "三调公报林草湿摘录.docx", SURVEY[:6])
    # -- a page served in traditional characters is read as the same words -----------------------
    make_docx(share / "自然资源局" / "地类指标" / "三调公报（繁体）.docx", traditional(SURVEY))
    # -- a paper filed as reference that never names the county is someone else's ---------------
    make_docx(share / "住建局" / "参考资料" / "2019年城乡建设统计年鉴 污水处理厂情况.docx", [
        "2019年城乡建设统计年鉴 垃圾无害化处理厂及污水处理厂情况",
        "截至2019年底，全国县城共有污水处理厂1669座，处理能力3587万立方米/日，污水处理率93.55%；"
        "生活垃圾无害化处理场（厂）1378座，无害化处理量6609.78万吨。"])
    # ... while the county's own paper in the same folder still counts
    make_docx(share / "住建局" / "参考资料" / "融水县城污水处理厂2019年运行情况.docx", [
        "融水县城污水处理厂2019年运行情况",
        "2019年县城污水处理厂累计处理污水412.6万吨，COD削减量986吨，出水稳定达到一级A标准；"
        "县城建成区生活污水排放总量445.3万吨，收集处理412.6万吨，城镇生活污水处理率92.7%。",
        "融水苗族自治县住房和城乡建设局", "2020年1月15日"])
    # -- a finance bureau's allocation names what the money is for, not its budget line ----------
    make_docx(share / "财政局" / "专项资金" / "森林乡村奖补资金下达通知.docx", [
        "融水苗族自治县财政局关于下达2020年创建自治区森林乡村奖补资金的通知",
        "融财农〔2020〕58号",
        "各乡镇人民政府、县林业局：",
        "根据自治区财政厅、林业局下达的奖补资金，现将2020年创建自治区级森林乡村奖补资金共计180万元下达给你们，"
        "用于村屯绿化、庭院美化和森林乡村建设，具体分配见附件。请按规定及时拨付，专款专用。",
        "融水苗族自治县财政局", "2020年8月20日"])
    # -- a finance bureau's account of how it backs ecological protection -------------------------
    make_docx(share / "财政局" / "财税政策" / "县财政局多措并举支持生态环境保护.docx", [
        "县财政局多措并举支持生态环境保护",
        "县财政局按照“政策上扶持、资金上倾斜”的思路，把生态环境保护作为预算安排的重点：一是优先安排县级生态环保资金，"
        "确保投入逐年增长；二是积极向上争取污染防治、农村环境整治等专项资金；三是加强资金监管，对生态环保项目资金"
        "开展专项检查，提高资金使用效益。"])
    # -- works on the county plant (an upgrade) are a project, not the plant's operation ---------
    make_docx(share / "住建局" / "项目" / "县污水处理厂提标改造工程加紧施工.docx", [
        "县污水处理厂提标改造工程加紧施工",
        "县污水处理厂提标改造工程于2019年9月开工，总投资3,260万元，将出水标准由一级B提升至一级A，"
        "新建深度处理车间和加药间，计划2020年6月完工。目前土建工程已完成70%，污水处理厂正常运行不停水。"])
    # -- a bureau's summary titled by its pollution-control work is its self-check material -------
    make_docx(share / "生态环境局" / "总结" / "水污染防治工作推进进展情况及工作总结.docx", [
        "融水县生态环境局水污染防治工作推进进展情况及工作总结（2020年）",
        "2020年，我局围绕水污染防治攻坚战，推进县城污水处理厂提标改造、乡镇污水处理设施建设和入河排污口排查整治，"
        "完成贝江、融江流域12个排污口整治，县城集中式饮用水水源地水质达标率100%。",
        "融水苗族自治县生态环境局", "2020年12月10日"])
    # -- 2.2's 「2020年…决议」 names the resolution's year; its special-fund material spans 2019–2020 --
    make_docx(share / "财政局" / "专项资金" / "2019年农村环境整治资金下达.docx", [
        "融水苗族自治县财政局关于下达2019年中央农村环境整治专项资金的通知",
        "融财建〔2019〕41号",
        "县生态环境局、各有关乡镇：现将2019年中央农村环境整治专项资金593万元下达给你们，用于安陲乡、白云乡农村生活污水"
        "处理设施建设，请按规定及时拨付使用。",
        "融水苗族自治县财政局", "2019年7月8日"])
    make_docx(share / "财政局" / "人大决议" / "2019年预算决议.docx", [
        "融水苗族自治县第十七届人民代表大会第四次会议关于2019年县本级预算的决议",
        "融水苗族自治县第十七届人民代表大会第四次会议审查了县人民政府提出的2019年县本级预算草案，批准2019年县本级预算。",
        "2019年1月18日"])
    # -- a budget-indicator paper is known by its 文号 when its title is the fund's name -----------
    make_docx(share / "财政局" / "专项资金" / "融财建指〔2020〕33号 土壤污染防治专项资金.docx", [
        "融财建指〔2020〕33号",
        "2020年土壤污染防治专项资金",
        "县生态环境局：根据自治区财政厅文件，现下达你单位2020年土壤污染防治专项资金120万元，用于重点行业企业用地调查。",
        "融水苗族自治县财政局", "2020年5月12日"])
    # -- a self-check on the office's housekeeping is not one on its ecological work --------------
    make_docx(share / "生态环境局" / "办公室" / "2020年政务公开工作自查报告.docx", [
        "融水县生态环境局2020年政务公开工作自查报告",
        "按照县政务公开办要求，我局对2020年政务公开工作开展自查：全年在县政府门户网站公开环境保护信息126条，"
        "环评审批、行政处罚信息均按时公开，依申请公开办结3件。",
        "融水苗族自治县生态环境局", "2020年12月28日"])
    # -- the regulation on self-monitoring, posted by a company, is not its monitoring report -----
    make_docx(share / "生态环境局" / "企业自行监测" / "公示-自行监测及信息公开办法.docx", [
        "公示（国家重点监控企业自行监测及信息公开办法（试行））",
        "第一条 为规范企业自行监测及信息公开，督促企业自觉履行法定义务，制定本办法。",
        "第二条 本办法适用于国家重点监控企业。企业应当按照国家或地方污染物排放标准开展自行监测，并公开监测信息。",
        "2019年3月1日"])
    # -- a study of the subject (调研报告) is not a project paper -----------------------------------
    make_docx(share / "农业农村局" / "调研" / "农村环境整治情况调研报告.docx", [
        "农村环境整治情况调研报告",
        "为掌握全县农村环境整治情况，我局组织调研组走访了8个乡镇。调研发现，部分村屯垃圾收运设施招标后建设滞后，"
        "生活污水处理设施运行维护经费不足。建议：一是加快项目建设；二是建立长效管护机制。",
        "融水苗族自治县农业农村局", "2020年9月3日"])
    # -- news of the county's own works: tagged by its content, but a secondary source -----------
    make_docx(share / "住建局" / "乡镇污水" / "和睦镇污水处理站通过竣工验收.docx", [
        "和睦镇污水处理站通过竣工验收",
        "本报讯（通讯员 韦丽）11月18日，县住建局组织设计、施工、监理单位对和睦镇污水处理站及配套管网工程进行竣工验收。"
        "该站设计处理规模800吨/日，2019年12月开工，2020年10月建成试运行，出水达到一级B标准。验收组一致同意通过验收。",
        "责任编辑：梁明"])
    # -- the county's own portal publishing its paper (「来源：本网」) is not a news report ----------
    make_docx(share / "财政局" / "专项资金" / "2020年农村改厕资金下达.docx", [
        "融水苗族自治县财政局关于下达2020年农村改厕奖补资金的通知",
        "各乡镇人民政府：现将2020年农村户厕改造奖补资金326万元下达给你们，请专款专用。",
        "融水苗族自治县财政局", "2020年6月2日", "来源：本网"])
    # -- the yearly update of the forest-resource map gives the forest land --------------------
    make_docx(share / "林业局" / "林地数据" / "森林资源一张图年度更新完成.docx", [
        "融水县2020年森林督查暨森林资源管理“一张图”年度更新工作全面完成",
        "全县共核实变化图斑3.8万个，更新后林地609.2万亩，其中公益林241.5万亩。",
        "融水苗族自治县林业局", "2020年12月20日"])
    # -- a year's air quality in the title is quality monitoring ----------------------------------
    make_docx(share / "生态环境局" / "环境质量" / "2020年空气质量优良率.docx", [
        "融水县2020年空气质量优良率达98.1%",
        "2020年县城环境空气质量优良天数359天，优良率98.1%，PM2.5年均浓度22微克/立方米，贝江、融江断面水质均达Ⅱ类。",
        "融水苗族自治县生态环境局", "2021年1月8日"])
    # -- a page saved in a portal's 拼音 reading mode is read without the glosses ------------------
    make_docx(share / "林业局" / "项目" / "网页存档（拼音版）001.docx", [
        "2020年石(shí)漠(mò)化综(zōng)合治(zhì)理工程竣(jùn)工验(yàn)收意见",
        "2020年11月，县林(lín)业(yè)局组织对安陲乡、白云乡石(shí)漠(mò)化综(zōng)合治(zhì)理工(gōng)程(chéng)进行"
        "竣(jùn)工验(yàn)收，完成封(fēng)山(shān)育(yù)林(lín)1.2万亩、人工造(zào)林(lín)3,000亩。",
        "融水苗族自治县林业局", "2020年11月30日"])
    # -- a bureau's review of its eco work (工作回顾) is its self-check material ----------------
    make_docx(share / "生态环境局" / "总结" / "十三五生态环境保护工作回顾.docx", [
        "融水县生态环境局“十三五”生态环境保护工作回顾",
        "“十三五”期间，我局推进污染防治攻坚战，完成县城污水处理厂提标改造，建成乡镇污水处理设施12座，"
        "2020年县城空气质量优良率98.1%，未发生突发环境事件。",
        "融水苗族自治县生态环境局", "2020年12月25日"])
    # -- ecological compensation is a fiscal policy favouring protection; paying it out is fund material
    make_docx(share / "财政局" / "财税政策" / "贝江流域横向生态补偿奖励资金到位.docx", [
        "融水县获贝江流域横向生态保护补偿奖励资金860万元",
        "根据贝江流域上下游横向生态保护补偿协议，2020年我县出境断面水质稳定达到Ⅱ类，获上游补偿及自治区奖励资金860万元，"
        "全部用于流域水污染防治和生态修复。",
        "融水苗族自治县财政局", "2020年12月15日"])
    # ... but news of a level above the county, or of a meeting, serves nothing
    make_docx(share / "住建局" / "乡镇污水" / "全国乡镇污水处理设施覆盖率提升.docx", [
        "全国建制镇污水处理设施覆盖率提升",
        "本报讯（记者 王强）住房和城乡建设部日前通报，截至2020年底，全国建制镇污水处理设施覆盖率达到60%以上。",
        "责任编辑：李华"])
    make_docx(share / "住建局" / "乡镇污水" / "全县乡镇污水处理设施建设推进会召开.docx", [
        "全县乡镇污水处理设施建设推进会召开",
        "本报讯（记者 覃强）9月3日，全县乡镇污水处理设施建设推进会召开，要求各乡镇加快项目建设，确保年底前建成投运。",
        "责任编辑：李华"])


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = make_home(tmp_path_factory.mktemp("realpub45") / "home")
    drop_files(home / "watch_folders")
    return home


@pytest.fixture(scope="module")
def docs(home) -> dict[str, dict]:
    return scanned_documents(home)


def test_a_land_survey_bulletin_gives_the_indicators_of_the_classes_it_states(docs):
    assert {"3.1.1", "3.1.2", "3.1.3"} <= in_window(docs["三调主要数据公报.docx"])
    excerpt = in_window(docs["三调公报林草湿摘录.docx"])
    assert {"3.1.2", "3.1.3"} <= excerpt
    assert "3.1.1" not in excerpt


def test_a_page_in_traditional_characters_is_tagged_as_its_simplified_words(docs):
    page = docs["三调公报（繁体）.docx"]
    assert in_window(page) == in_window(docs["三调主要数据公报.docx"])
    assert page["years"] == [2019]


def test_a_reference_paper_that_never_names_the_county_serves_nothing(docs):
    assert in_window(docs["2019年城乡建设统计年鉴 污水处理厂情况.docx"]) == set()
    assert "4.1" in in_window(docs["融水县城污水处理厂2019年运行情况.docx"])


def test_a_land_survey_bulletin_is_not_the_land_use_return(docs):
    assert "3.2" not in in_window(docs["三调主要数据公报.docx"])


def test_an_allocation_naming_its_ecological_purpose_is_special_fund_material(docs):
    assert {"2.2", "2.4"} <= in_window(docs["森林乡村奖补资金下达通知.docx"])


def test_a_finance_bureaus_account_of_backing_ecological_protection_is_its_fiscal_policy(docs):
    assert "2.6" in in_window(docs["县财政局多措并举支持生态环境保护.docx"])


def test_works_on_the_county_plant_are_a_project_not_its_operation(docs):
    tags = in_window(docs["县污水处理厂提标改造工程加紧施工.docx"])
    assert "4.4" in tags
    assert "10.3.3" not in tags


def test_a_bureaus_summary_titled_by_its_pollution_control_work_is_its_self_check(docs):
    assert "10.3.6" in in_window(docs["水污染防治工作推进进展情况及工作总结.docx"])


def test_special_fund_material_and_the_resolution_are_both_the_2020_budgets(docs):
    allocation = docs["2019年农村环境整治资金下达.docx"]
    assert "2.2" not in in_window(allocation)
    assert "2.2" in {t["item"] for t in allocation["tags"]}  # kept, as another year's material
    resolution = docs["2019年预算决议.docx"]
    assert "2.2" not in in_window(resolution)
    reasons = [r for t in resolution["tags"] if t["item"] == "2.2" for r in t["reasons"]]
    assert any("要求2020年" in r for r in reasons), reasons


def test_a_budget_indicator_paper_is_known_by_its_document_number(docs):
    assert "2.2" in in_window(docs["融财建指〔2020〕33号 土壤污染防治专项资金.docx"])


def test_a_self_check_on_office_housekeeping_is_not_the_ecological_self_check(docs):
    assert "10.3.6" not in in_window(docs["2020年政务公开工作自查报告.docx"])


def test_the_self_monitoring_regulation_is_not_a_companys_monitoring_report(docs):
    assert "10.3.4" not in in_window(docs["公示-自行监测及信息公开办法.docx"])


def test_a_study_of_the_subject_is_not_a_project_paper(docs):
    assert "6.5" not in in_window(docs["农村环境整治情况调研报告.docx"])


def test_news_of_the_countys_own_works_is_tagged_as_a_secondary_source(docs, home):
    news = docs["和睦镇污水处理站通过竣工验收.docx"]
    assert "4.3" in in_window(news)
    assert news["weak"] and news["weak"].startswith("新闻报道")
    reasons = [r for t in news["tags"] if t["item"] == "4.3" for r in t["reasons"]]
    assert any("不单独计为已提供" in r for r in reasons), reasons
    duty = next(e for e in cli_json(home, "checklist")["items"] if e["id"] == "4.3")
    listed = {f["name"]: f for f in duty["evidence_files"]}
    assert listed["和睦镇污水处理站通过竣工验收.docx"]["use"] == "weak"
    assert [f["use"] for f in duty["evidence_files"]] == ["weak"]  # the news is 4.3's only material here
    assert duty["status"] == "partial"
    assert any("仅有新闻报道等旁证" in r for r in duty["reasons"]), duty["reasons"]


def test_news_of_a_level_above_the_county_or_of_a_meeting_serves_nothing(docs):
    assert in_window(docs["全国乡镇污水处理设施覆盖率提升.docx"]) == set()
    assert in_window(docs["全县乡镇污水处理设施建设推进会召开.docx"]) == set()


def test_the_countys_own_portal_publishing_its_paper_is_not_news(docs):
    doc = docs["2020年农村改厕资金下达.docx"]
    assert doc["meta"] is None and doc["weak"] is None
    assert "2.2" in in_window(doc)


def test_the_forest_resource_maps_yearly_update_gives_the_forest_land(docs):
    assert "9.1" in in_window(docs["森林资源一张图年度更新完成.docx"])


def test_a_years_air_quality_in_the_title_is_quality_monitoring(docs):
    assert "10.5" in in_window(docs["2020年空气质量优良率.docx"])


def test_a_page_in_pinyin_reading_mode_is_tagged_without_the_glosses(docs):
    assert "9.2" in in_window(docs["网页存档（拼音版）001.docx"])


def test_a_bureaus_review_of_its_eco_work_is_its_self_check(docs):
    assert "10.3.6" in in_window(docs["十三五生态环境保护工作回顾.docx"])


def test_ecological_compensation_is_a_fiscal_policy_favouring_protection(docs):
    assert "2.6" in in_window(docs["贝江流域横向生态补偿奖励资金到位.docx"])
