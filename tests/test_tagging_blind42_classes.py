"""Classes found by reading blind42 (issue 19, round forty-six), after it was measured once: other
county bodies beside the ten bureaus; forms ticked, filled or left blank. A 2020 approval recalling
that the landfill was built in 2009 is about 2020; a form's last line 「（…发展和改革局 公章）」 names
its issuer, and the government-investment project approval form is the 立项 paper; the land
pre-review every construction needs, a road's soil-conservation plan, a tender notice and a clinic's
medical-wastewater unit are no eco project's papers; a survey form whose rows hold only unticked boxes
is blank; a household's land-contract registration is no indicator return; the approval office's
record of what it approved against the negative list is not the list; the water company's sales
figures asked for to estimate the discharge are the sewage accounting's. Real files dropped into a
county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round46_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind42") / "home")
    share = home / "watch_folders"
    make_docx(share / "城管局" / "2020考核" / "8.4其他项目" / "填埋场封场工程可研批复.docx", [
        "融水苗族自治县行政审批局", "融审批投资〔2020〕33号", "关于融水县城生活垃圾填埋场封场整治工程可行性研究报告的批复",
        "县城市管理行政执法局：", "县城生活垃圾填埋场2009年建成使用，库容即将用尽。经研究，同意实施填埋场封场整治工程，"
        "项目代码：2020-450225-78-01-0052XX，新建渗滤液调节池和地下水监测井，总投资3860万元。",
        "融水苗族自治县行政审批局", "2020年5月 12日",
    ])
    make_docx(share / "城管局" / "2020考核" / "8.3乡镇垃圾" / "乡镇垃圾转运站项目审批表.docx", [
        "融水苗族自治县政府投资项目审批表", "编号：融发改审〔2019〕44号",
        "项目名称：融水县2019年乡镇生活垃圾转运站建设项目", "项目单位：融水苗族自治县城市管理行政执法局（盖章）",
        "审批类别：☑ 项目建议书（立项）  □ 可行性研究报告", "建设内容：在白云乡、红水乡新建垃圾转运站2座，总投资280万元。",
        "县发展和改革局审批意见：", "☑ 同意立项    □ 不同意", "（融水苗族自治县发展和改革局 公章）", "2019年6月3日",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.3立项" / "安陲乡农村环境综合整治项目审批表.docx", [
        "融水苗族自治县政府投资项目审批表", "编号：融发改审〔2020〕51号",
        "项目名称：安陲乡2020年农村环境综合整治项目", "项目单位：融水苗族自治县安陲乡人民政府（盖章）",
        "建设内容：新建村级污水收集管网2.8公里、人工湿地1处，配置垃圾收集箱30个，总投资236万元。",
        "县发展和改革局审批意见：", "☑ 同意立项    □ 不同意", "（融水苗族自治县发展和改革局 公章）", "2020年5月8日",
    ])
    make_docx(share / "自然资源局" / "2020考核" / "杂" / "用地预审申请表（商住小区）.docx", [
        "建设项目用地预审与选址意见书申请表", "申请单位（盖章）：融水县某房地产开发有限公司", "项目名称：融水江滨商住小区",
        "拟用地面积：2.6公顷", "是否已办理立项备案：是 ☑  否 □", "是否占用生态保护红线：是 □  否 ☑", "是否占用永久基本农田：是 □  否 ☑", "申请日期：2020年7月2日",
    ])
    make_docx(share / "住建局" / "收文" / "卫健局关于乡镇卫生院医疗污水处理设施建设情况的报告.docx", [
        "融水苗族自治县卫生健康局", "关于乡镇卫生院医疗污水处理设施建设情况的报告", "县人民政府、县住建局：",
        "全县20家乡镇卫生院中已建成一体化医疗污水处理设施16家，2020年新建4家，项目已完成验收。", "融水苗族自治县卫生健康局 2020年9月8日",
    ])
    make_docx(share / "水利局" / "收文" / "县道改建工程水土保持方案批复.docx", [
        "融水苗族自治县行政审批局", "融审批水保〔2020〕5号", "关于县道X611四荣至香粉段改建工程水土保持方案报告书的批复",
        "县交通运输局：", "你局报送的水土保持方案报告书收悉。经审查，同意该工程水土流失防治责任范围及防治措施，"
        "项目建设期间应落实水土保持设施与主体工程同时设计、同时施工、同时投产使用。", "融水苗族自治县行政审批局 2020年3月6日",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.4项目" / "污水管网改造工程施工招标资格预审公告.docx", [
        "融水县城区污水管网改造工程施工招标资格预审公告", "招标编号：RSZC2020-G0412",
        "本招标项目融水县城区污水管网改造工程已由县发展和改革局批准建设，项目业主为县住房和城乡建设局，现对该项目施工进行公开招标。",
        "建设规模：改造污水管网6.2公里；计划工期：180日历天。",
    ])
    make_xlsx(share / "住建局" / "2020考核" / "4.3乡镇污水" / "乡镇污水设施运行情况调查表.xlsx", {"调查表": [
        ["柳州市乡镇生活污水处理设施运行情况调查表（2020年）"],
        ["填报单位：融水苗族自治县住房和城乡建设局"],
        ["序号", "乡镇名称", "设施规模", "是否正常运行", "处理量"],
        [1, "", "", "□是 □否", ""],
        [2, "", "", "□是 □否", ""],
        [3, "", "", "□是 □否", ""],
        ["填表人：", "联系电话：", "审核人："],
    ]})
    make_docx(share / "农业农村局" / "县域考核材料" / "其他" / "土地承包经营权确权登记表（滚贝乡）.docx", [
        "农村土地承包经营权确权登记表", "发包方：滚贝乡滚贝村第二村民小组", "承包期限：1998年1月1日至2027年12月31日",
        "地块名称　面积（亩）　地类", "大坪田　1.42　☑水田 □旱地", "岭背地　0.95　□水田 ☑旱地", "合计　2.37",
        "审核人：吴××　2019年6月11日",
    ])
    make_docx(share / "发改局" / "2020考核" / "1.4准入说明" / "行政审批局复函.docx", [
        "融水苗族自治县行政审批局", "融审批函〔2020〕36号",
        "关于2019年度产业准入负面清单涉及行业项目审批备案情况的复函", "县发展和改革局：",
        "经核对，2019年我局办理的企业投资项目备案中，涉及负面清单限制类行业的项目2件，均按清单管控要求办理，无禁止类项目。",
        "融水苗族自治县行政审批局 2020年9月21日",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.1污水处理率" / "佐证" / "自来水公司售水量情况的函.docx", [
        "融水县自来水有限责任公司", "关于2019年县城供水售水量情况的函", "县住房和城乡建设局：",
        "根据贵局核算2019年县城生活污水排放量的要求，现将我公司2019年县城供水情况函告如下：全年制水量1012.5万立方米，"
        "售水量801.3万立方米，其中居民生活用水498.6万立方米。", "融水县自来水有限责任公司 2020年9月16日",
    ])
    return scanned_documents(home)


def test_an_approval_recalling_an_old_build_is_about_its_own_year(round46_docs):
    assert "8.4" in in_window(round46_docs["填埋场封场工程可研批复.docx"])


def test_a_seal_noted_around_the_issuers_name_names_the_issuer(round46_docs):
    assert {"8.3", "1.3"} <= in_window(round46_docs["乡镇垃圾转运站项目审批表.docx"])


def test_the_project_approval_form_is_the_approval(round46_docs):
    assert "1.3" in in_window(round46_docs["安陲乡农村环境综合整治项目审批表.docx"])


def test_the_land_pre_review_every_construction_needs_is_no_eco_project(round46_docs):
    assert in_window(round46_docs["用地预审申请表（商住小区）.docx"]) == set()


def test_a_clinics_medical_wastewater_unit_is_not_township_sewage(round46_docs):
    assert "4.3" not in in_window(round46_docs["卫健局关于乡镇卫生院医疗污水处理设施建设情况的报告.docx"])


def test_a_roads_soil_conservation_plan_is_the_roads_permit(round46_docs):
    assert "5.2" not in in_window(round46_docs["县道改建工程水土保持方案批复.docx"])


def test_a_tender_notice_is_no_project_paper(round46_docs):
    assert "4.4" not in in_window(round46_docs["污水管网改造工程施工招标资格预审公告.docx"])


def test_a_form_with_only_unticked_boxes_is_blank(round46_docs):
    assert in_window(round46_docs["乡镇污水设施运行情况调查表.xlsx"]) == set()


def test_a_households_land_contract_registration_is_no_indicator_return(round46_docs):
    assert in_window(round46_docs["土地承包经营权确权登记表（滚贝乡）.docx"]) == set()


def test_the_approval_offices_record_against_the_list_is_not_the_list(round46_docs):
    assert "1.1" not in in_window(round46_docs["行政审批局复函.docx"])


def test_the_water_companys_sales_for_the_discharge_estimate_are_the_sewage_accountings(round46_docs):
    assert "4.1" in in_window(round46_docs["自来水公司售水量情况的函.docx"])
