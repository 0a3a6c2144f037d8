"""Classes found by reading blind52 (issue 19, round fifty-six), after it was measured once: the housing
bureau's world; five-year reviews and plans. A photo or screenshot of the negative list's publication
supplies the publication, not the list (the list's opening lines show, the list itself is another
file), so the duty stays partial until the list is filed; a note under a table's rows needs no full
stop, so the accounting table ending on one is no paper cut short; a letter asking for figures is not
the figures even without 商请, while one carrying them is; water-supply works and the old estates'
renovation are no eco project of the housing bureau, their rain-sewage separation is. Real files dropped
into a county home, scanned by the real pipeline, tags and the checklist read back.
"""

from __future__ import annotations

import pytest
from conftest import cli_json, in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx

PUBLICATION_PAGE = [
    "融水苗族自治县人民政府门户网站 > 政务公开 > 发展规划",
    "融水苗族自治县重点生态功能区产业准入负面清单公示",
    "发布时间：2019-06-18 10:26   来源：县发展和改革局",
    "现将我县产业准入负面清单（限制类、禁止类）予以公示，接受社会监督。",
    "一、禁止类：（一）农业 ……毁林开垦种植；（二）采矿业 ……在自然保护区内新建矿产开采项目……",
    "二、限制类：（一）林业 ……天然林商品性采伐；（二）制造业 ……人造板制造须满足清洁生产……",
    "公示期：2019年6月18日至2019年7月17日。",
    "附件：融水县产业准入负面清单.xlsx",
]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind52") / "home")
    share = home / "watch_folders"
    make_docx(share / "发改局" / "考核材料2020" / "负面清单" / "IMG_20201012_094513.docx", PUBLICATION_PAGE)
    make_xlsx(share / "住建局" / "2020考核" / "4.1县城污水" / "2019年县城污水处理率核算表.xlsx", {
        "Sheet1": [
            ["融水苗族自治县2019年县城建成区生活污水处理率核算表"],
            ["填报单位：融水苗族自治县住房和城乡建设局（盖章）"],
            ["项目", "单位", "数值"],
            ["生活污水排放总量", "万m3", "545.4"],
            ["污水收集总量（污水厂进水量）", "万m3", "503.6"],
            ["达标排放量", "万m3", "501.8"],
            ["城镇生活污水处理率", "%", "92.01"],
        ],
        "Sheet2": [
            ["2019年县城污水处理厂分月处理量"],
            ["月份", "进水量(万m3)", "达标排放量(万m3)"],
            ["11", "40.3", "40.3"],
            ["12", "41.0", "41.0"],
            ["合计", "503.6", "501.8"],
            ["设计规模2.0万m3/d，出水执行GB18918-2002一级B标准，全年运行365天无停运"],
        ]})
    make_docx(share / "住建局" / "2020考核" / "来文" / "关于提供2019年县城污水处理有关数据的函.docx", [
        "柳州市融水生态环境局",
        "关于提供2019年县城污水处理有关数据的函",
        "县住房和城乡建设局：",
        "为做好2020年度县域生态环境质量考核工作，请你局于2020年10月15日前提供以下材料：",
        "1.2019年县城建成区生活污水排放量、收集量、达标排放量及处理率核算表；",
        "2.处理率计算方法和县城管网建设情况说明；3.相关佐证材料（供水数据、污水处理厂运行台账等）。",
        "柳州市融水生态环境局",
        "2020年10月9日",
    ])
    make_docx(share / "自然资源局" / "2020考核" / "关于提供林地草地变更调查数据的函.docx", [
        "融水县自然资源和规划局",
        "关于提供林地草地变更调查数据的函",
        "县林业局、县农业农村局：",
        "为配合做好县域考核林地、草地指标填报，现将我局2019年度变更调查中相关地类数据提供如下（公顷）：",
        "有林地 351206.44  灌木林地 21883.09  其他林地 13812.60",
        "高覆盖度草地 2104.33  中覆盖度草地 3560.17  低覆盖度草地 550.90",
        "请贵局结合森林资源管理一张图核对后填报。",
        "融水县自然资源和规划局",
        "2020年10月9日",
    ])
    make_docx(share / "住建局" / "2020考核" / "2020年乡镇集中供水工程建设情况.docx", [
        "2020年乡镇集中供水工程建设情况",
        "今年我局负责的乡镇供水提标工程共4项：和睦镇水厂扩建工程已通水；三防镇供水管网改造已完工；",
        "大年乡集镇供水工程新建清水池1座、管网3.4公里，已通过验收。",
        "县住建局公用事业股  2020.9",
    ])
    make_docx(share / "住建局" / "2020考核" / "融水县2020年城镇老旧小区改造实施方案.docx", [
        "融水县2020年城镇老旧小区改造实施方案",
        "改造县城老旧小区12个：屋面防水、外墙修缮、更换破损给排水管道、消防设施完善；12月验收。",
        "融水县住房和城乡建设局",
        "2020年5月20日",
    ])
    make_docx(share / "住建局" / "项目" / "关于县城老旧小区雨污分流改造工程初步设计的批复.docx", [
        "融发改〔2020〕41号",
        "关于县城老旧小区雨污分流改造工程初步设计的批复",
        "县住房和城乡建设局：你局报来县城老旧小区雨污分流改造工程初步设计文件收悉。经审查，同意该工程初步设计，"
        "改造雨水管网5.6公里、污水管网4.9公里。",
        "融水苗族自治县发展和改革局",
        "2020年5月8日",
    ])
    return home


@pytest.fixture(scope="module")
def docs(home) -> dict[str, dict]:
    return scanned_documents(home)


def test_a_photo_of_the_publication_is_the_publication_not_the_list(docs, home):
    page = next(t for t in docs["IMG_20201012_094513.docx"]["tags"] if t["item"] == "1.1")
    assert page["deliverables"] == ["1.1/公示"]
    entry = next(i for i in cli_json(home, "checklist")["items"] if i["id"] == "1.1")
    assert entry["status"] == "partial"


def test_a_note_under_a_tables_rows_is_no_paper_cut_short(docs):
    assert "4.1" in in_window(docs["2019年县城污水处理率核算表.xlsx"])


def test_a_letter_asking_for_the_figures_is_not_the_figures(docs):
    tags = in_window(docs["关于提供2019年县城污水处理有关数据的函.docx"])
    assert not {"4.1", "10.3.3"} & tags


def test_a_letter_carrying_the_figures_still_is(docs):
    assert "3.1.3" in in_window(docs["关于提供林地草地变更调查数据的函.docx"])


def test_water_supply_works_and_the_old_estates_renovation_are_no_eco_project(docs):
    assert "4.4" not in in_window(docs["2020年乡镇集中供水工程建设情况.docx"])
    assert "4.4" not in in_window(docs["融水县2020年城镇老旧小区改造实施方案.docx"])


def test_the_old_estates_rain_sewage_separation_is(docs):
    assert "4.4" in in_window(docs["关于县城老旧小区雨污分流改造工程初步设计的批复.docx"])
