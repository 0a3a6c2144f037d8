"""LibreOffice behind its own module: a conversion that overruns its time is stopped whole
(soffice.bin included) with a Chinese reason; a normal one gives the PDF."""

from __future__ import annotations

import subprocess

import pikepdf
import pytest
from docgen import make_docx

from indexer.convert import libreoffice


def _soffice_processes_using(profile: str) -> list[str]:
    found = subprocess.run(["pgrep", "-af", "soffice"], capture_output=True, text=True).stdout.splitlines()
    return [line for line in found if profile in line]


def test_a_docx_becomes_a_pdf(tmp_path):
    source = make_docx(tmp_path / "报告.docx", ["融水县生态环境保护工作报告", "\f", "第二页内容"])
    pdf = libreoffice.convert(source, "pdf", tmp_path, timeout=180)
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2


def test_a_conversion_past_its_timeout_is_killed_with_its_children(tmp_path):
    source = make_docx(tmp_path / "报告.docx", ["融水县生态环境保护工作报告"] * 200)
    with pytest.raises(libreoffice.ConversionError) as caught:
        libreoffice.convert(source, "pdf", tmp_path, timeout=0.3)
    assert caught.value.code == "convert_timeout" and "超时" in caught.value.message
    assert _soffice_processes_using(libreoffice._profile_dir().as_uri()) == []  # gone when convert returns
    assert not (tmp_path / "报告.pdf").exists()


def test_the_version_probe_names_libreoffice():
    assert libreoffice.version().startswith("LibreOffice")
