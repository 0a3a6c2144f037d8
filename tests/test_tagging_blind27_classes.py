"""Classes found by reading blind27 (issue 19, round thirty-one), after it was measured once: long
papers that mention everything (a bureau's whole year, a budget report) are not the material for each
thing they mention; a project's paper trail between approval and acceptance (contracts, payments, the
price's audit) is not the project's approval or acceptance; a notice printing a report is read as the
report; a bureau's figures are its own return, not every paper quoting them; the pollution-source
monitoring report is the 国控 sources' periodic monitoring too. Real files dropped into a county home,
scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx

OTHER_WORK = ("全年完成棚户区改造1140套，基本建成公租房320套，发放住房租赁补贴1026户；开展建筑施工安全大检查6次，"
              "整改隐患312处；受理信访件57件，办结率100%；商品房销售面积18.76万平方米，查处违规销售行为3起。")


@pytest.fixture(scope="module")
def round31_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind27") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "县域考核" / "参考" / "县住建局2019年工作总结及2020年工作计划.docx", [
        "融水县住房和城乡建设局2019年工作总结及2020年工作计划",
        "一、农村危房改造。全年完成危房改造3215户，竣工率100%。", f"二、保障性住房。{OTHER_WORK}",
        "三、污水处理和环境卫生。县城污水处理厂全年稳定运行，完成县城污水管网8.6公里，推进乡镇污水处理设施建设，生态环境保护工作取得成效。",
        "融水县住房和城乡建设局", "2019年12月20日",
    ])
    make_docx(share / "林业局" / "2020考核" / "县林业局2019年工作总结.docx", [
        "融水苗族自治县林业局2019年工作总结",
        "2019年完成人工造林3.18万亩、封山育林2.94万亩，落实公益林管护175.6万亩，推进石漠化综合治理和森林抚育，森林覆盖率稳定在80%以上。",
        "融水苗族自治县林业局", "2020年1月6日",
    ])
    make_docx(share / "农业农村局" / "2020年考核" / "其他" / "县农业农村局2020年工作要点.docx", [
        "县农业农村局2020年工作要点",
        "一、稳定粮食生产，播种面积稳定在61万亩以上；二、推进化肥农药减量增效，化肥施用量、农药施用量继续负增长；三、扎实推进农村人居环境整治。",
    ])
    make_docx(share / "林业局" / "2020年县域生态考核" / "9.2项目" / "融林发〔2020〕12号.docx", [
        "融水苗族自治县林业局", "融林发〔2020〕12号", "关于印发《融水县2019年度林业重点工程检查验收报告》的通知",
        "各乡镇林业站、局属各单位：", "现将《融水县2019年度林业重点工程检查验收报告》印发给你们，请对照验收意见抓好整改。",
        "融水县2019年度林业重点工程检查验收报告",
        "县林业局组织县级验收组对2019年度实施的退耕还林、石漠化综合治理、封山育林、人工造林工程进行了检查验收，合格面积11.59万亩。"
        "验收结论：2019年度林业重点工程总体完成较好，同意通过县级验收。",
        "融水苗族自治县林业局", "2020年3月20日",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.项目资料" / "工程进度款支付申请表.docx", [
        "工程进度款支付申请表（第5期）", "工程名称：融水县城污水处理厂二期扩建及提标改造工程",
        "致：融水苗族自治县住房和城乡建设局", "本期完成产值1086.35万元，本期申请支付809.08万元（资金来源：中央水污染防治资金）。",
        "监理审核意见：同意支付。", "2020年4月8日",
    ])
    make_docx(share / "水利局" / "2020年生态考核" / "项目资料" / "贝江河道治理工程结算审核报告.docx", [
        "贝江融水镇段河道综合治理工程结算审核报告", "融水苗族自治县水利局：",
        "我公司接受委托，对贝江融水镇段河道综合治理工程竣工结算进行了审核：送审金额1968.75万元，审定金额1873.26万元。",
        "本报告仅对工程造价进行审核，不对工程质量发表意见。", "2020年9月18日",
    ])
    make_docx(share / "水利局" / "2020年生态考核" / "项目资料" / "贝江河道生态治理工程合同工程完工验收鉴定书.docx", [
        "融水县贝江河道生态治理工程合同工程完工验收鉴定书", "验收日期：2020年8月6日",
        "治理河长7.35公里，生态护岸4.12公里，清淤疏浚3.6万立方米。工程已按批复完成全部建设内容，质量合格，同意通过合同工程完工验收。",
        "项目法人：融水县水利局（盖章）",
    ])
    make_docx(share / "生态环境局" / "考核2020" / "10.4配合财政" / "关于配合梳理生态环保类转移支付资金使用情况的报告.docx", [
        "柳州市融水生态环境局关于配合梳理2019—2020年生态环保类转移支付资金使用情况的报告", "县财政局：",
        "按照分工，我局配合县财政局对2020年重点生态功能区转移支付资金中的生态环境保护支出逐项梳理，"
        "使用情况报告所列污水、垃圾设施运行支出8120万元与项目台账一致。",
        "柳州市融水生态环境局", "2020年10月15日",
    ])
    make_docx(share / "财政局" / "2020考核" / "6.政策成效" / "县财政局关于支持生态环境保护的财税政策及成效情况汇报.docx", [
        "县财政局关于支持生态环境保护的财税政策及成效情况汇报",
        "一、政策：整合涉农资金支持乡镇污水处理设施建设项目和农村环境整治，对生态公益林补偿足额兑现。",
        "二、成效：2019—2020年全县建成乡镇污水处理设施5座，县城污水处理率达到90%以上。",
        "融水苗族自治县财政局", "2020年10月12日",
    ])
    make_docx(share / "生态环境局" / "考核2020" / "10.3监管" / "县城污水处理厂运行及在线监控数据有效性情况报告.docx", [
        "融水县城污水处理厂运行及在线监控数据有效性情况报告",
        "2019年县城污水处理厂处理污水686.0万吨，出水稳定达到一级A标准，在线监控数据有效传输率98.6%，比对监测4次均合格。",
        "柳州市融水生态环境局", "2020年10月10日",
    ])
    make_docx(share / "生态环境局" / "考核2020" / "10.5污染源监测" / "融水县2020年1-3季度污染源监测报告（县政府盖章）.docx", [
        "融水县2020年1-3季度污染源监测报告",
        "监测对象：国家重点监控企业2家（县城污水处理厂、某糖业公司）及县级重点源3家；国控源每季度监督性监测1次，共完成17厂次，均达标。",
        "监测结果已在县政府门户网站公开。", "融水苗族自治县人民政府（盖章）", "2020年10月20日",
    ])
    return scanned_documents(home)


def test_a_bureaus_whole_year_is_not_its_eco_self_check_unless_its_work_is_ecology(round31_docs):
    assert in_window(round31_docs["县住建局2019年工作总结及2020年工作计划.docx"]) == set()
    assert "9.3" in in_window(round31_docs["县林业局2019年工作总结.docx"])


def test_a_years_work_points_say_what_is_to_be_done(round31_docs):
    assert in_window(round31_docs["县农业农村局2020年工作要点.docx"]) == set()


def test_a_notice_printing_an_acceptance_report_is_read_as_the_report(round31_docs):
    assert "9.2" in in_window(round31_docs["融林发〔2020〕12号.docx"])


def test_paying_for_and_pricing_the_works_is_not_their_approval_or_acceptance(round31_docs):
    assert in_window(round31_docs["工程进度款支付申请表.docx"]) == set()
    assert in_window(round31_docs["贝江河道治理工程结算审核报告.docx"]) == set()
    assert "5.2" in in_window(round31_docs["贝江河道生态治理工程合同工程完工验收鉴定书.docx"])


def test_another_bureaus_account_of_the_same_money_or_works_is_its_own(round31_docs):
    assert "10.4" in in_window(round31_docs["关于配合梳理生态环保类转移支付资金使用情况的报告.docx"])
    finance = in_window(round31_docs["县财政局关于支持生态环境保护的财税政策及成效情况汇报.docx"])
    assert "2.6" in finance and "4.3" not in finance
    plant = in_window(round31_docs["县城污水处理厂运行及在线监控数据有效性情况报告.docx"])
    assert "10.3.3" in plant and "4.1" not in plant


def test_the_pollution_source_report_is_the_key_sources_periodic_monitoring_too(round31_docs):
    assert {"10.5", "10.3.2"} <= in_window(round31_docs["融水县2020年1-3季度污染源监测报告（县政府盖章）.docx"])


def test_words_pages_apart_in_a_long_paper_do_not_make_a_tag(round31_docs):
    from archive.catalog import load_catalog
    from indexer.tagging import TagInput, tag_document

    catalog = load_catalog(None)
    far = ["县财政局2020年1-9月工作总结",
           "一、收入。全县一般公共预算收入完成2.6亿元，预算执行总体平稳。" + OTHER_WORK * 14,
           "二、支出保障。安排县域生态环境质量考核经费20万元、环境质量监测经费22万元。"]
    near = ["县财政局关于考核经费的说明",
            "2020年县本级预算安排县域生态环境质量考核经费20万元、环境质量监测经费22万元，均已列入部门预算。"]
    tags = lambda lines: {t.item_id for t in tag_document(TagInput(lines[0], ["财政局/2020/x.docx"], ["\n".join(lines)]),
                                                          catalog).items if t.in_window}
    assert "2.5" not in tags(far)
    assert "2.5" in tags(near)
