"""One behaviour per test for the tagger's building blocks."""

from __future__ import annotations


import pytest

from archive.catalog import load_catalog
from indexer.tagging import TagInput, parse_date, parse_doc_number, project_name, tag_document
from indexer.tagging.docnumber import own_doc_number
from indexer.tagging.years import document_years, years_in


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def ids(result) -> set[str]:
    return {t.item_id for t in result.items if t.in_window}


@pytest.mark.parametrize("text, iso", [
    ("二〇一九年十月十二日", "2019-10-12"),
    ("二零二零年一月三十日", "2020-01-30"),
    ("2019年10月12日", "2019-10-12"),
    ("2019-10-12", "2019-10-12"),
    ("二〇二〇年十二月一日", "2020-12-01"),
])
def test_date_parsing_arabic_and_chinese_numerals(text, iso):
    assert parse_date(text) == iso


def test_years_from_chinese_numerals_ranges_and_fiscal_year():
    assert years_in("二零一九年度") == [2019]
    assert years_in("2019年至2020年") == [2019, 2020]
    assert years_in("2019—2020年") == [2019, 2020]
    assert years_in("GB 3838-2002 标准") == []


def test_a_zero_read_as_the_letter_o_by_ocr_is_still_a_year():
    assert years_in("2019年预算执行情况和2O20年预算的决议") == [2019, 2020]
    assert years_in("201O年度") == [2010]


def test_citation_years_are_not_what_document_is_about():
    pages = ["根据《城镇污水处理厂污染物排放标准（2014）》（桂环发〔2017〕20号）要求，编制本报告。\n县住建局\n2020年10月8日"]
    assert document_years("县城污水处理厂运行情况", pages) == [2020]


@pytest.mark.parametrize("text, expected", [
    ("融发改〔2019〕35号", "融发改〔2019〕35号"),
    ("融发改[2019]35号", "融发改〔2019〕35号"),
    ("融政办发（2020）67号", "融政办发〔2020〕67号"),
    ("桂财预【2020】第8号", "桂财预〔2020〕8号"),
])
def test_doc_number_normalised(text, expected):
    assert str(parse_doc_number(text)) == expected


def test_own_doc_number_ignores_body_citations():
    pages = ["县生态环境局：\n按照融政办发〔2020〕67号文件要求，现将自查情况报告如下。"]
    assert own_doc_number("自查报告", pages) is None
    assert str(own_doc_number("批复", ["融发改〔2020〕12号\n县住建局："])) == "融发改〔2020〕12号"


@pytest.mark.parametrize("title, name", [
    ("关于融水县大浪镇农村环境综合整治项目立项的批复", "融水县大浪镇农村环境综合整治项目"),
    ("关于县城老旧小区雨污分流改造工程初步设计的批复", "县城老旧小区雨污分流改造工程"),
    ("和睦镇污水处理厂及配套管网工程竣工验收报告", "和睦镇污水处理厂及配套管网工程"),
    ("县发改局关于同意怀宝镇生活污水处理工程立项的复函", "怀宝镇生活污水处理工程"),
])
def test_project_name_extraction(title, name):
    assert project_name(title) == name


def test_project_set_on_project_chain_document(catalog):
    r = tag_document(TagInput("关于元宝山自然保护区基础设施建设项目可行性研究报告的批复", ["林业局/a.pdf"],
                              ["经研究，同意该项目建设，主要建设巡护道路12公里。\n融水苗族自治县发展和改革局\n2020年4月22日"]), catalog)
    assert r.doc_type == "可研文件"
    assert r.project == "元宝山自然保护区基础设施建设项目"
    assert r.issue_date == "2020-04-22"


@pytest.mark.parametrize("title, path, text", [
    ("关于召开县域生态环境质量考核工作推进会的通知", "生态环境局/a.docx",
     "定于2020年10月10日召开考核工作推进会，请准备转移支付资金使用情况、负面清单执行情况等材料。"),
    ("关于举办环境监测人员培训的通知", "生态环境局/b.docx", "培训内容：地表水采样、在线监测设备运维、自行监测报告编制。"),
    ("关于融水县第二中学食堂改造工程竣工验收的报告", "住建局/c.pdf", "食堂屋面防水、厨房排烟改造，工程质量合格，同意验收。"),
    ("关于进一步加强道路交通安全管理工作的通知", "城管局/d.docx", "严厉整治酒驾醉驾，加强学校周边交通秩序整治。"),
])
def test_negative_documents_get_no_items(catalog, title, path, text):
    assert tag_document(TagInput(title, [path], [text]), catalog).items == []


