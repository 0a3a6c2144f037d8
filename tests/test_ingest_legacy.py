"""Legacy Word/Excel/WPS files (.doc, .wps, .xls, .et) as an office suite writes them are indexed
with their text and their tables, through LibreOffice in the extraction sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli_json
from docgen import make_docx, make_xlsx
from legacy_office import save_as_legacy

REPORT = ["融水县污水处理厂2020年运行情况报告", "2020年全年处理污水438万吨，出水水质稳定达到一级A标准。"]
TABLE = [["月份", "处理量（万吨）", "COD去除率"], ["1月", "36.5", "91%"], ["2月", "33.8", "90%"]]
SHEET = {"转移支付": [["项目", "金额（万元）"], ["生态公益林补偿", 1280], ["污水管网改造", 960]]}


@pytest.fixture(scope="module")
def legacy_home(tmp_path_factory):
    from conftest import make_home

    root = tmp_path_factory.mktemp("legacy")
    home = make_home(root / "home")
    share = home / "watch_folders"
    for n, (suffix, sheet_suffix) in enumerate([(".doc", ".xls"), (".wps", ".et")]):
        docx = make_docx(root / "src" / f"运行情况报告{n}.docx", REPORT + [f"（第{n + 1}稿）"], table=TABLE)
        xlsx = make_xlsx(root / "src" / f"资金明细{n}.xlsx", {**SHEET, f"备注{n}": [["说明"]]})
        save_as_legacy(docx, share / "住建局" / f"运行情况报告{suffix}")
        save_as_legacy(xlsx, share / "财政局" / f"资金明细{sheet_suffix}")
    report = cli_json(home, "scan")
    return home, report


@pytest.mark.parametrize("name, fmt", [("运行情况报告.doc", "doc"), ("运行情况报告.wps", "doc")])
def test_word_and_wps_documents_are_indexed_with_their_text_and_table(legacy_home, name, fmt):
    home, report = legacy_home
    assert report["failed"] == 0, report["errors"]
    doc = next(d for d in cli_json(home, "documents") if d["source_path"].endswith(name))
    assert (doc["status"], doc["format"]) == ("indexed", fmt)
    text = cli_json(home, "show", str(doc["id"]))["text"]
    assert "出水水质稳定达到一级A标准" in text
    assert "COD去除率" in text and "33.8" in text


@pytest.mark.parametrize("name", ["资金明细.xls", "资金明细.et"])
def test_excel_and_wps_spreadsheets_are_indexed_with_their_cells(legacy_home, name):
    home, _ = legacy_home
    doc = next(d for d in cli_json(home, "documents") if d["source_path"].endswith(name))
    assert (doc["status"], doc["format"]) == ("indexed", "xls")
    text = cli_json(home, "show", str(doc["id"]))["text"]
    assert "【转移支付】" in text and "生态公益林补偿 1280" in text and "污水管网改造 960" in text


def test_legacy_files_are_found_by_search(legacy_home):
    home, _ = legacy_home
    hits = cli_json(home, "search", "生态公益林补偿")["hits"]
    assert {Path(h["source_path"]).suffix for h in hits} == {".xls", ".et"}
