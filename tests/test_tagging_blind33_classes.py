"""Classes found by reading blind33 (issue 19, round thirty-seven), after it was measured once: what a
department publishes is saved from its website with the site's navigation line on top, and the paper's
own heading below it is what a reviewer reads; a page filed under the 「政府信息公开目录」 is no list of
materials; the bureau named 住房和城乡建设局 in a heading is not housing; a 财税 policy is a fiscal
policy; another county's assessment plan kept for reference is not ours; and a clerk's working notes —
phone logs, work diaries, to-do lists, draft e-mails, progress sheets — say where the material is and
what it holds without being it; a table row whose value awaits another bureau names a figure without
giving it; a screenshot of the page publishing the negative list is its publication (1.1/公示), and the
list (1.1/清单) only when its rows are on the page. Real files dropped into a county home, scanned by the real pipeline,
tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round37_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind33") / "home")
    share = home / "watch_folders"
    make_docx(share / "林业局" / "2020考核" / "网站公开" / "石漠化作业设计批复(网站).docx", [
        "融水苗族自治县人民政府门户网站 > 政务公开 > 县林业局 > 文件通知",
        "融水苗族自治县林业局关于2020年岩溶地区石漠化综合治理工程作业设计的批复",
        "融林发〔2020〕19号    发布时间：2020-04-03 09:22",
        "县林业技术推广站：你站报送的《融水县2020年岩溶地区石漠化综合治理工程作业设计》收悉。经组织专家审查，现批复如下：",
        "一、同意该作业设计。建设任务：人工造林186.7公顷，封山育林620公顷。二、总投资398万元。",
        "融水苗族自治县林业局 2020年4月1日",
    ])
    make_docx(share / "林业局" / "2020考核" / "网站公开" / "林业局自查报告（信息公开目录）.docx", [
        "融水苗族自治县政府信息公开目录 > 县林业局 > 规划总结",
        "融水苗族自治县林业局关于2020年度生态环境保护工作的自查报告",
        "融林报〔2020〕66号    发布时间：2020-10-19 17:12",
        "县重点生态功能区县域生态环境质量考核工作领导小组办公室：",
        "现将我局2019年以来生态环境保护工作自查情况报告如下：一、林地指标填报情况。二、生态保护与建设工程，完成人工造林1.12万亩。",
        "融水苗族自治县林业局 2020年10月19日",
    ])
    make_docx(share / "住建局" / "2020考核" / "网站公开" / "县城污水管网改造工程竣工验收公示.docx", [
        "融水苗族自治县住房和城乡建设局 > 公示公告",
        "融水县县城污水管网改造工程（二期）竣工验收公示",
        "发布时间：2020-09-08 15:45",
        "工程新建及改造污水管网9.3公里，于2019年8月开工，2020年7月完工。2020年8月31日，建设单位组织勘察、设计、施工、监理单位进行竣工验收，验收结论为合格。",
        "融水苗族自治县住房和城乡建设局 2020年9月8日",
    ])
    make_docx(share / "财政局" / "2020考核" / "政策解读-融水县支持生态环境保护的财税政策.docx", [
        "图文解读：我县支持生态环境保护的主要财税政策", "发布时间：2020-07-02 10:40   来源：县财政局",
        "一、生态功能区转移支付统筹使用政策。重点生态功能区转移支付资金全额纳入一般公共预算，每年安排不低于35%用于生态环境保护与治理项目。",
        "二、环境保护税政策。对符合条件的污水处理、垃圾处理企业落实免征、减征政策。",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "参考资料" / "三江县2020年重点生态功能区考核实施方案.docx", [
        "三江侗族自治县人民政府办公室关于印发三江侗族自治县2020年国家重点生态功能区县域生态环境质量监测评价与考核工作方案的通知",
        "三政办发〔2020〕52号", "各乡镇人民政府，县直各有关单位：",
        "《三江侗族自治县2020年国家重点生态功能区县域生态环境质量监测评价与考核工作方案》已经县人民政府同意，现印发给你们。",
        "三江侗族自治县人民政府办公室 2020年9月17日",
    ])
    make_docx(share / "城管局" / "2020考核" / "电话记录-填埋场-地磅故障.docx", [
        "电话记录", "时间：2020年10月12日 9:05    去电：填埋场 蒙站长",
        "问：6月17、18日地磅没数据，当时怎么记的？答：两天按车次记，17日36车、18日35车，每车约3吨，共212吨。",
        "处理：估算数计入6月填埋量；请蒙站长把维修单和进场单复印一份给环卫所。",
    ])
    make_docx(share / "农业农村局" / "2020考核" / "材料收集进度表（农业农村局）.docx", [
        "农业农村局生态考核材料收集进度表（更新于10月14日）",
        "序号\t材料\t责任股室\t状态", "1\t水田、旱地面积\t农经站\t已完成", "2\t化肥、农药、播种面积\t种植业股\t已完成",
    ])
    make_docx(share / "住建局" / "2020考核" / "邮件草稿-回复汪工关于永乐镇验收报告.docx", [
        "主题：回复：永乐镇污水厂验收报告原件",
        "汪工：您问的永乐镇污水处理厂竣工验收报告，原件在施工单位整理竣工档案，我们目前有四方盖章后的扫描件，已放在共享盘。",
    ])
    make_docx(share / "统计局" / "2020考核" / "县域基本情况表（统计局填报部分）2019.docx", [
        "县域基本情况表（2019年）—— 统计局负责部分", "填报单位：融水苗族自治县统计局（盖章）",
        "指标\t单位\t数值", "县域总人口\t万人\t52.36", "城镇总人口\t万人\t15.07",
        "化肥施用量\t吨\t（待农业农村局）", "农药施用量\t吨\t（待农业农村局）", "播种面积\t公顷\t（待农业农村局）",
        "填表：韦丽萍    2020年10月13日",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.1负面清单" / "IMG_20201019_153244.docx", [
        "融水苗族自治县人民政府门户网站", "首页 > 政务公开 > 通知公告",
        "关于公开《广西第二批重点生态功能区县产业准入负面清单（试行）》融水苗族自治县部分的公告",
        "发布时间：2019-04-12 10:36 来源：县发展和改革局",
        "现将我县产业准入负面清单（限制类 19 项、禁止类 12 项）予以公开，接受社会监督。",
        "附件：融水苗族自治县产业准入负面清单.pdf", "融水苗族自治县发展和改革局 2019年4月12日",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.1负面清单" / "负面清单公示网页打印.docx", [
        "融水苗族自治县人民政府门户网站 > 政务公开 > 发展规划", "关于公示融水苗族自治县重点生态功能区产业准入负面清单的公告",
        "现将我县执行的产业准入负面清单予以公示，公示时间：2020年4月16日至2020年5月15日。",
        "附件", "融水苗族自治县重点生态功能区产业准入负面清单", "门类\t大类\t中类/小类\t类别\t管控要求",
        "B采矿业\t06煤炭开采和洗选业\t0610烟煤和无烟煤开采洗选\t禁止类\t全县范围内禁止新建",
        "C制造业\t22造纸和纸制品业\t2211木竹浆制造\t禁止类\t禁止新建化学制浆项目",
    ])
    return scanned_documents(home)


def test_a_saved_web_page_is_read_by_the_heading_under_its_navigation_line(round37_docs):
    assert "9.2" in in_window(round37_docs["石漠化作业设计批复(网站).docx"])
    assert "9.3" in in_window(round37_docs["林业局自查报告（信息公开目录）.docx"])


def test_the_housing_bureaus_own_name_does_not_make_its_works_housing(round37_docs):
    assert "4.4" in in_window(round37_docs["县城污水管网改造工程竣工验收公示.docx"])


def test_a_tax_and_fiscal_policy_explainer_is_the_finance_bureaus_policy(round37_docs):
    assert "2.6" in in_window(round37_docs["政策解读-融水县支持生态环境保护的财税政策.docx"])


def test_another_countys_plan_kept_for_reference_is_not_ours(round37_docs):
    assert round37_docs["三江县2020年重点生态功能区考核实施方案.docx"]["tags"] == []


def test_a_table_row_awaiting_another_bureau_does_not_give_its_figure(round37_docs):
    tags = in_window(round37_docs["县域基本情况表（统计局填报部分）2019.docx"])
    assert "7.2.2" in tags and "7.2.4" not in tags


def _deliverables(doc: dict, item: str) -> list[str]:
    return next(t["deliverables"] for t in doc["tags"] if t["item"] == item)


def test_a_screenshot_of_the_lists_publication_is_the_publication_not_the_list(round37_docs):
    assert _deliverables(round37_docs["IMG_20201019_153244.docx"], "1.1") == ["1.1/公示"]
    assert sorted(_deliverables(round37_docs["负面清单公示网页打印.docx"], "1.1")) == ["1.1/公示", "1.1/清单"]


@pytest.mark.parametrize("name", ["电话记录-填埋场-地磅故障.docx", "材料收集进度表（农业农村局）.docx",
                                  "邮件草稿-回复汪工关于永乐镇验收报告.docx"])
def test_a_clerks_working_notes_evidence_nothing(round37_docs, name):
    assert round37_docs[name]["tags"] == []
