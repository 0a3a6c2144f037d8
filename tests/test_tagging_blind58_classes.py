"""Classes found by reading blind58 (issue 19, round sixty-one), after it was measured once unread: other
regimes' papers beside this assessment's, and evidence as it travels between folders. A page of the
enterprises' own monitoring-disclosure platform is their self-monitoring's publication (10.3.4), not the
eco bureau's supervision of the key sources (10.3.2); the notice releasing the assessment's and the
monitoring's money is that budget (2.5), not a special transfer's allocation (2.2, 2.4); a table whose
title names the two bureaus that made it is each one's. Real files dropped into a county home, scanned
by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind58") / "home")
    share = home / "watch_folders"
    make_docx(share / "生态环境局" / "2020考核" / "10.3" / "微信图片_20200930143211.docx", [
        "[手机拍摄电脑屏幕，部分文字模糊]",
        "广西壮族自治区重点排污单位自行监测信息公开平台",
        "企业名称：融水县元宝山木业有限公司　行政区：柳州市融水苗族自治县",
        "自行监测方案（2020年度）　已公开　发布日期：2020-01-20",
        "监测点位  监测项目  监测时间  监测值  标准限值  单位  是否达标",
        "废水总排口  化学需氧量  2020-08-12  58  100  mg/L  是",
        "热能中心排气筒  颗粒物  2020-08-13  19.4  50  mg/m³  是",
        "年度报告（2019年度）　已公开",
    ])
    make_docx(share / "财政局" / "2020考核" / "融财预〔2020〕12号.docx", [
        "融水苗族自治县财政局",
        "融财预〔2020〕12号",
        "关于下达2020年县域生态环境质量考核及环境监测工作经费的通知",
        "柳州市融水生态环境局：",
        "经县人民政府同意，在2020年县本级年初预算中安排你局县域生态环境质量考核工作经费12万元、"
        "县域环境质量及污染源监测经费26万元，合计38万元，资金来源为重点生态功能区转移支付及生态效益补偿资金。",
        "融水苗族自治县财政局", "2020年2月26日",
    ])
    make_xlsx(share / "财政局" / "2020考核" / "专项转移支付资金梳理表（财政局、生态环境局）.xlsx", {"Sheet1": [
        ["融水县2019—2020年生态环境保护相关专项转移支付资金梳理表"],
        ["单位：万元"],
        ["序号", "资金类别", "2019年", "2020年", "主管部门"],
        [1, "大气污染防治资金", 0, 90, "生态环境局"],
        [2, "水污染防治资金", 600, 520, "生态环境局"],
        [3, "农村环境整治资金", 450, 600, "生态环境局"],
        ["合计", "", 1050, 1210, ""],
    ]})
    return scanned_documents(home)


def test_a_page_of_the_enterprises_disclosure_platform_is_their_self_monitoring_not_the_supervision(docs):
    tags = in_window(docs["微信图片_20200930143211.docx"])
    assert "10.3.4" in tags and "10.3.2" not in tags


def test_the_notice_releasing_the_assessments_money_is_that_budget_not_a_special_transfer(docs):
    tags = in_window(docs["融财预〔2020〕12号.docx"])
    assert "2.5" in tags
    assert not tags & {"2.2", "2.4"}


def test_a_table_whose_title_names_two_bureaus_is_each_ones(docs):
    assert {"2.4", "10.4"} <= in_window(docs["专项转移支付资金梳理表（财政局、生态环境局）.xlsx"])
