"""Classes found by reading blind49 (issue 19, round fifty-three), after it was measured once: self-checks
in all their forms; the development and reform bureau's world. The lead office's review of the members'
self-checks (「…自查报告及数据材料审核情况的通报」) is nobody's self-check, though it is the lead office's
compiling work; a self-check table of the environmental inspection's rectification (「中央环保督察…整改
情况自查表」) belongs to another regime. A bureau's own self-check guards what did not change. Real files
dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx

SELF_CHECKS = {"1.4", "3.4", "4.5", "5.3", "6.6", "8.5", "9.3", "10.3.6"}


@pytest.fixture(scope="module")
def round53_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind49") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "审核" / "关于各成员单位自查报告及数据材料审核情况的通报.docx", [
        "融水县重点生态功能区县域生态环境质量考核工作领导小组办公室", "融生考办〔2020〕5号",
        "关于各成员单位自查报告及数据材料审核情况的通报", "各成员单位：",
        "截至10月21日，10个成员单位均已报送部门自查报告及数据材料。我办组织对报送材料进行了审核，现将审核情况通报如下：",
        "住建局首次报送的自查报告为送审稿，未盖章，已退回修改；农业农村局化肥施用量请按折纯量重新填报。",
        "县重点生态功能区考核工作领导小组办公室 2020年10月21日",
    ])
    make_xlsx(share / "生态环境局" / "2020县域考核" / "其他" / "中央环保督察反馈问题整改情况自查表.xlsx", {"Sheet1": [
        ["第二轮中央生态环境保护督察反馈问题整改情况自查表"],
        ["序号", "反馈问题", "整改措施", "完成情况", "责任单位"],
        ["1", "县城污水处理厂进水浓度偏低", "推进雨污分流改造", "已完成", "县住建局"],
        ["2", "乡镇垃圾转运站渗滤液收集不规范", "完善收集池", "推进中", "县城管局"],
    ]})
    make_docx(share / "林业局" / "2020考核" / "自查报告" / "林业局2020年度生态环境保护工作自查报告.docx", [
        "融水苗族自治县林业局", "2020年度生态环境保护工作自查报告", "县域考核领导小组办公室：",
        "按照考核工作安排，我局对2019—2020年林业生态保护工作进行了自查：完成植树造林6.12万亩，兑现公益林补偿资金2187万元。",
        "融水苗族自治县林业局 2020年10月16日",
    ])
    return scanned_documents(home)


def test_the_lead_offices_review_of_the_self_checks_is_nobodys_self_check(round53_docs):
    tags = in_window(round53_docs["关于各成员单位自查报告及数据材料审核情况的通报.docx"])
    assert not SELF_CHECKS & tags


def test_the_inspections_rectification_self_check_is_another_regimes(round53_docs):
    assert "10.3.6" not in in_window(round53_docs["中央环保督察反馈问题整改情况自查表.xlsx"])


def test_a_bureaus_own_self_check_still_is(round53_docs):
    assert "9.3" in in_window(round53_docs["林业局2020年度生态环境保护工作自查报告.docx"])
