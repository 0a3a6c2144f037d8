"""Classes found by reading blind30 (issue 19, round thirty-four), after it was measured once: the lead
office files every bureau's paper in its own share, by bureau and by kind, so a paper's owner is read
from the bureau's subfolder or the issuer's name above the heading; the lead office's own tables and
reviews are its guidance and compiling; the city's and the region's data, one township's, a project
area's or a reserve's figures are not the county's return. Real files dropped into a county home,
scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx

SELF_CHECKS = {"1.4", "3.4", "4.5", "5.3", "6.6", "8.5", "9.3", "10.3.6"}


@pytest.fixture(scope="module")
def round34_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind30") / "home")
    share = home / "watch_folders"
    lead = share / "考核办" / "2020县域考核"
    make_xlsx(lead / "03各单位报送" / "自然资源局" / "2019年土地利用信息表（自然资源局盖章）.xlsx", {"表1": [
        ["融水苗族自治县2019年土地利用信息表"], ["数据来源：2019年度土地变更调查成果", "单位：公顷"],
        ["一级地类", "二级地类", "面积"], ["耕地", "水田", 21860], ["耕地", "旱地", 14260], ["林地", "乔木林地等", 392800],
        ["城镇村及工矿用地", "城市、建制镇、村庄", 9870], ["合计", "县域土地总面积", 466500],
        ["填表人：石丽华   审核人：黄开龙   融水苗族自治县自然资源和规划局（章）"]]})
    make_docx(lead / "03各单位报送" / "附件5 发改局2020年度生态环境保护工作自查报告.docx", [
        "融水苗族自治县发展和改革局", "2020年度生态环境保护工作自查报告",
        "2019年以来，我局把生态环境保护要求贯穿于项目审批全过程，严格执行产业准入负面清单，现将自查情况报告如下。",
        "一、产业准入控制情况：对新申报项目一律对照清单进行准入审查，两年共劝退4个项目。",
    ])
    make_xlsx(lead / "02填报指导" / "附件1 指标填报口径说明表.xlsx", {"Sheet1": [
        ["2020年县域考核指标填报口径说明表（领导小组办公室编）"],
        ["序号", "指标", "责任单位", "数据年份", "口径说明", "佐证材料要求"],
        [1, "林地（有林地/灌木林地/其他林地）", "林业局", 2019, "按林地年度变更成果", "林地变更成果表"],
        [2, "水田、旱地", "农业农村局", 2019, "与变更调查耕地二级地类对应", "农业统计年报或说明"],
        [3, "生活垃圾无害化处理率", "城管局", 2020, "无害化处理量÷清运量", "称重台账+情况说明"]]})
    make_docx(lead / "04审核" / "审核意见反馈单（住建局-污水处理率）.docx", [
        "审核意见反馈单", "被审核单位：县住建局", "材料：2019年县城生活污水处理率核算表",
        "审核意见：生活污水排放总量与供水量折算不符，请按折污系数0.8重新核算并附计算说明。", "县考核办", "2020年10月15日",
    ])
    make_docx(share / "自然资源局" / "2020生态考核" / "上级文件" / "柳州市第三次国土调查初步成果主要数据情况通报.docx", [
        "柳州市第三次国土调查初步成果主要数据情况通报",
        "全市耕地面积xx万亩，林地面积xx万亩，建设用地xx万亩；土地利用现状以2019年12月31日为标准时点。", "2020年9月10日",
    ])
    make_docx(share / "水利局" / "2020生态功能区考核" / "上级资料" / "广西壮族自治区2019年水土保持公报.docx", [
        "广西壮族自治区2019年水土保持公报",
        "2019年全区水土流失面积3.92万平方公里，其中柳州市水土流失面积2180平方公里。", "广西壮族自治区水利厅",
    ])
    make_xlsx(share / "农业农村局" / "高标准农田" / "和睦镇2020年高标准农田建设项目区地块属性表.xlsx", {"Sheet1": [
        ["和睦镇2020年高标准农田建设项目区地块属性表"], ["地块编号", "地类", "面积（亩）"],
        ["HM-001", "水田", 126.4], ["HM-002", "旱地", 58.2], ["合计", "", 184.6]]})
    make_docx(share / "城管局" / "2020考核" / "融水镇2020年生活垃圾清运量月报（县城建成区）.docx", [
        "融水镇2020年生活垃圾清运量月报（县城建成区）",
        "2020年1—9月县城建成区生活垃圾清运量13620吨，全部进入县城生活垃圾填埋场无害化处理，无害化处理率100%。",
        "县城市管理行政执法局", "2020年10月8日",
    ])
    make_docx(share / "城管局" / "2020考核" / "8.2" / "填埋场2020年周边地下水及渗滤液监测报告.docx", [
        "融水县生活垃圾卫生填埋场2020年周边地下水及渗滤液监测报告", "委托单位：县城市管理行政执法局",
        "监测点位\t氨氮(mg/L)\t评价", "1#本底井\t0.06\t达标", "3#监视井\t0.18\t达标", "渗滤液处理站出口\t12.4\t达标",
        "2020年9月25日",
    ])
    return scanned_documents(home)


def test_the_lead_offices_share_is_read_by_the_bureaus_subfolder_and_issuer(round34_docs):
    table = in_window(round34_docs["2019年土地利用信息表（自然资源局盖章）.xlsx"])
    assert "3.2" in table and "6.1" not in table
    check = in_window(round34_docs["附件5 发改局2020年度生态环境保护工作自查报告.docx"])
    assert check & SELF_CHECKS == {"1.4"}


def test_the_lead_offices_tables_and_reviews_are_its_guidance_and_compiling(round34_docs):
    assert in_window(round34_docs["附件1 指标填报口径说明表.xlsx"]) == {"10.4"}
    assert in_window(round34_docs["审核意见反馈单（住建局-污水处理率）.docx"]) == {"10.2"}


def test_the_citys_and_the_regions_data_are_not_the_countys_return(round34_docs):
    assert in_window(round34_docs["柳州市第三次国土调查初步成果主要数据情况通报.docx"]) == set()
    assert in_window(round34_docs["广西壮族自治区2019年水土保持公报.docx"]) == set()


def test_a_part_of_the_countys_figures_are_not_its_return_but_the_county_towns_are(round34_docs):
    assert "6.1" not in in_window(round34_docs["和睦镇2020年高标准农田建设项目区地块属性表.xlsx"])
    assert "8.1" in in_window(round34_docs["融水镇2020年生活垃圾清运量月报（县城建成区）.docx"])


def test_a_monitoring_report_with_a_leachate_line_is_the_surroundings_monitoring_not_the_record(round34_docs):
    tag = next(t for t in round34_docs["填埋场2020年周边地下水及渗滤液监测报告.docx"]["tags"] if t["item"] == "8.2")
    assert tag["in_window"] and tag["deliverables"] == ["8.2/周边监测"]
