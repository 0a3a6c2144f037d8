"""Classes found by reading blind26 (issue 19, round thirty), after it was measured once: a letter
handing material in is that material when the material follows it; a reply that carries no material
(it promises the figures later, points elsewhere, or asks for help) evidences nothing; a paper two
bureaus issued together is each one's; a return's 「报送：」 names its receiver, not its filer; a file
named by nobody takes its years from its own heading; and a few duties read a little wider or
narrower. Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_text_pdf


@pytest.fixture(scope="module")
def round30_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind26") / "home")
    share = home / "watch_folders"
    letter = ("融水苗族自治县住房和城乡建设局\n融住建函〔2020〕132号\n关于报送2019年县城生活污水处理率核算材料的函\n"
              "柳州市融水生态环境局：\n按照县域考核分工，我局对2019年县城建成区生活污水排放、收集及达标排放情况进行了统计核算，"
              "现将核算表及计算说明报送你局。\n附件：1.2019年县城生活污水处理率核算表\n2.污水处理率计算方法的说明\n"
              "融水苗族自治县住房和城乡建设局\n2020年10月14日")
    make_text_pdf(share / "住建局" / "2020考核" / "报送函+附件 污水处理率核算.pdf", [
        letter,
        "附件1  2019年县城生活污水处理率核算表\n项目 单位 数值\n生活污水排放总量 万吨 712.6\n污水收集总量 万吨 686.0\n"
        "达标排放量 万吨 642.3\n城镇生活污水处理率 % 90.1",
    ])
    make_text_pdf(share / "住建局" / "2020考核" / "报送函 污水处理率核算（附件另行装订）.pdf", [letter])
    make_text_pdf(share / "林业局" / "2020考核" / "报送函及验收批复（扫描）.pdf", [
        "融水苗族自治县林业局\n关于报送近两年生态保护项目资料的函\n县考核办：\n现将我局2019—2020年实施的生态保护与建设项目有关文件报送你办。\n"
        "融水苗族自治县林业局\n2020年10月16日",
        "柳州市林业和园林局\n柳林园函〔2020〕142号\n关于融水苗族自治县2019年度岩溶地区石漠化综合治理工程竣工验收的批复\n"
        "融水县林业局：\n你局《关于申请对2019年度岩溶地区石漠化综合治理工程进行竣工验收的请示》收悉。2020年7月我局组织验收组现场检查，"
        "完成封山育林1.2万亩、人工造林0.36万亩。经研究，同意该项目通过竣工验收。\n柳州市林业和园林局\n2020年8月5日",
    ])
    make_text_pdf(share / "财政局" / "2020生态考核" / "财政局报送转移支付使用情况报表及报告的函.pdf", [
        "融水苗族自治县财政局\n关于报送2020年重点生态功能区转移支付资金使用情况报表及报告的函\n柳州市融水生态环境局：\n"
        "现将《2020年重点生态功能区转移支付资金使用情况表》及《使用情况报告》报送你局。\n附件：1.使用情况表 2.使用情况报告\n"
        "融水苗族自治县财政局\n2020年10月16日",
        "附件1  2020年重点生态功能区转移支付资金使用情况表（单位：万元）\n用途类别 项目 预算安排 已支出\n"
        "生态环境保护 县城污水处理厂运营补助 620 465\n生态环境保护 天然林、公益林管护补助 3650 3330\n合计 23586 19870",
        "附件2  2020年重点生态功能区转移支付资金使用情况报告\n2020年我县共收到重点生态功能区转移支付资金23586万元，"
        "截至9月末支出19870万元，其中用于生态环境保护8120万元。\n融水苗族自治县财政局 2020年10月16日",
    ])
    make_docx(share / "水利局" / "县域考核2020" / "水利局回复-水土流失面积待监测站反馈.docx", [
        "县考核办：",
        "关于你办要求提供2019年水土流失面积及治理面积一事，因我县水土流失面积以自治区水土保持监测站年度动态监测成果为准，"
        "我局已去函商请市水利局协调提供，待反馈后即报你办。",
        "县水利局水保股", "2020年10月9日",
    ])
    make_docx(share / "水利局" / "县域考核2020" / "水利局回复-2019年水土流失面积.docx", [
        "县考核办：",
        "现将2019年我县水土流失面积及治理面积函复如下：水土流失面积412.36平方公里，新增水土流失综合治理面积18.60平方公里。",
        "县水利局水保股", "2020年10月20日",
    ])
    make_docx(share / "考核办" / "收文" / "住建局关于乡镇垃圾项目材料的回复.docx", [
        "县考核办：",
        "你办要求我局提供乡镇生活垃圾收集项目立项及完成材料。自2019年3月起乡镇生活垃圾收运处理职责已划转县城市管理行政执法局，"
        "相关项目档案已整体移交，请你办直接向县城管局调取。",
        "县住建局办公室", "2020年10月9日",
    ])
    make_docx(share / "农业农村局" / "生态考核2020" / "新建 DOCX 文档 (3).docx", [
        "关于草地覆盖度数据的回复（初稿，供参考）", "县考核办：",
        "来函要求我局填报高、中、低覆盖度草地面积。经查，我局近年未单独组织草地覆盖度调查，无法按覆盖度分级。",
        "农业农村局畜牧股", "10月9日",
    ])
    make_docx(share / "城管局" / "2020考核" / "周边监测" / "关于商请协助开展填埋场周边环境监测的函.docx", [
        "融水苗族自治县城市管理行政执法局", "关于商请协助开展县城生活垃圾填埋场第三季度周边环境监测的函",
        "柳州市融水生态环境局：",
        "按照考核要求，县城生活垃圾填埋场需定期开展周边地下水及环境空气监测。商请贵局所属监测站协助于9月下旬开展一次周边地下水监测，费用由我局承担。",
        "妥否，请函复。", "融水苗族自治县城市管理行政执法局", "2020年9月10日",
    ])
    make_text_pdf(share / "财政局" / "2020生态考核" / "联合发文-专项资金梳理.pdf", [
        "融水苗族自治县财政局\n柳州市融水生态环境局\n融财〔2020〕47号\n"
        "关于报送2019—2020年生态环境保护专项转移支付资金梳理情况的报告\n县考核领导小组：\n"
        "按照考核分工，县财政局牵头、融水生态环境局配合，对2019—2020年下达我县的生态环境类专项转移支付资金进行了逐项梳理核对（单位：万元）：\n"
        "大气污染防治资金 0 0\n水污染防治资金 1260 980\n天然林保护工程补助 5210 5370\n农村环境整治资金 900 1150\n"
        "融水苗族自治县财政局（印） 柳州市融水生态环境局（印）\n2020年10月17日",
    ])
    make_docx(share / "恢复的文件" / "专项资金梳理表.docx", [
        "融水县生态环境保护专项资金使用情况梳理表（2019—2020年）",
        "报送单位：柳州市融水生态环境局\t报送：县财政局\t单位：万元",
        "年度\t资金名称\t下达金额\t已支出", "2019\t中央农村环境整治资金\t338.5\t338.5", "2020\t水污染防治资金\t85.0\t60.0",
        "填表人：陆春燕", "2020年10月15日",
    ])
    make_docx(share / "财政局" / "新建 DOC 文档 (4).docx", [
        "融水苗族自治县财政局", "关于做好2021年县级部门预算编制工作的通知", "县直各预算单位：",
        "现就我县2021年部门预算编制工作通知如下：各单位须于2020年11月15日前报送“一上”预算。生态环境监测、考核等经常性工作经费请列入部门项目库。",
        "融水苗族自治县财政局", "2020年10月26日",
    ])
    make_docx(share / "生态环境局" / "2020年地表水监测" / "1600329.docx", [
        "检 测 报 告", "报告编号：GXHJ-2020-W-0614", "项目名称：融水苗族自治县2020年第二季度县控断面地表水监测",
        "委托单位：柳州市融水生态环境局", "断面\t项目\t单位\t结果\t评价", "融江和睦断面\tCOD\tmg/L\t9\t达标",
        "结论：本季度各断面监测项目均达到Ⅱ类水质标准。", "签发日期：2020年5月26日",
    ])
    make_docx(share / "生态环境局" / "2020年地表水监测" / "1600330.docx", [
        "检 测 报 告", "报告编号：GLJC-2020-0837",
        "项目名称：融水县生活垃圾卫生填埋场周边地下水及环境空气监测（2020年第三季度）",
        "委托单位：融水苗族自治县城市管理行政执法局", "点位\t项目\t结果\t评价", "1#本底井\t氨氮\t0.06\t达标",
        "厂界环境空气\t氨\t0.04\t达标", "2020年9月2日",
    ])
    make_docx(share / "生态环境局" / "2020县域考核" / "上报" / "关于报送县域考核自查报告的函（含报告）.docx", [
        "柳州市融水生态环境局", "融环报〔2020〕41号",
        "关于报送融水苗族自治县2020年度国家重点生态功能区县域生态环境质量考核自查报告的函",
        "广西壮族自治区生态环境厅：",
        "按照考核工作要求，我局汇总审核了县发改、财政、自然资源等10个部门报送的指标数据和证明材料，编写了"
        "《融水苗族自治县2020年度国家重点生态功能区县域生态环境质量考核自查报告》，已经县人民政府审定盖章，现随函报送。",
        "柳州市融水生态环境局", "2020年10月30日",
    ])
    make_docx(share / "考核办" / "收文" / "自然资源局" / "关于县域地表变化图斑核实情况的复函.docx", [
        "融水苗族自治县自然资源和规划局", "关于县域地表变化图斑核实情况的复函", "县考核办：",
        "我县2019—2020年地表变化疑似图斑共14个，我局逐一开展了外业核实：属合法建设的9个，均有用地批复；"
        "属采矿的2个，已按矿山地质环境治理方案复绿；属自然原因的2个。",
        "融水苗族自治县自然资源和规划局", "2020年10月13日",
    ])
    make_docx(share / "考核办" / "发文" / "退回修改通知单-住建局.docx", [
        "县域生态环境质量考核领导小组办公室", "材料退回修改通知单", "退回单位：县住房和城乡建设局",
        "退回材料：2019年县城生活污水处理率核算表及说明", "退回原因：",
        "1.核算表“污水收集总量686.0万吨”与污水处理厂月报表合计不一致，请核实；2.城镇生活污水处理率计算口径请注明来源。",
        "修改时限：请于10月20日前重新报送。", "2020年10月16日",
    ])
    return scanned_documents(home)


def test_a_letter_handing_material_in_is_that_material_when_it_follows(round30_docs):
    assert "4.1" in in_window(round30_docs["报送函+附件 污水处理率核算.pdf"])
    assert in_window(round30_docs["报送函 污水处理率核算（附件另行装订）.pdf"]) == set()


def test_a_covering_letters_own_title_does_not_veto_the_papers_it_carries(round30_docs):
    assert "2.3" in in_window(round30_docs["财政局报送转移支付使用情况报表及报告的函.pdf"])


def test_a_paper_behind_a_covering_letter_under_its_own_header_is_read(round30_docs):
    assert "9.2" in in_window(round30_docs["报送函及验收批复（扫描）.pdf"])


def test_a_reply_promising_the_figures_later_is_not_the_figures(round30_docs):
    promise = round30_docs["水利局回复-水土流失面积待监测站反馈.docx"]
    assert in_window(promise) == set() and "未附材料" in (promise.get("meta") or "")
    assert "5.1" in in_window(round30_docs["水利局回复-2019年水土流失面积.docx"])


def test_a_reply_pointing_elsewhere_or_saying_there_is_nothing_evidences_nothing(round30_docs):
    assert in_window(round30_docs["住建局关于乡镇垃圾项目材料的回复.docx"]) == set()
    assert in_window(round30_docs["新建 DOCX 文档 (3).docx"]) == set()


def test_a_letter_asking_for_help_with_the_monitoring_is_not_the_monitoring(round30_docs):
    assert in_window(round30_docs["关于商请协助开展填埋场周边环境监测的函.docx"]) == set()


def test_a_paper_two_bureaus_issued_together_is_each_ones(round30_docs):
    assert {"2.4", "10.4"} <= in_window(round30_docs["联合发文-专项资金梳理.pdf"])


def test_a_returns_receiver_is_not_its_filer(round30_docs):
    tags = in_window(round30_docs["专项资金梳理表.docx"])
    assert "10.4" in tags and "2.4" not in tags


def test_an_unnamed_files_heading_gives_its_year(round30_docs):
    doc = round30_docs["新建 DOC 文档 (4).docx"]
    assert doc["years"] == [2021] and in_window(doc) == set()


def test_a_spaced_out_test_report_on_the_sections_is_quality_monitoring_not_a_landfills(round30_docs):
    assert "10.5" in in_window(round30_docs["1600329.docx"])
    assert "10.5" not in in_window(round30_docs["1600330.docx"])


def test_the_county_self_check_report_sent_up_is_not_the_bureaus_own(round30_docs):
    tags = in_window(round30_docs["关于报送县域考核自查报告的函（含报告）.docx"])
    assert "10.2" in tags and "10.3.6" not in tags


def test_a_field_check_of_change_patches_is_not_a_project_paper(round30_docs):
    tags = in_window(round30_docs["关于县域地表变化图斑核实情况的复函.docx"])
    assert "3.1.4" in tags and "3.3" not in tags


def test_the_lead_offices_return_for_revision_is_not_the_bureaus_material(round30_docs):
    assert in_window(round30_docs["退回修改通知单-住建局.docx"]) == set()
