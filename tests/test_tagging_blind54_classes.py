"""Classes found by reading blind54 (issue 19, round fifty-eight), after it was measured once: the
natural resources bureau's world; the forestry bureau's world. The land survey's main land-class totals
are the indicators' source, not the 2019 land-use information table; the request for the check of
changed areas, the supplementary land-use table and a note on one figure are not the check; the
bureau's own note or reply on one land figure is its return, and its reply giving the forestry bureau
the forest-land figures is its help with them wherever it is filed; the lead office's guidance on
filling the indicators is 10.4 only, its settled indicator table and its register of material received
are its compiling (10.2); the 生态保护红线 adjustment's report and an industry's summary are no
self-check; an application to be put forward and money for running work are no project papers; the
transfer's budget arrangement is not its use report. Real files dropped into a county home, scanned
by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx

LAND_TOTALS = {"Sheet1": [
    ["融水苗族自治县第三次全国国土调查统一时点主要地类面积汇总表"],
    ["标准时点：2019年12月31日", "", "单位：公顷"],
    ["地类", "面积"],
    ["耕地", "30812.46"], ["园地", "9846.21"], ["林地", "385420.87"], ["草地", "6934.58"],
    ["湿地（内陆滩涂）", "512.30"], ["城镇村及工矿用地", "11382.19"], ["交通运输用地", "4210.77"],
    ["水域及水利设施用地（河流水面、水库水面）", "8920.13"], ["其他土地（裸土地、裸岩石砾地）", "422.49"],
    ["合计", "466387.52"],
]}


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind54") / "home")
    share = home / "watch_folders"
    land = share / "自然资源局" / "2020考核"
    make_xlsx(land / "三调统一时点主要地类面积汇总表.xlsx", LAND_TOTALS)
    make_docx(land / "来文" / "融生考办〔2020〕7号 关于核实县域生态疑似变化区域的函.docx", [
        "融水苗族自治县重点生态功能区县域生态环境质量考核工作领导小组办公室",
        "融生考办〔2020〕7号",
        "关于核实县域生态疑似变化区域的函",
        "县自然资源和规划局：",
        "自治区生态环境监测中心通过遥感解译，发现我县2019年存在疑似生态变化区域4处（清单附后）。"
        "请你局会同县林业局于10月15日前完成实地核实，逐一说明变化原因，并附现场照片。",
        "县考核领导小组办公室", "2020年9月28日",
    ])
    make_xlsx(land / "附件2 2019年土地利用信息补充表.xlsx", {"Sheet1": [
        ["2019年土地利用信息补充表"],
        ["填报单位：融水苗族自治县自然资源和规划局", "", "单位：公顷"],
        ["序号", "图斑编号", "原地类", "现地类", "面积", "核查结论", "变化原因"],
        ["1", "TB-0113", "有林地", "采矿用地", "3.62", "经核查属实", "采石场依法取得用地手续"],
        ["2", "TB-0207", "灌木林地", "农村道路", "1.08", "经核查属实", "通屯道路建设"],
    ]})
    make_docx(land / "关于我县裸地面积的情况说明.docx", [
        "关于我县裸地面积的情况说明",
        "县考核领导小组办公室：",
        "我局报送的2019年土地利用信息表中，裸地面积为422.49公顷，较原二调年度变更数据减少18.76公顷。"
        "经核实，主要原因是三调逐图斑实地举证，部分零星石山坡面已恢复灌草植被，按现状认定为灌木林地或其他草地。",
        "县自然资源和规划局", "2020年10月17日",
    ])
    make_docx(share / "统计局" / "县域基本情况表" / "扫描件_自然资源局复函_土地总面积.docx", [
        "融水苗族自治县自然资源和规划局",
        "融自然资函〔2020〕118号",
        "关于提供2019年度土地总面积和耕地面积数据的复函",
        "县统计局：",
        "你局来函收悉。经核对第三次全国国土调查统一时点（2019年12月31日）数据库，现将有关数据函复如下：",
        "一、全县土地总面积：466387.52公顷。二、耕地面积：30812.46公顷。",
        "融水苗族自治县自然资源和规划局", "2020年10月12日",
    ])
    make_docx(share / "林业局" / "2020考核" / "林地指标" / "关于提供林地面积数据的复函.docx", [
        "融水苗族自治县自然资源和规划局",
        "融自然资函〔2020〕121号",
        "关于提供林地面积数据的复函",
        "县林业局：",
        "为配合做好县域生态环境质量考核林地指标填报，现将我县第三次全国国土调查统一时点林地数据函复如下：",
        "乔木林地351208.44公顷，竹林地16930.52公顷，灌木林地9871.06公顷，其他林地7410.85公顷，林地合计385420.87公顷。",
        "融水苗族自治县自然资源和规划局", "2020年10月13日",
    ])
    office = share / "考核办"
    make_docx(office / "发文" / "县域考核指标填报口径及佐证材料要求（自然生态类）.docx", [
        "县域考核指标填报口径及佐证材料要求（自然生态类）",
        "各成员单位：为统一口径，现将自然生态类指标填报要求明确如下：",
        "一、建设用地：分城镇建设用地、农村居民点、其他建设用地，由县自然资源和规划局按三调数据填报，单位平方公里。",
        "二、水域湿地：河流水面、湖库、滩涂、沼泽，由县自然资源和规划局填报，单位平方公里。",
        "三、林地：有林地、灌木林地、其他林地，由县林业局填报，与县自然资源和规划局核对一致。",
        "县考核办", "2020年9月20日",
    ])
    make_xlsx(office / "汇总" / "县域考核自然生态指标汇总表(考核办审定).xlsx", {"Sheet1": [
        ["2019年县域考核自然生态指标汇总表（考核办审定）"],
        ["指标", "单位", "数值", "填报单位"],
        ["有林地", "平方公里", "3681.39", "林业局"], ["草地", "平方公里", "69.35", "农业农村局"],
        ["河流水面", "平方公里", "72.18", "自然资源局"], ["城镇建设用地", "平方公里", "23.87", "自然资源局"],
    ]})
    make_xlsx(office / "材料汇总" / "部门考核材料接收及审核登记台账.xlsx", {"Sheet1": [
        ["2020年县域考核部门材料接收及审核登记台账"],
        ["序号", "报送单位", "材料名称", "接收日期", "审核意见"],
        ["1", "县林业局", "林地、森林覆盖率指标及佐证", "2020-10-16", "口径已核对，通过"],
        ["2", "县自然资源和规划局", "土地利用信息表及补充表", "2020-10-18", "补充裸地说明后通过"],
    ]})
    make_docx(land / "红线" / "生态保护红线评估调整情况汇报.docx", [
        "融水县生态保护红线评估调整工作情况汇报",
        "按照自治区部署，我局开展生态保护红线评估调整工作，完成红线内矛盾冲突图斑核查，"
        "调出村庄及永久基本农田，调入重要水源涵养区，调整后红线面积占国土面积的比例基本稳定。",
        "融水苗族自治县自然资源和规划局", "2020年8月5日",
    ])
    forestry = share / "林业局"
    make_docx(forestry / "产业股" / "2019年油茶产业发展工作总结.docx", [
        "融水县林业局2019年油茶产业发展工作总结",
        "2019年，我局推进油茶产业发展，新造油茶林1.2万亩，完成低产林改造0.8万亩，林业产业综合产值稳步提高，取得明显成效。",
        "融水苗族自治县林业局", "2019年12月20日",
    ])
    make_docx(forestry / "产业股" / "关于申报国家储备林建设项目的请示.docx", [
        "关于申报国家储备林建设项目的请示",
        "县人民政府：为加快森林资源培育，我局拟申报国家储备林建设项目，建设规模5万亩，"
        "项目立项后分三年实施。妥否，请批示。",
        "融水苗族自治县林业局", "2020年6月3日",
    ])
    make_docx(share / "财政局" / "预算股" / "关于县林业局2020年森林资源年度监测工作经费的批复.docx", [
        "融水苗族自治县财政局",
        "关于县林业局2020年森林资源年度监测工作经费的批复",
        "县林业局：你局关于申请森林资源年度监测工作经费的请示收悉。经研究，同意追加工作经费18万元，用于森林资源年度监测外业调查。",
        "融水苗族自治县财政局", "2020年5月8日",
    ])
    make_docx(share / "财政局" / "转移支付" / "融财预〔2020〕12号 预算安排方案.docx", [
        "融水苗族自治县财政局",
        "融财预〔2020〕12号",
        "关于2020年重点生态功能区转移支付资金预算安排方案的通知",
        "各有关单位：2020年上级下达我县重点生态功能区转移支付资金8650万元，全额纳入一般公共预算。"
        "现将预算安排方案印发给你们，请按要求报送资金使用情况，年终形成使用情况报告。",
        "一、生态保护修复2310万元；二、农村环境整治1860万元；三、基本公共服务保障4480万元。",
        "融水苗族自治县财政局", "2020年4月20日",
    ])
    return scanned_documents(home)


def test_the_surveys_main_land_class_totals_are_not_the_land_use_information_table(docs):
    assert "3.2" not in in_window(docs["三调统一时点主要地类面积汇总表.xlsx"])


def test_the_request_for_the_check_of_changed_areas_is_not_the_check(docs):
    assert "3.1.4" not in in_window(docs["融生考办〔2020〕7号 关于核实县域生态疑似变化区域的函.docx"])


def test_the_supplementary_land_use_table_is_not_the_check_of_changed_areas(docs):
    tags = in_window(docs["附件2 2019年土地利用信息补充表.xlsx"])
    assert "3.2" in tags and "3.1.4" not in tags


def test_the_bureaus_note_on_one_land_figure_is_its_return_not_the_check(docs):
    tags = in_window(docs["关于我县裸地面积的情况说明.docx"])
    assert "3.1.1" in tags and "3.1.4" not in tags


def test_the_bureaus_reply_giving_the_land_figures_is_its_return_wherever_it_is_filed(docs):
    assert "3.1.1" in in_window(docs["扫描件_自然资源局复函_土地总面积.docx"])


def test_its_reply_giving_the_forestry_bureau_the_forest_land_is_its_help_with_it(docs):
    assert {"3.1.3", "9.1"} <= in_window(docs["关于提供林地面积数据的复函.docx"])


def test_the_lead_offices_guidance_on_filling_the_indicators_serves_10_4_only(docs):
    assert in_window(docs["县域考核指标填报口径及佐证材料要求（自然生态类）.docx"]) == {"10.4"}


def test_the_lead_offices_settled_indicator_table_and_its_register_are_its_compiling(docs):
    assert in_window(docs["县域考核自然生态指标汇总表(考核办审定).xlsx"]) == {"10.2"}
    assert in_window(docs["部门考核材料接收及审核登记台账.xlsx"]) == {"10.2"}


def test_the_red_line_adjustments_report_and_an_industrys_summary_are_no_self_check(docs):
    assert "3.4" not in in_window(docs["生态保护红线评估调整情况汇报.docx"])
    assert "9.3" not in in_window(docs["2019年油茶产业发展工作总结.docx"])


def test_an_application_to_be_put_forward_and_running_money_are_no_project_papers(docs):
    assert "9.2" not in in_window(docs["关于申报国家储备林建设项目的请示.docx"])
    assert "9.2" not in in_window(docs["关于县林业局2020年森林资源年度监测工作经费的批复.docx"])


def test_the_transfers_budget_arrangement_is_not_its_use_report(docs):
    tags = in_window(docs["融财预〔2020〕12号 预算安排方案.docx"])
    assert "2.1" in tags and "2.3" not in tags
