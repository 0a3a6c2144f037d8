"""Issue 15, item 2: a document is called by the title on its first page (or a meaningful
metadata title), not by a file name like `issue-203-decimalize`; the file name stays beside it."""

from __future__ import annotations

import re

from conftest import cli_json, make_home
from docgen import make_docx, make_image_pdf, make_text_pdf
from test_web_helpers import login

from indexer.titles import content_title, heading, meaningful_meta

PASSWORD = "Titles-pass-123"


def test_the_heading_skips_the_red_head_and_the_document_number_and_joins_a_wrapped_title():
    page = ("融水苗族自治县人民政府文件\n融政发〔2020〕12号\n\n融水苗族自治县人民政府关于印发2020年度\n"
            "生态环境保护工作方案的通知\n各乡（镇）人民政府：\n现将方案印发给你们。")
    assert heading(page) == "融水苗族自治县人民政府关于印发2020年度生态环境保护工作方案的通知"


def test_ocr_spaces_between_chinese_characters_are_dropped_and_a_salutation_is_no_title():
    assert heading("融水苗族自治县林业局\n行政 处罚 决定书\n融林罚决字〔2020〕12号") == "融水苗族自治县林业局行政处罚决定书"
    assert heading("县财政局：\n经研究，同意你局的请示。") is None


def test_metadata_titles_count_only_when_they_mean_something():
    assert meaningful_meta("Microsoft Word - 文档1.doc") is None
    assert meaningful_meta("Untitled") is None and meaningful_meta("ABC-report") is None
    assert meaningful_meta("Microsoft Word - 2020年天然林管护情况汇报.docx") == "2020年天然林管护情况汇报"
    assert meaningful_meta("扫描件003", file_stem="扫描件003") is None
    assert content_title(["", "经研究，同意你局的请示。"], "2020年天然林管护情况汇报") == "2020年天然林管护情况汇报"


def test_a_scan_named_by_a_code_is_listed_by_its_own_title_with_the_file_name_beside_it(tmp_path):
    from evidence.config import load_config
    from webui import create_app

    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    make_image_pdf(share / "林业局/issue-203-decimalize.pdf", [[
        "融水苗族自治县林业局", "行政处罚决定书", "融林罚决字〔2020〕12号",
        "当事人：某木材加工厂。经查，当事人于2020年3月擅自改变林地用途，违反森林法。"]], seal=False)
    make_text_pdf(share / "住建局/scan0001.pdf", ["2020年城镇污水处理设施运行情况报告\n全县污水处理率达到95%。"])
    make_docx(share / "财政局/新建 Microsoft Word 文档.docx", ["经研究，资金已全部拨付到位，专款专用。"],
              title="2020年重点生态功能区转移支付资金拨付情况")
    cli_json(home, "scan")
    docs = {d["source_path"]: d for d in cli_json(home, "documents")}
    assert docs["林业局/issue-203-decimalize.pdf"]["content_title"] == "融水苗族自治县林业局行政处罚决定书"
    assert docs["住建局/scan0001.pdf"]["content_title"] == "2020年城镇污水处理设施运行情况报告"
    assert docs["财政局/新建 Microsoft Word 文档.docx"]["content_title"] == "2020年重点生态功能区转移支付资金拨付情况"

    cli_json(home, "user", "add", "jc", "--role", "inspector", "--password", PASSWORD)
    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    login(client, "jc", PASSWORD)
    page = client.get("/?q=行政处罚").text
    hit = page.split('<article class="hit"')[1].split("</article>")[0]
    assert re.search(r"<h2><a [^>]+>融水苗族自治县林业局行政处罚决定书</a></h2>", hit)
    assert "林业局/issue-203-decimalize.pdf" in hit
    doc = client.get(f"/documents/{docs['林业局/issue-203-decimalize.pdf']['id']}").text
    assert "<h1>融水苗族自治县林业局行政处罚决定书</h1>" in doc and "issue-203-decimalize.pdf" in doc
