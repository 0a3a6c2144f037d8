"""A DOCX or XLSX as the page reads, for the browser when no PDF rendition can be made (no
LibreOffice on the server): paragraphs as paragraphs, table rows as tables, each sheet under its
name — instead of one long column of extracted text. Everything is escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from indexer.extract.docx import body_lines
from indexer.extract.xlsx import sheet_lines

MAX_ROWS = 500        # rows per sheet shown; the download has the rest
MAX_BLOCKS = 5_000    # paragraphs and rows of a Word file shown


def office_html(path: Path, fmt: str) -> str | None:
    """HTML for a docx or xlsx, or None for another format or a file that does not parse."""
    try:
        if fmt == "docx":
            return lines_html(body_lines(path)[:MAX_BLOCKS], sheets=False)
        if fmt == "xlsx":
            return lines_html(sheet_lines(path, MAX_ROWS), sheets=True)
    except Exception:  # an unreadable file has no preview; its text and download remain
        return None
    return None


def lines_html(lines: list[str], sheets: bool) -> str:
    """Consecutive tab-separated lines become one table; sheet names (【…】) headings."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            width = max(len(r) for r in table)
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>"
                           for r in table)
            out.append(f'<table class="office-table">{rows}</table>')
            table.clear()

    for line in lines:
        if sheets and line.startswith("【") and line.endswith("】"):
            flush()
            out.append(f'<h4 class="sheet-name">{escape(line[1:-1])}</h4>')
        elif "\t" in line or (sheets and line.strip()):
            table.append(line.split("\t"))
        elif line.strip():
            flush()
            out.append(f"<p>{escape(line)}</p>")
    flush()
    return "\n".join(out)
