"""Each supported format, made by the test with real libraries, is archived, extracted and found
by its key phrase through `evidence search`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cli_json, make_home, run_cli
from docgen import (make_docx, make_exif_rotated_jpg, make_gb18030_txt, make_image_pdf, make_multipage_tiff,
                    make_scan_png, make_text_pdf, make_utf8_txt, make_xlsx)

PHRASES = {
    "docx_body": "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx",
    "docx_table": "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx",
    "docx_header": "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx",
    "pdf": "住建局/2019/污水处理厂运行情况报告.pdf",
    "scan": "生态环境局/扫描件/情况说明.png",
    "scan_pdf": "水利局/2020/验收批复扫描.pdf",
    "tiff": "林业局/造林验收.tif",
    "exif": "城管局/照片.jpg",
    "xlsx": "自然资源局/2019年土地利用信息表.xlsx",
    "gb18030": "统计局/统计公报.txt",
}
KEY = {
    "docx_body": "转移支付资金纳入政府公共预算管理",
    "docx_table": "天然林保护工程补助经费",
    "docx_header": "融水苗族自治县财政局文件",
    "pdf": "城镇生活污水处理率",
    "scan": "未发生突发环境事件",
    "scan_pdf": "水土保持综合治理",
    "tiff": "石漠化综合治理",
    "exif": "生活垃圾无害化处理",
    "xlsx": "城镇村及工矿用地",
    "gb18030": "国民经济和社会发展统计公报",
}


@pytest.fixture(scope="module")
def populated(tmp_path_factory) -> Path:
    home = make_home(tmp_path_factory.mktemp("formats") / "home")
    share = home / "watch_folders"
    for rel in set(PHRASES.values()):
        (share / rel).parent.mkdir(parents=True, exist_ok=True)
    make_docx(share / PHRASES["docx_body"],
              ["关于下达2020年重点生态功能区转移支付资金的通知",
               "各有关单位：现将中央财政转移支付资金纳入政府公共预算管理，请按规定使用。"],
              table=[["项目", "金额（万元）"], ["天然林保护工程补助经费", "120"], ["退耕还林工程", "80"]],
              header="融水苗族自治县财政局文件", footer="第 1 页")
    make_text_pdf(share / PHRASES["pdf"],
                  ["融水县城污水处理厂2019年运行情况报告\n2019年城镇生活污水处理率为95.2%，COD去除率达标。",
                   "第二页：管网建设情况说明。"])
    make_scan_png(share / PHRASES["scan"], ["关于2020年度未发生突发环境事件的情况说明", "经核实，我县2020年度未发生突发环境事件。", "特此说明。"])
    make_image_pdf(share / PHRASES["scan_pdf"], [["关于小流域水土保持综合治理工程竣工验收的批复", "经研究，同意通过验收。"]])
    make_multipage_tiff(share / PHRASES["tiff"], [
        ["植树造林工程验收报告", "经现场核查，造林面积和成活率达到设计要求。"],
        ["石漠化综合治理工程验收意见", "验收组同意该工程通过竣工验收。", "融水苗族自治县林业局"]])
    make_exif_rotated_jpg(share / PHRASES["exif"], ["县城生活垃圾无害化处理情况说明"])
    make_xlsx(share / PHRASES["xlsx"], {"土地利用": [["地类", "面积（公顷）"], ["耕地", 12345.6], ["城镇村及工矿用地", 2345]]})
    make_gb18030_txt(share / PHRASES["gb18030"], "融水苗族自治县2019年国民经济和社会发展统计公报\n全县常住人口42万人。")
    report = cli_json(home, "scan")
    assert report["failed"] == 0, report["errors"]
    return home


@pytest.mark.parametrize("kind", sorted(KEY))
def test_key_phrase_of_each_format_is_found(populated: Path, kind: str) -> None:
    result = cli_json(populated, "search", KEY[kind])
    paths = [hit["source_path"] for hit in result["hits"]]
    assert PHRASES[kind] in paths, (kind, result)


def test_scans_are_marked_as_ocr_and_keep_raw_text(populated: Path) -> None:
    docs = {d["source_path"]: d for d in cli_json(populated, "documents")}
    scan = docs[PHRASES["scan"]]
    assert scan["ocr"] is True and scan["status"] == "indexed"
    detail = cli_json(populated, "show", str(scan["id"]))
    assert detail["page_texts"][0]["raw_text"]
    assert docs[PHRASES["pdf"]]["ocr"] is False


def test_multi_page_tiff_keeps_its_pages(populated: Path) -> None:
    docs = {d["source_path"]: d for d in cli_json(populated, "documents")}
    assert docs[PHRASES["tiff"]]["pages"] == 2
    hit = next(h for h in cli_json(populated, "search", KEY["tiff"])["hits"])
    assert hit["page"] == 2


def test_pdf_hit_reports_its_page(populated: Path) -> None:
    hit = cli_json(populated, "search", "管网建设")["hits"][0]
    assert hit["source_path"] == PHRASES["pdf"] and hit["page"] == 2


def test_docx_table_text_keeps_document_order(populated: Path) -> None:
    doc = next(d for d in cli_json(populated, "documents") if d["source_path"] == PHRASES["docx_body"])
    text = cli_json(populated, "show", str(doc["id"]))["text"]
    assert text.index("请按规定使用") < text.index("天然林保护工程补助经费") < text.index("退耕还林工程")


def test_chinese_file_name_is_kept_and_department_taken_from_folder(populated: Path) -> None:
    docs = {d["source_path"]: d for d in cli_json(populated, "documents")}
    assert docs[PHRASES["gb18030"]]["department"] == "统计局"
    assert docs[PHRASES["xlsx"]]["department"] == "自然资源局"


def test_a_form_feed_in_a_text_file_starts_a_new_page(home: Path) -> None:
    make_utf8_txt(home / "watch_folders" / "住建局" / "报送函及附件.txt",
                  "关于报送核算表的函\n现将核算表报送你局。\f附件1 2019年县城生活污水处理率核算表\n生活污水排放总量 712.6万吨\n\f\n")
    assert run_cli(home, "scan")[0] == 0
    doc = next(d for d in cli_json(home, "documents") if d["source_path"].endswith("报送函及附件.txt"))
    assert doc["pages"] == 2
    pages = cli_json(home, "show", str(doc["id"]))["page_texts"]
    assert pages[1]["text"].startswith("附件1")
