"""Near misses found by reading the twelfth and thirteenth blind batches (blind12 and blind13, issue
19, rounds fifteen and sixteen) after each was measured once: papers that sit in the assessment
folders and use the duties' words but serve nothing, and a town's refuse collection read as another
kind of project (the false 已提供 blind13 showed on 8.4). Real files dropped into a county home,
scanned by the real pipeline, tags and the checklist read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli_json, in_window, make_home, scanned_documents
from docgen import make_docx

PLAN_TITLE = "融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案"


def drop_files(share: Path) -> None:
    make_docx(share / "发改局" / "2020考核" / "收文处理单-关于印发考核工作实施方案的通知.docx", [
        "融水苗族自治县发展和改革局收文处理单",
        "收文编号：2020-收-0417   收文日期：2020年9月29日",
        "来文单位：县人民政府办公室   文号：融政办发〔2020〕67号",
        f"文件标题：关于印发《{PLAN_TITLE}》的通知",
        "拟办意见：请规划股牵头，按分工于10月20日前整理材料。", "领导批示：同意。",
    ])
    make_docx(share / "住建局" / "2020考核" / "招聘污水处理厂运维人员公告.docx", [
        "融水县乡镇污水处理设施运营有限公司招聘公告",
        "因业务需要，现面向社会招聘污水处理站运维人员6名：岗位为运维工（和睦、三防、怀宝站点各2名）。",
        "报名时间：2020年8月10日至8月20日。",
    ])
    make_docx(share / "住建局" / "2020考核" / "项目" / "关于城东片区保障性住房项目可研的批复.docx", [
        "关于融水县城东片区保障性住房项目可行性研究报告的批复",
        "县住房和城乡建设局：",
        "经研究，同意建设城东片区保障性住房项目。新建公租房480套，总建筑面积3.2万平方米，配套道路、绿化、排水。总投资9600万元。",
        "融水苗族自治县发展和改革局", "2020年5月6日",
    ])
    make_docx(share / "考核办" / "2020县域考核佐证材料" / "00封面.docx", [
        "融水苗族自治县", "2020年度国家重点生态功能区县域生态环境质量", "监测、评价与考核", "佐证材料汇编",
        "（第一册 综合类）", "融水苗族自治县重点生态功能区县域生态环境质量监测评价与考核工作领导小组办公室", "二〇二〇年十月",
    ])


    # -- round sixteen: a town's refuse collection, approved and accepted --------------------------
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾项目" / "和睦镇垃圾收运项目立项批复（复印件）.docx", [
        "融水苗族自治县发展和改革局文件", "融发改〔2019〕88号",
        "关于和睦镇2019年农村生活垃圾收运处理项目立项的批复", "和睦镇人民政府：",
        "一、同意和睦镇农村生活垃圾收运处理项目立项。二、建设内容：新建垃圾收集池36座，购置垃圾车2辆。三、项目总投资186.4万元。",
        "融水苗族自治县发展和改革局", "2019年5月20日",
    ])
    make_docx(share / "城管局" / "2020考核" / "乡镇垃圾项目" / "和睦镇垃圾收运项目竣工验收意见.docx", [
        "和睦镇2019年农村生活垃圾收运处理项目", "竣工验收意见",
        "2020年1月14日，和睦镇人民政府组织县城管局对该项目进行竣工验收：完成垃圾收集池36座、转运点1处，工程质量合格，同意通过验收。",
        "和睦镇人民政府（章）",
    ])
    # -- a township's list of payouts to households is not a fund's allocation ----------------------
    make_docx(share / "林业局" / "2020考核" / "乡镇材料" / "杆洞乡生态公益林补偿资金发放公示2020.docx", [
        "杆洞乡2020年森林生态效益补偿资金发放公示",
        "杆洞村：补偿面积12630亩，补偿金额17.05万元；党鸠村：补偿面积9840亩，补偿金额13.28万元。",
        "公示期7天，如有异议请向乡林业站反映。", "杆洞乡人民政府 2020年8月10日",
    ])


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = make_home(tmp_path_factory.mktemp("blind12") / "home")
    drop_files(home / "watch_folders")
    return home


@pytest.fixture(scope="module")
def docs(home) -> dict[str, dict]:
    return scanned_documents(home)


def test_a_routing_slip_named_by_its_form_serves_nothing(docs):
    slip = docs["收文处理单-关于印发考核工作实施方案的通知.docx"]
    assert in_window(slip) == set() and slip["meta"].startswith("收文处理单")


def test_a_job_posting_for_the_plants_operators_is_not_the_plants_material(docs):
    assert in_window(docs["招聘污水处理厂运维人员公告.docx"]) == set()


def test_housing_works_with_ancillary_greening_are_not_an_eco_project(docs):
    assert in_window(docs["关于城东片区保障性住房项目可研的批复.docx"]) == set()


def test_a_packages_cover_page_serves_nothing(docs):
    assert in_window(docs["00封面.docx"]) == set()


def test_a_towns_refuse_collection_is_the_township_refuse_duty_not_another_project(docs, home):
    approval = in_window(docs["和睦镇垃圾收运项目立项批复（复印件）.docx"])
    acceptance = in_window(docs["和睦镇垃圾收运项目竣工验收意见.docx"])
    assert "8.3" in approval and "8.3" in acceptance
    assert "8.4" not in approval | acceptance
    entry = next(e for e in cli_json(home, "checklist", "--as-of", "2020-10-20")["items"] if e["id"] == "8.4")
    assert entry["status"] != "present"


def test_a_townships_list_of_payouts_to_households_is_not_a_funds_allocation(docs):
    assert in_window(docs["杆洞乡生态公益林补偿资金发放公示2020.docx"]) & {"2.2", "2.4"} == set()


# -- round seventeen (blind13 and blind14 read): papers from one township, and purchase requests ------

@pytest.fixture(scope="module")
def township_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind13") / "home")
    share = home / "watch_folders"
    make_docx(share / "生态环境局" / "2020考核" / "乡镇自查" / "大年乡自查报告.docx", [
        "大年乡2020年生态环境保护工作自查报告", "县生态环境局：",
        "按照县环委办通知要求，现将我乡生态环境保护工作自查如下：秸秆禁烧、饮用水源地保护、河道保洁均已落实。",
        "大年乡人民政府", "2020年10月9日",
    ])
    make_docx(share / "统计局" / "2020考核" / "乡镇报送" / "白云乡综合年报.docx", [
        "白云乡2019年综合统计年报", "年末户籍总人口1.26万人，粮食播种面积1126公顷，化肥施用量（折纯）310吨。",
    ])
    make_docx(share / "统计局" / "2020县域考核" / "关于城镇人口指标取数口径的说明.docx", [
        "关于县域总人口、城镇人口指标取数口径的说明",
        "县域基本情况表中“县域总人口”取2019年末户籍总人口52.76万人，“城镇人口”取2019年末城镇常住人口15.62万人。",
        "融水苗族自治县统计局", "2020年10月21日",
    ])
    make_docx(share / "林业局" / "办公室" / "关于购置森林防火巡护车辆的请示.docx", [
        "关于购置森林防火巡护车辆的请示", "县人民政府：",
        "我县林地面积3884平方公里，森林覆盖率77.5%，现有巡护车辆老化，拟购置巡护车辆4辆，所需资金86万元。妥否，请批示。",
        "融水苗族自治县林业局", "2020年6月3日",
    ])
    return scanned_documents(home)


def test_a_townships_own_self_check_or_return_is_not_the_countys(township_docs):
    assert in_window(township_docs["大年乡自查报告.docx"]) == set()
    assert in_window(township_docs["白云乡综合年报.docx"]) & {"7.2.2", "7.2.4"} == set()
    assert "7.2.2" in in_window(township_docs["关于城镇人口指标取数口径的说明.docx"])


def test_a_request_to_buy_vehicles_quoting_the_bureaus_figures_serves_nothing(township_docs):
    assert in_window(township_docs["关于购置森林防火巡护车辆的请示.docx"]) == set()
