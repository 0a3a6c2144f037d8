"""Extractors chosen by the file's sniffed format; one entry point for the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from indexer.extract.result import Extraction, ExtractionError, ExtractOptions
from indexer.extract.sniff import sniff_format

__all__ = ["Extraction", "ExtractionError", "ExtractOptions", "extract_file", "sniff_format"]

UNREADABLE = {
    "empty": ("empty_file", "文件为空（0 字节），请重新复制或上传完整文件"),
    "ole-encrypted": ("encrypted", "Office 文件已设置打开密码，无法读取，请提交未加密的版本"),
    "ofd": ("unsupported_format", "暂不支持 OFD 版式文件，请另存为 PDF 后重新提交"),
    "zip": ("unsupported_format", "压缩包不会自动解压，请解压后提交其中的文件（放入文件夹或逐个上传）"),
    "corrupt-zip": ("corrupt_zip", "文件已损坏（内容不完整，可能是复制或下载中断），无法打开，请重新提交完整的文件"),
    "unknown": ("unsupported_format", "无法识别的文件格式"),
}


def extract_file(
    path: Path, name: str, options: ExtractOptions, progress: Callable[[int], None] | None = None,
    kind: str | None = None,
) -> Extraction:
    """Read `path` (an archived blob) whose original file name is `name`; `kind` is its format when
    the caller has already sniffed it (`sniff_format(path, name)`), else it is sniffed here."""
    if kind is None:
        kind = sniff_format(path, name)
    if kind in UNREADABLE:
        code, message = UNREADABLE[kind]
        raise ExtractionError(code, message, kind)
    return _extract_kind(path, kind, options, progress)


def _extract_kind(path: Path, kind: str, options: ExtractOptions, progress) -> Extraction:
    if kind == "pdf":
        from indexer.extract.pdf import extract_pdf

        return extract_pdf(path, options, progress)
    if kind == "docx":
        from indexer.extract.docx import extract_docx

        return extract_docx(path)
    if kind == "xlsx":
        from indexer.extract.xlsx import extract_xlsx

        return extract_xlsx(path)
    if kind == "text":
        from indexer.extract.text import extract_text

        return extract_text(path)
    if kind == "image":
        from indexer.extract.image import extract_image

        return extract_image(path, options, progress)
    if kind in ("doc", "xls", "ppt"):
        from indexer.extract.legacy import convert_legacy

        return convert_legacy(
            path, kind, options.ocr_page_timeout * 2, lambda p, k: _extract_kind(p, k, options, progress)
        )
    raise ExtractionError("unsupported_format", "无法识别的文件格式", kind)
