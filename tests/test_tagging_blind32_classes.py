"""Classes found by reading blind32 (issue 19, round thirty-six), after it was measured once: the county
decides in meetings, so minutes that adopt the plan, approve the county report or budget the
assessment's money are that act's record, while minutes that only discuss or urge, and a meeting's
agenda, record none; a draft named inside the minutes (「《…实施方案》（送审稿）」) does not make the minutes
a draft; a sheet named for its year (「HS_WS_2019」) gives the year when the file name is a code. Real
files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx

from archive.catalog import load_catalog
from indexer.tagging import TagInput, tag_document

MINUTES_HEAD = ["融水苗族自治县人民政府", "常 务 会 议 纪 要"]


@pytest.fixture(scope="module")
def round36_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind32") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "2020县域考核" / "01组织部署" / "县政府第18次常务会议纪要.docx", [
        *MINUTES_HEAD, "〔2020〕18号",
        "一、关于《融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案》（送审稿）",
        "会议听取了融水生态环境局关于实施方案起草情况的汇报。会议原则通过该实施方案，请县政府办公室修改后印发。",
        "融水苗族自治县人民政府办公室 2020年9月24日印发",
    ])
    make_docx(share / "生态环境局" / "县域考核2020" / "自查报告" / "县政府第22次常务会议纪要.docx", [
        *MINUTES_HEAD, "〔2020〕22号", "一、关于审定《融水苗族自治县2020年度国家重点生态功能区县域生态环境质量考核自查报告》",
        "会议经审议，同意该自查报告，由融水生态环境局修改完善后报县政府盖章，于10月30日前报送自治区生态环境厅。",
        "融水苗族自治县人民政府办公室 2020年10月29日印发",
    ])
    make_docx(share / "财政局" / "2020考核材料" / "2.5考核经费" / "县政府第20次常务会议纪要(考核经费).docx", [
        *MINUTES_HEAD, "〔2020〕20号", "一、关于县域生态环境质量考核及环境监测经费问题",
        "会议研究了县域考核材料准备和经费保障工作，同意将县域生态环境质量考核工作经费12万元和环境监测经费30万元列入2020年县本级预算调整方案。",
        "融水苗族自治县人民政府办公室 2020年10月13日印发",
    ])
    make_docx(share / "农业农村局" / "2020县域考核" / "6.4美丽乡村" / "人居环境整治领导小组会议纪要(2020第3次).docx", [
        "县农村人居环境整治工作领导小组会议纪要", "会议通报了市暗访发现的问题，部署秋冬季村庄清洁行动。",
        "会议要求各乡镇对照问题清单逐项整改，县农业农村局牵头开展督查。", "2020年10月9日",
    ])
    make_docx(share / "考核办" / "2020县域考核" / "02材料收集" / "领导小组第二次会议议程.docx", [
        "县域生态环境质量考核工作领导小组第二次会议议程", "一、领导小组办公室通报材料报送进度", "二、各成员单位汇报",
        "三、领导小组组长讲话", "2020年10月20日",
    ])
    make_docx(share / "考核办" / "2020县域考核" / "02材料收集" / "督办通知单(融政督〔2020〕47号).docx", [
        "融水苗族自治县人民政府督查室", "督 办 通 知 单", "督办事项：县域生态环境质量考核佐证材料报送",
        "督办内容：截至10月19日，领导小组办公室仍未收到以下材料：1.县财政局：2020年生态转移支付资金使用情况报表及报告；"
        "2.县城管局：2020年县城生活垃圾清运量、无害化处理量及证明材料。", "办理要求：请于10月23日前报送。",
    ])
    return scanned_documents(home)


def test_minutes_that_decide_a_duties_act_are_its_record(round36_docs):
    plan = round36_docs["县政府第18次常务会议纪要.docx"]
    assert "10.1" in in_window(plan) and not plan["draft"]
    assert "10.2" in in_window(round36_docs["县政府第22次常务会议纪要.docx"])
    assert "2.5" in in_window(round36_docs["县政府第20次常务会议纪要(考核经费).docx"])


def test_minutes_that_only_urge_and_an_agenda_record_nothing(round36_docs):
    assert in_window(round36_docs["人居环境整治领导小组会议纪要(2020第3次).docx"]) == set()
    assert in_window(round36_docs["领导小组第二次会议议程.docx"]) == set()
    assert in_window(round36_docs["督办通知单(融政督〔2020〕47号).docx"]) == set()


def test_a_sheet_named_for_its_year_gives_the_year_when_the_file_name_is_a_code():
    pages = ["Sheet1 [HS_WS_2019]\nZBMC\tJLDW\tSZ_2019\n生活污水排放总量\t万m3\t738.6\n城镇生活污水处理率\t%\t88.32\n"
             "填报日期 2020-10-12"]
    result = tag_document(TagInput("4-1_hesuan_v3_final", ["住建局/shengtai_kaohe_2020/4-1/x.xlsx"], pages),
                          load_catalog(None))
    assert result.years == [2019]
