"""Figures a document reports for the plan's indicators, read from its tables and sentences.

Tables arrive as tab-separated rows (XLSX, DOCX and ruled PDF tables): a row whose label is an
indicator's name gives its figures, the unit from the label (「耕地面积（亩）」), a unit column or
a 「单位：公顷」 line above the table, the year from the column header. Sentences give
「2019年全县耕地面积为41235.7公顷」. Every value is converted to the indicator's own unit, so the
cross-department checks compare like with like.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from archive.indicators import UNIT_PATTERN, UNITS, IndicatorCatalog, convert
from indexer.extract.normalize import normalize_text
from indexer.tagging.matching import compiled
from indexer.tagging.ocr_digits import ocr_digits

_NUMBER = r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
_YEAR = re.compile(r"(20\d\d)\s*年")
_YEAR_CELL = re.compile(r"^\s*(20\d\d)\s*(?:年|年度|年末)?\s*(?:数据|数值)?\s*$")
_UNIT_LINE = re.compile(r"(?:计量)?单位\s*[:：]\s*(" + UNIT_PATTERN + r")")
_LABEL_UNIT = re.compile(r"[（(]\s*(" + UNIT_PATTERN + r")\s*[)）]")
_LABEL_NOISE = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）.、．]\s*)|[\s:：]|其中[:：,，]?")
_CELL_NUMBER = re.compile(r"^\s*" + _NUMBER + r"\s*(万)?\s*(" + UNIT_PATTERN + r")?\s*$")
MAX_VALUES_PER_DOCUMENT = 500


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: float          # in the indicator's unit
    unit: str
    raw: str              # as written, with its unit
    year: int | None
    page: int | None
    context: str


def read_figures(pages: list[tuple[int, str]], catalog: IndicatorCatalog, title: str = "",
                 tables: list[tuple[int, str]] = ()) -> list[Figure]:
    """Every figure in the document's tables (page, tab-separated rows as extracted) and in the
    sentences of its pages (page, normalised text), deduplicated."""
    if not catalog.indicators:
        return []
    table_names = _table_names(catalog)
    names = table_names.names
    doc_year = _single_year(title) or _single_year("\n".join(text[:200] for _, text in pages[:1]))
    out: list[Figure] = []
    seen: set[tuple] = set()
    found = [f for number, raw in tables for f in _table_figures(number, raw, table_names, catalog, doc_year)]
    correcting = any(compiled(c).search(title) for c in catalog.correction_title)
    found += [f for number, text in pages
              for f in _sentence_figures(number, text, names, catalog, doc_year, correcting)]
    for fig in found:
        key = (fig.indicator, round(fig.value, 6), fig.year)
        if key not in seen:
            seen.add(key)
            out.append(fig)
        if len(out) >= MAX_VALUES_PER_DOCUMENT:
            break
    return out


def _name_map(catalog: IndicatorCatalog, tables: bool = True) -> dict[str, str]:
    return {name: ind.key for ind in catalog.indicators
            for name in (ind.names + ind.labels if tables else ind.names)}


@dataclass
class _TableNames:
    """What reading a table's labels needs from one catalog, made once, not once per document and
    table: the names a label may be (`_name_map`), their characters, and `_label_key` of the cells
    met so far — row labels repeat from workbook to workbook (nine in ten in the bench corpus)."""

    catalog: IndicatorCatalog
    names: dict[str, str]
    chars: frozenset[str] | None  # None when a name is empty (then no cell can be ruled out)
    labels: dict[str, tuple[str | None, str | None]]


LABEL_MEMORY = 50_000  # cells whose `_label_key` is kept; forgotten all at once beyond (a pure function)
_TABLE_NAMES: dict[int, _TableNames] = {}


def _table_names(catalog: IndicatorCatalog) -> _TableNames:
    made = _TABLE_NAMES.get(id(catalog))
    if made is None or made.catalog is not catalog:
        names = _name_map(catalog)
        chars = frozenset("".join(names)) if "" not in names else None
        made = _TABLE_NAMES[id(catalog)] = _TableNames(catalog, names, chars, {})
    if len(made.labels) > LABEL_MEMORY:
        made.labels.clear()
    return made


def _single_year(text: str) -> int | None:
    years = {int(y) for y in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def _label_key(cell: str, names: dict[str, str]) -> tuple[str | None, str | None]:
    """(indicator, unit written in the label) when the cell is an indicator's name."""
    unit_m = _LABEL_UNIT.search(cell)
    label = _LABEL_NOISE.sub("", _LABEL_UNIT.sub("", cell))
    label = re.sub(r"[（(].*?[)）]", "", label)
    key = names.get(label)
    return key, unit_m.group(1) if unit_m else None


