"""Classes found by reading blind39 (issue 19, round forty-three), after it was measured once: faxes,
e-documents and receipts; state-owned companies and institutions. The document exchange's receipt for
the plan names it without being it; a return notice and an e-seal's verification page carry nothing,
while a paper filed with its verification page is that paper; the 住房和城乡建设局 naming itself in a
heading builds nothing; a monitoring station's own procedure is no monitoring. Real files dropped into
a county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round43_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind39") / "home")
    share = home / "watch_folders"
    make_docx(share / "考核办" / "公文交换" / "签收回执_融政办发〔2020〕67号_县林业局.docx", [
        "广西壮族自治区电子公文传输系统", "签 收 回 执",
        "文件标题：融水苗族自治县人民政府办公室关于印发《融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案》的通知",
        "文　　号：融政办发〔2020〕67号", "接收单位：融水苗族自治县林业局", "签收状态：已签收（正文1件，附件1件）",
    ])
    make_docx(share / "水利局" / "2020生态考核" / "5.3自查" / "公文交换退文通知_水利局自查报告.docx", [
        "电子公文交换系统　退文通知", "退文单位：柳州市融水生态环境局（县考核办）", "退文时间：2020-10-22 16:40:12",
        "原文标题：融水苗族自治县水利局关于2019—2020年度生态环境保护工作的自查报告",
        "原发文单位：融水苗族自治县水利局", "退文原因：未加盖单位电子印章，无文号；请补充签章后重新报送。", "经办人：陆**",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "10.3突发事件" / "突发环境事件情况说明（含二维码核验页）.docx", [
        "柳州市融水生态环境局", "柳融环函〔2020〕41号", "柳州市融水生态环境局关于2019年以来县域突发环境事件情况的说明",
        "县考核工作领导小组：", "经查阅我局应急值守记录，2019年1月1日至2020年10月20日，我县未发生突发环境事件。特此说明。",
        "柳州市融水生态环境局 2020年10月21日", "电子公文二维码核验结果", "核验时间：2020-10-22 09:14:30",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.1污水处理率" / "2020年1-9月污水处理情况.docx", [
        "融水苗族自治县住房和城乡建设局", "融住建函〔2020〕58号",
        "融水苗族自治县住房和城乡建设局关于报送2020年1—9月县城生活污水处理情况的函", "柳州市融水生态环境局：",
        "1．县城污水处理厂1—9月累计处理污水563.1万立方米。2．1—9月县城生活污水处理率为91.95%。",
        "3．城区污水管网改造一期工程已完成管网4.8公里，预计年底完工。", "融水苗族自治县住房和城乡建设局 2020年10月12日",
    ])
    make_docx(share / "生态环境局" / "2020考核" / "监测站资料" / "监测站质量体系程序文件-样品管理程序.docx", [
        "柳州市融水生态环境监测站", "质量体系程序文件", "样 品 管 理 程 序",
        "适用于本站地表水、地下水、废水、废气、土壤等各类监测样品的管理。样品接收时检查标识、数量、保存条件。",
    ])
    return scanned_documents(home)


def test_the_exchanges_receipt_for_the_plan_is_not_the_plan(round43_docs):
    assert round43_docs["签收回执_融政办发〔2020〕67号_县林业局.docx"]["tags"] == []


def test_a_return_notice_carries_nothing(round43_docs):
    assert round43_docs["公文交换退文通知_水利局自查报告.docx"]["tags"] == []


def test_a_paper_filed_with_its_verification_page_is_that_paper(round43_docs):
    assert "10.3.5" in in_window(round43_docs["突发环境事件情况说明（含二维码核验页）.docx"])


def test_the_housing_bureau_naming_itself_builds_nothing(round43_docs):
    assert "4.4" not in in_window(round43_docs["2020年1-9月污水处理情况.docx"])


def test_a_monitoring_stations_own_procedure_is_no_monitoring(round43_docs):
    assert "10.5" not in in_window(round43_docs["监测站质量体系程序文件-样品管理程序.docx"])
