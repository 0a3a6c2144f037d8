"""Near misses found by reading the twelfth blind batch (blind12, issue 19, round fifteen) after it
was measured once: papers that sit in the assessment folders and use the duties' words but serve
nothing. Real files dropped into a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
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


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind12") / "home")
    drop_files(home / "watch_folders")
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
