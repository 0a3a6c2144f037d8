"""Classes found by reading blind61 (issue 19, round sixty-four), after it was measured unread at
three rule sets: the figures and the money as the bureaus hand them in, and the neighbours' papers in
our shares. A neighbour's approval saved under its bare 文号 is known by the letterhead it was issued
under; a letter asking two bureaus for their figures (「请你们分别于…前提供」) is a request, while one
that hands figures over (「现将…提供给你们」) is the figures; a return whose cells still hold stand-ins
(「xxx」「待土肥站」「（等…变更数）」) is a form not yet filled.
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind61") / "home")
    share = home / "watch_folders"
    approval = [
        "{unit}",
        "{number}",
        "关于洞头镇、大浪镇生活垃圾转运站建设项目立项的批复",
        "县城市管理行政执法局：",
        "你局《关于洞头镇等2个乡镇生活垃圾转运站项目立项的请示》收悉。经研究，同意该项目立项。",
        "一、建设规模：新建压缩式垃圾转运站2座，每座日转运能力15吨。",
        "二、总投资约360万元，由自治区城乡环境卫生专项资金和县本级配套解决。",
        "{unit}",
        "2020年4月8日",
    ]
    folder = share / "发改局" / "2020考核" / "1.3项目立项文件"
    make_docx(folder / "三发改(2020)31号.docx",
              [line.format(unit="三江侗族自治县发展和改革局", number="三发改〔2020〕31号") for line in approval])
    make_docx(folder / "融发改(2020)31号.docx",
              [line.format(unit="融水苗族自治县发展和改革局", number="融发改〔2020〕31号") for line in approval])
    letters = share / "自然资源局" / "2020年县域考核" / "往来函件"
    make_docx(letters / "关于请提供草地林地面积数据的函.docx", [
        "融水苗族自治县自然资源和规划局",
        "关于请提供草地林地面积数据的函",
        "县林业局、县农业农村局：",
        "为做好土地利用信息表填报和六类面积闭合校验，请你们分别于2020年10月9日前提供2019年度"
        "有林地、灌木林地、其他林地和高、中、低覆盖度草地面积及数据来源说明。",
        "融水苗族自治县自然资源和规划局",
        "2020年9月28日",
    ])
    make_docx(letters / "关于提供林地草地底数的函.docx", [
        "融水苗族自治县自然资源和规划局",
        "关于配合提供林地、草地指标数据的函",
        "县林业局、县农业农村局：",
        "为统一考核数据口径，现将2019年度变更调查林地、草地数据提供给你们：林地405232.00公顷，"
        "草地11625.31公顷。请你们据此核对后于10月15日前反馈。",
        "融水苗族自治县自然资源和规划局",
        "2020年10月12日",
    ])
    make_xlsx(share / "农业农村局" / "2020生态考核" / "基本情况表-农业部分.xlsx", {"Sheet1": [
        ["县域基本情况表（农业农村局负责部分）", "", "", ""],
        ["数据年度：2019", "", "", ""],
        ["指标", "单位", "数值", "来源"],
        ["化肥施用量（折纯）", "吨", "待土肥站", ""],
        ["农药施用量", "吨", "xxx", "植保站"],
        ["耕地面积", "公顷", "（等自然资源局变更数）", ""],
        ["播种面积", "公顷", "", "年报"],
        ["填报人：覃某", "", "", ""],
    ]})
    make_xlsx(share / "农业农村局" / "2020生态考核" / "基本情况表-农业部分（已填）.xlsx", {"Sheet1": [
        ["县域基本情况表（农业农村局负责部分）", "", "", ""],
        ["数据年度：2019", "", "", ""],
        ["指标", "单位", "数值", "来源"],
        ["化肥施用量（折纯）", "吨", 12846, "土肥站"],
        ["农药施用量", "吨", 421, "植保站"],
        ["耕地面积", "公顷", 33120.57, "变更调查"],
        ["播种面积", "公顷", 57430, "年报"],
        ["填报人：覃某", "", "", ""],
    ]})
    return scanned_documents(home)


def test_a_neighbours_approval_saved_under_its_bare_number_is_known_by_its_letterhead(docs):
    assert in_window(docs["三发改(2020)31号.docx"]) == set()
    assert "1.3" in in_window(docs["融发改(2020)31号.docx"])


def test_a_letter_asking_two_bureaus_for_their_figures_is_a_request_but_one_handing_them_over_is_not(docs):
    assert in_window(docs["关于请提供草地林地面积数据的函.docx"]) == set()
    assert "3.1.3" in in_window(docs["关于提供林地草地底数的函.docx"])


def test_a_return_whose_cells_still_hold_stand_ins_is_a_form_not_yet_filled(docs):
    assert in_window(docs["基本情况表-农业部分.xlsx"]) == set()
    assert "6.2" in in_window(docs["基本情况表-农业部分（已填）.xlsx"])
