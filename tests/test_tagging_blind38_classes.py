"""Classes found by reading blind38 (issue 19, round forty-two), after it was measured once: e-mails as
saved, and technical writing. A mailbox's automatic reply and a reply that only says 「收到，谢谢」 carry
nothing, whatever the mail they quote asked for; a design's horizon (「近期（2020年）…远期（2030年）」) is
not the year an approval is about; the eco bureau's letter sending its funds' use to the finance bureau
「请纳入…汇总」 is its share of sorting out the special transfers; a bureau's self-check 「含负面清单执行
说明」 is the entry-control account. Real files dropped into a county home, scanned by the real
pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round42_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind38") / "home")
    share = home / "watch_folders"
    make_docx(share / "自然资源局" / "县域考核2020" / "邮件" / "自动回复_ 请提供2019年土地利用补充表.docx", [
        "From: rszrzyj@163.com", "Subject: 自动回复: 请提供2019年土地利用补充表",
        "您好！您的来信已收到。本邮箱为融水苗族自治县自然资源局业务联系邮箱，工作日每天查收两次。",
        "——此邮件为系统自动回复，请勿直接回复——",
    ])
    make_docx(share / "住建局" / "2020考核材料" / "邮件" / "Re_ 收到，谢谢.docx", [
        "Subject: Re: 收到，谢谢", "收到，谢谢！我们尽快整理，美丽乡村的材料争取周一前报。", "----- 原邮件 -----",
        "主题：请住建局补充乡镇污水设施和美丽乡村材料",
        "石股长：经初审，你局报送材料缺乡镇污水处理设施建设情况和美丽乡村项目材料，请补充。",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.3项目立项" / "旧" / "融发改〔2017〕88号和睦镇污水处理工程可研批复.docx", [
        "融水苗族自治县发展和改革局文件", "融发改〔2017〕88号", "关于融水县和睦镇污水处理工程可行性研究报告的批复",
        "县住房和城乡建设局：", "你局报来的《融水县和睦镇污水处理工程可行性研究报告》收悉。经审查，同意建设融水县和睦镇污水处理工程。",
        "建设规模：近期（2020年）处理规模500 m³/d，远期（2030年）1000 m³/d。", "融水苗族自治县发展和改革局 2017年6月5日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.4资金" / "关于报送2019—2020年生态环境保护专项资金使用情况的函.docx", [
        "柳州市融水生态环境局", "融环函〔2020〕46号", "关于报送2019—2020年生态环境保护专项资金使用情况的函", "县财政局：",
        "根据县域考核工作分工，现将我局承担的生态环境保护专项转移支付资金使用情况报送你局，请纳入全县专项资金指标值汇总。",
        "资金类别\t年度\t下达(万元)\t已支出(万元)", "水污染防治资金\t2020\t1050\t735", "农村环境整治资金\t2020\t1350\t1012",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.4自查" / "发改局2020年生态环境保护工作自查报告（含负面清单执行说明）.docx", [
        "融水苗族自治县发展和改革局", "关于2020年度生态环境保护工作的自查报告",
        "按照县域考核工作分工，我局对本部门2019—2020年生态环境保护相关工作进行了自查，现报告如下。",
        "一、产业准入控制实施情况：审批、核准、备案时对每个项目对照负面清单比对，2019年涉及限制类行业6个，均按管控要求附加条件通过。",
        "融水苗族自治县发展和改革局 2020年10月12日",
    ])
    return scanned_documents(home)


@pytest.mark.parametrize("name", ["自动回复_ 请提供2019年土地利用补充表.docx", "Re_ 收到，谢谢.docx"])
def test_an_automatic_reply_or_a_mere_acknowledgement_carries_nothing(round42_docs, name):
    assert round42_docs[name]["tags"] == []


def test_a_designs_horizon_is_not_the_year_an_approval_is_about(round42_docs):
    doc = round42_docs["融发改〔2017〕88号和睦镇污水处理工程可研批复.docx"]
    assert doc["years"] == [2017] and "1.3" not in in_window(doc)


def test_the_eco_bureaus_letter_sending_its_funds_use_to_finance_is_its_share(round42_docs):
    assert "10.4" in in_window(round42_docs["关于报送2019—2020年生态环境保护专项资金使用情况的函.docx"])


def test_a_self_check_with_the_negative_lists_account_is_the_entry_control_account(round42_docs):
    assert "1.4" in in_window(round42_docs["发改局2020年生态环境保护工作自查报告（含负面清单执行说明）.docx"])
