"""The compilation (汇编): one printable PDF of every counted evidence file in the plan's order,
with cover, 目录, separators, page numbers, bookmarks and the closing list of what is missing."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from conftest import REPO, cli_json, run_cli
from docgen import make_big_pdf, make_docx, make_scan_png, make_truncated, make_utf8_txt, make_xlsx
from legacy_office import save_as_legacy

ARTIFACTS = REPO / "tests" / "_artifacts"
AS_OF = "2020-10-20"
VOLUME = "佐证材料汇编.pdf"
FUND = ["2020年度国家重点生态功能区转移支付资金使用情况报告",
        "2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。",
        "融水苗族自治县财政局", "2020年10月15日"]


def _docs(home: Path) -> dict[str, dict]:
    return {Path(d["source_path"]).name: d for d in cli_json(home, "documents")}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """A home whose 43 duties are in every state: files of each format, a legacy .doc, a
    compound duty's part, an out-of-window report, an unreadable file, a draft, and missing duties."""
    from conftest import make_home

    root = tmp_path_factory.mktemp("compile")
    home = make_home(root / "home")
    share = home / "watch_folders"
    make_docx(share / "财政局" / "资金使用情况报告.docx", FUND)
    make_xlsx(share / "财政局" / "节能环保支出决算表.xlsx",
              {"决算": [["科目", "金额（万元）"], ["211 节能环保支出", 5860], ["2020年度", "决算数"]]})
    make_big_pdf(share / "发改局" / "产业准入负面清单.pdf", pages=3)
    make_scan_png(share / "住建局" / "污水处理厂运行情况.png",
                  ["融水县污水处理厂2019年运行情况", "处理量1.2万吨/日"], dpi=200, page_size_mm=(148, 105))
    made = make_docx(root / "src" / "矿山复绿验收意见.docx", ["矿山地质环境恢复治理工程验收意见", "2020年9月经验收合格。"])
    save_as_legacy(made, share / "自然资源局" / "矿山复绿验收意见.doc")
    make_utf8_txt(share / "生态环境局" / "突发环境事件情况说明.txt", "经核实，2020年我县未发生突发环境事件。\n特此说明。")
    make_docx(share / "财政局" / "2017年度资金使用情况报告.docx", [line.replace("2020", "2017") for line in FUND])
    make_truncated(make_docx(root / "src" / "full.docx", FUND * 30), share / "财政局" / "损坏的报告.docx", 0.5)
    make_docx(share / "财政局" / "资金报告（征求意见稿）.docx", ["（征求意见稿）", *FUND])  # not the final's bytes
    _rotated_pdf(make_big_pdf(root / "src" / "turned.pdf", pages=1), share / "林业局" / "林地图斑（横放）.pdf")
    cli_json(home, "scan")
    docs = _docs(home)
    tags = {"资金使用情况报告.docx": "2.3", "节能环保支出决算表.xlsx": "2.1", "产业准入负面清单.pdf": "1.1",
            "污水处理厂运行情况.png": "5.1", "矿山复绿验收意见.doc": "3.4", "突发环境事件情况说明.txt": "10.3.5",
            "2017年度资金使用情况报告.docx": "2.3", "损坏的报告.docx": "2.2", "资金报告（征求意见稿）.docx": "2.4",
            "林地图斑（横放）.pdf": "9.1"}
    for name, item in tags.items():
        assert run_cli(home, "tag", str(docs[name]["id"]), item)[0] == 0
    draft_flag = _mark_draft(home, docs["资金报告（征求意见稿）.docx"]["id"])
    target = root / "pkg"
    result = cli_json(home, "export", str(target), "--as-of", AS_OF, "--compile")
    checklist = cli_json(home, "checklist", "--as-of", AS_OF)
    return {"home": home, "pdf": target / VOLUME, "result": result, "checklist": checklist, "tags": tags,
            "draft_flag": draft_flag, "docs": _docs(home)}


def _rotated_pdf(source: Path, target: Path) -> Path:
    """A page stored upright but shown turned a quarter (/Rotate 90), as scanners save landscape sheets."""
    with pikepdf.open(source) as pdf:
        pdf.pages[0].obj["/Rotate"] = 90
        target.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(target)
    return target