_NO_LABEL: tuple[None, None] = (None, None)
_UNIT_HEADS = frozenset(("单位", "计量单位"))  # the head of a column of units


def _normalized_cell(cell: str) -> str:
    """normalize_text of one cell; a printable ASCII cell (most are figures) only has its spaces
    collapsed, which is all normalize_text would do to it."""
    if cell.isascii() and cell.isprintable():
        return " ".join(cell.split())
    return normalize_text(cell)


def _to_value(number: str, wan: str | None, unit: str | None, target: str) -> float | None:
    value = float(number.replace(",", ""))
    if wan:
        if unit and "万" + unit in UNITS:
            unit = "万" + unit
        else:
            value *= 1e4
    return convert(value, unit or target, target)


def _table_figures(page: int, text: str, table_names: _TableNames, catalog: IndicatorCatalog, doc_year) -> list[Figure]:
    out: list[Figure] = []
    year_cols: dict[int, int] = {}
    unit_col: int | None = None
    table_unit: str | None = None
    names, labels = table_names.names, table_names.labels  # cell → _label_key, once per distinct cell
    # A label is what is left of a cell once numbering, units and notes are cut out, so a cell
    # sharing no character with any name (a figure, a year) cannot be one: most cells, unparsed.
    name_chars = table_names.chars
    for line in ocr_digits(text).splitlines():
        cells = [_normalized_cell(cell) for cell in line.split("\t")]
        line = "\t".join(cells)
        m = _UNIT_LINE.search(line) if "单位" in line else None  # what every unit line holds
        if len(cells) == 1:
            if m:
                table_unit = m.group(1)
            continue
        keys = [_NO_LABEL if name_chars is not None and name_chars.isdisjoint(c)
                else labels[c] if c in labels else labels.setdefault(c, _label_key(c, names)) for c in cells]
        # a year cell holds 「20」 (cells come back stripped, so a unit column's head is the cell)
        years = {i: int(y.group(1)) for i, c in enumerate(cells) if (y := _YEAR_CELL.match(c))} if "20" in line else {}
        labelled = any(key for key, _ in keys)
        if years and not labelled and not any(_CELL_NUMBER.match(c) and not _YEAR_CELL.match(c) for c in cells):
            year_cols = years
            unit_col = next((i for i, c in enumerate(cells) if c.strip() in _UNIT_HEADS), unit_col)
            continue
        if not _UNIT_HEADS.isdisjoint(cells):
            unit_col = next(i for i, c in enumerate(cells) if c.strip() in _UNIT_HEADS)
            year_cols = {}
            continue
        if m and len(cells) <= 2:
            table_unit = m.group(1)
        for i, (key, label_unit) in enumerate(keys):
            if key is None:
                continue
            target = catalog.get(key).unit
            col_unit = cells[unit_col].strip() if unit_col is not None and unit_col < len(cells) else None
            base_unit = label_unit or (col_unit if col_unit in UNITS else None) or table_unit
            for j in range(i + 1, len(cells)):
                if j == unit_col:
                    continue
                cm = _CELL_NUMBER.match(cells[j])
                if not cm:
                    continue
                unit = cm.group(3) or base_unit
                value = _to_value(cm.group(1), cm.group(2), unit, target)
                if value is None:
                    continue
                year = year_cols.get(j, doc_year if not year_cols else None)
                out.append(Figure(key, value, target, f"{cells[j].strip()}{'' if cm.group(3) else (unit or '')}",
                                  year, page, line.strip()[:120]))
                if not year_cols:
                    break
            break
    return out


