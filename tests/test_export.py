"""The submission package: original files per department and duty, checklist.xlsx, manifest.json."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

from conftest import cli_json, run_cli
from docgen import make_docx, make_utf8_txt
from openpyxl import load_workbook

from archive.export import export_package, render_checklist_html

FUND_REPORT = ("2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。"
               "现将资金使用情况报告如下：资金已全部拨付。\n融水苗族自治县财政局\n2020年10月15日")
REPORT_NAME = "2020年度国家重点生态功能区转移支付资金使用情况报告.docx"
DUTY_DIR = Path("02 财政局") / "2.3 2020年生态转移支付资金使用情况报表和报告"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def exported(home: Path, target: Path, *args: str) -> dict:
    return cli_json(home, "export", str(target), "--as-of", "2020-10-20", *args)


def with_fund_report(share: Path) -> Path:
    return make_docx(share / "财政局" / REPORT_NAME, FUND_REPORT.split("\n"))


def test_each_evidence_file_is_exported_under_its_department_and_duty_with_its_original_name(home, share, tmp_path):
    source = with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    copy = tmp_path / "pkg" / DUTY_DIR / REPORT_NAME
    assert copy.read_bytes() == source.read_bytes()


def test_files_come_from_the_archive_not_from_what_the_share_holds_now(home, share, tmp_path):
    source = with_fund_report(share)
    archived = source.read_bytes()
    cli_json(home, "scan")
    source.write_bytes(b"overwritten after the scan, not yet archived")
    exported(home, tmp_path / "pkg")
    assert (tmp_path / "pkg" / DUTY_DIR / REPORT_NAME).read_bytes() == archived


def test_parts_of_a_compound_duty_get_their_own_folders(home, share, tmp_path):
    make_utf8_txt(share / "生态环境局" / "关于2020年度未发生突发环境事件的情况说明.txt",
                  "经核实，2020年我县未发生突发环境事件。\n特此说明。\n柳州市融水生态环境局\n2020年10月20日")
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    part = tmp_path / "pkg" / "10 生态环境局" / "10.3 生态环境局综合佐证材料" / "10.3.5 突发环境事件情况说明"
    assert [p.name for p in part.iterdir()] == ["关于2020年度未发生突发环境事件的情况说明.txt"]


def test_two_files_of_the_same_name_for_one_duty_are_both_kept(home, share, tmp_path):
    make_utf8_txt(share / "财政局" / "上半年" / "资金使用情况报告.txt", "2020年上半年" + FUND_REPORT)
    make_utf8_txt(share / "财政局" / "下半年" / "资金使用情况报告.txt", "2020年下半年" + FUND_REPORT)
    cli_json(home, "scan")
    ids = sorted(d["id"] for d in cli_json(home, "documents"))
    exported(home, tmp_path / "pkg")
    names = sorted(p.name for p in (tmp_path / "pkg" / DUTY_DIR).iterdir())
    assert names == ["资金使用情况报告.txt", f"资金使用情况报告（#{ids[1]}）.txt"]


def test_the_manifest_holds_the_sha256_of_every_exported_file(home, share, tmp_path):
    with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    manifest = json.loads((tmp_path / "pkg" / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(tmp_path / "pkg").as_posix() for p in (tmp_path / "pkg").rglob("*")
                     if p.is_file() and p.name != "manifest.json")
    assert [f["path"] for f in manifest["files"]] == on_disk
    assert "checklist.xlsx" in on_disk and (DUTY_DIR / REPORT_NAME).as_posix() in on_disk
    assert all(f["sha256"] == sha256(tmp_path / "pkg" / f["path"]) for f in manifest["files"])


def test_the_workbook_has_one_row_per_duty_with_status_files_reasons_and_deadline(home, share, tmp_path):
    with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    sheet = load_workbook(tmp_path / "pkg" / "checklist.xlsx")["清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].endswith("佐证材料清单（清单）") and "融政办发〔2020〕67号" in rows[1][0]
    assert "统计日期：2020-10-20" in rows[1][0]
    assert rows[2] == ("编号", "部门", "职责（方案原文）", "状态", "证据文件", "文号", "成文日期", "页数", "原因",
                       "截止日期", "剩余天数")
    assert len(rows) == 3 + 43
    row = next(r for r in rows if r[0] == "2.3")
    assert row[1:4] == ("财政局", "编制2020年生态转移支付资金使用情况报表和转移支付资金使用情况报告。", "不完整")  # the 报表 is missing
    assert row[4] == REPORT_NAME and REPORT_NAME in row[8]
    assert row[6] == "2020-10-15" and row[7] == "1"
    assert row[9:] == ("2020-10-24", 4)


def test_the_workbook_prints_on_a4_landscape_with_headers_on_every_page_and_no_internal_ids(home, share, tmp_path):
    with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    book = load_workbook(tmp_path / "pkg" / "checklist.xlsx")
    sheet = book["清单"]
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    reasons = [r[8] for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert any("「" + REPORT_NAME + "」" in r for r in reasons)
    assert not any(re.search(r"#\d", r) for r in reasons)
    summary = book["汇总"]
    progress = [row[-1] for row in summary.iter_rows(min_row=4)]
    assert progress and all(c.number_format == "0.0%" and 0 <= c.value <= 1 for c in progress)
    files = list(book["证据文件"].iter_rows(min_row=4, values_only=True))
    assert ("2.3", "财政局", "2020年生态转移支付资金使用情况报表和报告", REPORT_NAME, None, "2020-10-15", 1, "计入") in files


def test_every_duty_gets_a_folder_and_an_empty_one_says_why_it_is_empty(home, share, tmp_path):
    with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    duties = [p for p in (tmp_path / "pkg").glob("*/*") if p.is_dir()]
    assert len(duties) == 43
    assert not (tmp_path / "pkg" / DUTY_DIR / "缺失说明.txt").exists()
    note = (tmp_path / "pkg" / "01 发改局").glob("1.1 *")
    text = (next(note) / "缺失说明.txt").read_text(encoding="utf-8")
    assert "事项：1.1" in text and "责任单位：县发展和改革局" in text and "截止日期：" in text
    assert "缺失原因：未找到标注到本事项的材料" in text


def test_an_out_of_window_file_is_exported_with_a_mark(home, share, tmp_path):
    make_docx(share / "财政局" / "2017年度转移支付资金使用情况报告.docx",
              [FUND_REPORT.replace("2020", "2017").split("\n")[0], "融水苗族自治县财政局", "2017年10月15日"])
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    names = [p.name for p in (tmp_path / "pkg" / DUTY_DIR).iterdir()]
    assert "【考核期外】2017年度转移支付资金使用情况报告.docx" in names


def test_exporting_twice_gives_byte_identical_manifest_and_workbook(home, share, tmp_path):
    with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "a")
    exported(home, tmp_path / "b")
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    assert sha256(tmp_path / "a" / "checklist.xlsx") == sha256(tmp_path / "b" / "checklist.xlsx")


def test_the_workbook_carries_the_reference_date_instead_of_the_time_of_export(home, tmp_path):
    exported(home, tmp_path / "pkg")
    workbook = tmp_path / "pkg" / "checklist.xlsx"
    with zipfile.ZipFile(workbook) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 10, 20, 0, 0, 0)}
    properties = load_workbook(workbook).properties
    assert properties.created == properties.modified == datetime(2020, 10, 20)


def test_re_exporting_into_the_same_folder_replaces_the_previous_package(home, share, tmp_path):
    source = with_fund_report(share)
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    first = (tmp_path / "pkg" / "manifest.json").read_bytes()
    exported(home, tmp_path / "pkg")
    assert (tmp_path / "pkg" / "manifest.json").read_bytes() == first
    source.unlink()
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    assert [p.name for p in (tmp_path / "pkg" / DUTY_DIR).iterdir()] == ["缺失说明.txt"]


def test_a_folder_holding_other_files_is_refused_untouched(home, tmp_path):
    target = tmp_path / "pkg"
    make_utf8_txt(target / "私人笔记.txt", "不要删除")
    code, _ = run_cli(home, "export", str(target), "--json")
    assert code == 2
    assert (target / "私人笔记.txt").read_text(encoding="utf-8") == "不要删除"
    assert not (target / "manifest.json").exists()


def test_the_html_checklist_is_written_on_request_and_listed_in_the_manifest(home, tmp_path):
    exported(home, tmp_path / "pkg", "--html")
    page = (tmp_path / "pkg" / "checklist.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "产业准入负面清单及公示" in page and "@media print" in page
    manifest = json.loads((tmp_path / "pkg" / "manifest.json").read_text(encoding="utf-8"))
    assert "checklist.html" in [f["path"] for f in manifest["files"]]


def test_the_html_checklist_names_files_without_internal_ids(home, share):
    with_fund_report(share)
    cli_json(home, "scan")
    page = render_checklist_html(cli_json(home, "checklist", "--as-of", "2020-10-20"))
    assert "「" + REPORT_NAME + "」" in page
    assert not re.search(r"#\d+「", page)


def test_the_html_checklist_escapes_everything_that_came_from_people(home):
    cli_json(home, "reject", "2.3", "--note", "<script>alert('x')</script> & 缺凭证")
    page = render_checklist_html(cli_json(home, "checklist", "--as-of", "2020-10-20"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 缺凭证" in page


def test_a_file_named_like_a_formula_is_written_to_the_workbook_as_text(home, share, tmp_path):
    name = '=HYPERLINK("evil.example.invalid","点我").docx'
    make_docx(share / "财政局" / name, FUND_REPORT.split("\n"))
    cli_json(home, "scan")
    exported(home, tmp_path / "pkg")
    workbook = tmp_path / "pkg" / "checklist.xlsx"
    with zipfile.ZipFile(workbook) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    cells = [c for row in load_workbook(workbook)["清单"].iter_rows() for c in row if c.value == name]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_failed_addition_still_leaves_a_package_the_next_export_replaces(home, share, tmp_path):
    from archive.catalog import load_catalog
    from archive.store import Archive

    with_fund_report(share)
    cli_json(home, "scan")

    def failing(out_dir: Path, checklist: dict) -> dict:
        (out_dir / "half-written.pdf").write_bytes(b"%PDF-1.7 cut short")
        raise RuntimeError("converter gone")

    archive = Archive(home / "var")
    try:
        try:
            export_package(archive, load_catalog(None), tmp_path / "pkg", datetime(2020, 10, 20).date(), extra=failing)
        except RuntimeError:
            pass
    finally:
        archive.close()
    manifest = json.loads((tmp_path / "pkg" / "manifest.json").read_text(encoding="utf-8"))
    assert "half-written.pdf" in [f["path"] for f in manifest["files"]]
    exported(home, tmp_path / "pkg")
    assert not (tmp_path / "pkg" / "half-written.pdf").exists()
