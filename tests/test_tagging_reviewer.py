"""Tagging reasons as a reviewer does: what kind of document it is, whose, about which years, and
whether it is final — not only which phrases it contains (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from archive.catalog import load_catalog
from indexer.tagging import TagInput, tag_document

PLAN = REPO.parent / "shared" / "plan" / "rongshui-2020-assessment-plan.txt"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def tags(catalog, title: str, path: str, *pages: str) -> dict[str, bool]:
    """Duty id -> in window."""
    return {t.item_id: t.in_window for t in tag_document(TagInput(title, [path], list(pages)), catalog).items}


def result(catalog, title: str, path: str, *pages: str):
    return tag_document(TagInput(title, [path], list(pages)), catalog)


# -- the plan and other documents about the assessment itself ------------------------------------

def test_the_plan_is_evidence_only_for_the_duty_that_asks_for_it(catalog):
    if not PLAN.exists():
        pytest.skip(f"the county's plan is not beside the checkout ({PLAN})")
    text = PLAN.read_text(encoding="utf-8")
    for folder in ("生态环境局", "水利局", "财政局"):
        assert tags(catalog, "新建文档(3)", f"{folder}/考核/新建文档(3).docx", text) == {"10.1": True}


def test_a_notice_forwarding_the_plan_counts_as_the_plan(catalog):
    notice = ("县水利局关于转发《融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案》的通知\n"
              "各股室：现将融政办发〔2020〕67号文件转发给你们，请按职责分工做好水土流失面积、水土流失治理面积填报及"
              "项目立项、可研、验收资料收集，编写部门自查报告。\n融水苗族自治县水利局\n2020年10月8日")
    assert tags(catalog, "转发考核方案", "水利局/收文/转发考核方案.docx", notice) == {"10.1": True}


def test_a_catalogue_of_materials_to_submit_evidences_nothing(catalog):
    listing = ("各成员单位：现将2020年度县域生态环境质量考核需报送的材料清单印发给你们：县财政局报送人大预算决议、转移支付资金"
               "使用情况报表和报告；县住建局报送2019年县城生活污水处理率核算；县城管局报送生活垃圾无害化处理率。\n"
               "柳州市融水生态环境局\n2020年10月9日")
    assert tags(catalog, "关于报送县域考核材料的通知", "生态环境局/考核/材料报送通知.docx", listing) == {}


def test_a_self_check_report_that_cites_the_plan_is_not_a_copy_of_it(catalog):
    report = ("融水县水利局2020年度生态环境保护工作自查报告\n根据《融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、"
              "评价与考核工作实施方案》（融政办发〔2020〕67号）要求，我局对2020年度生态环境保护工作进行了自查。全年完成水土流失"
              "治理面积18.6平方公里，实施小流域综合治理项目2个。\n融水苗族自治县水利局\n2020年10月20日")
    assert tags(catalog, "水利局自查报告", "水利局/考核/自查报告.docx", report) == {"5.3": True}


# -- ownership -------------------------------------------------------------------------------------

def test_an_approval_addressed_to_another_department_is_that_departments_project_evidence(catalog):
    approval = ("融发改〔2019〕58号\n县水利局：\n你局报来《大年乡小流域综合治理工程初步设计报告》收悉。经研究，同意实施大年乡"
                "小流域综合治理工程，治理水土流失面积12.6平方公里，工程概算总投资640万元。\n融水苗族自治县发展和改革局\n"
                "2019年6月18日")
    found = result(catalog, "关于大年乡小流域综合治理工程初步设计的批复", "发改局/批复/大年乡小流域.pdf", approval)
    tag = next(t for t in found.items if t.item_id == "5.2")
    assert tag.in_window and "项目建设（主送）单位为水利局" in tag.reasons


def test_beautiful_village_material_goes_to_the_owning_departments_rural_duty(catalog):
    acceptance = ("安太乡元宝村乡村风貌提升工程验收报告\n项目建设单位：融水苗族自治县农业农村局\n工程实施了村屯绿化、立面改造和"
                  "垃圾收集设施建设，完成投资360万元。2020年9月经验收组验收，工程质量合格。")
    assert tags(catalog, "元宝村风貌提升验收", "农业农村局/美丽乡村/元宝村.docx", acceptance) == {"6.4": True}
    assert tags(catalog, "元宝村风貌提升验收", "住建局/美丽乡村/元宝村.docx", acceptance) == {"4.2": True}


# -- years -----------------------------------------------------------------------------------------

def test_an_earlier_approval_counts_for_a_recent_years_duty_when_the_text_says_it_was_built_in_the_window(catalog):
    approval = ("融自然资〔2018〕77号\n关于汪洞乡高标准农田土地整治项目立项的批复\n汪洞乡人民政府：\n经研究，同意汪洞乡高标准"
                "农田土地整治项目立项，建设规模386公顷，总投资1520万元。项目竣工验收于2020年完成。\n"
                "融水苗族自治县自然资源和规划局\n2018年11月2日")
    assert tags(catalog, "汪洞乡土地整治项目立项批复", "自然资源局/项目/汪洞.pdf", approval) == {"3.3": True}


def test_an_earlier_approval_without_work_in_the_window_stays_out_of_it(catalog):
    approval = ("融自然资〔2017〕21号\n关于同和乡土地整治项目立项的批复\n同和乡人民政府：\n经研究，同意同和乡土地整治项目立项，"
                "建设规模120公顷，总投资480万元。\n融水苗族自治县自然资源和规划局\n2017年5月2日")
    assert tags(catalog, "同和乡土地整治立项", "自然资源局/项目/同和.pdf", approval) == {"3.3": False}


# -- finality ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, first_line", [
    ("融水县城管局2020年度生态环境保护工作自查报告（征求意见稿）", "自查报告"),
    ("城管局自查报告", "（送审稿）"),
    ("城管局自查报告", "【初稿】"),
])
def test_draft_markers_in_the_title_or_standing_alone_on_the_page_make_a_draft(catalog, title, first_line):
    text = f"{first_line}\n今年以来，我局认真履行生态环境保护职责。\n融水苗族自治县城市管理行政执法局\n2020年10月15日"
    assert result(catalog, title, "城管局/考核/x.docx", text).draft


def test_a_disclaimer_that_the_county_government_has_not_approved_it_makes_a_draft(catalog):
    text = "融水县2020年度县域生态环境质量考核自查报告\n一、基本情况……\n本稿未经县人民政府审定，请勿外传"
    assert "未经" in result(catalog, "县域自查报告", "生态环境局/考核/县域自查报告.docx", text).draft


def test_a_sentence_that_mentions_a_draft_of_something_else_is_final(catalog):
    text = ("关于县域考核工作进展情况的报告\n经汇总审核，已编写完成全县县域生态环境质量考核自查报告初稿，现将有关情况报告如下。\n"
            "柳州市融水生态环境局\n2020年10月18日")
    assert result(catalog, "进展情况报告", "生态环境局/考核/进展.docx", text).draft is None


# -- deliverables --------------------------------------------------------------------------------------

def test_a_tag_names_the_deliverables_of_its_duty_that_the_document_supplies(catalog):
    resolution = ("融水苗族自治县第十六届人民代表大会第五次会议关于2019年县级预算执行情况和2020年县级预算的决议\n"
                  "会议批准2020年县级预算。")
    found = result(catalog, "2020年预算决议", "财政局/人大/预算决议.pdf", resolution)
    tag = next(t for t in found.items if t.item_id == "2.2")
    assert tag.deliverables == ("2.2/决议",)
