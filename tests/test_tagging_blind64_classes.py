"""Classes found by reading blind64 (issue 19, round sixty-seven), after it was measured unread at
rounds 63-66: duties that ask for two things, and papers from above. A paper the department set
aside in a folder it named 「旧版」 is shown with its duties but not counted for this round (a draft
kept in 「旧稿」 stays the draft it is); a circular the region or the city sends every county is none
of the county's evidence, while the figures it settles for each county are read as usual; the
landfill's running report with its leachate figures is the leachate record.
Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind64") / "home")
    share = home / "watch_folders"
    notice = [
        "融水苗族自治县发展和改革局",
        "关于融水县重点生态功能区产业准入负面清单的公示",
        "我局会同有关部门编制了《融水县重点生态功能区产业准入负面清单》，现予以公示，公示期10个工作日。",
        "融水苗族自治县发展和改革局",
        "{date}",
    ]
    make_docx(share / "发改局" / "2020考核" / "1.1负面清单" / "旧版" / "负面清单公示（2017）.docx",
              [line.format(date="2017年4月10日") for line in notice])
    make_docx(share / "发改局" / "2020考核" / "1.1负面清单" / "负面清单公示（2019）.docx",
              [line.format(date="2019年6月12日") for line in notice])
    make_docx(share / "发改局" / "2020考核" / "1.4自查" / "旧稿" / "发改局自查报告（讨论稿）.docx", [
        "融水县发展和改革局2020年度生态环境保护工作自查报告（讨论稿）",
        "一、产业准入负面清单执行情况：2019年以来未审批、核准、备案禁止类项目。",
        "二、部门生态环境保护工作自查：对照职责逐项检查，各项工作按要求落实。",
        "融水苗族自治县发展和改革局", "2020年9月21日",
    ])
    make_docx(share / "住建局" / "收文" / "自治区住建厅通报上半年城镇污水处理情况.docx", [
        "广西壮族自治区住房和城乡建设厅",
        "关于2020年上半年全区城镇污水处理工作情况的通报",
        "各市、县住房城乡建设（市政）主管部门：",
        "现将2020年上半年全区城镇污水处理情况通报如下：全区县城污水处理厂运行负荷率平均79.6%，"
        "融水县等县城污水处理厂进水浓度偏低，请加快管网排查。",
        "广西壮族自治区住房和城乡建设厅", "2020年8月3日",
    ])
    make_docx(share / "统计局" / "国民经济核算" / "柳州市统计局关于反馈2019年各县区地区生产总值核算结果的通知.docx", [
        "柳州市统计局",
        "柳州市统计局关于反馈2019年各县（区）地区生产总值统一核算结果的通知",
        "各县（区）统计局：",
        "现将2019年各县（区）地区生产总值统一核算结果反馈给你们。",
        "县（区）\t地区生产总值（亿元）\t第一产业\t第二产业\t第三产业",
        "融水县\t86.73\t25.12\t19.85\t41.76",
        "柳州市统计局", "2020年3月20日",
    ])
    make_docx(share / "城管局" / "2020县域考核" / "8.2渗滤液及周边监测" / "县生活垃圾填埋场2020年1-3季度运行情况报告.docx", [
        "融水县生活垃圾卫生填埋场2020年1—3季度运行情况报告",
        "一、垃圾处置：1—9月共接收生活垃圾3.12万吨，全部分单元填埋、每日覆土。",
        "二、渗滤液收集处理：1—9月渗滤液产生量12918立方米，处理量12918立方米，经两级DTRO处理后达标排放。",
        "三、存在问题：调节池容量偏小。",
        "融水苗族自治县城市管理行政执法局", "2020年10月10日",
    ])
    return scanned_documents(home)


def test_a_paper_set_aside_in_an_old_versions_folder_is_not_counted_for_this_round(docs):
    old, current = docs["负面清单公示（2017）.docx"], docs["负面清单公示（2019）.docx"]
    assert "1.1" in {t["item"] for t in old["tags"]} and "1.1" not in in_window(old)
    assert "1.1" in in_window(current)


def test_a_draft_kept_in_an_old_drafts_folder_is_still_the_draft(docs):
    doc = docs["发改局自查报告（讨论稿）.docx"]
    assert doc["draft"] is True and "1.4" in in_window(doc)


def test_a_circular_from_above_to_every_county_is_none_of_the_countys_evidence(docs):
    assert in_window(docs["自治区住建厅通报上半年城镇污水处理情况.docx"]) == set()


def test_the_figures_the_city_settles_for_each_county_are_read_as_usual(docs):
    assert "7.1" in in_window(docs["柳州市统计局关于反馈2019年各县区地区生产总值核算结果的通知.docx"])


def test_the_landfills_running_report_with_its_leachate_figures_is_the_leachate_record(docs):
    assert "8.2" in in_window(docs["县生活垃圾填埋场2020年1-3季度运行情况报告.docx"])