def _mark_draft(home: Path, doc_id: int) -> bool:
    """Through the documents' draft flag, once the archive has one (the tagging work adds it)."""
    with sqlite3.connect(home / "var" / "archive.sqlite3") as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
        if "draft" not in columns:
            return False
        conn.execute("UPDATE documents SET draft=1 WHERE id=?", (doc_id,))
    return True


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    pages = {p.objgen: n for n, p in enumerate(pdf.pages, start=1)}
    found = []

    def walk(items, depth):
        for item in items:
            dest = item.destination
            page = dest[0] if isinstance(dest, pikepdf.Array) else item.action.D[0]
            found.append((depth, item.title, pages[page.objgen]))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
    return found


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_volume_holds_cover_contents_separators_and_every_counted_files_pages(compiled):
    texts = _page_texts(compiled["pdf"])
    with pikepdf.open(compiled["pdf"]) as pdf:
        marks = _outline(pdf)
    departments = [m for m in marks if m[0] == 0 and re.match(r"\d\d ", m[1])]
    duties = [m for m in marks if m[0] == 1]
    files = [m for m in marks if m[0] == 2]
    toc_pages = [n for n, t in enumerate(texts, start=1) if "起止页码" in t]
    closing = next(m[2] for m in marks if m[1] == "缺失材料清单")
    counted = [(e["id"], f) for top in compiled["checklist"]["items"] for e in [top, *top["parts"]]
               for f in e["evidence_files"] if f["use"] == "counted"
               and (e is not top or f["id"] not in {i for p in top["parts"] for i in p["evidence"]})]
    renditions = compiled["home"] / "var" / "renditions"
    file_pages = 0
    for _, f in counted:
        source = Path(compiled["home"] / "var" / "blobs").rglob(f["sha256"]) if f["name"].endswith(".pdf") else \
            renditions.rglob(f["sha256"] + ".pdf")
        with pikepdf.open(next(iter(source))) as one:
            file_pages += len(one.pages)
    assert toc_pages == list(range(2, 2 + len(toc_pages)))
    assert len(files) == len(counted) and {n for n in compiled["tags"]} - {m[1] for m in files} == {
        "2017年度资金使用情况报告.docx", "损坏的报告.docx", "资金报告（征求意见稿）.docx"} - (
        set() if compiled["draft_flag"] else {"资金报告（征求意见稿）.docx"})
    assert len(texts) == 1 + len(toc_pages) + len(departments) + len(duties) + file_pages + (len(texts) - closing + 1)
    assert all("缺失材料清单" in texts[closing - 1] or "未编入" in t for t in texts[closing - 1:])
    assert compiled["result"]["compilation"]["pages"] == len(texts)


def test_the_contents_page_ranges_match_the_bookmarks(compiled):
    with pikepdf.open(compiled["pdf"]) as pdf:
        marks = _outline(pdf)
        total = len(pdf.pages)
    starts = [m[2] for m in marks if m[0] in (0, 1, 2)] + [total + 1]
    files = [(title, page) for depth, title, page in marks if depth == 2]
    with pdfplumber.open(compiled["pdf"]) as pdf:
        rows = [row for page in pdf.pages[1:1 + 3] for table in page.extract_tables() for row in table
                if row and row[0] and row[0].isdigit()]
    assert len(rows) == len(files)
    for row, (title, first) in zip(rows, files):
        name, pages, span = row[3].replace("\n", ""), int(row[6]), row[7]
        assert name == title
        end = min(s for s in starts if s > first) - 1
        assert span == (str(first) if first == end else f"{first}–{end}")
        assert pages == end - first + 1