def _sentence_pattern(names: dict[str, str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # 「与国土面积差额0.00公顷」「耕地面积减少35.6公顷」 state a difference, not the figure
    return re.compile(r"(" + alternation + r")(?![^，。；;,\d\n\t]{0,6}?" + _CHANGE + r")"
                      r"[^，。；;,\d\n\t]{0,8}?(?:为|是|达到|达|共计|合计|约|：|:)?\s*"
                      + _NUMBER + r"\s*(万)?\s*(" + UNIT_PATTERN + r")")


_SENTENCE_ENDS = "。；;\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_ENDS}]")


def _sentence_spans(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Where the sentences of `_SENTENCE_END.split(text)` that may hold a match of `pattern` start
    and stop, in order. A match cannot run past a sentence's end (nor look behind): a match in a
    sentence is a match at the same place in the whole text, so the text is searched, not each of
    its sentences (fewer than one in twenty holds a figure), and only the sentence around each hit
    is read."""
    pos = 0
    while (hit := pattern.search(text, pos)) is not None:
        start = max(text.rfind(end, 0, hit.start()) for end in _SENTENCE_ENDS) + 1
        end = _SENTENCE_END.search(text, hit.start())
        stop = end.start() if end else len(text)
        yield start, stop
        pos = stop + 1


QUALIFIER_REACH = 6  # characters before a name where a qualifier (人均, 粮食作物) makes it another figure
_CHANGE = r"(?:差额|差值|相差|之差|增减|增加|减少|增长|下降|变化|变动|同比|比上年|较上年|多出|少出|超出|高出|多于|少于|超过)"
_PATTERNS: dict[int, re.Pattern[str]] = {}
# in a paper correcting figures, the value a figure is corrected to (「…填报为26510公顷，…。…现更正为
# 27912.44公顷」), before any other figure is named
_CORRECTED = re.compile(r"(?:更正|改正|订正|修正)为\s*" + _NUMBER + r"\s*(万)?\s*(" + UNIT_PATTERN + r")")
CORRECTION_REACH = 160


def _sentence_figures(page: int, text: str, names, catalog: IndicatorCatalog, doc_year,
                      correcting: bool = False) -> list[Figure]:
    pattern = _PATTERNS.get(id(catalog))
    if pattern is None:
        pattern = _PATTERNS[id(catalog)] = _sentence_pattern(_name_map(catalog, tables=False))
    partial = [compiled(p) for p in catalog.partial_period]
    out = []
    text = ocr_digits(text)
    for start, stop in _sentence_spans(pattern, text):
        sentence = text[start:stop]
        if "\t" in sentence:
            continue
        for m in pattern.finditer(sentence):
            if any(p.search(sentence[: m.start()]) for p in partial):
                continue  # 「上半年全县地区生产总值38.46亿元」: part of a year, not the year's figure
            if any(q in sentence[max(0, m.start() - QUALIFIER_REACH): m.start()] for q in catalog.qualifiers):
                continue  # 「人均地区生产总值」「其中粮食作物播种面积」: another figure
            if sentence[max(0, m.start() - 1): m.start()] in ("比", "较"):
                continue  # 「六类合计比国土面积多出312.4公顷」: the name is what is compared with
            key = names[m.group(1)]
            target = catalog.get(key).unit
            number, wan, unit = m.group(2), m.group(3), m.group(4)
            if correcting:
                number, wan, unit = _corrected_to(text, start + m.end(), pattern) or (number, wan, unit)
            value = _to_value(number, wan, unit, target)
            if value is None:
                continue
            before = _YEAR.findall(sentence[: m.start()])
            year = int(before[-1]) if before else doc_year
            out.append(Figure(key, value, target, f"{number}{wan or ''}{unit}", year, page,
                              sentence.strip()[:120]))
    return out


def _corrected_to(text: str, after: int, pattern: re.Pattern[str]) -> tuple[str, str | None, str] | None:
    """The value a correction paper puts in place of the figure that ends at `after`: the first
    「更正为…」 that follows within reach, unless another figure is named first."""
    reach = min(len(text), after + CORRECTION_REACH)
    following = pattern.search(text, after, reach)
    fixed = _CORRECTED.search(text, after, following.start() if following else reach)
    return (fixed.group(1), fixed.group(2), fixed.group(3)) if fixed else None
