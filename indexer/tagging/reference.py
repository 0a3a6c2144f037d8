"""Other counties' papers kept as reference material.

Departments file what neighbouring counties did (their plans, reports, plant records) under
「参考资料」 or mark them 「（学习参考）」. Such a paper reads exactly like evidence, but it is
another county's: a reviewer counts it for nothing. Both signs are required — the filing as
reference and a sign that the paper is someone else's: a title naming a county or city other than
the home county, or a text that never names the home county at all (a national yearbook, a
province's news, another county's page saved without its name) — so the county's own documents
in a reference folder still count. A folder the department named for what it set aside (「旧版」)
says the same of its own replaced papers: shown, not counted.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterator

from archive.catalog import Catalog

from .lines import head_lines, tail_lines
from .matching import compiled


def foreign_reference(title: str, source_paths: list[str], catalog: Catalog, pages: list[str] = ()) -> str | None:
    """The other place a reference paper is about (「外地」 when it names none), or None when it
    may be the county's own."""
    cfg = catalog.tagging
    if not cfg.reference_marks or not cfg.place_name:
        return None
    folders = folder_names(source_paths)
    last = next((p for p in reversed(pages) if p.strip()), "")
    closing = tail_lines(last, CLOSING_LINES)
    filed = any(compiled(m).search(text) for m in cfg.reference_marks for text in [title, *folders, *closing])
    if not filed:
        return None
    for place in _places([*title.splitlines(), *_subject_lines(pages)], cfg.place_name):
        if not any(home in place or place in home for home in cfg.home_places):
            return place
    if not any(home in text for home in cfg.home_places for text in [title, *pages]):
        return "外地"
    return None


def superseded_folder(source_paths: list[str], catalog: Catalog) -> str | None:
    """The folder (「旧版」) in which the department set the file aside as replaced, or None: its
    papers are shown with their duties but not counted for this round."""
    patterns = [compiled(p) for p in catalog.tagging.superseded_folder]
    return next((folder for folder in folder_names(source_paths) if any(p.search(folder) for p in patterns)), None)


def folder_names(source_paths: list[str]) -> list[str]:
    """The folders each path runs through, in order (the file's own name left out)."""
    return [seg for p in source_paths for seg in PurePosixPath(p.replace("\\", "/")).parts[:-1]]


CLOSING_LINES = 2   # 「（本文转载供学习参考）」 under a saved article
SUBJECT_LINES = 12
_SUBJECT = re.compile(r"^(?:主\s*题|标\s*题|事\s*由)\s*[:：]")


def _subject_lines(pages: list[str]) -> list[str]:
    """The subject of a forwarded mail or a routing print (「主题：Fw：龙胜县…自查报告（参考格式）」):
    the paper it carries is named there, not in the file name."""
    first = next((p for p in pages if p.strip()), "")
    return [_SUBJECT.sub("", ln.strip()) for ln in first.splitlines()[:SUBJECT_LINES] if _SUBJECT.match(ln.strip())]


def neighbours_paper(title: str, catalog: Catalog, pages: list[str] = ()) -> str | None:
    """The neighbouring county whose paper this is, by its own title or heading (「三江县2020年…报告」
    「融安县城污水处理厂…」, a file marked 「（融安）」) or by the letterhead it was issued under
    (「三江侗族自治县发展和改革局」 above an approval saved under its bare 文号), or None. A title naming
    our county as well (「都柳江从江—融水交界断面」) is about our county too."""
    cfg = catalog.tagging
    if not cfg.neighbour_places or not cfg.place_name or any(home in title for home in cfg.home_places):
        return None
    named = next((place for place in _places(title.splitlines(), cfg.place_name)
                  if any(place.startswith(n) for n in cfg.neighbour_places)), None)
    if named:
        return named
    # a file marked with the county's bare name (「采样记录0818（融安）」)
    marked = next((m.group(1) for m in _MARKED.finditer(title) if m.group(1) in cfg.neighbour_places), None)
    return marked or _letterhead_neighbour(pages, cfg.place_name, cfg.neighbour_places, cfg.home_places)


LETTERHEAD_LINES = 2
LETTERHEAD_MAX_CHARS = 30


def _letterhead_neighbour(pages: list[str], place_name: str, neighbours: list[str],
                          homes: list[str]) -> str | None:
    """The neighbour whose unit's name opens the first page as its letterhead (a short line that starts
    with the place and addresses no one): the paper was issued there, whatever its file is called."""
    first = next((p for p in pages if p.strip()), "")
    for line in head_lines(first, LETTERHEAD_LINES):
        line = re.sub(r"\s+", "", line)
        if len(line) > LETTERHEAD_MAX_CHARS or "：" in line or ":" in line or any(h in line for h in homes):
            continue
        m = compiled(place_name).match(line)
        if m and any(m.group(1).startswith(n) for n in neighbours):
            return m.group(1)
    return None


_MARKED = re.compile(r"[（(【\[]([\u4e00-\u9fff]{2,3})[)）】\]]")


def _places(lines: list[str], place_name: str) -> Iterator[str]:
    """The counties and cities the lines name (the catalog's `place_name`, group 1), in order."""
    rx = compiled(place_name)
    return (m.group(1) for line in lines for m in rx.finditer(line))
