"""What each page shows and does, through the Flask test client on a real ingested home."""

from __future__ import annotations

import io
import re

from conftest import cli_json, make_home, wait_until
from docgen import make_utf8_txt
from test_web_helpers import app, client_as, csrf_of, doc_id_by_path, login, web_config, web_home  # noqa: F401

DOCX = "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx"
PDF = "住建局/污水处理厂2020年运行报告.pdf"


def test_search_result_shows_title_department_tags_type_year_and_highlight(client_as):
    page = client_as("admin").get("/?q=转移支付资金").text
    hit = page.split('<article class="hit"')[1]
    assert "关于下达2020年国家重点生态功能区转移支付资金的通知" in hit
    assert '<span class="dept">财政局</span>' in hit
    assert "<mark>转移支付资金</mark>" in hit
    assert "2020年" in hit and 'class="chip"' in hit


def test_search_hit_in_a_pdf_names_the_page(client_as):
    page = client_as("admin").get("/?q=COD去除率").text
    assert re.search(r'class="page-no"[^>]*>第 2 页</', page)


def test_search_facets_count_documents_per_department(client_as):
    result = client_as("admin").get("/api/search?q=污水").get_json()
    assert result["facets"]["department"] == {"住建局": 2}
    assert re.search(r"住建局</span><b>2</b>", client_as("admin").get("/?q=污水").text)


def test_department_facet_filters_the_results(client_as):
    result = client_as("admin").get("/api/search?q=2020&department=林业局").get_json()
    assert {hit["department"] for hit in result["hits"]} == {"林业局"}


def test_search_pages_through_results(client_as):
    client = client_as("admin")
    everything = client.get("/api/search?limit=100").get_json()
    first = client.get("/?limit=2").text
    second = client.get("/?limit=2&page=2").text
    ids = lambda html: re.findall(r'<article class="hit" data-doc="(\d+)"', html)  # noqa: E731
    assert len(ids(first)) == 2 and len(ids(second)) == 2 and not set(ids(first)) & set(ids(second))
    assert "下一页" in first and everything["total"] > 4


def test_empty_query_lists_recent_documents(client_as):
    page = client_as("admin").get("/").text
    assert "最近入库的文件" in page and page.count('<article class="hit"') >= 5


def test_document_page_shows_metadata_tags_with_reasons_and_highlighted_text(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, DOCX)
    page = client.get(f"/documents/{doc}?q=专款专用").text
    assert "<mark>专款专用</mark>" in page
    assert DOCX in page and "财政局" in page
    assert "规则判定" in page and '<ul class="reasons"><li>' in page


def test_download_returns_the_original_bytes_under_the_original_name(client_as, web_home):
    client = client_as("admin")
    doc = doc_id_by_path(client, DOCX)
    response = client.get(f"/documents/{doc}/download")
    assert response.data == (web_home / "watch_folders" / DOCX).read_bytes()
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


def test_pdf_is_previewed_in_the_browsers_viewer(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, PDF)
    assert 'class="preview-pdf"' in client.get(f"/documents/{doc}").text
    assert client.get(f"/documents/{doc}/preview").data.startswith(b"%PDF")


def test_image_is_previewed_inline(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, "林业局/现场照片.png")
    assert 'class="preview-image"' in client.get(f"/documents/{doc}").text
    assert client.get(f"/documents/{doc}/preview").headers["Content-Type"] == "image/png"


def test_docx_page_offers_its_pdf_rendition_and_keeps_the_text(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, DOCX)
    page = client.get(f"/documents/{doc}").text  # LibreOffice is installed: converted when first viewed
    assert "preview-pdf" in page and "preview-image" not in page and "专款专用" in page


