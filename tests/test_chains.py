"""Project chains: a project approved but never accepted is a gap in its duty."""

from __future__ import annotations

from pathlib import Path

from conftest import cli_json
from docgen import make_utf8_txt

from archive.chains import project_key

FEASIBILITY_APPROVAL = (
    "融发改〔2019〕35号\n县城市管理行政执法局：\n你局报来的和睦镇垃圾收运项目可行性研究报告收悉。经研究，同意该项目建设。"
    "项目建设内容为乡镇垃圾收集转运设施，总投资120万元。\n此复。\n融水苗族自治县发展和改革局\n2019年5月10日")
ACCEPTANCE = (
    "2020年8月20日，县城市管理行政执法局组织对和睦镇垃圾收运项目进行竣工验收。该项目新建乡镇垃圾收运设施一套，"
    "已按设计完成建设内容，验收组一致认为工程质量合格，同意通过验收。\n融水苗族自治县城市管理行政执法局\n2020年8月25日")


def item(home: Path, item_id: str) -> dict:
    return next(e for e in cli_json(home, "checklist", "--as-of", "2020-10-20")["items"] if e["id"] == item_id)


def approval(share: Path) -> Path:
    return make_utf8_txt(share / "发改局" / "关于和睦镇垃圾收运项目可行性研究报告的批复.txt", FEASIBILITY_APPROVAL)


def test_names_from_an_approval_and_an_acceptance_of_one_project_match():
    assert project_key("和睦镇垃圾收运项目") == project_key("和睦镇垃圾收运项目竣工验收")
    assert project_key("和睦镇垃圾收运项目") == project_key("融水县和睦镇垃圾收运工程竣工验收报告")
    assert project_key("2019年和睦镇垃圾收运建设项目") == project_key("和睦镇垃圾收运项目")


def test_a_file_named_by_its_document_number_still_names_its_project():
    from indexer.tagging.project import project_name

    assert project_name("融发改审〔2019〕96号（乡镇垃圾转运站项目立项）") == "乡镇垃圾转运站项目"
    assert project_name("融发改〔2020〕44号 和睦镇垃圾收运项目可研批复") == "和睦镇垃圾收运项目"


def test_different_projects_keep_different_keys():
    assert project_key("县城污水处理厂提标改造工程") != project_key("县城污水处理厂")
    assert project_key("和睦镇垃圾收运项目") != project_key("安太乡垃圾收运项目")


def test_a_name_with_nothing_distinctive_joins_no_chain():
    assert project_key("项目") == ""
    assert project_key("竣工验收") == ""


def test_an_approved_project_without_acceptance_makes_its_duty_partial(home, share):
    approval(share)
    cli_json(home, "scan")
    entry = item(home, "8.3")
    assert entry["status"] == "partial"
    assert entry["reasons"][0].startswith("项目「和睦镇垃圾收运项目」已有立项/可研文件（")
    assert entry["reasons"][0].endswith("未见验收文件")


def test_the_acceptance_of_the_same_project_closes_the_gap(home, share):
    approval(share)
    make_utf8_txt(share / "城管局" / "和睦镇垃圾收运项目竣工验收报告.txt", ACCEPTANCE)
    cli_json(home, "scan")
    entry = item(home, "8.3")
    assert entry["status"] == "present"
    assert len(entry["evidence"]) == 2


def test_an_acceptance_of_another_project_does_not_close_the_gap(home, share):
    approval(share)
    make_utf8_txt(share / "城管局" / "安太乡垃圾收运项目竣工验收报告.txt", ACCEPTANCE.replace("和睦镇", "安太乡"))
    cli_json(home, "scan")
    entry = item(home, "8.3")
    assert entry["status"] == "partial"
    assert any("和睦镇垃圾收运项目" in r and "未见验收文件" in r for r in entry["reasons"])


