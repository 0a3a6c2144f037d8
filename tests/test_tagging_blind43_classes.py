"""Classes found by reading blind43 (issue 19, round forty-seven), after it was measured once: what the
levels above sent and the county's answers; incidents, emergencies and risk. What a level above sends
down about the assessment (results 通报, feedback on deductions, forwarded checking tasks, review
problem lists, quality-check notices) asks for material and is none; a bureau's self-check is its own
when its file name names the bureau, whatever its heading says; a letter handing in a paper carries
the paper behind it under its own heading; the digest of fiscal policies is not the transfer's
budgeting; the report on handling an incident is the incident account while plans, drills, review
papers and a township's own note of none are not, and an incident report is no quality monitoring;
a record's 「8月24日电话告知」 is no news dateline. Real files dropped into a county home, scanned by the
real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf


@pytest.fixture(scope="module")
def round47_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind43") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "上级来文" / "考核结果通报.docx", [
        "广西壮族自治区生态环境厅", "桂环函〔2020〕1203号",
        "自治区生态环境厅关于2019年度国家重点生态功能区县域生态环境质量监测评价与考核结果的通报", "各有关市、县人民政府：",
        "2019年度考核中，部分县未提交突发环境事件情况说明，个别县地表变化图斑核查不到位、未说明原因。现将考核结果通报如下。",
        "广西壮族自治区生态环境厅 2020年7月2日",
    ])
    make_docx(share / "自然资源局" / "2020考核" / "遥感图斑" / "市局转发图斑核查通知.docx", [
        "柳州市生态环境局", "柳环函〔2020〕321号", "关于转发开展2020年县域考核遥感监测疑似问题图斑核查工作的通知",
        "各县（区）生态环境局：", "现将自治区疑似问题图斑清单转发给你们，请组织对图斑逐一核查，说明变化原因，于9月30日前报送核查结果。",
        "柳州市生态环境局 2020年8月20日",
    ])
    make_docx(share / "城管局" / "2020考核" / "自查报告" / "城管局2020年度县域考核自查报告（盖章）.docx", [
        "融水苗族自治县城市管理行政执法局", "2020年度国家重点生态功能区县域生态环境质量考核工作自查报告",
        "一、县城生活垃圾清运量18960吨，无害化处理率100%。", "二、填埋场渗滤液处理站稳定运行，周边地下水按季度监测。",
        "三、乡镇垃圾转运站8座已完工验收。", "融水苗族自治县城市管理行政执法局 2020年10月16日",
    ])
    make_text_pdf(share / "住建局" / "2020考核" / "项目" / "雨污分流改造工程竣工验收报告（补报）.pdf", [
        "融水苗族自治县住房和城乡建设局\n关于补充报送县城雨污分流改造工程验收材料的函\n县考核办：\n"
        "现场核查组提出缺县城雨污分流改造工程竣工验收文件，现将该工程竣工验收报告补充报送，请转交核查组。\n"
        "融水苗族自治县住房和城乡建设局\n2020年11月20日",
        "融水县城东区雨污分流改造工程竣工验收报告\n"
        "工程于2019年4月开工，2020年6月完工，新建雨水管网3.2公里、污水管网2.9公里。2020年7月10日，建设单位组织设计、施工、"
        "监理单位进行竣工验收，验收组同意通过竣工验收。",
    ])
    make_docx(share / "财政局" / "县域考核材料2020" / "有利于生态保护的财税政策及成效汇总.docx", [
        "融水苗族自治县2019—2020年有利于生态环境保护的财税政策及成效情况",
        "一、用好重点生态功能区转移支付。上级下达的转移支付资金全部纳入一般公共预算统筹安排，不用于形象工程和楼堂馆所建设。",
        "二、落实生态公益林补偿和生态护林员政策。三、总体成效：森林覆盖率保持在79%以上。", "县财政局 2020年10月",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "突发环境事件" / "柴油泄漏事件处置情况报告.docx", [
        "柳州市融水生态环境局", "融环报〔2020〕23号", "柳州市融水生态环境局关于S306永乐段柴油罐车侧翻泄漏事件处置情况的报告",
        "县人民政府：", "2020年6月3日，一辆柴油罐车在S306永乐段侧翻，约2吨柴油泄漏。我局立即启动应急响应，县环境监测站在下游断面"
        "布点采样，经处置泄漏柴油全部回收，未造成水体污染。", "柳州市融水生态环境局 2020年6月10日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "应急" / "突发环境事件应急演练方案.docx", [
        "融水县2020年突发环境事件应急演练方案", "为检验《融水县突发环境事件应急预案》，定于2020年9月开展危化品运输泄漏应急演练，"
        "演练结束后形成情况说明。", "柳州市融水生态环境局 2020年8月12日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "乡镇报送" / "IMG_20200928_汪洞乡说明.docx", [
        "汪 洞 乡 人 民 政 府", "关于汪洞乡2020年1—9月未发生突发环境事件的情况说明", "柳州市融水生态环境局：",
        "经排查，2020年1月至9月我乡辖区内未发生突发环境事件。特此说明。", "汪洞乡人民政府 2020年9月28日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "国控源监管" / "纸业公司现场监察记录.docx", [
        "柳州市融水生态环境局", "现场监察（检查）记录", "被检查单位：融水县某纸业有限公司（国控重点排污单位）",
        "检查情况：污水处理设施正常运行，在线监测数据正常，监督性监测结果达标。",
        "备注：信访人已于8月24日电话告知核查结果，表示满意。", "检查人：覃某、韦某 2020年8月20日",
    ])
    return scanned_documents(home)


def test_the_regions_results_bulletin_is_no_material(round47_docs):
    assert in_window(round47_docs["考核结果通报.docx"]) == set()


def test_a_forwarded_checking_task_is_no_checking_result(round47_docs):
    assert in_window(round47_docs["市局转发图斑核查通知.docx"]) == set()


def test_a_bureaus_self_check_is_its_own_when_its_file_name_names_it(round47_docs):
    assert "8.5" in in_window(round47_docs["城管局2020年度县域考核自查报告（盖章）.docx"])


def test_a_letter_handing_in_a_paper_carries_the_paper_behind_it(round47_docs):
    assert "4.4" in in_window(round47_docs["雨污分流改造工程竣工验收报告（补报）.pdf"])


def test_the_fiscal_policy_digest_is_not_the_transfers_budgeting(round47_docs):
    tags = in_window(round47_docs["有利于生态保护的财税政策及成效汇总.docx"])
    assert "2.6" in tags and "2.1" not in tags


def test_the_report_on_handling_an_incident_is_the_incident_account(round47_docs):
    tags = in_window(round47_docs["柴油泄漏事件处置情况报告.docx"])
    assert "10.3.5" in tags and "10.5" not in tags


def test_a_drill_plan_accounts_for_no_incident(round47_docs):
    assert "10.3.5" not in in_window(round47_docs["突发环境事件应急演练方案.docx"])


def test_a_townships_own_note_of_none_is_not_the_countys_account(round47_docs):
    assert "10.3.5" not in in_window(round47_docs["IMG_20200928_汪洞乡说明.docx"])


def test_a_records_phone_call_is_no_news_dateline(round47_docs):
    doc = round47_docs["纸业公司现场监察记录.docx"]
    assert "10.3.2" in in_window(doc)
    assert not any("新闻报道" in r for t in doc["tags"] for r in t["reasons"])
