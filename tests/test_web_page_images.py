"""Scanned pages in the document view: the page image as it was read (turned upright), the search
terms marked on it where their line stands, low-confidence pages flagged; through the Flask test
client on a home ingested by the real pipeline with the real OCR engine."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from conftest import cli_json, make_home
from docgen import make_docx, make_image_pdf, make_phone_photo
from test_web_helpers import PASSWORDS, login

PHOTO = "水利局/2020/河长制说明.jpg"
SCAN_PDF = "水利局/2020/验收批复扫描.pdf"
PHRASE = "未发现非法采砂行为"
LINES = ["关于2020年度河长制工作的情况说明", "经核实，全县河道巡查记录完整，未发现非法采砂行为。", "特此说明。"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("pages") / "home")
    make_phone_photo(home / "watch_folders" / PHOTO, LINES, turn=90, tilt=3.0, light=0.7, seed=7)
    make_docx(home / "watch_folders/财政局/通知.docx", ["关于下达2020年转移支付资金的通知"])
    make_image_pdf(home / "watch_folders" / SCAN_PDF, [["第一页：城镇生活污水处理率达到百分之九十五。"],
                                                       ["第二页：水土保持综合治理工程已验收。"]])
    cli_json(home, "scan")
    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", PASSWORDS["admin"])
    return home


@pytest.fixture
def client(home):
    from evidence.config import load_config
    from webui import create_app

    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    login(client, "admin")
    return client


def ids(home) -> dict[str, int]:
    return {d["source_path"]: d["id"] for d in cli_json(home, "documents")}


def polygons(html: str) -> list[list[tuple[float, float]]]:
    return [[tuple(map(float, pt.split(","))) for pt in points.split()]
            for points in re.findall(r'<polygon class="ocr-hit" points="([^"]+)"', html)]


def test_search_hit_is_marked_on_the_page_image_over_its_line(client, home):
    doc = ids(home)[PHOTO]
    html = client.get(f"/documents/{doc}?q={PHRASE}").text
    page = cli_json(home, "show", str(doc))["page_texts"][0]
    assert f'viewBox="0 0 {page["layout"]["width"]} {page["layout"]["height"]}"' in html
    marks = polygons(html)
    assert len(marks) == 1
    line = next(line for line in page["lines"] if PHRASE in line["text"])
    xs, ys = [x for x, _ in line["box"]], [y for _, y in line["box"]]
    mark_xs, mark_ys = [x for x, _ in marks[0]], [y for _, y in marks[0]]
    assert min(xs) - 1 <= min(mark_xs) < max(mark_xs) <= max(xs) + 1  # within its line, not the whole line
    assert min(ys) - 1 <= min(mark_ys) < max(mark_ys) <= max(ys) + 1
    assert max(mark_xs) - min(mark_xs) < 0.8 * (max(xs) - min(xs))


def test_page_image_is_the_upright_page_the_boxes_are_on(client, home):
    doc = ids(home)[PHOTO]
    layout = cli_json(home, "show", str(doc))["page_texts"][0]["layout"]
    response = client.get(f"/documents/{doc}/pages/1.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.height > image.width  # the sideways photo is shown upright
    assert abs(image.width / image.height - layout["width"] / layout["height"]) < 0.01


def test_scanned_pdf_page_is_shown_with_its_hit(client, home):
    doc = ids(home)[SCAN_PDF]
    layout = cli_json(home, "show", str(doc))["page_texts"][1]["layout"]
    image = Image.open(io.BytesIO(client.get(f"/documents/{doc}/pages/2.png").data))
    assert abs(image.width / image.height - layout["width"] / layout["height"]) < 0.01
    html = client.get(f"/documents/{doc}?q=水土保持综合治理").text
    assert html.count('<figure class="page-image">') == 2 and len(polygons(html)) == 1


def test_pages_without_ocr_have_no_page_image(client, home):
    doc = ids(home)["财政局/通知.docx"]
    assert client.get(f"/documents/{doc}/pages/1.png").status_code == 404
    assert "ocr-hit" not in client.get(f"/documents/{doc}?q=转移支付").text
    assert client.get(f"/documents/{ids(home)[PHOTO]}/pages/2.png").status_code == 404


def test_low_confidence_page_is_flagged_on_the_document_page(client, home):
    from archive.store import Archive, PageText

    doc = ids(home)[PHOTO]
    archive = Archive(home / "var")
    try:
        layout = {"engine": "ppocr", "width": 100, "height": 140, "turn": 0, "skew": 0.0, "confidence": 0.62}
        line = {"text": "模糊不清的文字", "box": [[10, 10], [90, 10], [90, 20], [10, 20]], "confidence": 0.62}
        archive.save_extraction(doc, [PageText(1, "模糊不清的文字", "模糊不清的文字", True, [line], layout)], True)
    finally:
        archive.close()
    html = client.get(f"/documents/{doc}").text
    assert "第 1 页识别可信度较低" in html and "识别可信度 62%" in html
    assert "识别可信度较低" not in client.get(f"/documents/{ids(home)['财政局/通知.docx']}").text
