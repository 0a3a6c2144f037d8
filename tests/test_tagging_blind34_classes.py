"""Classes found by reading blind34 (issue 19, round thirty-eight), after it was measured once: third
parties' papers and agreements. An acceptance opinion filed with its sign-in sheet is the opinion; a
developer's indoor-air test is no ambient monitoring; a firm's promise to deliver its monitoring later
delivers nothing; a household's land contract is no county figure; an approval behind its routing sheet
(「主送：…」) is its addressee's project paper; an agreement on using the transfer is neither its
allocation nor its use report; and the finance bureau's policy and the eco bureau's supervision of the
key sources are theirs, not every bureau's paper that names them. Real files dropped into a county home,
scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf


@pytest.fixture(scope="module")
def round38_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind34") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核" / "4.3乡镇污水" / "和睦镇污水处理站竣工验收专家意见及签名表.docx", [
        "和睦镇污水处理站及配套管网工程", "竣工验收意见",
        "2020年9月10日，融水苗族自治县住房和城乡建设局组织设计、施工、监理单位及特邀专家组成验收组，对和睦镇污水处理站及配套管网工程进行竣工验收。",
        "工程已按批准的设计内容建成：处理站规模800m³/d，管网7.4km。验收组同意该工程通过竣工验收。",
        "验收组签名表", "姓名\t工作单位\t签名", "邓伟\t广西华蓝市政设计有限公司\t邓伟",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.4项目资料" / "苗山华府一期室内空气质量检测报告.docx", [
        "检 测 报 告", "项目名称：苗山华府一期1#、3#楼室内环境污染物浓度检测", "委托单位：融水苗山置业有限公司",
        "检测依据：GB 50325—2020《民用建筑工程室内环境污染控制标准》", "采样日期：2020年7月21日",
        "检测项目\t检测点数\t检测结果范围\t标准限值", "甲醛(mg/m³)\t36\t0.02—0.06\t≤0.07",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.3县域环境管理" / "企业承诺" / "新建 DOCX 文档.docx", [
        "承 诺 书", "柳州市融水生态环境局：",
        "我公司已收到贵局关于报送自行监测报告及信息公开材料的通知。因我公司2020年上半年技改停产，自行监测工作未按方案开展，现郑重承诺：",
        "一、于2020年11月底前委托有资质的检测机构完成废水、废气、厂界噪声监测；",
        "二、监测报告出具后5个工作日内报送贵局，并在全国污染源监测信息管理与共享平台公开。",
        "承诺单位（盖章）：融水县鑫源石材加工有限公司", "2020年10月9日",
    ])
    make_docx(share / "农业农村局" / "2020考核" / "其他" / "农村土地承包合同（同练乡）.docx", [
        "农村土地（耕地）承包合同书", "发包方：融水县同练乡同练村第三村民小组", "承包方：覃X贵（户主）",
        "承包地块：水田4块共3.2亩，旱地2块共1.6亩", "承包期限：自2019年1月1日至2048年12月31日", "2019年3月8日",
    ])
    make_text_pdf(share / "发改局" / "2020考核材料" / "3.项目立项" / "垃圾中转站立项批复及发文会签单.pdf", [
        "融水苗族自治县发展和改革局发文会签单\n文件标题：关于融水县2019年乡镇生活垃圾转运站建设项目立项的批复\n"
        "主送：县城市管理行政执法局     抄送：县财政局\n签发：同意印发。 2019.4.10\n文号：融发改审批〔2019〕58号",
        "融水苗族自治县发展和改革局\n融发改审批〔2019〕58号\n关于融水县2019年乡镇生活垃圾转运站建设项目立项的批复\n"
        "县城市管理行政执法局：\n经研究，同意融水县2019年乡镇生活垃圾转运站建设项目立项。在香粉乡、安太乡各新建1座生活垃圾压缩转运站，"
        "项目总投资486万元。\n融水苗族自治县发展和改革局 2019年4月10日",
    ])
    make_docx(share / "财政局" / "2020生态考核" / "1.资金管理" / "2020年重点生态功能区转移支付资金使用管理责任书.docx", [
        "2020年国家重点生态功能区转移支付资金使用管理责任书",
        "县人民政府（甲方）与县财政局（乙方）签订本责任书。",
        "一、资金规模。2020年上级下达我县重点生态功能区转移支付资金12386万元，已全部编入2020年县本级一般公共预算。",
        "二、乙方对资金拨付使用情况开展专项检查。", "甲方：融水苗族自治县人民政府  乙方：融水苗族自治县财政局  2020年3月2日",
        "附件", "2020年重点生态功能区转移支付资金预算安排表（单位：万元）",
        "序号\t支出方向\t预算安排\t主管部门", "1\t农村人居环境整治\t1960\t县农业农村局", "2\t农村环境整治\t600\t县生态环境局",
    ])
    make_docx(share / "林业局" / "2020考核" / "9.2项目资料" / "2020年退化林修复项目作业设计.docx", [
        "融水苗族自治县2020年中央财政林业生态保护恢复资金", "退化林修复项目作业设计", "项目单位：融水苗族自治县林业局",
        "审批：融林审〔2020〕12号（融水苗族自治县林业局关于2020年退化林修复项目作业设计的批复）",
        "一、设计任务：退化林修复面积8,000亩。二、技术措施：补植乡土阔叶树种。三、投资概算：中央财政补助240万元。",
    ])
    return scanned_documents(home)


def test_an_acceptance_opinion_filed_with_its_sign_in_sheet_is_the_opinion(round38_docs):
    assert "4.3" in in_window(round38_docs["和睦镇污水处理站竣工验收专家意见及签名表.docx"])


def test_a_buildings_indoor_air_test_is_no_ambient_monitoring(round38_docs):
    assert "10.5" not in in_window(round38_docs["苗山华府一期室内空气质量检测报告.docx"])


def test_a_firms_promise_to_deliver_its_monitoring_later_delivers_nothing(round38_docs):
    assert round38_docs["新建 DOCX 文档.docx"]["tags"] == []


def test_a_households_land_contract_is_no_county_figure(round38_docs):
    assert "6.1" not in in_window(round38_docs["农村土地承包合同（同练乡）.docx"])


def test_an_approval_behind_its_routing_sheet_is_its_addressees_project_paper(round38_docs):
    assert {"1.3", "8.3"} <= in_window(round38_docs["垃圾中转站立项批复及发文会签单.pdf"])


def test_an_agreement_on_using_the_transfer_is_neither_its_allocation_nor_its_use_report(round38_docs):
    tags = in_window(round38_docs["2020年重点生态功能区转移支付资金使用管理责任书.docx"])
    assert "2.1" in tags and not tags & {"2.2", "2.3"}


def test_a_forestry_design_citing_central_finance_money_is_not_the_finance_bureaus_policy(round38_docs):
    tags = in_window(round38_docs["2020年退化林修复项目作业设计.docx"])
    assert "9.2" in tags and "2.6" not in tags
