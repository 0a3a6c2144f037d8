"""Every real public test file ends ingested or as a recorded failure with a readable Chinese
reason, and the rest of the run goes on."""

from __future__ import annotations

import shutil

import pytest

from conftest import cli_json

EXPECTED_FAILURES = {
    "pdf-broken/aes-256-r6.pdf": "encrypted",
    "pdf-broken/rc4-40.pdf": "encrypted",
    "pdf-broken/password-example.pdf": "encrypted",
    "pdf-broken/bug1782186.pdf": "encrypted",
    "pdf-broken/empty.pdf": "empty_file",
    "pdf-broken/Brotli-Prototype-FileA.pdf": "corrupt_pdf",
    "pdf-broken/issue-297-example.pdf": "no_text",
    "pdf-broken/GHOSTSCRIPT-698804-1-fuzzed.pdf": "no_text",
    "pdf-broken/issue15590.pdf": "no_text",
    "pdf-broken/operator_list_cycle.pdf": "no_text",
    "docx/strict.docx": "unsupported_docx",
    "xlsx/pass_protected.xlsx": "encrypted",
    "xlsx/issue252.xlsx": "corrupt_xlsx",
    "xlsx/null_file.xlsx": "empty_file",
    # images/line.jpg (handwriting) is not here: Tesseract reads nothing in it, PP-OCR (the default) reads it
}
READABLE = {
    "pdf-broken/encrypted_doc_no_id.pdf": "patent",  # pdfplumber reads nothing; PDFium renders page 2 for OCR
    "pdf-broken/zen_of_python_corrupted.pdf": "Beautiful is better than ugly",
    "pdf-broken/r6-owner-password.pdf": "encryption test",
    "pdf/issue-203-decimalize.pdf": "行政处罚决定书",
    "pdf/issue3405r.pdf": "其他参考数据",
    "pdf/issue-71-duplicate-chars.pdf": "项目描述",
    "pdf/issue_566_test_2.pdf": "中国饮料有限公司",
    "docx/libreoffice_conversion.docx": "竞争性谈判文件",
    "xlsx/issue_174.xlsx": "Contact Name",
    "images/img_exif_orientation.jpg": "我是中国人",
    "images/white_font_color_transparent.png": "中国人",
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    from conftest import REALDATA, make_home

    if not REALDATA.exists():
        pytest.skip(f"shared real-data corpus not found at {REALDATA}")
    home = make_home(tmp_path_factory.mktemp("realdata") / "home")
    for source in REALDATA.rglob("*"):
        if source.is_file() and source.suffix != ".md":
            target = home / "watch_folders" / "生态环境局" / source.relative_to(REALDATA)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    report = cli_json(home, "scan")
    docs = {loc["path"].split("/", 1)[1]: d for d in cli_json(home, "documents") for loc in d["locations"]}
    return home, report, docs


def test_every_real_file_is_archived(ingested):
    from conftest import REALDATA

    home, report, docs = ingested
    files = {str(p.relative_to(REALDATA)) for p in REALDATA.rglob("*") if p.is_file() and p.suffix != ".md"}
    located = {loc["path"].split("/", 1)[1] for d in cli_json(home, "documents") for loc in d["locations"]}
    assert located == files
    assert all(d["status"] in ("indexed", "failed") for d in docs.values())


@pytest.mark.parametrize("name,code", sorted(EXPECTED_FAILURES.items()))
def test_broken_file_is_a_recorded_failure_with_a_chinese_reason(ingested, name, code):
    _, _, docs = ingested
    doc = docs[name]
    assert doc["status"] == "failed" and doc["error_code"] == code
    assert any("\u4e00" <= c <= "\u9fff" for c in doc["error"])


@pytest.mark.parametrize("name,phrase", sorted(READABLE.items()))
def test_difficult_but_valid_file_is_read(ingested, name, phrase):
    home, _, docs = ingested
    assert docs[name]["status"] == "indexed"
    hits = {h["source_path"].split("/", 1)[1] for h in cli_json(home, "search", phrase, "--limit", "50")["hits"]}
    assert name in hits


def test_failures_are_reported_by_the_scan_and_the_run_goes_on(ingested):
    _, report, docs = ingested
    unique = {d["id"]: d for d in docs.values()}.values()
    assert report["failed"] == sum(1 for d in docs.values() if d["status"] == "failed")  # a failure per path
    assert report["failed"] >= sum(1 for d in unique if d["status"] == "failed")
    assert report["extracted"] == sum(1 for d in unique if d["status"] == "indexed")
    assert report["extracted"] >= 35
