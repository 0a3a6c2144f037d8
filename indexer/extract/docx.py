"""DOCX: paragraphs and tables in document order, then headers and footers.

The zip is inspected before python-docx parses it, because a member that inflates to
gigabytes would otherwise exhaust the worker's memory before any limit could help.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from archive.store import PageText
from indexer.extract.normalize import normalize_text
from indexer.extract.result import Extraction, ExtractionError, guess_title
from indexer.seal_pages import seals_in_package

MAX_INFLATED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200


def check_zip(path: Path, what: str) -> None:
    """Refuse zip bombs and non-zips with a reason a department can act on."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError("corrupt_zip", f"{what}文件已损坏（不是有效的压缩包结构），无法打开", str(exc)) from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_INFLATED_BYTES or (total > 50 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ExtractionError(
            "zip_bomb", f"{what}文件解压后体积异常（{total // (1024 * 1024)} MB），疑似压缩炸弹，已拒绝处理"
        )


def extract_docx(path: Path) -> Extraction:
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(path, "Word ")
    try:
        document = _open_document(path)
    except KeyError as exc:
        raise ExtractionError("unsupported_docx", "Word 文件格式不受支持（Strict Open XML），请另存为普通 .docx 后重新提交", str(exc)) from exc
    except (PackageNotFoundError, zipfile.BadZipFile, ValueError) as exc:
        raise ExtractionError("corrupt_docx", "Word 文件已损坏，无法打开", str(exc)) from exc
    except Exception as exc:
        raise ExtractionError("corrupt_docx", "Word 文件内容无法解析（可能已损坏）", f"{type(exc).__name__}: {exc}") from exc
    parts: list[str] = list(_body_blocks(document))
    extra: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            if part is not None and not part.is_linked_to_previous:
                extra.extend(p.text for p in part.paragraphs if p.text.strip())
    text = normalize_text("\n".join(parts + sorted(set(extra), key=extra.index)))
    rows = "\n".join(p for p in parts if "\t" in p)
    return Extraction("docx", [PageText(1, text)], title=guess_title(parts), revisions=_has_revisions(document),
                      seals=seals_in_package(path, "word/media/"), tables=[(1, rows)] if rows else [],
                      meta_title=(document.core_properties.title or None))


_REVISION_TAGS = ("ins", "del", "commentReference", "commentRangeStart")


def body_lines(path: Path) -> list[str]:
    """The body in order: each paragraph's text, each table row as tab-separated cells (for a
    readable preview; raises ExtractionError or the parser's error on a bad file)."""
    check_zip(path, "Word ")
    return list(_body_blocks(_open_document(path)))


def _has_revisions(document) -> bool:
    """Unaccepted tracked changes or comments mark a text still under discussion (a draft)."""
    from docx.oxml.ns import qn

    body = document.element.body
    return any(body.find(".//" + qn(f"w:{tag}")) is not None for tag in _REVISION_TAGS)


def _open_document(path: Path):
    """`docx.Document(path)`, except that the parts the text does not come from (styles, numbering,
    settings, comments) are kept as bytes instead of being parsed: a template's styles.xml is
    often most of a document's XML, and parsing it was a third of the time spent on a DOCX."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.package import Unmarshaller
    from docx.opc.part import PartFactory
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    class TextParts(PartFactory):
        part_type_for = {ct: cls for ct, cls in PartFactory.part_type_for.items() if ct not in _NOT_PARSED}

    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(str(path)), package, TextParts)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{path}' is not a Word file, content type is '{document_part.content_type}'")
    return document_part.document


_NOT_PARSED = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
}


def _body_blocks(document):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table_rows(block)


def _table_rows(table):
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # merged cells repeat the same element
                continue
            last = cell._tc
            cells.append(" ".join(p.text for p in cell.paragraphs).strip())
        yield "\t".join(cells)
