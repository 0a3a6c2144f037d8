"""Issue 15, item 1: a search hit opens its document at the hit's page — the link names the page,
the PDF preview opens there (#page=N) and the page text starts there, with match navigation."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from test_web_helpers import app, client_as, doc_id_by_path, web_config, web_home  # noqa: F401

PDF = "住建局/污水处理厂2020年运行报告.pdf"


def test_the_hit_links_to_its_page(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, PDF)
    page = client.get("/?q=COD去除率").text
    hit = page.split(f'<article class="hit" data-doc="{doc}"')[1].split("</article>")[0]
    links = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', hit)}
    wanted = f"/documents/{doc}?q={quote('COD去除率')}&page=2#page-2"
    assert wanted in links, links
    assert re.search(r'<a class="page-no" href="[^"]+#page-2">第 2 页</a>', hit)


def test_the_document_opens_the_preview_and_the_text_at_that_page(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, PDF)
    page = client.get(f"/documents/{doc}?q=COD去除率&page=2").text
    assert re.search(rf'<iframe class="preview-pdf" id="preview-pdf" src="/documents/{doc}/preview#page=2"', page)
    assert 'id="match-nav" data-start-page="2"' in page
    assert 'data-match-step="1"' in page and 'data-match-step="-1"' in page
    text = page.split('id="page-2"')[1].split("</section>")[0]
    assert "<mark>COD去除率</mark>" in text


def test_a_page_the_document_does_not_have_is_ignored(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, PDF)
    page = client.get(f"/documents/{doc}?q=COD去除率&page=99").text
    assert re.search(rf'src="/documents/{doc}/preview"', page) and 'data-start-page=""' in page
