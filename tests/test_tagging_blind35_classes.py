"""Classes found by reading blind35 (issue 19, round thirty-nine), after it was measured once: partners'
and outside money, and a year of floods and interruptions. A transfer for disaster relief is no special
transfer for ecology, nor is the general eco-zone transfer; the plant's emergency drill is not its
running; a note on applying the negative list to a park's projects is the entry-control account; a
weighbridge sheet in tonnes written 「(t)」 gives the tonnage (a unit is no pinyin gloss); a notice
printing fiscal measures without 《》 is read under their title; a plan approved for a donor-funded
project is its approval; a ledger naming its money in brackets is still the ledger. Real files dropped
into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round39_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind35") / "home")
    share = home / "watch_folders"
    make_docx(share / "财政局" / "救灾资金" / "融财社〔2020〕33号 下达自然灾害受灾群众生活救助资金.docx", [
        "融水苗族自治县财政局  融水苗族自治县应急管理局", "融财社〔2020〕33号",
        "关于下达2020年中央自然灾害救灾资金（受灾群众生活救助）的通知", "各乡镇人民政府：",
        "现下达你们2020年6—7月洪涝灾害受灾群众生活救助资金共计486万元，用于紧急转移安置。",
        "收入列“1100252 灾害防治及应急管理共同财政事权转移支付收入”，支出列“2240703 自然灾害救灾补助”。",
    ])
    make_docx(share / "财政局" / "县域考核2020" / "2.1资金纳入预算" / "融财预〔2020〕23号.docx", [
        "融水苗族自治县财政局", "融财预〔2020〕23号", "关于2020年重点生态功能区转移支付资金安排计划的通知",
        "2020年自治区下达我县重点生态功能区转移支付资金9865万元，全部纳入一般公共预算管理。",
        "现将资金安排计划通知如下：县城污水处理厂运营服务费1528万元，农村环境整治资金400万元，护林员补助620万元。",
    ])
    make_docx(share / "住建局" / "安全生产" / "县城污水处理厂2020年停电及进水超标应急演练方案.docx", [
        "融水县城污水处理厂", "2020年停电及进水水质异常突发事件应急演练方案",
        "一、演练目的：检验厂区突发停电和进水水质超标情况下的应急处置能力，保障运行安全。",
        "二、演练时间地点：2020年6月19日上午9:00，厂区中控室及提升泵房。", "融水县城污水处理有限公司 2020年6月10日",
    ])
    make_docx(share / "发改局" / "考核材料2020" / "4.自查及准入说明" / "粤桂协作产业园入驻项目准入情况说明.docx", [
        "融水苗族自治县发展和改革局", "关于粤桂协作产业园（融水园区）2019—2020年入驻项目执行产业准入负面清单情况的说明",
        "县域生态环境质量考核领导小组办公室：",
        "2019年至2020年9月，共受理协作地区企业入驻意向项目17个，准予备案12个，属禁止类不予准入3个。",
        "融水苗族自治县发展和改革局 2020年10月13日",
    ])
    make_docx(share / "城管局" / "2020年生态考核" / "8.1无害化处理率" / "2020年8月进场称重统计.docx", [
        "融水县生活垃圾卫生填埋场", "2020年8月进场垃圾称重统计表", "运营单位：融水洁城环境服务有限公司（委托运营）",
        "日期\t车次\t县城建成区(t)\t乡镇转运(t)\t合计(t)", "8月1日\t31\t98.42\t21.06\t119.48",
        "合计\t958\t3007.36\t681.04\t3688.40", "说明：县城建成区垃圾全部经地磅计量后进场卫生填埋。",
    ])
    make_docx(share / "财政局" / "县域考核2020" / "2.6财税政策及成效" / "融政办发〔2019〕58号 若干财税措施.docx", [
        "融水苗族自治县人民政府办公室文件", "融政办发〔2019〕58号",
        "融水苗族自治县人民政府办公室关于印发鼓励社会资本参与生态保护修复和环境基础设施建设若干财税措施的通知",
        "各乡镇人民政府，县直各单位：", "现印发给你们，请认真贯彻执行。",
        "第一条 对采用PPP模式建设运营的污水处理、垃圾处理设施，县财政将政府付费责任纳入年度预算。",
        "第二条 企业向我县捐赠用于生态保护修复的资金，依法享受企业所得税税前扣除政策。",
    ])
    make_docx(share / "林业局" / "生态考核" / "9.2项目资料" / "GEF南岭项目" / "2020年度实施计划批复.docx", [
        "全球环境基金（GEF）南岭山地森林生物多样性保护项目办公室", "桂林GEF办〔2020〕7号",
        "关于融水子项目2020年度实施计划的批复", "融水苗族自治县林业局：",
        "报来《GEF南岭项目融水子项目2020年度实施计划》收悉。经审核，同意2020年度实施计划：在保护区实验区外围营造乡土阔叶树示范林500亩。",
        "2020年度预算：GEF赠款112万元，县级配套36万元。", "2020年3月9日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.3.1农村环境整治" / "农村环境综合整治项目台账2019-2020（含世行、粤桂协作资金）.docx", [
        "融水苗族自治县农村环境综合整治项目台账（2019—2020年）", "填报单位：柳州市融水生态环境局",
        "序号\t项目名称\t资金来源\t投资(万元)\t验收情况", "1\t和睦镇5村农村环境综合整治\t粤桂协作+县配套\t286\t2019-12-20验收",
        "2\t世行贷款农村环境综合治理融水子项目\t世界银行贷款+县配套\t1260\t2020-09-15验收",
    ])
    return scanned_documents(home)


def test_a_transfer_for_disaster_relief_is_no_special_transfer_for_ecology(round39_docs):
    assert "2.2" not in in_window(round39_docs["融财社〔2020〕33号 下达自然灾害受灾群众生活救助资金.docx"])


def test_the_general_eco_zone_transfers_plan_is_in_the_budget_not_a_special_transfer(round39_docs):
    tags = in_window(round39_docs["融财预〔2020〕23号.docx"])
    assert "2.1" in tags and "2.2" not in tags


def test_the_plants_emergency_drill_is_not_its_running(round39_docs):
    assert "10.3.3" not in in_window(round39_docs["县城污水处理厂2020年停电及进水超标应急演练方案.docx"])


def test_applying_the_negative_list_to_a_parks_projects_is_the_entry_control_account(round39_docs):
    assert "1.4" in in_window(round39_docs["粤桂协作产业园入驻项目准入情况说明.docx"])


def test_a_weighbridge_sheet_in_tonnes_gives_the_tonnage(round39_docs):
    assert "8.1" in in_window(round39_docs["2020年8月进场称重统计.docx"])


def test_a_notice_printing_fiscal_measures_without_brackets_is_the_finance_bureaus_policy(round39_docs):
    assert "2.6" in in_window(round39_docs["融政办发〔2019〕58号 若干财税措施.docx"])


def test_a_plan_approved_for_a_donor_funded_project_is_its_approval(round39_docs):
    assert "9.2" in in_window(round39_docs["2020年度实施计划批复.docx"])


def test_a_ledger_naming_its_money_in_brackets_is_still_the_ledger(round39_docs):
    assert "10.3.1" in in_window(round39_docs["农村环境综合整治项目台账2019-2020（含世行、粤桂协作资金）.docx"])
