"""Classes found by reading blind28 (issue 19, round thirty-two), after it was measured once: in the
last days before the deadline bureaus file notes, pledges and links where material is missing, and
those stand-ins are not the material — except the absence a duty itself asks to be explained (no
assessment result for 1.2, no incident for 10.3.5); the county's own rules for eco money are fiscal
policy; a forest cover rate is not the forest-land figures; two bureaus reconciling the special funds
is the eco bureau's help. Real files dropped into a county home, scanned by the real pipeline, tags
read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round32_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind28") / "home")
    share = home / "watch_folders"
    make_docx(share / "发改局" / "2020生态考核" / "3.环保项目立项" / "关于乡镇生活污水处理项目立项文件的说明.docx", [
        "关于乡镇生活污水处理项目立项文件的说明", "县考核办：",
        "经查，2019—2020年我县乡镇生活污水处理设施项目由县住房和城乡建设局作为项目业主直接申报，我局无相关立项批复文件存档。"
        "上述项目立项、可研批复文件请向县住建局调取。", "特此说明。", "县发展和改革局", "2020年10月20日",
    ])
    make_docx(share / "住建局" / "2020年生态考核资料" / "2.美丽乡村" / "承诺书(美丽乡村验收资料补交).docx", [
        "承 诺 书", "县生态环境质量考核工作领导小组办公室：",
        "我局负责收集整理的2019—2020年美丽乡村项目验收资料，因部分乡镇验收档案尚在整理，我局承诺于2020年10月30日前将剩余验收资料补交县考核办。",
        "承诺单位：县住房和城乡建设局（章）", "2020年10月22日",
    ])
    make_docx(share / "城管局" / "2020生态考核" / "2.渗滤液及周边监测" / "关于填埋场周边地下水监测的情况说明.docx", [
        "关于县生活垃圾卫生填埋场周边地下水监测的情况说明", "县考核办：",
        "2020年因原委托监测合同到期，新的委托采购因疫情延后，1—9月未开展周边地下水及大气监测。我局拟于11月委托检测单位开展监测，结果出具后及时补报。",
        "特此说明。", "县城市管理行政执法局", "2020年10月20日",
    ])
    make_docx(share / "城管局" / "2020生态考核" / "4.其他项目" / "其他生态项目资料报送说明.docx", [
        "其他生态项目资料报送说明", "县考核办：",
        "我局2019-2020年城北垃圾中转站改造项目立项、可研、验收资料扫描件共213页，文件过大，已上传网盘：链接 pan.baidu.com/s/1xxxx 提取码：rs20",
        "城管局环卫股 2020-10-22",
    ])
    make_docx(share / "发改局" / "2020生态考核" / "2.考核结果" / "关于2019年度负面清单考核结果的情况说明.docx", [
        "关于2019年度产业准入负面清单考核结果的情况说明", "县考核办：",
        "经向柳州市发展和改革委员会核实，2019年度自治区、柳州市未单独对我县产业准入负面清单执行情况开展考核，也未印发考核结果文件，"
        "因此我局无法提供2019年度负面清单考核结果证明材料。", "特此说明。", "县发展和改革局", "2020年10月16日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.3.5" / "关于未发生突发环境事件的情况说明.docx", [
        "关于2019年、2020年未发生突发环境事件的情况说明", "县考核办：",
        "经查，2019年1月1日至2020年9月30日，我县未发生突发环境事件，暂无相关事件调查材料。", "特此说明。",
        "柳州市融水生态环境局", "2020年10月15日",
    ])
    make_docx(share / "财政局" / "2020考核资料" / "2.人大决议" / "人大决议(复印件)及说明.docx", [
        "情 况 说 明", "我县2020年预算经县人民代表大会审议批准，决议原件由县人大常委会办公室存档，我局无法提供原件，现提供复印件一份（见下页）。",
        "融水苗族自治县财政局", "2020年10月14日",
        "融水苗族自治县第十七届人民代表大会第五次会议关于2019年全县和县本级预算执行情况与2020年全县和县本级预算的决议",
        "会议审查了县人民政府提出的预算草案的报告，决定批准2020年县本级预算。",
    ])
    make_docx(share / "财政局" / "2020年生态考核" / "2.6财税政策" / "融财建〔2019〕112号.docx", [
        "融水苗族自治县财政局", "融财建〔2019〕112号", "关于印发《融水苗族自治县生态环境保护专项资金管理办法》的通知",
        "县直各有关单位：", "现将《融水苗族自治县生态环境保护专项资金管理办法》印发给你们，请遵照执行。",
        "第一条 县本级财政每年安排生态环境保护专项资金，支持饮用水水源地保护和农村环境设施运行维护。",
        "融水苗族自治县财政局", "2019年5月20日",
    ])
    make_docx(share / "林业局" / "2020年县域考核材料" / "林地指标" / "森林覆盖率情况说明.docx", [
        "森林覆盖率情况说明", "根据2019年森林资源管理“一张图”年度更新成果，我县森林覆盖率为80.07%，活立木蓄积量2896万立方米。",
        "县林业局", "2020年10月10日",
    ])
    make_docx(share / "财政局" / "2020考核资料" / "4.专项资金梳理" / "生态环保资金数据差异说明(双方签字).docx", [
        "关于2020年生态环境保护专项资金数据差异的说明",
        "县财政局报送的2020年1—9月生态环保专项资金为11516万元，县生态环境局报送的为6947万元。经两局共同核对，差异原因为统计口径不同。"
        "核对一致后的分项数如下（万元）：水污染防治438；大气污染防治45；天然林保护2360；退耕还林512；农村环境整治260；合计11516。",
        "县财政局（章）经办：黄某    柳州市融水生态环境局（章）经办：吴某", "2020年10月21日",
    ])
    make_docx(share / "自然资源局" / "县域考核2020" / "指标填报" / "关于融水县国土面积数据来源的证明.docx", [
        "关于融水县国土面积数据来源的证明", "兹证明：我县2019年国土面积466387.52公顷，数据来源于2019年度土地变更调查成果，"
        "与土地利用现状数据库一致。", "融水苗族自治县自然资源和规划局（盖章）", "2020年10月18日",
    ])
    return scanned_documents(home)


@pytest.mark.parametrize("name", [
    "关于乡镇生活污水处理项目立项文件的说明.docx",
    "承诺书(美丽乡村验收资料补交).docx",
    "关于填埋场周边地下水监测的情况说明.docx",
    "其他生态项目资料报送说明.docx",
])
def test_a_note_pledge_or_link_standing_in_for_material_is_not_the_material(round32_docs, name):
    doc = round32_docs[name]
    assert in_window(doc) == set() and "未附材料" in (doc.get("meta") or "")


def test_the_absence_a_duty_asks_to_be_explained_still_counts(round32_docs):
    assert "1.2" in in_window(round32_docs["关于2019年度负面清单考核结果的情况说明.docx"])
    assert "10.3.5" in in_window(round32_docs["关于未发生突发环境事件的情况说明.docx"])


def test_a_note_with_the_paper_behind_it_is_the_paper(round32_docs):
    assert "2.2" in in_window(round32_docs["人大决议(复印件)及说明.docx"])


def test_the_countys_rules_for_eco_money_are_fiscal_policy(round32_docs):
    assert "2.6" in in_window(round32_docs["融财建〔2019〕112号.docx"])


def test_a_forest_cover_rate_is_not_the_forest_land_figures(round32_docs):
    assert "9.1" not in in_window(round32_docs["森林覆盖率情况说明.docx"])


def test_two_bureaus_reconciling_the_special_funds_is_each_ones(round32_docs):
    assert {"2.4", "10.4"} <= in_window(round32_docs["生态环保资金数据差异说明(双方签字).docx"])


def test_a_certificate_of_one_figures_source_is_not_the_land_use_table(round32_docs):
    assert "3.2" not in in_window(round32_docs["关于融水县国土面积数据来源的证明.docx"])
