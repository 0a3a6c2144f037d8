"""Tagging classes found by reading the eighth batch of real public documents (realpub8, near
misses; issue 19, round nine): real files dropped into a county home, scanned by the real
pipeline, tags read back.

The files are written here in the county's own words; every test states a class (how real texts
are published and filed), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx

UNDATED_ACCEPTANCE = [
    "和睦镇污水处理站通过竣工验收",
    "近日，县住建局组织设计、施工、监理单位对和睦镇污水处理站及配套管网工程进行竣工验收。验收组查看了现场，"
    "查阅了工程资料，认为工程已按设计完成，同意通过验收。该站设计处理规模500吨/日，配套管网6.2公里。",
]


def drop_files(share: Path) -> None:
    # -- a report dated only by when it ran (「近日，」) and printing no year --------------------
    make_docx(share / "住建局" / "乡镇污水" / "和睦镇污水站验收.docx", UNDATED_ACCEPTANCE)
    # ... the same report once it states its year
    make_docx(share / "住建局" / "乡镇污水" / "和睦镇污水站验收（2020）.docx", [
        UNDATED_ACCEPTANCE[0],
        UNDATED_ACCEPTANCE[1].replace("近日，", "2020年11月，"),
    ])
    # ... a reporter's story with no year, whatever its opening
    make_docx(share / "住建局" / "乡镇污水" / "三防镇污水处理站建设.docx", [
        "三防镇污水处理站建设加紧推进",
        "本报讯（记者 覃强）在三防镇污水处理站建设工地上，工人们正在安装污水处理设备并铺设管网。"
        "该站设计处理规模300吨/日，建成后将收集处理镇区生活污水。",
        "责任编辑：李华",
    ])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("realpub8") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def _reasons(doc: dict, item: str) -> list[str]:
    return [r for t in doc["tags"] if t["item"] == item for r in t["reasons"]]


def test_a_news_report_that_prints_no_year_cannot_show_it_is_in_the_assessed_years(docs):
    undated = docs["和睦镇污水站验收.docx"]
    assert undated["years"] == []
    assert "4.3" not in in_window(undated)
    assert any(r.startswith("年份不明：新闻报道未写明年份") for r in _reasons(undated, "4.3")), undated["tags"]


def test_the_same_report_stating_its_year_is_in_the_assessed_years(docs):
    assert "4.3" in in_window(docs["和睦镇污水站验收（2020）.docx"])


def test_a_reporters_story_without_a_year_is_kept_out_of_the_assessed_years(docs):
    story = docs["三防镇污水处理站建设.docx"]
    assert story["weak"]
    assert "4.3" not in in_window(story)
    assert any(r.startswith("年份不明") for r in _reasons(story, "4.3")), story["tags"]
