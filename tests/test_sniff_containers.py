"""A file's format is decided by its structure, not by the first magic bytes found in it: a zip
whose entries are stored uncompressed shows a PDF's "%PDF-" near its start, and is still a zip
the department is asked to unpack."""

from __future__ import annotations

import zipfile

import pytest

from conftest import cli_json, make_home
from docgen import make_docx, make_text_pdf
from indexer.extract.sniff import sniff_format


@pytest.fixture
def inner(tmp_path):
    pdf = make_text_pdf(tmp_path / "方案.pdf", ["饮用水水源地保护区划定方案"])
    second = make_text_pdf(tmp_path / "批复.pdf", ["关于水源地保护区划定方案的批复"])
    docx = make_docx(tmp_path / "通知.docx", ["关于报送生态环境考核材料的通知"])
    return [pdf, second, docx]


def make_zip(path, files, compression):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for f in files:
            zf.write(f, f.name)
    return path


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_zip_is_a_zip_however_its_entries_are_stored(tmp_path, inner, compression):
    assert sniff_format(make_zip(tmp_path / "材料.zip", inner, compression), "材料.zip") == "zip"
    assert sniff_format(make_zip(tmp_path / "材料.pdf", inner, compression), "材料.pdf") == "zip"  # the name lies


def test_a_pdf_with_bytes_before_its_header_is_still_a_pdf(tmp_path, inner):
    shifted = tmp_path / "前缀.pdf"
    shifted.write_bytes(b"\r\n" * 100 + inner[0].read_bytes())
    assert sniff_format(shifted, shifted.name) == "pdf"


def test_a_stored_zip_fails_with_the_unpack_reason_and_nothing_inside_is_half_indexed(tmp_path, inner):
    home = make_home(tmp_path / "home")
    folder = home / "watch_folders" / "生态环境局"
    make_zip(folder / "材料（存储）.zip", inner, zipfile.ZIP_STORED)
    make_zip(folder / "材料（压缩）.zip", inner, zipfile.ZIP_DEFLATED)
    report = cli_json(home, "scan")
    assert report["failed"] == 2 and report["extracted"] == 0
    for error in report["errors"]:
        assert error["code"] == "unsupported_format" and "请解压后提交" in error["message"], error
    assert cli_json(home, "search", "饮用水水源地保护区划定方案")["total"] == 0