def test_manual_tag_is_shown_as_manual_and_searchable_by_duty(client_as):
    client = client_as("caizheng")  # 2.6 is a 财政局 duty: its own department tags it
    doc = doc_id_by_path(client, DOCX)
    assert "2.6" not in client.get(f"/api/documents/{doc}").get_json()["items"]
    response = client.post(f"/documents/{doc}/tags", data={"item": "2.6", "action": "add", "note": "人工确认",
                                                             "csrf_token": csrf_of(client)})
    assert response.status_code == 302
    page = client.get(f"/documents/{doc}").text
    assert "人工标注" in page and "人工确认" in page
    assert doc in [h["id"] for h in client.get("/api/search?item=2.6").get_json()["hits"]]


def test_manual_tag_removal_takes_the_duty_off(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, PDF)
    item = client.get(f"/api/documents/{doc}").get_json()["items"][0]
    client.post(f"/documents/{doc}/tags", data={"item": item, "action": "remove", "csrf_token": csrf_of(client)})
    assert item not in client.get(f"/api/documents/{doc}").get_json()["items"]


def test_unknown_duty_cannot_be_tagged(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, PDF)
    response = client.post(f"/documents/{doc}/tags", data={"item": "99.9", "action": "add",
                                                             "csrf_token": csrf_of(client)})
    assert response.status_code == 400


def test_document_page_lists_every_version_of_its_path(tmp_path):
    from evidence.config import load_config
    from webui import create_app

    home = make_home(tmp_path / "home")
    target = home / "watch_folders/统计局/公报.txt"
    make_utf8_txt(target, "2019年统计公报第一版")
    cli_json(home, "scan")
    make_utf8_txt(target, "2019年统计公报第二版，数据已更正")
    cli_json(home, "scan")
    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", "admin-pass-1")
    client = create_app(load_config(home), {"TESTING": True}).test_client()
    login(client, "admin", "admin-pass-1")
    page = client.get("/documents/2").text
    assert "同一路径的各版本" in page and 'href="/documents/1"' in page and "本版本" in page


def test_checklist_page_shows_every_duty_with_the_status_of_build_checklist(client_as, web_config):
    from archive.checklist import build_checklist
    from archive.store import Archive
    from evidence.services import load_catalog_for

    page = client_as("inspector").get("/checklist").text
    archive = Archive(web_config.var)
    try:
        expected = build_checklist(archive, load_catalog_for(web_config))
    finally:
        archive.close()
    shown = dict(re.findall(r'data-item="([^"]+)" data-status="([^"]+)"', page))
    assert {e["id"]: e["status"] for e in expected["items"]}.items() <= shown.items()
    assert len(expected["items"]) == 43


def test_checklist_explains_non_green_items_and_shows_deadlines(client_as):
    page = client_as("admin").get("/checklist").text
    assert "未找到标注到本事项的材料" in page
    assert "逾期" in page or "剩" in page
    assert "<meter" in page


def test_checklist_filters_to_one_department(client_as):
    page = client_as("admin").get("/checklist?department=住建局").text
    assert set(re.findall(r'<section class="dept card" id="dept-([^"]+)"', page)) == {"住建局"}


def test_checklist_of_an_unknown_department_is_404(client_as):
    assert client_as("admin").get("/checklist?department=不存在局").status_code == 404


