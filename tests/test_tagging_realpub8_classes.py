"""Tagging classes found by reading the eighth and ninth batches of real public documents (realpub8,
near misses, and realpub9; issue 19, rounds nine and ten): real files dropped into a county home,
scanned by the real pipeline, tags read back.

The files are written here in the county's own words; every test states a class (how real texts
are published and filed), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx

UNDATED_ACCEPTANCE = [
    "和睦镇污水处理站通过竣工验收",
    "近日，县住建局组织设计、施工、监理单位对和睦镇污水处理站及配套管网工程进行竣工验收。验收组查看了现场，"
    "查阅了工程资料，认为工程已按设计完成，同意通过验收。该站设计处理规模500吨/日，配套管网6.2公里。",
]


def drop_files(share: Path) -> None:
    # -- a report dated only by when it ran (「近日，」) and printing no year --------------------
    make_docx(share / "住建局" / "乡镇污水" / "和睦镇污水站验收.docx", UNDATED_ACCEPTANCE)
    # ... the same report once it states its year
    make_docx(share / "住建局" / "乡镇污水" / "和睦镇污水站验收（2020）.docx", [
        UNDATED_ACCEPTANCE[0],
        UNDATED_ACCEPTANCE[1].replace("近日，", "2020年11月，"),
    ])
    # ... a reporter's story with no year, whatever its opening
    make_docx(share / "住建局" / "乡镇污水" / "三防镇污水处理站建设.docx", [
        "三防镇污水处理站建设加紧推进",
        "本报讯（记者 覃强）在三防镇污水处理站建设工地上，工人们正在安装污水处理设备并铺设管网。"
        "该站设计处理规模300吨/日，建成后将收集处理镇区生活污水。",
        "责任编辑：李华",
    ])

    # -- a county overview states its divisions as counts and its area as 总面积 -----------------
    make_docx(share / "统计局" / "基本情况" / "融水县概况2019.docx", [
        "融水苗族自治县概况（2019年）",
        "融水苗族自治县现辖融水、和睦、三防等7个镇、13个乡，总面积4663.5平方公里。",
        "2019年末全县户籍人口52.6万人，常住人口42.1万人，其中城镇人口14.3万人。",
    ])
    # -- a finance bureau's account of backing rural sanitation is its fiscal policy ----------------
    make_docx(share / "财政局" / "财税政策" / "县财政局支持农村人居环境整治.docx", [
        "县财政局多措并举支持农村人居环境整治",
        "2020年，县财政局把农村人居环境整治作为预算安排的重点，出台改厕奖补政策，整合涉农资金2860万元，"
        "对完成无害化卫生厕所改造的农户每户补助1000元，支持乡镇垃圾收运和污水处理设施建设。",
    ])
    # -- a national designation the county's site holds is the county's own story ------------------
    make_docx(share / "林业局" / "湿地" / "贝江国家湿地公园建设有序推进.docx", [
        "贝江国家湿地公园建设有序推进",
        "本报讯（记者 覃强）2020年，贝江国家湿地公园完成湿地恢复120公顷、科普宣教中心建设，湿地保护率稳步提升。",
        "责任编辑：李华",
    ])
    # -- a fund's performance self-evaluation is not the bureau's self-check ------------------------
    make_docx(share / "水利局" / "资金" / "水土保持补偿费绩效评价自评报告.docx", [
        "融水县2020年度水土保持补偿费使用绩效评价自评报告",
        "对照绩效评价办法，现对2020年水土保持补偿费使用情况进行绩效评价：全年收取补偿费86万元，"
        "用于坡耕地治理和小流域综合治理，资金使用合规，绩效目标全部完成。",
        "融水苗族自治县水利局", "2021年1月20日",
    ])

    # -- a published penalty on a source over its discharge limits is supervision made public -------
    make_docx(share / "生态环境局" / "执法" / "融环罚字〔2019〕12号 行政处罚决定书.docx", [
        "柳州市融水生态环境局行政处罚决定书",
        "融环罚字〔2019〕12号",
        "融水县某造纸有限公司：",
        "我局于2019年6月12日对你公司进行现场检查，经监测，你公司废水总排口化学需氧量浓度为186mg/L，"
        "超过《制浆造纸工业水污染物排放标准》规定的排放限值。依据《中华人民共和国水污染防治法》第八十三条，"
        "决定对你公司处以罚款人民币二十万元。",
        "柳州市融水生态环境局", "2019年7月3日",
    ])
    # -- a township's plant named after its site (「和睦镇石门污水处理厂」) is a township facility -------
    make_docx(share / "住建局" / "乡镇污水" / "和睦镇石门污水处理厂环评公示.docx", [
        "和睦镇石门污水处理厂工程环境影响评价公示",
        "和睦镇石门污水处理厂工程建设规模1000立方米/日，配套污水管网8.5公里，总投资1260万元，"
        "建设单位为和睦镇人民政府。现对项目环境影响报告表进行公示，公示期2020年4月29日至5月13日。",
    ])
    # ... but a ledger row's township cell next to another cell's facility is not one
    make_docx(share / "生态环境局" / "台账" / "农村环境整治项目台账.docx", [
        "融水县农村环境综合整治项目工作台账（2019—2020年度）",
        "序号|项目名称|乡镇|整治村数|主要建设内容|中央资金(万元)",
        "1|贝江上游农村环境综合整治|三防镇|5|污水处理设施4座、垃圾收集点26个|380",
        "2|大浪镇农村环境综合整治|大浪镇|4|一体化污水设备4套、垃圾转运车2辆|310",
    ])

    # -- a quality bulletin is called 公告 or 通报 as often as 公报 ------------------------------------
    make_docx(share / "生态环境局" / "环境质量" / "县城2020年第一季度环境质量公告.docx", [
        "融水县城2020年第一季度环境质量公告",
        "一、水环境质量：融江和睦断面1—3月水质类别均为Ⅱ类，县城集中式饮用水水源地水质达标率100%。",
        "二、环境空气质量（1—3月）：PM10平均浓度41微克/立方米，PM2.5平均浓度28微克/立方米，优良率97.8%。",
    ])
    # -- a self-check on one field of pollution control is the bureau's ecological self-check -------
    make_docx(share / "生态环境局" / "自查报告" / "2020年度土壤污染防治工作自查报告.docx", [
        "2020年度土壤污染防治工作自查报告",
        "2020年，我县深入推进土壤污染防治，受污染耕地安全利用率达到92%，污染地块安全利用率100%，"
        "完成重点行业企业用地调查，现将自查情况报告如下。",
        "柳州市融水生态环境局", "2020年12月10日",
    ])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("realpub8") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def _reasons(doc: dict, item: str) -> list[str]:
    return [r for t in doc["tags"] if t["item"] == item for r in t["reasons"]]


def test_a_news_report_that_prints_no_year_cannot_show_it_is_in_the_assessed_years(docs):
    undated = docs["和睦镇污水站验收.docx"]
    assert undated["years"] == []
    assert "4.3" not in in_window(undated)
    assert any(r.startswith("年份不明：新闻报道未写明年份") for r in _reasons(undated, "4.3")), undated["tags"]


def test_the_same_report_stating_its_year_is_in_the_assessed_years(docs):
    assert "4.3" in in_window(docs["和睦镇污水站验收（2020）.docx"])


def test_a_reporters_story_without_a_year_is_kept_out_of_the_assessed_years(docs):
    story = docs["三防镇污水处理站建设.docx"]
    assert story["weak"]
    assert "4.3" not in in_window(story)
    assert any(r.startswith("年份不明") for r in _reasons(story, "4.3")), story["tags"]


def test_a_county_overview_gives_the_land_area_and_the_divisions(docs):
    assert "7.2.1" in in_window(docs["融水县概况2019.docx"])


def test_a_finance_bureaus_account_of_backing_rural_sanitation_is_its_fiscal_policy(docs):
    assert "2.6" in in_window(docs["县财政局支持农村人居环境整治.docx"])


def test_news_of_a_national_designation_the_county_holds_is_the_countys_own_news(docs):
    news = docs["贝江国家湿地公园建设有序推进.docx"]
    assert news["weak"] and news["weak"].startswith("新闻报道："), news["weak"]


def test_a_funds_performance_self_evaluation_is_not_a_self_check_report(docs):
    doc = docs["水土保持补偿费绩效评价自评报告.docx"]
    assert doc["doc_type"] != "自查报告"
    assert "5.3" not in in_window(doc)


def test_a_published_penalty_on_a_source_over_its_limits_is_supervision_material(docs):
    assert "10.3.2" in in_window(docs["融环罚字〔2019〕12号 行政处罚决定书.docx"])


def test_a_township_plant_named_after_its_site_is_a_township_facility(docs):
    assert "4.3" in in_window(docs["和睦镇石门污水处理厂环评公示.docx"])
    assert "4.3" not in in_window(docs["农村环境整治项目台账.docx"])


def test_a_quality_bulletin_called_an_announcement_is_quality_monitoring(docs):
    assert "10.5" in in_window(docs["县城2020年第一季度环境质量公告.docx"])


def test_a_self_check_on_one_field_of_pollution_control_is_the_bureaus_self_check(docs):
    assert "10.3.6" in in_window(docs["2020年度土壤污染防治工作自查报告.docx"])
