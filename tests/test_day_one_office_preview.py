"""Issue 15, item 3: DOCX and XLSX are previewed as the page looks — a PDF made by LibreOffice on
first view (kept with the compilation's renditions) where it is installed, else a readable HTML
rendering of paragraphs and tables — instead of a long column of extracted text."""

from __future__ import annotations

import re

import pytest

from conftest import cli_json, make_home
from docgen import make_docx, make_xlsx
from test_web_helpers import login

PASSWORD = "Preview-pass-123"
DOCX = "财政局/2020年资金拨付情况.docx"
XLSX = "统计局/2020年基本情况表.xlsx"


@pytest.fixture
def client(tmp_path):
    from evidence.config import load_config
    from webui import create_app

    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    make_docx(share / DOCX, ["2020年重点生态功能区转移支付资金拨付情况", "资金已全部拨付，专款专用。"],
              table=[["项目", "金额（万元）"], ["天然林管护", "860"], ["污水管网", "1200"]])
    make_xlsx(share / XLSX, {"基本情况": [["指标", "单位", "2020年"], ["森林覆盖率", "%", 80.1]]})
    cli_json(home, "scan")
    cli_json(home, "user", "add", "jc", "--role", "inspector", "--password", PASSWORD)
    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    login(client, "jc", PASSWORD)
    client.home = home
    client.ids = {d["source_path"]: d["id"] for d in cli_json(home, "documents")}
    return client


def test_with_libreoffice_a_docx_is_previewed_as_a_pdf_made_on_first_view(client):
    from indexer.convert.libreoffice import executable

    assert executable() is not None, "LibreOffice is a Debian package of scripts/setup.sh"
    doc = client.ids[DOCX]
    page = client.get(f"/documents/{doc}").text
    assert re.search(rf'<iframe class="preview-pdf" id="preview-pdf" src="/documents/{doc}/preview"', page)
    preview = client.get(f"/documents/{doc}/preview")
    assert preview.status_code == 200 and preview.mimetype == "application/pdf" and preview.data.startswith(b"%PDF-")
    kept = list((client.home / "var/renditions").glob("*/*.pdf"))
    assert len(kept) == 1  # kept for the next view and the compilation
    again = client.get(f"/documents/{doc}/preview")
    assert again.data == preview.data and len(list((client.home / "var/renditions").glob("*/*.pdf"))) == 1


def test_without_libreoffice_paragraphs_and_tables_are_shown_as_html(client, monkeypatch, tmp_path):
    empty = tmp_path / "no-libreoffice"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    page = client.get(f"/documents/{client.ids[DOCX]}").text
    assert "preview-pdf" not in page
    box = page.split('id="office-preview">')[1].split("</div>")[0]
    assert "<p>2020年重点生态功能区转移支付资金拨付情况</p>" in box
    assert "<tr><td>天然林管护</td><td>860</td></tr>" in box
    sheet = client.get(f"/documents/{client.ids[XLSX]}").text.split('id="office-preview">')[1].split("</div>")[0]
    assert '<h4 class="sheet-name">基本情况</h4>' in sheet
    assert "<tr><td>森林覆盖率</td><td>%</td><td>80.1</td></tr>" in sheet
