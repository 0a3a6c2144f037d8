"""What every extractor returns, and the one error type they raise."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.store import PageText


class ExtractionError(Exception):
    """A file that cannot be read; `message` is the Chinese reason shown to departments."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {message}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.message = message
        self.detail = detail

    def __reduce__(self):  # crosses the worker pipe
        return (type(self), (self.code, self.message, self.detail))


@dataclass
class Extraction:
    format: str
    pages: list[PageText] = field(default_factory=list)
    title: str | None = None
    revisions: bool = False   # unaccepted tracked changes or comments: the text is not final
    seals: list | None = None  # SealMarks found; None: nothing could be judged (no colour page images)
    tables: list[tuple[int, str]] = field(default_factory=list)  # (page, tab-separated rows before
    #                                      normalisation, which joins cells): where figures are read
    meta_title: str | None = None  # the title in the file's own metadata (PDF Info, Word core properties)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)


@dataclass(frozen=True)
class ExtractOptions:
    ocr_language: str = "chi_sim"
    ocr_dpi: int = 300
    max_pages: int = 2000
    ocr_page_timeout: float = 120.0
    ocr_engine: str = "auto"  # auto | ppocr | tesseract (indexer.ocr.engine)
    cores: int | None = None  # the extraction pool's size: OCR pages at once; None: every usable core


TITLE_MAX_CHARS = 60


def guess_title(lines) -> str | None:
    """The first non-empty line, if it is short enough to be a heading rather than prose."""
    first = next((line.strip() for line in lines if line and line.strip()), None)
    return first if first and len(first) <= TITLE_MAX_CHARS else None
