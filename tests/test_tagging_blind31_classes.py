"""Classes found by reading blind31 (issue 19, round thirty-five), after it was measured once: what
lands in a share is often a piece of a paper — its opening cut short, its cover, the sign-in sheet of
its meeting, the covering letter without what it covers — and a piece is not yet the material;
a letter whose 「附件：」 paper follows it, under the paper's own name, is that paper. Real files
dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf

USE_REPORT = ("融水苗族自治县2020年国家重点生态功能区转移支付资金使用情况报告\n"
              "2020年，自治区财政厅先后分两批下达我县国家重点生态功能区转移支付资金11586万元，其中提前下达9200万元，"
              "第二批下达2386万元。资金到位后，我局严格按照转移支付办法的规定，将资金全额纳入一般公共预算，并")


@pytest.fixture(scope="module")
def round35_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind31") / "home")
    share = home / "watch_folders"
    make_text_pdf(share / "财政局" / "2020考核" / "3.使用情况" / "2020年转移支付资金使用情况报告.pdf", [USE_REPORT + "\n一、"])
    make_text_pdf(share / "财政局" / "2020考核" / "3.使用情况" / "2020年转移支付资金使用情况报告（定稿）.pdf", [
        USE_REPORT + "统筹用于生态环境保护和基本公共服务。\n一、资金使用：已支出10870万元，其中生态环境保护支出6120万元。\n"
        "融水苗族自治县财政局\n2020年10月16日"])
    make_docx(share / "自然资源局" / "2020考核" / "3.项目资料" / "矿山恢复治理工程竣工验收专家签名表.docx", [
        "融水县安太乡石场矿山地质环境恢复治理工程竣工验收专家组签名表", "时间：2020年6月17日",
        "序号\t姓名\t工作单位\t签名", "1\t覃建国\t广西地矿局二七〇队\t覃建国", "2\t杨丽\t柳州市自然资源和规划局\t杨丽",
    ])
    make_docx(share / "城管局" / "2020考核" / "2.渗滤液及周边监测" / "填埋场周边地下水监测报告-封面.docx", [
        "检 测 报 告", "报告编号：GXHJ-2020-0815", "项目名称：融水县城生活垃圾卫生填埋场周边地下水及地表水监测",
        "委托单位：融水苗族自治县城市管理行政执法局", "报告日期：2020年8月28日", "广西华测环境检测有限公司",
    ])
    make_docx(share / "城管局" / "2020考核" / "5.自查" / "关于报送城管局自查报告的函.docx", [
        "融水苗族自治县城市管理行政执法局", "关于报送2020年度生态环境保护工作自查报告的函",
        "县考核领导小组办公室：", "根据县考核工作实施方案的要求，我局已完成2020年度生态环境保护工作自查，现将自查报告报送你办。",
        "附件：融水苗族自治县城市管理行政执法局2020年度生态环境保护工作自查报告",
        "融水苗族自治县城市管理行政执法局", "2020年10月22日",
    ])
    make_text_pdf(share / "生态环境局" / "2020考核" / "10.1 方案" / "关于报送实施方案代拟稿的函.pdf", [
        "柳州市融水生态环境局\n关于报送《融水县2020年县域生态环境质量考核工作实施方案（代拟稿）》的函\n县人民政府办公室：\n"
        "为做好今年考核工作，我局代拟了实施方案，请审定后以县政府办名义印发。\n附件：实施方案（代拟稿）",
        "融水县2020年重点生态功能区县域生态环境质量考核工作实施方案（代拟稿）\n一、成立领导小组。\n"
        "二、部门分工：县发展和改革局提供产业准入负面清单和公示材料；县财政局编制转移支付资金使用情况报表和报告。",
    ])
    make_docx(share / "城管局" / "2020考核" / "8.5自查报告" / "城管局2020年度县域考核自查报告.docx", [
        "融水县城市管理行政执法局", "关于2020年度县域生态环境质量考核工作的自查报告",
        "一、生活垃圾处理：2020年1—9月县城生活垃圾清运25063.4吨，全部卫生填埋，无害化处理率100%，生态环境保护工作有序推进。",
        "二、乡镇垃圾收运体系：6座乡镇转运站中已建成投用5座。", "融水县城市管理行政执法局", "2020年10月16日",
    ])
    return scanned_documents(home)


def test_a_paper_cut_short_is_not_yet_the_material(round35_docs):
    cut = round35_docs["2020年转移支付资金使用情况报告.pdf"]
    assert in_window(cut) == set() and "中断" in (cut.get("meta") or "")
    assert "2.3" in in_window(round35_docs["2020年转移支付资金使用情况报告（定稿）.pdf"])


def test_a_sign_in_sheet_or_a_cover_is_not_the_paper_it_belongs_to(round35_docs):
    assert in_window(round35_docs["矿山恢复治理工程竣工验收专家签名表.docx"]) == set()
    assert in_window(round35_docs["填埋场周边地下水监测报告-封面.docx"]) == set()


def test_a_covering_letter_is_what_it_covers_only_when_that_follows(round35_docs):
    assert in_window(round35_docs["关于报送城管局自查报告的函.docx"]) == set()
    assert "10.1" in in_window(round35_docs["关于报送实施方案代拟稿的函.pdf"])


def test_a_bureaus_self_check_named_for_the_county_assessment_is_its_own(round35_docs):
    assert "8.5" in in_window(round35_docs["城管局2020年度县域考核自查报告.docx"])
