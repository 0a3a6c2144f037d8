"""Tagging classes found by reading the fourth batch of real public documents (realpub4, issue 19,
sixth round): real files dropped into a county home, scanned by the real pipeline, tags read back.

The files are written here in the county's own words; every test states a class (how real texts
are published and filed), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
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


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("round6") / "home")
    drop_files(home / "watch_folders")
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
