"""Classes found by reading blind29 (issue 19, round thirty-three), after it was measured once: those
who check the bureaus (人大, 政协, 巡察, 纪委, 督查, 暗访) write about the work, not its papers, while the
bureaus' answers may be the material; OCR reads zeros and ones as letters (「2O20」「l0月」); a reply
named for what it carries (「…的答复（附竣工验收备案表）」) is what it carries. Real files dropped into a
county home, scanned by the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx


@pytest.fixture(scope="module")
def round33_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind29") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核" / "人大审议" / "县人大常委会执法检查组关于检查水污染防治法实施情况的报告.docx", [
        "县人大常委会执法检查组关于检查《中华人民共和国水污染防治法》实施情况的报告",
        "执法检查组实地查看了县城污水处理厂和和睦镇、三防镇污水处理设施建设工程，听取了县住建局、生态环境局的汇报。"
        "检查认为，我县乡镇污水处理设施建设推进较快，但部分管网收集率偏低。",
        "县人大常委会执法检查组", "2020年9月15日",
    ])
    make_docx(share / "农业农村局" / "2020考核" / "人居环境" / "柳州市农村人居环境整治暗访情况通报（第3期）.docx", [
        "柳州市农村人居环境整治暗访情况通报（第3期）",
        "市农村人居环境整治办于8月暗访了各县村庄清洁和改厕情况，融水县和睦镇下廊村存在垃圾乱堆问题，请限期整改。", "2020年8月28日",
    ])
    make_docx(share / "城管局" / "2020考核" / "城管局关于督查通报指出渗滤液处理站停运问题的整改报告.docx", [
        "城管局关于督查通报指出渗滤液处理站停运问题的整改报告",
        "针对督查通报指出的渗滤液处理站停运问题，我局已更换膜组件，1—9月渗滤液处理量9860立方米，出水COD稳定在60mg/L以下，运行台账附后。",
        "县城市管理行政执法局", "2020年10月12日",
    ])
    make_docx(share / "生态环境局" / "县域考核2020" / "01实施方案" / "扫描件001.docx", [
        "融水苗旅自冶县人民政俯", "办 公 室 文 件", "融政办发〔2O20〕67号",
        "各乡镇人民政府，县直各有关单位：", "经县人民政府同意，现将实施方案印发给你们，请认真贯彻执行。",
        "一、县发展和改革局：提供产业准入负面清单和公示材料。", "2O2O年9月28日",
    ])
    make_docx(share / "住建局" / "2020考核" / "4.4项目资料" / "关于县十六届人大五次会议第32号建议的答复（附雨污分流一期竣工验收备案表）.docx", [
        "融水苗族自治县住房和城乡建设局", "关于县十六届人大五次会议第32号建议的答复", "杨光华代表：",
        "县城老城区雨污分流改造工程（一期）已列入2020年县重大项目（融发改审批〔2019〕88号批复），工程于2020年8月28日通过竣工验收。",
        "融水苗族自治县住房和城乡建设局", "2020年9月10日",
        "附：县城老城区雨污分流改造工程（一期）竣工验收备案表", "验收结论：工程质量合格，同意通过竣工验收。",
    ])
    return scanned_documents(home)


def test_those_who_check_the_bureaus_write_about_the_work_not_its_papers(round33_docs):
    assert in_window(round33_docs["县人大常委会执法检查组关于检查水污染防治法实施情况的报告.docx"]) == set()
    assert in_window(round33_docs["柳州市农村人居环境整治暗访情况通报（第3期）.docx"]) == set()
    assert "8.2" in in_window(round33_docs["城管局关于督查通报指出渗滤液处理站停运问题的整改报告.docx"])


def test_zeros_and_ones_read_as_letters_are_read_back_as_digits(round33_docs):
    doc = round33_docs["扫描件001.docx"]
    assert doc["doc_number"] == "融政办发〔2020〕67号" and doc["years"] == [2020]
    assert in_window(doc) == {"10.1"}


def test_a_reply_named_for_what_it_carries_is_that_paper(round33_docs):
    assert "4.4" in in_window(round33_docs["关于县十六届人大五次会议第32号建议的答复（附雨污分流一期竣工验收备案表）.docx"])


def test_ocr_digits_leave_chemical_names_and_words_alone():
    from indexer.tagging.ocr_digits import ocr_digits

    assert ocr_digits("2O2O年l0月2O日，达标率lOO%，COD l8") == "2020年10月20日，达标率100%，COD 18"
    assert ocr_digits("SO2 浓度 NOx 排放 colour 2019") == "SO2 浓度 NOx 排放 colour 2019"
