"""Classes found by reading blind48 (issue 19, round fifty-two), after it was measured once: land and
space; environmental monitoring. One batch of land converted or expropriated (a batch approval, a 征收土地公告)
quotes its land classes without being the county's land return, and neither is a letter telling the
bureaus how to fill it; the built-land breakdown alone is the land return's third clause; a scheme's
targets (「力争复耕…1.2万亩」「林地保有量不低于…」) are not the figures; the checks of changed forest
patches and their cases are not the forest-land figures (the yearly map update done with the forest
supervision is); the landfill's leachate ledger is not the refuse clearance data; a camera's running
number (「IMG_2035」) is no year. The map update and the leachate ledger's own duty guard what did not
change. Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round52_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind48") / "home")
    share = home / "watch_folders"
    make_docx(share / "自然资源局" / "用途管制股" / "关于2020年度第3批次城镇建设用地的批复.docx", [
        "广西壮族自治区人民政府", "桂政土批函〔2020〕408号",
        "广西壮族自治区人民政府关于融水苗族自治县2020年度第3批次城镇建设用地的批复", "柳州市人民政府：",
        "一、同意将融水镇新安村集体农用地8.3642公顷（其中耕地3.1257公顷）转为建设用地并办理征收手续，"
        "另征收集体建设用地0.6218公顷、未利用地0.1403公顷。", "广西壮族自治区人民政府 2020年8月31日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "指导填报" / "关于规范填报土地利用类指标的函.docx", [
        "柳州市融水生态环境局", "关于规范填报2020年县域考核土地利用类指标的函", "县自然资源局、农业农村局、林业局：",
        "2019年各类土地面积统一采用三调成果，县域国土面积采用466520.29公顷；建设用地分城镇建设用地、农村居民用地、其他建设用地，"
        "未利用地按裸地填报，水域湿地按河流水面、湖库、滩涂、沼泽分列面积。请于10月20日前重新报送。",
        "柳州市融水生态环境局 2020年10月12日",
    ])
    make_xlsx(share / "自然资源局" / "2020考核" / "指标填报" / "2019年建设用地分类面积统计表.xlsx", {"Sheet1": [
        ["2019年建设用地分类面积统计表（县域考核口径）"],
        ["数据来源：第三次全国国土调查统一时点成果", "单位：公顷"],
        ["考核指标", "三调地类", "面积"],
        ["城镇建设用地", "202建制镇", "1427.84"],
        ["农村居民点", "203村庄", "9781.29"],
        ["其他建设用地", "1003公路用地", "3987.41"],
        ["建设用地合计", "", "19124.00"],
    ]})
    make_docx(share / "农业农村局" / "种植业股" / "撂荒耕地排查整治工作方案.docx", [
        "融水苗族自治县2020年撂荒耕地排查整治工作方案",
        "为贯彻落实防止耕地“非粮化”稳定粮食生产的要求，遏制耕地撂荒，确保粮食播种面积稳定，结合我县实际，制定本方案。",
        "一、工作目标", "2020年底前全面摸清全县撂荒耕地底数，力争复耕复种撂荒耕地1.2万亩以上，其中连片10亩以上撂荒地复耕率达到80%。",
        "二、排查范围和标准", "以三调耕地图斑为基础，排查连续一年以上未种植农作物的耕地，按乡—村—组逐级建立台账。",
        "融水苗族自治县农业农村局 2020年8月26日",
    ])
    make_docx(share / "林业局" / "2020考核" / "林长制" / "林长制试点工作方案.docx", [
        "融水苗族自治县林长制试点工作方案（2020—2022年）",
        "到2022年，建立县、乡、村三级林长体系，森林覆盖率稳定在77.5%以上，林地保有量不低于391000公顷。",
        "融水苗族自治县人民政府办公室 2020年9月",
    ])
    make_xlsx(share / "林业局" / "资源股" / "森林督查变化图斑核查及违法占用林地查处汇总表.xlsx", {"Sheet1": [
        ["2020年森林督查暨森林资源管理“一张图”年度更新变化图斑核查汇总表"],
        ["乡镇", "下发图斑(个)", "面积(公顷)", "违法(个)", "违法面积(公顷)", "立案(起)"],
        ["融水镇", "18", "21.36", "5", "3.12", "5"],
        ["三防镇", "26", "34.82", "5", "4.07", "5"],
        ["合计", "44", "56.18", "10", "7.19", "10"],
    ]})
    make_docx(share / "林业局" / "2020考核" / "森林资源一张图年度更新成果.docx", [
        "2020年森林督查暨森林资源管理“一张图”年度更新成果报告",
        "以三调成果为底图完成年度更新，全县林地面积398655公顷，其中有林地362815公顷。",
        "融水苗族自治县林业局 2020年10月9日",
    ])
    make_xlsx(share / "城管局" / "2020考核" / "渗滤液" / "2020年1-9月渗滤液收集处理台账.xlsx", {"Sheet1": [
        ["融水县生活垃圾无害化处理场渗滤液收集处理台账（2020年1-9月）"],
        ["月份", "进场垃圾量(t)", "渗滤液产生量(m3)", "处理量(m3)", "出水COD均值(mg/L)"],
        ["1月", "3912", "1486", "1520", "38"],
        ["2月", "3408", "1352", "1390", "35"],
        ["合计", "7320", "2838", "2910", "--"],
    ]})
    make_docx(share / "生态环境局" / "2020考核" / "重点企业自行监测" / "IMG_2035.docx", [
        "广西壮族自治区重点排污单位自行监测信息发布平台",
        "企业名称：广西融水元宝山林产化工有限公司", "监测数据 > 手工监测  时间：2020-01 至 2020-08",
        "废水总排口 化学需氧量 2020-08-12 58 100 mg/L 否",
    ])
    return scanned_documents(home)


def test_a_batch_of_land_converted_is_not_the_land_return(round52_docs):
    assert not {"3.1.1", "3.1.2"} & in_window(round52_docs["关于2020年度第3批次城镇建设用地的批复.docx"])


def test_a_letter_on_how_to_fill_the_land_indicators_is_not_the_return(round52_docs):
    assert not {"3.1.1", "3.1.2"} & in_window(round52_docs["关于规范填报土地利用类指标的函.docx"])


def test_the_built_land_breakdown_alone_is_the_land_returns_third_clause(round52_docs):
    assert "3.1.1" in in_window(round52_docs["2019年建设用地分类面积统计表.xlsx"])


@pytest.mark.parametrize("name, item", [
    ("撂荒耕地排查整治工作方案.docx", "6.2"), ("林长制试点工作方案.docx", "9.1")])
def test_a_schemes_targets_are_not_the_figures(round52_docs, name, item):
    assert item not in in_window(round52_docs[name])


def test_checks_of_changed_forest_patches_are_not_the_forest_land_figures(round52_docs):
    assert "9.1" not in in_window(round52_docs["森林督查变化图斑核查及违法占用林地查处汇总表.xlsx"])


def test_the_yearly_map_update_done_with_the_forest_supervision_still_is(round52_docs):
    assert "9.1" in in_window(round52_docs["森林资源一张图年度更新成果.docx"])


def test_the_leachate_ledger_is_not_the_clearance_data(round52_docs):
    tags = in_window(round52_docs["2020年1-9月渗滤液收集处理台账.xlsx"])
    assert "8.1" not in tags
    assert "8.2" in tags


def test_a_cameras_running_number_is_no_year(round52_docs):
    doc = round52_docs["IMG_2035.docx"]
    assert 2035 not in doc["years"]
    assert "10.3.4" in in_window(doc)
