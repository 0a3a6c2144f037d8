"""Classes found by reading blind37 (issue 19, round forty-one), after it was measured once: the county
government's own papers in the bureaus' shares, and maps and spatial data. Minutes that 「原则同意该方案」
adopt the plan, and the draft they cite inside 《…（送审稿）》 does not make them a draft; a survey's service contract
is not the land-use table; a transfer station's acceptance quoting tonnes is not the clearance data; the
approval of a survey's results is no project's approval; the budget's resolution is no use report. Real
files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf


@pytest.fixture(scope="module")
def round41_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind37") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "2020县域考核" / "会议纪要" / "县政府常务会议纪要〔2020〕19号（扫描）.docx", [
        "融水苗族自治县人民政府", "常 务 会 议 纪 要", "〔2020〕19号",
        "一、关于2020年国家重点生态功能区县域生态环境质量监测评价与考核工作",
        "会议听取了融水生态环境局关于《融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案（送审稿）》起草情况的汇报。",
        "会议原则同意该方案，并议定：由融水生态环境局按会议意见修改完善，9月底前以县政府办公室名义印发。",
    ])
    make_docx(share / "自然资源局" / "县域考核2020" / "其他" / "第三次全国国土调查融水县服务合同.docx", [
        "第三次全国国土调查融水苗族自治县外业调查及数据库建设项目", "政府采购合同",
        "甲方：融水苗族自治县自然资源和规划局    乙方：广西XX测绘地理信息有限公司",
        "第一条 服务内容：全县土地利用现状调查、数据库建设及统计汇总。第二条 合同价款：人民币618.5万元。",
        "第三条 工期：至2019年12月31日。",
    ])
    make_docx(share / "城管局" / "2020县域考核" / "8.3乡镇垃圾收集项目" / "乡镇生活垃圾转运站建设项目（一期）竣工验收报告.docx", [
        "融水县乡镇生活垃圾转运站建设项目（一期）", "竣工验收报告", "验收时间：2020年7月8日",
        "一、完成情况：3座转运站主体工程及压缩设备安装完成并试运行，三防站实际日转运量约12吨，垃圾清运至县生活垃圾卫生填埋场无害化处理。",
        "二、结论：同意通过竣工验收。",
    ])
    make_docx(share / "林业局" / "2020县域考核" / "9.1林地" / "扫描件0037.docx", [
        "融水苗族自治县人民政府", "关于2019年度林地年度变更调查成果的批复", "县林业局：",
        "你局报来的2019年度林地年度变更调查成果收悉。经研究，批复如下：同意该成果。",
        "全县林地面积407248.7公顷，其中有林地356210.4公顷、灌木林地31405.8公顷、其他林地19632.5公顷。",
        "融水苗族自治县人民政府 2020年4月2日",
    ])
    make_text_pdf(share / "财政局" / "2020考核资料" / "2.人大决议及专项资金" / "人大决议（复印件）及说明.pdf", [
        "情 况 说 明\n我县2020年预算经县第十七届人民代表大会第五次会议审议批准，决议原件由县人大常委会办公室存档，"
        "现附复印件。\n融水苗族自治县财政局\n2020年10月14日",
        "融水苗族自治县第十七届人民代表大会第五次会议\n关于2019年预算执行情况与2020年预算的决议\n"
        "会议审查了县人民政府提出的《关于2019年预算执行情况与2020年预算草案的报告》，决定批准2020年县本级预算。\n"
        "会议要求，县人民政府要加大生态环境保护投入，统筹用好重点生态功能区转移支付等上级资金。",
    ])
    return scanned_documents(home)


def test_minutes_that_agree_to_the_plan_adopt_it_and_the_cited_draft_is_not_theirs(round41_docs):
    minutes = round41_docs["县政府常务会议纪要〔2020〕19号（扫描）.docx"]
    assert "10.1" in in_window(minutes) and not minutes["draft"]


def test_a_surveys_service_contract_is_not_the_land_use_table(round41_docs):
    assert "3.2" not in in_window(round41_docs["第三次全国国土调查融水县服务合同.docx"])


def test_a_transfer_stations_acceptance_quoting_tonnes_is_not_the_clearance_data(round41_docs):
    tags = in_window(round41_docs["乡镇生活垃圾转运站建设项目（一期）竣工验收报告.docx"])
    assert "8.3" in tags and "8.1" not in tags


def test_the_approval_of_a_surveys_results_is_no_projects_approval(round41_docs):
    tags = in_window(round41_docs["扫描件0037.docx"])
    assert "9.1" in tags and "9.2" not in tags


def test_the_budgets_resolution_is_no_use_report(round41_docs):
    tags = in_window(round41_docs["人大决议（复印件）及说明.pdf"])
    assert "2.2" in tags and "2.3" not in tags