def test_drafts_out_of_window_and_unreadable_files_stay_out_and_are_listed(compiled):
    texts = _page_texts(compiled["pdf"])
    with pikepdf.open(compiled["pdf"]) as pdf:
        marks = _outline(pdf)
    closing = next(m[2] for m in marks if m[1] == "缺失材料清单")
    listed = "".join(texts[closing - 1:]).replace("\n", "")
    body = "".join(texts[:closing - 1]).replace("\n", "")
    left = ["2017年度资金使用情况报告.docx", "损坏的报告.docx"]
    if compiled["draft_flag"]:
        left.append("资金报告（征求意见稿）.docx")
    else:
        print("no draft column in documents yet: the draft assertion is skipped until the tagging work lands")
    for name in left:
        assert name in listed and name not in body
    assert "考核期外（2017年）" in listed and "无法读取" in listed
    assert "1.2" in listed and "县发展和改革局" in listed  # a duty with nothing, and who owes it


def test_cover_and_contents_extract_back_as_chinese_text(compiled):
    texts = _page_texts(compiled["pdf"])
    cover = texts[0].replace("\n", "")
    for expected in ("融水苗族自治县", "国家重点生态功能区县域生态环境质量监测、评价与考核", "佐证材料汇编",
                     "融政办发〔2020〕67号", "融水苗族自治县人民政府", "2020年10月20日", "（盖章）"):
        assert expected in cover
    assert re.match(r"目\s*录", texts[1]) and "资金使用情况报告.docx" in texts[1]
    assert "第 2 页 共" in texts[1] and "第 1 页" not in texts[0]
    assert f"第 {len(texts)} 页 共 {len(texts)} 页" in texts[-1]


def test_the_first_pages_are_kept_as_png_artifacts(compiled):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "compile"
    for old in ARTIFACTS.glob("compile-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "5", str(compiled["pdf"]), str(prefix)],
                   check=True, timeout=120)
    with pikepdf.open(compiled["pdf"]) as pdf:
        last = len(pdf.pages)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(last), "-l", str(last), str(compiled["pdf"]),
                    str(ARTIFACTS / "compile-last")], check=True, timeout=120)
    assert len(list(ARTIFACTS.glob("compile-*.png"))) == 6


def test_a_second_compilation_reuses_the_renditions(compiled, tmp_path):
    again = cli_json(compiled["home"], "export", str(tmp_path / "again"), "--as-of", AS_OF, "--compile")
    first = compiled["result"]["compilation"]
    assert first["converted"] >= 4 and again["compilation"]["converted"] == 0
    assert again["compilation"]["reused"] == first["converted"] + first["reused"]
    assert again["compilation"]["pages"] == first["pages"]
    manifest = json.loads((tmp_path / "again" / "manifest.json").read_text(encoding="utf-8"))
    assert VOLUME in [f["path"] for f in manifest["files"]]


def test_the_page_number_of_a_turned_page_sits_upright_at_the_bottom_as_displayed(compiled, tmp_path):
    from PIL import Image

    with pikepdf.open(compiled["pdf"]) as pdf:
        page = next(p for depth, title, p in _outline(pdf) if title == "林地图斑（横放）.pdf")
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "72", "-f", str(page), "-l", str(page), str(compiled["pdf"]),
                    str(tmp_path / "turned")], check=True, timeout=60)
    image = Image.open(next(tmp_path.glob("turned*.png")))
    width, height = image.size
    assert width > height  # shown turned: landscape
    band = image.crop((0, height - 30, width, height)).point(lambda v: 255 if v < 128 else 0)
    left, top, right, bottom = band.getbbox()
    assert abs((left + right) / 2 - width / 2) < 10  # centred at the bottom as the reader sees it
    assert right - left > 4 * (bottom - top)  # a horizontal line of text, not a sideways one


def test_a_home_without_evidence_still_compiles_cover_contents_and_the_missing_list(home, tmp_path):
    result = cli_json(home, "export", str(tmp_path / "pkg"), "--as-of", AS_OF, "--compile")["compilation"]
    duties = cli_json(home, "checklist", "--as-of", AS_OF)["items"]
    assert (result["files"], result["missing"]) == (0, sum(len(d["parts"]) or 1 for d in duties))
    texts = _page_texts(tmp_path / "pkg" / VOLUME)
    with pikepdf.open(tmp_path / "pkg" / VOLUME) as pdf:
        assert [m[1] for m in _outline(pdf)] == ["封面", "目录", "缺失材料清单"]
    assert "佐证材料汇编" in texts[0] and "缺失材料清单" in texts[2]