def test_checklist_exports_a_workbook_and_a_package(client_as):
    import zipfile

    client = client_as("caizheng")
    xlsx = client.get("/checklist/export/checklist.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    package = zipfile.ZipFile(io.BytesIO(client.get("/checklist/export/package").data))
    names = package.namelist()
    assert "checklist.xlsx" in names and "manifest.json" in names
    assert any(n.endswith("关于下达2020年重点生态功能区转移支付资金的通知.docx") for n in names)


def test_checklist_page_offers_the_compilation_as_one_pdf(client_as):
    import pikepdf

    client = client_as("caizheng")
    assert "生成汇编 PDF" in client.get("/checklist").text
    response = client.get("/checklist/export/volume.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    with pikepdf.open(io.BytesIO(response.data)) as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert titles[:2] == ["封面", "目录"] and titles[-1] == "缺失材料清单"
    doc = doc_id_by_path(client, DOCX)  # converted for the volume: now previewed as that PDF
    assert "preview-pdf" in client.get(f"/documents/{doc}").text
    preview = client.get(f"/documents/{doc}/preview")
    assert preview.mimetype == "application/pdf" and preview.data.startswith(b"%PDF-")


def test_verify_turns_the_item_verified_and_appears_in_history(client_as):
    client = client_as("inspector")
    item = next(e["id"] for top in client.get("/api/checklist").get_json()["items"] for e in (top, *top["parts"])
                if e["evidence"] and e["status"] != "verified")
    client.post(f"/review/{item}", data={"action": "verify", "note": "已核对原件", "csrf_token": csrf_of(client)})
    assert re.search(rf'data-item="{re.escape(item)}" data-status="verified"', client.get("/checklist").text)
    page = client.get(f"/review/{item}").text
    assert "已核对原件" in page and "inspector" in page


def test_reject_needs_a_reason(client_as):
    client = client_as("inspector")
    response = client.post("/review/3.2", data={"action": "reject", "note": "", "csrf_token": csrf_of(client)})
    assert response.status_code == 400
    assert client.get("/api/reviews?item=3.2").get_json() == []


def test_reject_with_a_reason_makes_the_item_partial_with_the_reason(client_as):
    client = client_as("inspector")
    client.post("/review/3.3", data={"action": "reject", "note": "缺少盖章页", "csrf_token": csrf_of(client)})
    entry = client.get("/api/checklist/3.3").get_json()
    assert entry["status"] == "partial" and "缺少盖章页" in entry["reasons"][0]


def test_activity_page_shows_failures_in_readable_chinese(client_as):
    page = client_as("caizheng").get("/activity").text
    assert "财政局/空文件.pdf" in page and "文件为空" in page
    assert "新文件入库" in page


def test_activity_department_view_lists_only_its_own_failures(client_as):
    page = client_as("zhujian").get("/activity?mine=1").text
    assert "财政局/空文件.pdf" not in page.split("最近入库")[0]


def test_upload_keeps_the_original_name_in_the_department_folder(client_as, web_home):
    client = client_as("caizheng")
    body = {"department": "财政局", "files": (io.BytesIO("决算报告".encode()), "2020年 决算（草案）.txt"),
            "csrf_token": csrf_of(client)}
    response = client.post("/upload", data=body, content_type="multipart/form-data")
    assert response.status_code == 200
    saved = web_home / "watch_folders/财政局/网页上传/2020年 决算（草案）.txt"
    assert saved.read_text(encoding="utf-8") == "决算报告"
    assert not list(saved.parent.glob("*.part"))


def test_upload_is_ingested_by_the_pipeline(tmp_path):
    from evidence.config import load_config
    from webui import create_app

    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "cz", "--role", "department", "--department", "财政局", "--password", "cz-pass-12")
    client = create_app(load_config(home), {"TESTING": True}).test_client()
    login(client, "cz", "cz-pass-12")
    body = {"files": (io.BytesIO("关于拨付生态补偿资金的通知".encode()), "生态补偿.txt"), "csrf_token": csrf_of(client)}
    client.post("/upload", data=body, content_type="multipart/form-data")
    hits = wait_until(lambda: client.get("/api/search?q=生态补偿资金").get_json()["hits"], timeout=60)
    assert hits[0]["source_path"] == "财政局/网页上传/生态补偿.txt"


def test_consistency_page_and_api_need_a_login_and_agree(client_as):
    assert client_as(None).get("/consistency").status_code in (302, 303)
    inspector = client_as("inspector")
    page = inspector.get("/consistency").text
    data = inspector.get("/api/consistency").get_json()
    assert set(data) == {"indicators", "conflicts", "summary"}
    assert "数据一致性核对" in page and f'<span id="value-count">{data["summary"]["values"]}</span>' in page
    assert data["conflicts"] == [] and "未发现数据不一致" in page
