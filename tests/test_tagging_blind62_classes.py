"""Classes found by reading blind62 (issue 19, round sixty-five), after it was measured unread at
round 63 and round 64: the assessment window as papers really show it, and papers third parties
wrote. A field under the heading that states the year the figures are for (「（核算年度：2019年）」)
outranks a file name typed for the year it was filed in; a land table's unit declared once in its
header (「单位：公顷」) holds for every row, however long the table; a firm's own profile listing the
works it did is none of them.
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind62") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核资料" / "1-污水处理率" / "2020年污水处理率核算(定稿).docx", [
        "融水县县城建成区城镇生活污水处理率核算及说明",
        "（核算年度：2019年）",
        "一、县城公共供水总量640.2万立方米，其中生活用水量470.6万立方米，按排放系数0.85计，"
        "生活污水排放总量400.0万立方米。",
        "二、县城污水处理厂全年进水量370.4万立方米，出水经在线监测全年达标。",
        "三、城镇生活污水处理率＝370.4÷400.0×100%＝92.6%。",
        "融水苗族自治县住房和城乡建设局",
        "2020年10月9日",
    ])
    rows = [
        ["县域土地利用信息表", "", ""],
        ["填报单位：融水苗族自治县自然资源局（盖章）", "数据时点：2019年12月31日", "单位：公顷"],
        ["一级类", "二级类/指标", "面积"],
        ["国土面积", "", 466518.0],
        ["耕地", "水田", 21260.33],
        ["耕地", "旱地", 9152.23],
    ]
    classes = ["果园", "茶园", "橡胶园", "其他园地", "乔木林地", "竹林地", "灌木林地", "其他林地", "天然牧草地",
               "人工牧草地", "其他草地", "商业服务业设施用地", "物流仓储用地", "工业用地", "采矿用地", "城镇住宅用地",
               "农村宅基地", "机关团体新闻出版用地", "科教文卫用地", "公用设施用地", "公园与绿地", "特殊用地",
               "铁路用地", "公路用地", "城镇村道路用地", "交通服务场站用地", "农村道路", "管道运输用地",
               "沟渠", "水工建筑用地", "设施农用地", "田坎"]
    rows += [["三调二级地类", f"{name}（按考核技术规定的地类对应关系归并，见填报说明）", 100.0 + i]
             for i, name in enumerate(classes)]
    rows += [
        ["建设用地", "城镇建设用地", 1486.35],
        ["建设用地", "农村居民用地", 6932.18],
        ["建设用地", "其他建设用地", 3707.39],
        ["水域湿地", "河流水面", 4820.55],
        ["水域湿地", "湖库", 1368.24],
        ["水域湿地", "滩涂湿地", 388.46],
        ["水域湿地", "沼泽", 12.3],
        ["未利用地", "裸地", 309.15],
        ["填表人：梁某", "审核：黄某", "填报日期：2020年10月16日"],
    ]
    make_xlsx(share / "自然资源局" / "县域考核2020" / "2019年土地利用信息表（自然资源局）.xlsx", {"Sheet1": rows})
    make_docx(share / "住建局" / "资料收集" / "某设计公司简介及业绩2020.docx", [
        "广西某工程设计咨询有限公司简介",
        "我公司具有市政行业（排水工程）乙级设计资质，近年来完成乡镇污水处理工程设计四十余项，",
        "主要业绩：和睦镇污水处理工程初步设计（2019年）、三防镇污水处理站工程施工图设计（2020年）、",
        "某县乡镇污水处理设施建设工程可行性研究报告（2019年）。",
    ])
    return scanned_documents(home)


def test_a_field_stating_the_figures_year_outranks_a_file_name_typed_for_another(docs):
    doc = docs["2020年污水处理率核算(定稿).docx"]
    assert doc["years"] == [2019]
    assert "4.1" in in_window(doc)


def test_a_long_land_tables_unit_declared_in_its_header_holds_for_every_row(docs):
    tags = in_window(docs["2019年土地利用信息表（自然资源局）.xlsx"])
    assert {"3.1.1", "3.1.2", "3.2"} <= tags


def test_a_firms_profile_listing_the_works_it_did_is_none_of_them(docs):
    assert in_window(docs["某设计公司简介及业绩2020.docx"]) == set()
