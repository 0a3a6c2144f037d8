"""Classes found by reading blind60 (issue 19, round sixty-three), after it was measured once unread:
e-government traffic, and a tired clerk at the deadline. A table's title line that carries its unit
(「…土地利用信息表      单位：公顷」) is still its heading, so its year is read there, not in a file name
that lies; the lead office's chasing letter that lists what is still missing (「尚有以下材料未上传」) is
not the material; a bureau's own summary of the natural indicators is not the lead office's compiling.
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind60") / "home")
    share = home / "watch_folders"
    make_docx(share / "自然资源局" / "考核2020" / "复制" / "2019土地利用信息表.docx", [
        "融水县2018年度土地利用信息表      单位：公顷",
        "（数据来源：2018年度土地变更调查）",
        "耕地  24402.6",
        "林地  393276.0",
        "草地  6118.3",
        "合计  466367.0",
        "报送日期：2019年9月",
    ])
    make_docx(share / "城管局" / "生态考核2020" / "考核办催报函-请城管局10月22日前补报材料.docx", [
        "县考核领导小组办公室",
        "关于催报县域生态环境质量考核佐证材料的函",
        "县城市管理行政执法局：",
        "截至10月19日，你局在考核资料收集系统中尚有以下材料未上传：",
        "1.2020年县城生活垃圾清运量、无害化处理量及处理率（缺称重台账）；",
        "2.乡镇生活垃圾收集项目立项文件及完成材料；",
        "请于10月22日前补齐。",
    ])
    make_xlsx(share / "自然资源局" / "县域考核" / "自然生态指标汇总表(与林业农业衔接后).xlsx", {"Sheet1": [
        ["自然生态指标填报汇总表（2019年）", "", "", "单位：公顷"],
        ["类别", "指标", "数值", "填报/配合"],
        ["国土", "国土面积", 466360.0, "自然资源局"],
        ["建设用地", "城镇建设用地", 1482.0, "自然资源局"],
        ["建设用地", "农村居民点用地", 6915.2, "自然资源局"],
        ["水域湿地", "河流水面", 5120.4, "自然资源局"],
        ["林地", "林地（配合林业局）", 393418.6, "自然资源局提供底数"],
        ["草地", "草地（配合农业农村局）", 6102.7, "自然资源局提供底数"],
    ]})
    return scanned_documents(home)


def test_a_tables_title_line_with_its_unit_is_its_heading_and_gives_its_year(docs):
    doc = docs["2019土地利用信息表.docx"]
    assert doc["years"] == [2018]
    assert "3.2" not in in_window(doc)


def test_a_chasing_letter_listing_what_is_missing_is_not_the_material(docs):
    assert in_window(docs["考核办催报函-请城管局10月22日前补报材料.docx"]) == set()


def test_a_bureaus_own_summary_of_the_natural_indicators_is_not_the_lead_offices_compiling(docs):
    tags = in_window(docs["自然生态指标汇总表(与林业农业衔接后).xlsx"])
    assert "10.2" not in tags and "3.1.1" in tags
