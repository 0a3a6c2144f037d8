"""Classes found by reading blind59 (issue 19, round sixty-two), after it was measured once unread: every
indicator return in the shapes it takes; projects from idea to acceptance. The lead office's review of a
bureau's figures and the table it compiled and checked are its compiling (10.2), not the returns they
quote; the land survey's own plan, a township's land summary and the city's yearbook are not the county's
returns; the county town's refuse station is no township's project (8.3). The land bureau's letter handing
the forestry bureau the forest-land figures is its help (3.1.3), and the acceptance report of the works a
rural-environment fund paid for is the 连片整治 project's (10.3.1). Real files dropped into a county home,
scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind59") / "home")
    share = home / "watch_folders"
    office = share / "考核办"
    make_docx(office / "数据审核" / "考核办关于自然资源局土地利用数据的审核意见.docx", [
        "县生态功能区考核领导小组办公室",
        "数据审核意见（第一轮）",
        "审核对象：县自然资源和规划局报送的2019年度县域土地利用信息表（10月13日版）",
        "审核人：柳州市融水生态环境局  石志坚   复核：吴海英",
        "一、合计平衡性：报送表六大类合计466718.62公顷，国土面积466358.62公顷，多出360.00公顷，"
        "其他建设用地疑似重复统计。",
        "二、处理意见：请于10月17日前更正其他建设用地数据并重新报送。",
        "审核日期：2020年10月15日",
    ])
    make_xlsx(office / "数据汇总" / "县域基本情况表汇总（考核办审核后）.xlsx", {"Sheet1": [
        ["县域自然、社会、环境基本情况表（汇总审核表）"],
        ["年度：2019", "汇总单位：县考核办（柳州市融水生态环境局）"],
        ["指标", "单位", "数值", "提供部门", "审核结论"],
        ["土地总面积", "平方公里", 4663.59, "统计/自然资源", "与土地利用信息表一致"],
        ["乡镇数量", "个", 20, "统计局", "通过"],
        ["县域总人口", "万人", 52.86, "统计局", "通过"],
        ["地区生产总值", "亿元", 103.18, "统计局", "通过"],
        ["化肥施用量", "吨", 13186, "农业农村局", "通过"],
        ["农药施用量", "吨", 612.4, "农业农村局", "通过"],
        ["耕地面积", "公顷", 25330, "农业农村局", "通过"],
    ]})
    land = share / "自然资源局" / "2020生态考核"
    make_docx(land / "参考资料" / "融水县第三次全国国土调查实施方案.docx", [
        "融水苗族自治县第三次全国国土调查实施方案",
        "一、调查目的：全面细化和完善全县国土利用现状基础数据，掌握翔实准确的土地利用现状。",
        "二、调查内容：土地利用现状调查、土地权属调查、专项用地调查与评价。",
        "三、时间安排：2019年4月至2019年10月完成外业调查与内业建库。",
    ])
    make_xlsx(land / "乡镇报来" / "和睦镇土地利用现状汇总2019.xlsx", {"Sheet1": [
        ["和睦镇2019年土地利用现状汇总（按村）"],
        ["村名", "耕地", "园地", "林地", "草地", "建设用地", "水域"],
        ["和睦村", 3125, 412, 18207, 96, 1045, 388],
        ["大坪村", 2870, 305, 21560, 140, 612, 271],
        ["合计", 5995, 717, 39767, 236, 1657, 659],
        ["单位：亩　填报：和睦镇国土规建环保安监站　2020年9月"],
    ]})
    make_docx(land / "发文" / "融自然资函〔2020〕118号.docx", [
        "融水苗族自治县自然资源和规划局",
        "关于提供2019年度林地面积数据并做好口径衔接的函",
        "县林业局：",
        "根据考核数据填报分工，现将2019年度土地变更调查林地数据提供如下：有林地352806.13公顷，"
        "灌木林地29417.55公顷，其他林地13288.72公顷，林地合计395512.40公顷。",
        "融水苗族自治县自然资源和规划局", "2020年9月28日",
    ])
    make_docx(share / "统计局" / "参考资料" / "柳州统计年鉴2020人口篇节选.docx", [
        "柳州统计年鉴—2020",
        "3-1 各县（区）年末户籍人口（2019年）",
        "地区  总人口  城镇人口",
        "全市  409.36  192.47",
        "柳江区  61.08  21.33",
        "融水苗族自治县  52.63  14.07",
    ])
    make_docx(share / "城管局" / "2020生态考核" / "县城垃圾压缩转运站提升改造可研批复.docx", [
        "融水苗族自治县发展和改革局",
        "融发改〔2020〕41号",
        "关于融水县县城生活垃圾压缩转运站提升改造工程可行性研究报告的批复",
        "县城市管理行政执法局：",
        "你局报来的可行性研究报告收悉。同意对县城生活垃圾压缩转运站进行提升改造，新增压缩设备2套，"
        "项目总投资386万元，建成后县城生活垃圾转运能力达到每日180吨。",
        "融水苗族自治县发展和改革局", "2020年5月12日",
    ])
    make_docx(share / "生态环境局" / "考核佐证" / "2019年农村环境综合整治项目竣工环保验收报告.docx", [
        "融水苗族自治县2019年度中央农村环境整治资金项目",
        "竣工验收报告",
        "一、项目概况：2019年度我县获中央农村环境整治资金591万元，实施安太乡元宝片区、杆洞乡杆洞片区"
        "农村环境综合整治项目，覆盖7个行政村。",
        "二、建设内容：建成村级生活污水处理设施5座，设置垃圾收集点24个。",
        "三、验收情况：2020年4月，县生态环境局会同县财政局对子项目进行竣工验收，同意通过验收。",
    ])
    return scanned_documents(home)


@pytest.mark.parametrize("name", ["考核办关于自然资源局土地利用数据的审核意见.docx", "县域基本情况表汇总（考核办审核后）.xlsx"])
def test_the_lead_offices_review_and_its_checked_table_are_its_compiling_not_the_returns(docs, name):
    assert in_window(docs[name]) == {"10.2"}


@pytest.mark.parametrize("name", ["融水县第三次全国国土调查实施方案.docx", "和睦镇土地利用现状汇总2019.xlsx"])
def test_the_surveys_plan_and_a_townships_summary_are_not_the_land_use_return(docs, name):
    doc = docs[name]
    assert not in_window(doc) & {"3.2", "3.1.3"}, doc["tags"]


def test_the_citys_yearbook_is_not_the_countys_population_figures(docs):
    assert "7.2.2" not in in_window(docs["柳州统计年鉴2020人口篇节选.docx"])


def test_the_county_towns_refuse_station_is_no_township_project(docs):
    assert "8.3" not in in_window(docs["县城垃圾压缩转运站提升改造可研批复.docx"])


def test_the_land_bureaus_letter_giving_forestry_the_forest_land_figures_is_its_help(docs):
    assert "3.1.3" in in_window(docs["融自然资函〔2020〕118号.docx"])


def test_the_acceptance_of_works_a_rural_environment_fund_paid_for_is_the_projects(docs):
    assert "10.3.1" in in_window(docs["2019年农村环境综合整治项目竣工环保验收报告.docx"])
