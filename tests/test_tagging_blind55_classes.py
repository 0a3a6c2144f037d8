"""Classes found by reading blind55 (issue 19, round fifty-nine), after it was measured once: the
development and reform bureau's world; the urban management bureau's world. A test report on the
landfill's leachate effluent or its surroundings is known by its subject line whatever the file is
called, and is the landfill's record, not the county's quality monitoring; the contract for running the
leachate station is not its record unless the records are bound with it; a paper about money, figures
or small incinerators naming township refuse projects is no project paper; a notice on the sewage fee
is not the plant's operation. Real files dropped into a county home, scanned by the real pipeline, tags
read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("blind55") / "home")
    share = home / "watch_folders"
    landfill = share / "城管局" / "2020考核" / "8.2"
    make_docx(landfill / "扫描件0021.docx", [
        "检 测 报 告",
        "报告编号：HKJC-2020-W0611",
        "项目名称：融水县生活垃圾卫生填埋场渗滤液处理站出水检测（2020年第三季度）",
        "委托单位：融水苗族自治县环境卫生管理站",
        "采样日期：2020年8月12日   采样点位：渗滤液处理站出水口",
        "检测项目  检测结果  标准限值  评价",
        "化学需氧量  48  100  达标",
        "氨氮  5.10  25  达标",
        "结论：所测项目均符合《生活垃圾填埋场污染控制标准》（GB 16889-2008）表2限值要求。",
    ])
    make_docx(landfill / "HKJC-2020-A0907.docx", [
        "检测报告  HKJC-2020-A0907",
        "项目名称：融水县生活垃圾卫生填埋场周边环境检测（2020年第三季度）——厂界无组织废气、地表水",
        "委托单位：融水苗族自治县环境卫生管理站",
        "采样日期：2020年9月7日",
        "厂界无组织废气：氨0.12mg/m³，硫化氢0.007mg/m³，限值1.5/0.06，达标。",
        "地表水（老鸦冲溪）：W1上游COD 11，W2下游COD 15，Ⅲ类限值20，达标。",
    ])
    make_docx(landfill / "渗滤液处理站委托运营服务合同.docx", [
        "融水县生活垃圾填埋场渗滤液处理站委托运营服务合同",
        "甲方：融水苗族自治县环境卫生管理站  乙方：广西某环保科技有限公司",
        "甲方委托乙方运营渗滤液处理站，设计处理规模100立方米/日，出水执行GB 16889-2008表2标准。",
        "服务期限自2020年1月1日至2020年12月31日，服务费按处理量结算。",
    ])
    make_docx(share / "城管局" / "发文" / "关于乡镇小型垃圾焚烧炉排查整治情况的报告.docx", [
        "关于乡镇小型垃圾焚烧炉排查整治情况的报告",
        "县人民政府：按照要求，我局对全县乡镇小型垃圾焚烧炉开展排查整治，共排查焚烧炉23座，已全部停用拆除。",
        "下一步，我局将结合乡镇垃圾中转站建设项目，完成乡镇生活垃圾收集转运体系建设。",
        "融水苗族自治县城市管理局", "2020年9月15日",
    ])
    make_docx(share / "发改局" / "价格股" / "关于调整县城污水处理费征收标准的通知.docx", [
        "融水苗族自治县发展和改革局",
        "关于调整县城污水处理费征收标准的通知",
        "为保障县城污水处理厂正常运行，经县人民政府同意，县城污水处理费征收标准调整为居民生活用水每立方米0.95元，"
        "自2019年7月1日起执行。",
        "融水苗族自治县发展和改革局", "2019年6月10日",
    ])
    return scanned_documents(home)


def test_a_leachate_effluent_test_is_known_by_its_subject_line(docs):
    assert "8.2" in in_window(docs["扫描件0021.docx"])


def test_a_test_of_the_landfills_surroundings_is_its_record_not_the_countys_quality_monitoring(docs):
    tags = in_window(docs["HKJC-2020-A0907.docx"])
    assert "8.2" in tags and "10.5" not in tags


def test_the_contract_for_running_the_leachate_station_is_not_its_record(docs):
    assert "8.2" not in in_window(docs["渗滤液处理站委托运营服务合同.docx"])


def test_a_paper_on_small_incinerators_naming_the_refuse_projects_is_no_project_paper(docs):
    assert "8.3" not in in_window(docs["关于乡镇小型垃圾焚烧炉排查整治情况的报告.docx"])


def test_a_notice_on_the_sewage_fee_is_not_the_plants_operation(docs):
    assert "10.3.3" not in in_window(docs["关于调整县城污水处理费征收标准的通知.docx"])
