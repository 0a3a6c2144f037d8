"""XLSX: one page per sheet, rows as tab-separated cells.

Read-only mode with the sheet's claimed dimensions reset, so a sheet that declares a million
rows but holds a hundred costs a hundred rows of memory.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

from archive.store import PageText
from indexer.extract.docx import check_zip
from indexer.extract.normalize import normalize_text
from indexer.extract.result import Extraction, ExtractionError
from indexer.seal_pages import seals_in_package

MAX_ROWS_PER_SHEET = 200_000
MAX_CHARS_PER_SHEET = 5_000_000


def extract_xlsx(path: Path) -> Extraction:
    import openpyxl

    check_zip(path, "Excel ")
    try:  # a file object: archived blobs have no extension for openpyxl to check
        workbook = openpyxl.load_workbook(path.open("rb"), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractionError("corrupt_xlsx", "Excel 文件已损坏，无法打开", str(exc)) from exc
    except Exception as exc:
        raise ExtractionError("corrupt_xlsx", "Excel 文件内容无法解析（可能已损坏）", f"{type(exc).__name__}: {exc}") from exc
    pages: list[PageText] = []
    tables: list[tuple[int, str]] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            raw = _sheet_text(sheet)
            pages.append(PageText(number, normalize_text(raw)))
            tables.append((number, raw))
    except Exception as exc:
        raise ExtractionError("corrupt_xlsx", "Excel 工作表内容无法解析", f"{type(exc).__name__}: {exc}") from exc
    finally:
        workbook.close()
    return Extraction("xlsx", pages, title=None, seals=seals_in_package(path, "xl/media/"), tables=tables)


def sheet_lines(path: Path, max_rows: int) -> list[str]:
    """Every sheet as 「【name】」 then its rows as tab-separated cells, at most `max_rows` rows
    per sheet (for a readable preview)."""
    import openpyxl

    check_zip(path, "Excel ")
    workbook = openpyxl.load_workbook(path.open("rb"), read_only=True, data_only=True)
    try:
        return [line for sheet in workbook.worksheets for line in _sheet_text(sheet, max_rows).split("\n")]
    finally:
        workbook.close()


def _sheet_text(sheet, max_rows: int = MAX_ROWS_PER_SHEET) -> str:
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    lines = [f"【{sheet.title}】"]
    size = 0
    for count, row in enumerate(sheet.iter_rows(values_only=True)):
        if count >= max_rows or size > MAX_CHARS_PER_SHEET:
            break
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            line = "\t".join(cells)
            size += len(line)
            lines.append(line)
    return "\n".join(lines)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
