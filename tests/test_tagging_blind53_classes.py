"""Classes found by reading blind53 (issue 19, round fifty-seven), after it was measured once: the
agriculture bureau's world; the water bureau's world. A retrofit that makes hydropower plants release
their ecological flow is a water eco project, while the abstraction permit that sets the flow is a
licence; a bureau's internal notice on preparing the assessment's materials names the indicators
without giving them; a grain-production summary quotes the grain area in passing and is not the
fertiliser-and-area return. Real files dropped into a county home, scanned by the real pipeline,
tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind53") / "home")
    share = home / "watch_folders"
    projects = share / "水利局" / "2020考核" / "项目资料"
    make_docx(projects / "大年等4座电站生态流量泄放设施改造工程验收意见.docx", [
        "大年等4座水电站生态流量泄放设施改造工程竣工验收意见",
        "2020年9月18日，融水苗族自治县水利局在大年乡主持召开大年等4座水电站生态流量泄放设施改造工程竣工验收会议。",
        "验收组察看了工程现场，听取了建设、设计、施工、监理单位的汇报，查阅了有关资料。工程新建生态放水管4处、"
        "在线监测装置4套，总投资186万元，于2020年8月完工。",
        "经讨论，验收组认为该工程已按批复内容建设完成，各电站下泄流量满足核定生态流量要求，同意通过竣工验收。",
        "验收组组长：韦立新", "2020年9月18日",
    ])
    make_docx(share / "水利局" / "水资源股" / "取水许可" / "关于同意良寨水电站取水许可延续的批复.docx", [
        "融水苗族自治县水利局",
        "融水利水资〔2020〕21号",
        "关于同意良寨水电站取水许可延续的批复",
        "融水县良寨水力发电有限公司：",
        "你公司《关于申请良寨水电站取水许可延续的报告》收悉。经审查，批复如下：",
        "一、同意你公司取水许可有效期延续5年，自2020年7月1日起至2025年6月30日止。",
        "二、取水用途：水力发电；年取水量不超过0.86亿立方米，退水全部回归良寨河。",
        "三、你公司须按核定下泄生态流量不小于0.12立方米每秒，设置生态流量泄放设施和在线监测装置。",
        "融水苗族自治县水利局", "2020年6月22日",
    ])
    make_docx(share / "农业农村局" / "办公室" / "关于做好2020年生态考核材料准备工作的通知.docx", [
        "关于做好2020年县域生态环境质量考核材料准备工作的通知",
        "局属各股室：",
        "根据县考核办要求，我局负责水田、旱地面积，化肥施用量、农药施用量、耕地面积、播种面积等指标的填报，"
        "以及农村环境整治、畜禽粪污资源化利用项目材料的收集整理。",
        "请种植业股于10月15日前整理2019年水田旱地面积和化肥农药施用量数据，单位：公顷、吨；"
        "请各股室同时提交部门自查报告素材。",
        "融水苗族自治县农业农村局办公室", "2020年9月28日",
    ])
    make_docx(share / "农业农村局" / "种植业股" / "2020年粮食生产工作总结.docx", [
        "融水县农业农村局2020年粮食生产工作总结",
        "2020年，我局认真落实粮食安全党政同责，全县粮食播种面积50.73万亩，总产量17.6万吨，"
        "完成上级下达目标任务的101.2%。",
        "一、稳定面积。落实耕地地力保护补贴，推广水稻良种良法，撂荒地复耕复种0.8万亩。",
        "二、提高单产。开展水稻病虫害统防统治，推广测土配方施肥，化肥农药减量增效示范2.3万亩。",
        "融水苗族自治县农业农村局", "2020年12月10日",
    ])
    return scanned_documents(home)


def test_an_ecological_flow_retrofits_acceptance_is_a_water_eco_project(docs):
    assert "5.2" in in_window(docs["大年等4座电站生态流量泄放设施改造工程验收意见.docx"])


def test_the_abstraction_permit_that_sets_the_flow_is_a_licence_not_a_project(docs):
    assert "5.2" not in in_window(docs["关于同意良寨水电站取水许可延续的批复.docx"])


def test_an_internal_notice_preparing_the_materials_gives_no_figures(docs):
    assert in_window(docs["关于做好2020年生态考核材料准备工作的通知.docx"]) & {"6.1", "6.2"} == set()


def test_a_grain_production_summary_is_not_the_fertiliser_and_area_return(docs):
    assert "6.2" not in in_window(docs["2020年粮食生产工作总结.docx"])