def test_folder_bonus_alone_is_not_enough(catalog):
    r = tag_document(TagInput("会议室使用登记", ["林业局/2020/登记.docx"], ["2020年10月会议室使用登记表"]), catalog)
    assert r.items == []


def test_folder_adds_reason_when_content_matches(catalog):
    pages = ["地类 | 面积\n有林地 | 352130\n灌木林地 | 19640\n其他林地 | 8820"]
    r = tag_document(TagInput("2019年林地面积", ["林业局/a.xlsx"], pages), catalog)
    tag = next(t for t in r.items if t.item_id == "9.1")
    assert "来自「林业局」文件夹" in tag.reasons


def test_cross_department_content_tagging(catalog):
    pages = ["2020年重点生态功能区转移支付资金使用情况报告\n资金全部纳入一般公共预算管理，"
             "未用于楼堂馆所和形象工程。已支出9860万元。\n融水苗族自治县财政局\n2020年10月22日"]
    r = tag_document(TagInput("2020年重点生态功能区转移支付资金使用情况报告", ["生态环境局/财政材料/a.docx"], pages), catalog)
    assert {"2.3", "2.1"} <= ids(r)


def test_parts_of_10_3_tagged_individually(catalog):
    incident = tag_document(TagInput("关于2020年度未发生突发环境事件的情况说明", ["生态环境局/a.docx"],
                                     ["经核查，2020年我县未发生突发环境事件。\n特此说明。"]), catalog)
    plant = tag_document(TagInput("县城污水处理厂出水口在线监控数据月报（2020年8月）", ["生态环境局/b.xlsx"],
                                  ["融水县城污水处理厂 在线监控 COD 氨氮 数据有效率99.2%，运行正常"]), catalog)
    assert ids(incident) == {"10.3.5"}
    assert ids(plant) == {"10.3.3"}


def test_identical_duty_goes_to_owning_department(catalog):
    pages = ["一、森林资源保护。二、生态环境保护工作开展情况。\n融水苗族自治县林业局\n2020年10月20日"]
    r = tag_document(TagInput("融水县林业局2020年度生态环境保护工作自查报告", ["林业局/a.docx"], pages), catalog)
    assert ids(r) == {"9.3"}


def test_wrong_year_document_not_tagged_for_year_specific_duty(catalog):
    pages = ["2019年度县城建成区生活垃圾清运量34620吨，无害化处理量34620吨，无害化处理率100%"]
    r = tag_document(TagInput("2019年度县城生活垃圾无害化处理率核算", ["城管局/a.xlsx"], pages), catalog)
    assert "8.1" not in ids(r)


def test_empty_document_is_untagged(catalog):
    r = tag_document(TagInput("扫描件001", ["待整理/扫描件001.pdf"], []), catalog)
    assert r.items == [] and r.years == [] and r.doc_type is None


def test_wrong_year_evidence_is_tagged_out_of_window_with_the_reason(catalog):
    title = "融水县2016年土地利用变更调查统计表"
    pages = ["2016年土地利用现状变更调查：耕地、园地、林地、草地、水域、城镇村及工矿用地（公顷）"]
    r = tag_document(TagInput(title, ["自然资源局/2016/表.xlsx"], pages), catalog)
    tag = next(t for t in r.items if t.item_id == "3.2")
    assert tag.in_window is False and "3.2" not in ids(r)
    assert any("年份不符" in reason and "2016" in reason for reason in tag.reasons)


@pytest.mark.parametrize("number_line", ["融发改审批〔2019〕42号", "融发改审批［2019］42号", "融发改审批〔2019〕4 2号"])
def test_an_approvals_own_number_names_its_issuer_however_the_scan_wrote_it(catalog, number_line):
    """The 文号 that names an issuer is read by the same pattern as every other 文号: the square
    brackets and the spaced serial OCR writes are the same number."""
    result = tag_document(TagInput("扫描件012", ["住建局/2020考核/扫描件012.pdf"], [
        f"{number_line}\n关于和睦镇生活污水处理厂提标改造工程可行性研究报告的批复\n县住房和城乡建设局：\n"
        "经研究，原则同意该工程可行性研究报告，项目总投资1860万元，2020年6月开工建设。\n2019年11月5日"]), catalog)
    issued = {t.item_id for t in result.items if t.in_window and "发文单位为发改局" in t.reasons}
    assert issued == {"1.3"}
