"""Classes found by reading blind44 (issue 19, round forty-eight), after it was measured once: copies,
versions and pieces of one paper; figures first. The treatment rate's own explanation of how it was
computed and of the network built is 4.1's, not a project paper; the lead office's table gathering
every bureau's indicator figures is its compiling (10.2); the city's ranking of the counties' air
quality is its own bulletin; the waterworks' outlet water on its screen is no environmental
monitoring; the fire-prevention platform's burnt forest is not the forest land; a bound file's cover
and contents split off as its own PDF is a catalogue. Real files dropped into a county home, scanned
by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf, make_xlsx


@pytest.fixture(scope="module")
def round48_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind44") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核" / "4.1污水处理率" / "附件2 处理率计算方法及管网建设情况说明.docx", [
        "关于2019年县城生活污水处理率计算方法及管网建设情况的说明",
        "一、计算方法：生活污水排放量按售水量乘折污系数0.85计，处理率=处理量÷排放量。",
        "二、管网建设：2019年新建截污干管2.1公里、雨污分流支管3.4公里，工程已完工，新增服务人口约0.5万人。",
        "融水苗族自治县住房和城乡建设局 2020年9月",
    ])
    make_xlsx(share / "考核办" / "汇总" / "县域考核指标一览表（各部门报送汇总）v2.xlsx", {"一览表": [
        ["县域考核指标一览表（各部门报送汇总）"],
        ["指标", "2019年", "填报部门"],
        ["有林地（公顷）", 352108.6, "林业局"],
        ["灌木林地（公顷）", 21453.2, "林业局"],
        ["其他林地（公顷）", 22213.8, "林业局"],
        ["水田（公顷）", 20961.4, "农业农村局"],
        ["旱地（公顷）", 11457.3, "农业农村局"],
        ["国土面积（公顷）", 466549.0, "自然资源局"],
    ]})
    make_docx(share / "生态环境局" / "2020考核" / "10.5监测" / "市空气质量排名通报.docx", [
        "柳州市2020年1—8月各县区环境空气质量排名通报", "柳州市生态环境局",
        "据各县区空气自动监测站监测数据，1—8月全市各县区环境空气质量优良天数比例均在95%以上，融水县PM2.5平均浓度22微克/立方米，排名第2。",
    ])
    make_docx(share / "住建局" / "供水" / "IMG_20200915_101522.docx", [
        "融水县自来水有限公司 水质在线监测系统", "城北水厂  2020-09-15 10:15", "出厂水实时数据",
        "浊度 0.19 NTU  余氯 0.42 mg/L  pH 7.28", "水质状况：合格",
    ])
    make_docx(share / "林业局" / "森林防火" / "防火平台截图0920.docx", [
        "融水县森林防火智能监测指挥平台  2020-09-20", "【年度火情统计 2020】森林火灾1起，过火面积0.6公顷，受害森林面积0.2公顷",
        "【今日概况】视频监控点48个，护林员在岗1,120人",
    ])
    make_text_pdf(share / "住建局" / "2020考核" / "4.3乡镇污水" / "和睦镇污水处理站验收资料_1-封面目录.pdf", [
        "融水苗族自治县和睦镇污水处理站及配套管网工程\n竣工验收资料\n建设单位：融水苗族自治县住房和城乡建设局\n二〇二〇年九月",
        "目  录\n1.封面、目录\n2.竣工验收会议签到表\n3.竣工验收报告\n4.监理工作总结\n（电子档按上述序号拆分为单独PDF）",
    ])
    return scanned_documents(home)


def test_the_rates_explanation_of_the_network_is_no_project_paper(round48_docs):
    tags = in_window(round48_docs["附件2 处理率计算方法及管网建设情况说明.docx"])
    assert "4.1" in tags and "4.4" not in tags


def test_the_lead_offices_gathering_table_is_its_compiling(round48_docs):
    assert in_window(round48_docs["县域考核指标一览表（各部门报送汇总）v2.xlsx"]) == {"10.2"}


def test_the_citys_air_quality_ranking_is_its_own_bulletin(round48_docs):
    assert in_window(round48_docs["市空气质量排名通报.docx"]) == set()


def test_the_waterworks_outlet_water_is_no_environmental_monitoring(round48_docs):
    assert "10.5" not in in_window(round48_docs["IMG_20200915_101522.docx"])


def test_the_burnt_forest_is_not_the_forest_land(round48_docs):
    assert "9.1" not in in_window(round48_docs["防火平台截图0920.docx"])


def test_a_bound_files_cover_and_contents_is_a_catalogue(round48_docs):
    assert in_window(round48_docs["和睦镇污水处理站验收资料_1-封面目录.pdf"]) == set()