def test_an_unreadable_acceptance_does_not_close_the_gap(home, share):
    approval(share)
    (share / "城管局" / "和睦镇垃圾收运项目竣工验收报告.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    cli_json(home, "scan")
    entry = item(home, "8.3")
    assert entry["status"] == "partial"
    assert "验收文件无法读取" in entry["reasons"][0]


def test_a_duty_that_asks_only_for_approvals_has_no_acceptance_gap(home, share):
    make_utf8_txt(share / "发改局" / "关于四荣乡农村环境综合整治项目立项的批复.txt",
                  "融发改〔2019〕41号\n四荣乡人民政府：\n你乡报来的请示收悉。经研究，同意四荣乡农村环境综合整治项目立项，"
                  "建设内容包括村屯生活污水处理设施和垃圾收集设施，总投资260万元。\n此复。\n融水苗族自治县发展和改革局\n2019年6月3日")
    cli_json(home, "scan")
    assert item(home, "1.3")["status"] == "present"


def test_a_plain_project_approval_also_opens_a_chain(home, share):
    make_utf8_txt(share / "发改局" / "关于同意实施和睦镇垃圾收运项目的批复.txt",
                  FEASIBILITY_APPROVAL.replace("可行性研究报告收悉", "立项申请收悉"))
    cli_json(home, "scan")
    doc = cli_json(home, "documents")[0]
    assert (doc["doc_type"], doc["project"]) == ("立项文件", "和睦镇垃圾收运项目")
    entry = item(home, "8.3")
    assert entry["status"] == "partial" and entry["reasons"][0].endswith("未见验收文件")


COUNTY_APPROVAL = (
    "融发改〔2019〕112号\n县城市管理行政执法局：\n你局报来的乡镇生活垃圾收集转运体系建设项目立项申请收悉。经研究，同意该项目建设，"
    "在全县乡镇新建生活垃圾转运站12座，总投资960万元。\n此复。\n融水苗族自治县发展和改革局\n2019年4月2日")


def test_a_county_wide_approval_is_closed_by_a_townships_acceptance_under_another_name(home, share):
    make_utf8_txt(share / "发改局" / "乡镇生活垃圾收集转运体系建设项目立项批复.txt", COUNTY_APPROVAL)
    make_utf8_txt(share / "城管局" / "杆洞乡垃圾转运站竣工验收意见.txt", ACCEPTANCE.replace("和睦镇垃圾收运项目", "杆洞乡垃圾转运站"))
    cli_json(home, "scan")
    entry = item(home, "8.3")
    assert entry["status"] == "present", entry["reasons"]


def test_one_acceptance_closes_one_approval_only(home, share):
    make_utf8_txt(share / "发改局" / "乡镇生活垃圾收集转运体系建设项目立项批复.txt", COUNTY_APPROVAL)
    make_utf8_txt(share / "发改局" / "关于乡镇垃圾中转站二期项目立项的批复.txt",
                  COUNTY_APPROVAL.replace("乡镇生活垃圾收集转运体系建设项目", "乡镇垃圾中转站二期项目").replace("112号", "187号"))
    make_utf8_txt(share / "城管局" / "杆洞乡垃圾转运站竣工验收意见.txt", ACCEPTANCE.replace("和睦镇垃圾收运项目", "杆洞乡垃圾转运站"))
    cli_json(home, "scan")
    entry = item(home, "8.3")
    assert entry["status"] == "partial"
    assert sum("未见验收文件" in r for r in entry["reasons"]) == 1


def test_an_approval_filed_with_its_completion_closes_itself(home, share):
    make_utf8_txt(share / "城管局" / "乡镇垃圾收运项目立项批复及完工情况.txt",
                  COUNTY_APPROVAL.replace("乡镇生活垃圾收集转运体系建设项目", "乡镇垃圾收运项目")
                  + "\n\n乡镇垃圾收运项目完工情况\n截至2020年6月，12座转运站全部建成并投入运行，已完成竣工验收。")
    cli_json(home, "scan")
    assert not any("未见验收文件" in r for r in item(home, "8.3")["reasons"])


def test_an_upgrades_approval_is_not_closed_by_the_original_builds_acceptance():
    from archive.chains import may_complete

    assert not may_complete("和睦镇垃圾转运站提标改造项目", "和睦镇垃圾转运站竣工验收报告")
    assert not may_complete("和睦镇垃圾收运项目", "安太乡垃圾收运项目竣工验收报告")
    assert not may_complete("乡镇垃圾中转站二期项目", "乡镇垃圾中转站一期竣工验收")
    assert may_complete("乡镇生活垃圾收集转运体系建设项目", "四荣乡、香粉乡垃圾转运站完工验收单")
    assert may_complete("和睦镇垃圾收运项目", "第一批乡镇垃圾转运站竣工验收报告")
