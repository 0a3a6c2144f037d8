"""Classes found by reading blind65 (issue 19, round sixty-eight), after it was measured unread at
rounds 63-67: a county share on its first day, and papers of earlier assessment rounds. A year that
names a round (「2019年考核报送」) is not the year a table is about; a certificate number masked for
publication (「CMA 2019xxxxxxxx」) is no year; a table whose rows give a label and a unit but no
figure does not give those figures; a production plan quoting fertiliser and sown area is not their
return; a bureau's self-check titled by the county assessment and its own line of work is its own;
the county-town plant's online data exported from the 国控 platform is that plant's running data.
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx

LAND_TABLE = [
    "地类\t面积（公顷）",
    "国土面积\t463812.35",
    "城镇建设用地\t1352.40",
    "农村居民点\t5209.64",
    "其他建设用地\t2340.27",
    "水域湿地\t6931.02",
    "河流水面\t5484.90",
    "湖库\t1199.16",
    "裸地\t1905.40",
]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind65") / "home")
    share = home / "watch_folders"
    make_docx(share / "自然资源局" / "2020生态考核" / "往年参考" / "2018年度土地利用信息表（2019年考核报送）.docx", [
        "融水苗族自治县2018年度土地利用信息表", *LAND_TABLE,
        "融水苗族自治县自然资源和规划局", "2019年9月18日",
    ])
    make_docx(share / "自然资源局" / "2020生态考核" / "2019年度土地利用信息表.docx", [
        "融水苗族自治县2019年度土地利用信息表", *LAND_TABLE,
        "融水苗族自治县自然资源和规划局", "2020年10月17日",
    ])
    make_docx(share / "城管局" / "2020年考核" / "扫描0921_填埋场周边环境监测报告2020三季度.docx", [
        "CMA  2019xxxxxxxx",
        "检测报告",
        "项目名称：融水县生活垃圾卫生填埋场周边环境质量监测（2020年第三季度）",
        "地下水\tpH\t耗氧量\t氨氮",
        "本底井\t7.12\t1.4\t0.08",
        "监视井\t7.09\t2.2\t0.21",
        "结论：地下水各项指标满足Ⅲ类标准。",
    ])
    make_docx(share / "统计局" / "2020考核" / "县域基本情况表2019.docx", [
        "县域自然、社会、经济基本情况表（2019年）",
        "指标名称\t单位\t2019年\t备注",
        "土地总面积\t平方公里\t4638.12\t",
        "乡镇数量\t个\t20\t",
        "行政村数量\t个\t206\t",
        "县域总人口数\t万人\t52.68\t公安户籍",
        "城镇总人口数\t万人\t12.15\t",
        "地区生产总值\t亿元\t\t待年报终审",
        "单位GDP能耗\t吨标煤/万元\t\t待市局反馈",
        "化肥施用量\t吨\t\t待农业农村局报",
        "农药施用量\t吨\t\t待农业农村局报",
        "耕地面积\t公顷",
        "播种面积\t公顷",
        "融水苗族自治县统计局", "2020年10月12日",
    ])
    make_docx(share / "农业农村局" / "2020" / "2020年春耕生产工作方案.docx", [
        "融水县2020年春耕生产工作方案",
        "一、目标任务：全年粮食播种面积稳定在53万亩以上，其中早稻5.2万亩、中稻21.6万亩。",
        "二、主要措施：组织农资企业保障种子、化肥、农药供应；推广测土配方施肥和统防统治。",
        "县农业农村局", "2020年2月20日",
    ])
    make_docx(share / "林业局" / "考核" / "林业局2020年度生态环境保护工作自查报告.docx", [
        "2020年度国家重点生态功能区县域考核林业工作自查报告",
        "一、林地数据填报。按分工填报2019年、2020年有林地、灌木林地、其他林地面积。",
        "二、森林资源保护。2019—2020年查处林业行政案件61起，未发生重大森林火灾。",
        "三、生态工程建设。2019年完成退化林修复1.52万亩，2020年5月通过验收。",
        "融水苗族自治县林业局", "2020年10月19日",
    ])
    make_docx(share / "生态环境局" / "2020年考核" / "10.3.3污水处理厂" / "县城污水处理厂在线监控数据月报2020年1-9月.docx", [
        "融水县城污水处理厂在线监控数据月统计（国控重点污染源自动监控平台导出）",
        "排放口：DW001总排口\t执行标准：GB18918-2002一级B",
        "月份\t出水COD均值\t氨氮均值\t有效传输率",
        "1\t20.8\t1.38\t96.2%",
        "2\t19.7\t1.30\t97.5%",
        "说明：在线监测设备由第三方运维，2020年第二季度已完成比对监测。",
    ])
    return scanned_documents(home)


def test_a_year_naming_an_earlier_assessment_round_is_not_the_tables_year(docs):
    last_round = docs["2018年度土地利用信息表（2019年考核报送）.docx"]
    assert last_round["years"] == [2018]
    assert "3.2" not in in_window(last_round)
    assert "3.2" in in_window(docs["2019年度土地利用信息表.docx"])


def test_a_masked_certificate_number_is_no_year(docs):
    report = docs["扫描0921_填埋场周边环境监测报告2020三季度.docx"]
    assert report["years"] == [2020]
    assert "8.2" in in_window(report)


def test_rows_with_a_unit_and_no_figure_do_not_give_those_figures(docs):
    tagged = in_window(docs["县域基本情况表2019.docx"])
    assert {"7.2.1", "7.2.2"} <= tagged
    assert not {"7.2.3", "7.2.4"} & tagged


def test_a_production_plan_quoting_fertiliser_and_sown_area_is_not_their_return(docs):
    assert "6.2" not in in_window(docs["2020年春耕生产工作方案.docx"])


def test_a_bureaus_self_check_titled_by_the_assessment_and_its_own_line_of_work_is_its_own(docs):
    assert "9.3" in in_window(docs["林业局2020年度生态环境保护工作自查报告.docx"])


def test_the_plants_online_data_exported_from_the_national_platform_is_its_running_data(docs):
    assert "10.3.3" in in_window(docs["县城污水处理厂在线监控数据月报2020年1-9月.docx"])
