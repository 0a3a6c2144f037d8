"""Classes found by reading blind45 (issue 19, round forty-nine), after it was measured once: the
bureaus' own papers about spending the money; enforcement and legal papers. A request for a project's
money that recounts its approval, building and acceptance is the project's paper (a request for work
money is still no evidence of the budget); money for building the township sewage facilities is their
building's paper; the completion settlement audit comes after the works and records them; a penalty
decision quoting a plot's 土地利用现状 is a case, not the land-use table; the digest of fiscal
policies lists the assessment's budget without being it. The request for work money and the penalty
decision guard what did not change (they pass before too). Real files dropped into a county home,
scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round49_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind45") / "home")
    share = home / "watch_folders"
    make_docx(share / "林业局" / "考核佐证" / "项目" / "申请拨付石漠化治理工程项目资金的请示.docx", [
        "融水苗族自治县林业局", "融林报〔2020〕52号",
        "关于申请拨付2019年度岩溶地区石漠化综合治理工程验收合格项目资金的请示", "县财政局：",
        "2019年度石漠化综合治理工程经市林业局批复实施，完成封山育林1.2万亩、人工造林0.35万亩，2020年6月经县级检查验收合格。"
        "现申请拨付项目资金286万元。", "融水苗族自治县林业局 2020年7月6日",
    ])
    make_docx(share / "生态环境局" / "经费" / "关于申请追加监测工作经费的请示.docx", [
        "柳州市融水生态环境局", "关于申请追加2020年环境监测工作经费的请示", "县财政局：",
        "为做好2020年县域生态环境质量考核监测工作，申请追加环境监测工作经费38万元，请予安排。",
        "柳州市融水生态环境局 2020年5月8日",
    ])
    make_docx(share / "住建局" / "2020生态考核" / "3乡镇污水" / "关于拨付乡镇污水处理设施建设资金的通知.docx", [
        "融水苗族自治县住房和城乡建设局", "融住建〔2020〕71号", "关于拨付怀宝镇、洞头镇生活污水处理设施建设资金的通知",
        "怀宝镇、洞头镇人民政府：", "怀宝镇、洞头镇生活污水处理设施建设项目已完成主体工程，新建污水处理站2座、配套管网5.6公里，"
        "现拨付建设资金320万元，请专款专用。", "融水苗族自治县住房和城乡建设局 2020年8月12日",
    ])
    make_docx(share / "住建局" / "2020生态考核" / "4项目" / "污水管网改造工程竣工结算审核报告.docx", [
        "广西某工程造价咨询有限公司", "融水县城区污水管网改造工程（二期）竣工结算审核报告",
        "项目经县发展和改革局批复，2019年5月开工，2020年6月竣工验收合格。送审结算金额1862.4万元，审定金额1798.6万元。",
    ])
    make_docx(share / "自然资源局" / "执法监察" / "2020" / "行政处罚决定书.docx", [
        "融水苗族自治县自然资源和规划局", "融自然资罚〔2020〕19号", "行政处罚决定书",
        "当事人：某某，男，住和睦镇下覃村。", "经查，当事人于2019年在下覃村集体土地上未经批准建房，占地0.02公顷。经套合土地利用总体规划，该地块为一般农用地，现状为旱地。"
        "根据《中华人民共和国土地管理法》，决定责令退还非法占用的土地并处罚款。", "融水苗族自治县自然资源和规划局 2020年4月2日",
    ])
    make_docx(share / "财政局" / "2020考核" / "6财税政策" / "财税政策措施及生态建设总体成效.docx", [
        "融水县有利于生态保护的财税政策措施及生态建设总体成效",
        "一、财税政策措施：落实生态公益林补偿；将县域生态环境质量考核及监测经费列入年度预算，2020年安排考核及监测经费140万元。",
        "二、总体成效：森林覆盖率保持在79%以上，县域生态环境质量保持稳定。", "县财政局 2020年10月",
    ])
    return scanned_documents(home)


def test_a_request_for_a_projects_money_recounting_its_acceptance_is_the_projects_paper(round49_docs):
    assert "9.2" in in_window(round49_docs["申请拨付石漠化治理工程项目资金的请示.docx"])


def test_a_request_for_work_money_is_still_no_evidence(round49_docs):
    assert in_window(round49_docs["关于申请追加监测工作经费的请示.docx"]) == set()


def test_money_for_building_the_township_sewage_facilities_is_their_building(round49_docs):
    assert "4.3" in in_window(round49_docs["关于拨付乡镇污水处理设施建设资金的通知.docx"])


def test_the_completion_settlement_records_the_finished_works(round49_docs):
    assert "4.4" in in_window(round49_docs["污水管网改造工程竣工结算审核报告.docx"])


def test_a_penalty_decision_is_no_land_use_table(round49_docs):
    assert in_window(round49_docs["行政处罚决定书.docx"]) == set()


def test_the_fiscal_policy_digest_is_not_the_assessments_budget(round49_docs):
    tags = in_window(round49_docs["财税政策措施及生态建设总体成效.docx"])
    assert "2.6" in tags and "2.5" not in tags
