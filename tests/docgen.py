"""Builders of real input files for tests and benchmarks.

Every builder writes a genuine file with the same library (or byte layout) a
real producer would use, so extractors are exercised against the formats they
will meet in the archive rather than against mocks.  Builders return the
written ``Path`` and are tuned for speed because test suites and the corpus
generator call them thousands of times (fonts are loaded once and cached).
"""

from __future__ import annotations

import functools
import io
import math
import random
import struct
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

__all__ = [
    "WQY_ZENHEI",
    "NOTO_SANS_CJK",
    "NOTO_SERIF_CJK",
    "NOTO_SERIF_CJK_BOLD",
    "make_docx",
    "make_text_pdf",
    "make_scan_image",
    "make_scan_png",
    "make_scan_jpg",
    "make_multipage_tiff",
    "make_exif_rotated_jpg",
    "make_phone_photo",
    "make_table_scan",
    "make_image_pdf",
    "make_xlsx",
    "make_gb18030_txt",
    "make_utf8_txt",
    "make_truncated",
    "make_zip_bomb_docx",
    "make_not_a_zip_docx",
    "make_big_pdf",
    "make_huge_image",
    "make_fake_ext",
    "cjk_compact",
]

WQY_ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTO_SERIF_CJK = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
NOTO_SERIF_CJK_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
# Face index of the Simplified-Chinese member inside the Noto CJK collections;
# the JP face (index 0) draws some hanzi with Japanese glyph shapes.
_NOTO_SC_INDEX = 2

_A4_MM = (210.0, 297.0)
_MM_PER_INCH = 25.4
# Chinese typesetting must not start a line with closing punctuation.
_NO_LINE_START = set("，。、；：？！）》」』】〕”’％%,.;:!?)]}")


def _as_path(path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def cjk_compact(text: str) -> str:
    """Drop whitespace that OCR puts between CJK characters, so phrases compare."""
    return "".join(text.split())


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

def _set_east_asian_font(style_or_run, name: str) -> None:
    # python-docx only sets the Latin font; Word needs w:eastAsia for hanzi.
    from docx.oxml.ns import qn

    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def make_docx(
    path: str | Path,
    paragraphs: Sequence[str],
    table: Sequence[Sequence[object]] | None = None,
    header: str | None = None,
    footer: str | None = None,
    title: str | None = None,
    *,
    table_after: int | None = None,
    author: str = "Administrator",
    font: str = "仿宋_GB2312",
) -> Path:
    """Write a Word document the way county staff produce them.

    ``paragraphs`` items equal to ``"\\f"`` become hard page breaks, so callers
    can control the page count.  The table (first row is the header row) is
    placed after paragraph index ``table_after`` (default: after all
    paragraphs), keeping paragraphs and table in document order.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = _as_path(path)
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(12)
    _set_east_asian_font(normal, font)
    doc.core_properties.author = author
    doc.core_properties.last_modified_by = author
    if title:
        doc.core_properties.title = title
    section = doc.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer

    if title:
        tp = doc.add_paragraph()
        tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = tp.add_run(title)
        run.bold = True
        run.font.size = Pt(18)

    def add_table() -> None:
        assert table is not None
        rows = [list(r) for r in table]
        ncols = max((len(r) for r in rows), default=0)
        if not rows or ncols == 0:
            return
        t = doc.add_table(rows=len(rows), cols=ncols)
        t.style = "Table Grid"
        # Writing through the cell XML directly is ~5x faster than cell.text
        # on big tables, and yields the same single-run paragraphs.
        for r_idx, row in enumerate(rows):
            cells = t.rows[r_idx].cells
            for c_idx in range(ncols):
                value = row[c_idx] if c_idx < len(row) else ""
                cells[c_idx].paragraphs[0].add_run("" if value is None else str(value))

    if table is not None and table_after is not None and table_after < 0:
        add_table()
    for i, para in enumerate(paragraphs):
        if para == "\f":
            doc.add_page_break()
        else:
            doc.add_paragraph(para)
        if table is not None and table_after is not None and i == table_after:
            add_table()
    if table is not None and (table_after is None or table_after >= len(paragraphs)):
        add_table()
    doc.save(str(p))
    return p


# --------------------------------------------------------------------------
# Text PDF (reportlab, embedded CJK TrueType)
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _rl_font(font_path: str) -> str:
    """Register a TrueType font with reportlab once per process; return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "CJK_" + Path(font_path).stem.replace("-", "_")
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, font_path, subfontIndex=0))
    return name


@functools.lru_cache(maxsize=8)
def _rl_width_cache(font_name: str) -> dict[str, float]:
    return {}


def _rl_char_width(font_name: str, ch: str) -> float:
    """Width of one character at size 1; cached because wrapping is per char."""
    cache = _rl_width_cache(font_name)
    w = cache.get(ch)
    if w is None:
        from reportlab.pdfbase import pdfmetrics

        w = pdfmetrics.stringWidth(ch, font_name, 1000) / 1000.0
        cache[ch] = w
    return w


def _tokenize_for_wrap(text: str, keep_together: Sequence[str]) -> list[str]:
    """Split into breakable units: single hanzi, Latin/digit runs, kept phrases."""
    spans: list[tuple[int, int]] = []
    for phrase in keep_together:
        if not phrase:
            continue
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + len(phrase))
    spans.sort()
    tokens: list[str] = []
    i = 0
    n = len(text)
    span_iter = iter(spans)
    next_span = next(span_iter, None)
    while i < n:
        while next_span is not None and next_span[0] < i:
            next_span = next(span_iter, None)
        if next_span is not None and next_span[0] == i:
            tokens.append(text[next_span[0]:next_span[1]])
            i = next_span[1]
            continue
        ch = text[i]
        if ch.isascii() and (ch.isalnum() or ch in "._-/"):
            j = i + 1
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] in "._-/"):
                if next_span is not None and j == next_span[0]:
                    break
                j += 1
            tokens.append(text[i:j])
            i = j
        else:
            tokens.append(ch)
            i += 1
    return tokens


def _wrap_measure(
    text: str,
    max_width: float,
    measure,
    keep_together: Sequence[str] = (),
    first_indent: float = 0.0,
) -> list[str]:
    """Greedy CJK line breaking with kinsoku for closing punctuation."""
    if text == "":
        return [""]
    lines: list[str] = []
    cur: list[str] = []
    cur_w = first_indent
    limit = max_width
    for tok in _tokenize_for_wrap(text, keep_together):
        w = measure(tok)
        if cur and cur_w + w > limit and tok not in _NO_LINE_START:
            lines.append("".join(cur))
            cur = []
            cur_w = 0.0
        if not cur and w > limit and len(tok) > 1:
            # A token wider than the line (very long number or phrase): hard-split.
            for ch in tok:
                cw = measure(ch)
                if cur and cur_w + cw > limit:
                    lines.append("".join(cur))
                    cur, cur_w = [], 0.0
                cur.append(ch)
                cur_w += cw
            continue
        cur.append(tok)
        cur_w += w
    if cur:
        lines.append("".join(cur))
    return lines


def make_text_pdf(
    path: str | Path,
    pages: Sequence[str],
    font: str = WQY_ZENHEI,
    *,
    font_size: float = 12.0,
    title: str | None = None,
    red_header: str | None = None,
    doc_no: str | None = None,
    keep_together: Iterable[str] = (),
    author: str = "Administrator",
) -> Path:
    """Write a born-digital PDF with a real, extractable Chinese text layer.

    Each item of ``pages`` starts a new page; ``"\\n"`` separates paragraphs,
    which are wrapped to the A4 text width (overflow continues on extra
    pages).  ``red_header`` / ``doc_no`` / ``title`` typeset a 红头文件 head
    on page 1.  Phrases in ``keep_together`` are never split across lines,
    so benchmark phrases stay findable by naive line-based extraction.
    """
    from reportlab.lib.colors import Color
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    p = _as_path(path)
    fname = _rl_font(str(font))
    keep = tuple(keep_together)
    page_w, page_h = A4
    margin_x, margin_top, margin_bottom = 72.0, 72.0, 72.0
    text_w = page_w - 2 * margin_x
    leading = font_size * 1.5
    indent = font_size * 2

    def measure_at(size: float):
        return lambda s: sum(_rl_char_width(fname, ch) for ch in s) * size

    measure = measure_at(font_size)

    c = canvas.Canvas(str(p), pagesize=A4, invariant=1, pageCompression=1)
    c.setAuthor(author)
    c.setCreator("WPS 文字")
    if title:
        c.setTitle(title)

    red = Color(0.85, 0.05, 0.05)
    for page_idx, page_text in enumerate(pages or [""]):
        y = page_h - margin_top
        if page_idx == 0 and (red_header or doc_no or title):
            if red_header:
                size = 26.0
                rw = measure_at(size)(red_header)
                if rw > text_w:
                    size = size * text_w / rw
                    rw = text_w
                c.setFillColor(red)
                c.setFont(fname, size)
                c.drawString((page_w - rw) / 2, y - size, red_header)
                y -= size * 1.8
                c.setFillColorRGB(0, 0, 0)
            if doc_no:
                c.setFont(fname, font_size)
                c.drawString((page_w - measure(doc_no)) / 2, y - font_size, doc_no)
                y -= font_size * 1.6
            if red_header:
                c.setStrokeColor(red)
                c.setLineWidth(1.5)
                c.line(margin_x, y, page_w - margin_x, y)
                y -= font_size * 1.5
            if title:
                tsize = font_size * 1.5
                for tline in _wrap_measure(title, text_w, measure_at(tsize), keep):
                    c.setFont(fname, tsize)
                    c.drawString((page_w - measure_at(tsize)(tline)) / 2, y - tsize, tline)
                    y -= tsize * 1.5
                y -= font_size
        c.setFont(fname, font_size)
        for para in page_text.split("\n"):
            for li, line in enumerate(_wrap_measure(para, text_w, measure, keep, indent)):
                if y - leading < margin_bottom:
                    c.showPage()
                    c.setFont(fname, font_size)
                    y = page_h - margin_top
                x = margin_x + (indent if li == 0 else 0.0)
                c.drawString(x, y - font_size, line)
                y -= leading
        c.showPage()
    c.save()
    return p


# --------------------------------------------------------------------------
# Scans (Pillow rendering, red seal, paper noise)
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _pil_font(path: str, size: int, index: int = _NOTO_SC_INDEX) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


@functools.lru_cache(maxsize=64)
def _pil_width_cache(path: str, size: int, index: int) -> dict[str, float]:
    return {}


def _pil_measure(font_path: str, size: int, index: int = _NOTO_SC_INDEX):
    font = _pil_font(font_path, size, index)
    cache = _pil_width_cache(font_path, size, index)

    def measure(s: str) -> float:
        total = 0.0
        for ch in s:
            w = cache.get(ch)
            if w is None:
                w = font.getlength(ch)
                cache[ch] = w
            total += w
        return total

    return measure


def _draw_seal(size: int, text: str, rng: random.Random) -> Image.Image:
    """Draw a red round official seal (公章) as an RGB layer on white.

    Returned on white so it can be multiplied onto the page: black text under
    the seal stays black and white paper turns red, as with real stamp ink.
    """
    ink = (205 + rng.randint(-15, 15), 28 + rng.randint(-10, 10), 38 + rng.randint(-10, 10))
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    ring = max(3, round(size * 0.035))
    d.ellipse((ring // 2, ring // 2, size - 1 - ring // 2, size - 1 - ring // 2), outline=255, width=ring)
    cx = cy = size / 2
    # Five-pointed star in the middle.
    r_out, r_in = size * 0.17, size * 0.17 * 0.382
    pts = []
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(pts, fill=255)
    # Organisation name along the upper arc, each glyph turned outward.
    if text:
        n = len(text)
        span = min(250.0, 24.0 * n)
        # Long names get smaller glyphs so they still fit the arc, as on real seals.
        arc = (size / 2 - ring - size * 0.075) * math.radians(span)
        csize = max(8, round(min(size * 0.13, 0.88 * arc / n)))
        font = _pil_font(NOTO_SANS_CJK, csize, _NOTO_SC_INDEX)
        radius = size / 2 - ring - csize * 0.62
        for k, ch in enumerate(text):
            theta = -span / 2 + (span * (k + 0.5) / n)
            glyph = Image.new("L", (csize * 2, csize * 2), 0)
            ImageDraw.Draw(glyph).text((csize, csize), ch, font=font, fill=255, anchor="mm")
            glyph = glyph.rotate(-theta, resample=Image.BICUBIC)
            t = math.radians(theta)
            gx = cx + radius * math.sin(t) - csize
            gy = cy - radius * math.cos(t) - csize
            mask.paste(255, (round(gx), round(gy)), glyph)
    # Uneven ink: stamps never print solid.
    import numpy as np

    small = max(1, size // 6)
    gen = np.random.default_rng(rng.getrandbits(32))
    blotch = np.where(gen.random((small, small)) < 0.12, 150, 255).astype(np.uint8)
    speckle = Image.fromarray(blotch, "L").resize((size, size), Image.BILINEAR)
    mask = ImageChops.multiply(mask, speckle).filter(ImageFilter.GaussianBlur(max(0.6, size / 600)))
    mask = mask.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    layer = Image.new("RGB", (size, size), (255, 255, 255))
    layer.paste(Image.new("RGB", (size, size), ink), (0, 0), mask)
    return layer


def _render_scan(
    lines: Sequence[str],
    *,
    seal: bool,
    noise: bool,
    rotate: float,
    dpi: int,
    title: str | None,
    signature: Sequence[str] | None,
    seal_text: str | None,
    serif: bool,
    seed: int,
    page_size_mm: tuple[float, float] | None,
) -> Image.Image:
    rng = random.Random(seed)
    px_per_pt = dpi / 72.0
    body_px = round(12 * px_per_pt)  # 小四 ≈ 12pt → ~50 px at 300 dpi
    title_px = round(18 * px_per_pt)
    font_path = NOTO_SERIF_CJK if serif else NOTO_SANS_CJK
    font = _pil_font(font_path, body_px)
    title_font = _pil_font(NOTO_SERIF_CJK_BOLD if serif else NOTO_SANS_CJK, title_px)
    measure = _pil_measure(font_path, body_px)
    mm = page_size_mm or _A4_MM
    width = round(mm[0] / _MM_PER_INCH * dpi)
    min_height = round(mm[1] / _MM_PER_INCH * dpi)
    margin = round(25 / _MM_PER_INCH * dpi)
    text_w = width - 2 * margin
    leading = round(body_px * 1.65)

    laid: list[tuple[str, int, str]] = []  # (kind, x, text)
    if title:
        tmeasure = _pil_measure(NOTO_SERIF_CJK_BOLD if serif else NOTO_SANS_CJK, title_px)
        for t in _wrap_measure(title, text_w, tmeasure):
            laid.append(("title", round((width - tmeasure(t)) / 2), t))
        laid.append(("gap", 0, ""))
    indent = body_px * 2  # 首行缩进两字
    for line in lines:
        for li, piece in enumerate(_wrap_measure(line, text_w, measure, first_indent=indent)):
            laid.append(("body", margin + (indent if li == 0 else 0), piece))
    sig_rows: list[int] = []
    if signature:
        laid.append(("gap", 0, ""))
        for s in signature:
            sig_rows.append(len(laid))
            laid.append(("body", round(width - margin - measure(s) - body_px * 2), s))

    heights = [round(title_px * 1.6) if k == "title" else leading for k, _, _ in laid]
    content_h = sum(heights) + 2 * margin
    height = max(min_height, content_h)

    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    ink = 25
    y = margin
    row_y: list[int] = []
    for (kind, x, text), h in zip(laid, heights):
        row_y.append(y)
        if kind == "title":
            draw.text((x, y), text, font=title_font, fill=ink)
        elif kind == "body" and text:
            draw.text((x, y), text, font=font, fill=ink)
        y += h
    # Blur and skew the greyscale text layer before colour is added: a third
    # of the work of doing it on RGB, and the seal is blurred/rotated itself.
    if noise:
        page = page.filter(ImageFilter.GaussianBlur(0.7))
    if rotate:
        page = page.rotate(rotate, resample=Image.BILINEAR, expand=False, fillcolor=255)
    img = page.convert("RGB")

    if seal:
        seal_px = round(42 / _MM_PER_INCH * dpi)
        if sig_rows:
            anchor_y = (row_y[sig_rows[0]] + row_y[sig_rows[-1]] + leading) // 2
        else:
            anchor_y = row_y[-1] + leading // 2 if row_y else height // 2
        cx = width - margin - seal_px // 2 - rng.randint(0, max(1, body_px * 2))
        cy = anchor_y + rng.randint(-body_px // 2, body_px // 2)
        box = (cx - seal_px // 2, cy - seal_px // 2)
        box = (max(0, min(width - seal_px, box[0])), max(0, min(height - seal_px, box[1])))
        layer = _draw_seal(seal_px, seal_text or "融水苗族自治县人民政府", rng)
        region = img.crop((box[0], box[1], box[0] + seal_px, box[1] + seal_px))
        img.paste(ImageChops.multiply(region, layer), box)

    if noise:
        img = _paper_noise(img, rng)
    return img


def _paper_noise(img: Image.Image, rng: random.Random) -> Image.Image:
    """Grain, paper tone and dust, the way a desk scanner degrades a page."""
    import numpy as np

    arr = np.asarray(img, dtype=np.int16)
    gen = np.random.default_rng(rng.getrandbits(32))
    grain = (gen.standard_normal(size=arr.shape[:2], dtype=np.float32) * 6.0).astype(np.int16)
    arr = arr + grain[:, :, None] - 6  # -6: slightly grey paper
    h, w = arr.shape[:2]
    n_dust = max(20, (h * w) // 200_000)
    ys = gen.integers(0, h, n_dust)
    xs = gen.integers(0, w, n_dust)
    arr[ys, xs] = 60
    np.clip(arr, 0, 255, out=arr)
    return Image.fromarray(arr.astype(np.uint8), "RGB")


def make_scan_image(
    lines: Sequence[str],
    *,
    seal: bool = True,
    noise: bool = True,
    rotate: float = 0.0,
    dpi: int = 300,
    title: str | None = None,
    signature: Sequence[str] | None = None,
    seal_text: str | None = None,
    serif: bool = False,
    seed: int = 0,
    page_size_mm: tuple[float, float] | None = None,
) -> Image.Image:
    """Render one scanned page in memory (A4 width; grows taller if needed).

    The seal sits over the signature block (``signature`` lines, right
    aligned) or, without one, over the right end of the last lines, as real
    stamps overlap the 落款 and date.
    """
    return _render_scan(
        lines, seal=seal, noise=noise, rotate=rotate, dpi=dpi, title=title,
        signature=signature, seal_text=seal_text, serif=serif, seed=seed,
        page_size_mm=page_size_mm,
    )


def make_scan_png(
    path: str | Path,
    lines: Sequence[str],
    *,
    seal: bool = True,
    noise: bool = True,
    rotate: float = 0.0,
    dpi: int = 300,
    **kwargs,
) -> Path:
    """Write a stamped-scan PNG; kwargs as for :func:`make_scan_image`."""
    p = _as_path(path)
    img = make_scan_image(lines, seal=seal, noise=noise, rotate=rotate, dpi=dpi, **kwargs)
    img.save(p, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return p


def make_scan_jpg(
    path: str | Path,
    lines: Sequence[str],
    *,
    seal: bool = True,
    noise: bool = True,
    rotate: float = 0.0,
    dpi: int = 300,
    quality: int = 85,
    **kwargs,
) -> Path:
    """Write a stamped-scan JPEG (phone/copier output); kwargs as for make_scan_image."""
    p = _as_path(path)
    img = make_scan_image(lines, seal=seal, noise=noise, rotate=rotate, dpi=dpi, **kwargs)
    img.save(p, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return p


def make_multipage_tiff(
    path: str | Path,
    pages: Sequence[Sequence[str]],
    *,
    dpi: int = 200,
    seal: bool = True,
    noise: bool = True,
    **kwargs,
) -> Path:
    """Write a multi-frame TIFF (office scanners' default); the seal is on the last page."""
    p = _as_path(path)
    seed = kwargs.pop("seed", 0)
    frames = [
        make_scan_image(lines, seal=seal and i == len(pages) - 1, noise=noise, dpi=dpi,
                        seed=seed + i, **kwargs)
        for i, lines in enumerate(pages)
    ]
    if not frames:
        frames = [make_scan_image([], seal=False, noise=noise, dpi=dpi)]
    frames[0].save(p, format="TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate", dpi=(dpi, dpi))
    return p


def make_exif_rotated_jpg(path: str | Path, lines: Sequence[str], *, dpi: int = 300, **kwargs) -> Path:
    """Write a JPEG whose pixels are upside down with EXIF Orientation=3.

    Phones store the sensor image unrotated and rely on the tag; only a reader
    that applies ``ImageOps.exif_transpose`` sees upright text.
    """
    p = _as_path(path)
    img = make_scan_image(lines, dpi=dpi, **kwargs).rotate(180)
    exif = Image.Exif()
    exif[0x0112] = 3  # Orientation: rotate 180
    exif[0x010F] = "HUAWEI"  # Make
    img.save(p, format="JPEG", quality=85, exif=exif.tobytes(), dpi=(dpi, dpi))
    return p


def make_phone_photo(
    path: str | Path,
    lines: Sequence[str],
    *,
    turn: int = 0,
    tilt: float = 0.0,
    light: float = 1.0,
    dpi: int = 200,
    quality: int = 80,
    seed: int = 0,
    **kwargs,
) -> Path:
    """Write a JPEG as a phone photographs a signed, stamped page on a desk: the page tilted by
    ``tilt`` degrees (counter-clockwise) on a darker desk, lit unevenly (``light`` < 1 is a dim
    office: darker, flatter, noisier), slightly soft, and stored turned ``turn`` degrees
    clockwise with no EXIF orientation (what a phone held sideways often writes)."""
    import numpy as np

    p = _as_path(path)
    page = make_scan_image(lines, dpi=dpi, seed=seed, **kwargs)
    rng = np.random.default_rng(seed)
    desk = (96, 84, 70)
    margin = round(page.width * 0.06)
    canvas_img = Image.new("RGB", (page.width + 2 * margin, page.height + 2 * margin), desk)
    canvas_img.paste(page, (margin, margin))
    if tilt:
        canvas_img = canvas_img.rotate(tilt, resample=Image.BICUBIC, expand=True, fillcolor=desk)
    arr = np.asarray(canvas_img, dtype=np.float32)
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # light falls off from one corner of the page, as from a window or a desk lamp
    fall = 1.0 - 0.35 * (((xx / w) * 0.6 + (yy / h) * 0.4))
    arr = arr * (fall * light)[:, :, None]
    arr = arr * np.array([1.0, 0.97, 0.9], dtype=np.float32)  # warm indoor light
    noise = rng.normal(0, 4 + 6 * (1 - light), size=(h, w)).astype(np.float32)
    arr = np.clip(arr + noise[:, :, None], 0, 255).astype(np.uint8)
    photo = Image.fromarray(arr, "RGB").filter(ImageFilter.GaussianBlur(0.8))
    if turn % 360:
        photo = photo.rotate(-(turn % 360), expand=True)
    photo.save(p, format="JPEG", quality=quality)
    return p


def make_table_scan(
    path: str | Path,
    title: str,
    rows: Sequence[Sequence[str]],
    *,
    dpi: int = 200,
    noise: bool = True,
    seed: int = 0,
) -> Path:
    """Write a PNG of a scanned ruled table (填报表): a title and a grid of cells, one text each."""
    p = _as_path(path)
    rng = random.Random(seed)
    px = dpi / 72.0
    font = _pil_font(NOTO_SANS_CJK, round(11 * px))
    title_font = _pil_font(NOTO_SANS_CJK, round(16 * px))
    width = round(_A4_MM[0] / _MM_PER_INCH * dpi)
    height = round(_A4_MM[1] / _MM_PER_INCH * dpi)
    margin = round(20 / _MM_PER_INCH * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    draw.text((width // 2, margin), title, font=title_font, fill=25, anchor="mt")
    columns = max(len(r) for r in rows) if rows else 1
    measure = _pil_measure(NOTO_SANS_CJK, round(11 * px))
    widths = [max(measure(str(r[c])) if c < len(r) else 0 for r in rows) + 2 * round(6 * px) for c in range(columns)]
    scale = min(1.0, (width - 2 * margin) / sum(widths))
    widths = [w * scale for w in widths]
    row_h = round(24 * px)
    top = margin + round(40 * px)
    xs = [margin]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, row in enumerate(rows):
        y = top + r * row_h
        for c, cell in enumerate(row):
            draw.text((xs[c] + round(6 * px), y + row_h // 2), str(cell), font=font, fill=25, anchor="lm")
    for r in range(len(rows) + 1):
        draw.line((xs[0], top + r * row_h, xs[-1], top + r * row_h), fill=40, width=max(1, round(px)))
    for x in xs:
        draw.line((x, top, x, top + len(rows) * row_h), fill=40, width=max(1, round(px)))
    img = page.convert("RGB")
    if noise:
        img = _paper_noise(img.filter(ImageFilter.GaussianBlur(0.6)), rng)
    img.save(p, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return p


def make_image_pdf(
    path: str | Path,
    pages: Sequence[Sequence[str]],
    *,
    dpi: int = 200,
    seal: bool = True,
    noise: bool = True,
    quality: int = 75,
    title: str | None = None,
    signature: Sequence[str] | None = None,
    seal_text: str | None = None,
    seed: int = 0,
    rotate: float = 0.0,
) -> Path:
    """Write a scanned PDF: each page is only a JPEG image, no text layer.

    ``title`` goes on page 1; ``signature`` and the seal on the last page.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    p = _as_path(path)
    c = canvas.Canvas(str(p), pagesize=A4, invariant=1)
    c.setCreator("Canon iR-ADV C5535")
    n = max(1, len(pages))
    for i in range(n):
        lines = pages[i] if i < len(pages) else []
        last = i == n - 1
        img = make_scan_image(
            lines, seal=seal and last, noise=noise, dpi=dpi, rotate=rotate,
            title=title if i == 0 else None, signature=signature if last else None,
            seal_text=seal_text, seed=seed + i,
        )
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=quality)
        buf.seek(0)
        w_pt = img.width / dpi * 72
        h_pt = img.height / dpi * 72
        c.setPageSize((w_pt, h_pt))
        c.drawImage(ImageReader(buf), 0, 0, width=w_pt, height=h_pt)
        c.showPage()
    c.save()
    return p


# --------------------------------------------------------------------------
# Spreadsheets and plain text
# --------------------------------------------------------------------------

_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def make_xlsx(path: str | Path, sheets: dict[str, Sequence[Sequence[object]]], *, creator: str = "Administrator") -> Path:
    """Write an Excel workbook (填报表/台账 style), one sheet per dict entry in order."""
    from openpyxl import Workbook

    p = _as_path(path)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = creator
    used: set[str] = set()
    for name, rows in (sheets or {"Sheet1": []}).items():
        safe = (str(name).translate(_BAD_SHEET_CHARS) or "Sheet")[:31]
        base, k = safe, 1
        while safe in used:
            suffix = f"({k})"
            safe = base[: 31 - len(suffix)] + suffix
            k += 1
        used.add(safe)
        ws = wb.create_sheet(safe)
        for row in rows:
            ws.append(list(row))
    wb.save(str(p))
    return p


def make_gb18030_txt(path: str | Path, text: str, *, crlf: bool = True) -> Path:
    """Write GB18030 text (what Chinese Windows Notepad/WPS save), CRLF by default."""
    p = _as_path(path)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    p.write_bytes(text.encode("gb18030"))
    return p


def make_utf8_txt(path: str | Path, text: str, *, bom: bool = False) -> Path:
    p = _as_path(path)
    data = text.encode("utf-8")
    p.write_bytes((b"\xef\xbb\xbf" + data) if bom else data)
    return p


# --------------------------------------------------------------------------
# Hostile inputs
# --------------------------------------------------------------------------

def make_truncated(path_src: str | Path, path_dst: str | Path, fraction: float) -> Path:
    """Copy only the first ``fraction`` of a file, like an interrupted download."""
    data = Path(path_src).read_bytes()
    keep = max(0, min(len(data), int(len(data) * fraction)))
    dst = _as_path(path_dst)
    dst.write_bytes(data[:keep])
    return dst


@functools.lru_cache(maxsize=16)
def _repeated_crc32(chunk: bytes, count: int, crc: int = 0) -> int:
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    return crc


def _deflate_parts(prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> bytes:
    """Raw deflate of prefix + chunk*count + suffix without compressing it all.

    A full flush byte-aligns the stream and resets the dictionary, so the
    compressed block for ``chunk`` is self-contained and can be repeated
    verbatim; that produces gigabytes of output from megabytes in milliseconds.
    """
    out = bytearray()
    if prefix:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        out += c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    if count:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
        out += block * count
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out += c.compress(suffix) + c.flush(zlib.Z_FINISH)
    return bytes(out)


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """Write a deflate zip from pre-compressed members (name, data, crc, usize)."""
    dos_time, dos_date = (12 << 11) | (0 << 5), ((2020 - 1980) << 9) | (9 << 5) | 28
    central = bytearray()
    with open(path, "wb") as f:
        for name, data, crc, usize in members:
            offset = f.tell()
            bname = name.encode("utf-8")
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, dos_time, dos_date,
                                crc, len(data), usize & 0xFFFFFFFF, len(bname), 0))
            f.write(bname)
            f.write(data)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, dos_time, dos_date,
                                   crc, len(data), usize & 0xFFFFFFFF, len(bname), 0, 0, 0, 0, 0, offset)
            central += bname
        cd_offset = f.tell()
        f.write(central)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                            len(central), cd_offset, 0))


_CT_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)


def make_zip_bomb_docx(
    path: str | Path,
    uncompressed_bytes: int = 2 * 1024**3,
    *,
    declared_only: bool = False,
) -> Path:
    """Write a structurally valid .docx whose document.xml inflates to GBs.

    Default: ``word/document.xml`` really inflates to ``uncompressed_bytes``
    (2 GiB of one <w:t> run) while the file stays ~2 MB.  With
    ``declared_only`` the member is tiny but its headers declare
    ``uncompressed_bytes`` (capped below 4 GiB), to catch extractors that
    pre-allocate from the declared size.
    """
    p = _as_path(path)
    prefix = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>"
    )
    suffix = b"</w:t></w:r></w:p></w:body></w:document>"
    uncompressed_bytes = min(int(uncompressed_bytes), 0xFFFFFFFF - 4096)
    chunk = "融水".encode("utf-8") * (1 << 18)  # 1.5 MiB of repeated text
    if declared_only:
        body = prefix + "生态环境".encode("utf-8") + suffix
        data = _deflate_parts(b"", b"", 0, body)
        doc_member = ("word/document.xml", data, zlib.crc32(body), uncompressed_bytes)
    else:
        count = max(1, (uncompressed_bytes - len(prefix) - len(suffix)) // len(chunk))
        data = _deflate_parts(prefix, chunk, count, suffix)
        crc = zlib.crc32(suffix, _repeated_crc32(chunk, count, zlib.crc32(prefix)))
        usize = len(prefix) + len(chunk) * count + len(suffix)
        doc_member = ("word/document.xml", data, crc, usize)
    members = [
        ("[Content_Types].xml", _deflate_parts(b"", b"", 0, _CT_XML), zlib.crc32(_CT_XML), len(_CT_XML)),
        ("_rels/.rels", _deflate_parts(b"", b"", 0, _RELS_XML), zlib.crc32(_RELS_XML), len(_RELS_XML)),
        doc_member,
    ]
    _write_zip(p, members)
    return p


def make_not_a_zip_docx(path: str | Path) -> Path:
    """Write a .docx that is not a zip: an HTML "Word" export, as some OA systems save."""
    p = _as_path(path)
    html = (
        "<html xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head>"
        "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"></head>"
        "<body><p>关于2020年度县域生态环境质量考核工作的自查报告</p></body></html>"
    )
    p.write_bytes(html.encode("gb18030") + bytes(random.Random(7).randrange(256) for _ in range(512)))
    return p


def make_big_pdf(path: str | Path, pages: int = 500, *, font: str = WQY_ZENHEI) -> Path:
    """Write a long text PDF quickly (one short paragraph block per page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    p = _as_path(path)
    fname = _rl_font(str(font))
    c = canvas.Canvas(str(p), pagesize=A4, invariant=1)
    c.setTitle("融水苗族自治县统计资料汇编")
    base = [
        "融水苗族自治县国民经济和社会发展统计资料汇编，",
        "本页记录各乡镇林地、耕地、水域湿地面积及污水处理量数据。",
        "生态环境质量监测评价与考核佐证材料，页码核对用。",
    ]
    for i in range(pages):
        c.setFont(fname, 12)
        y = 770
        c.drawString(72, y, f"第{i + 1}页 共{pages}页")
        for k in range(24):
            y -= 18
            c.drawString(72, y, f"{base[k % 3]}序号{i * 24 + k + 1}")
        c.showPage()
    c.save()
    return p


def make_huge_image(path: str | Path, width: int = 20000, height: int = 20000, *, mode: str = "L") -> Path:
    """Write a valid PNG of ``width``×``height`` pixels that is tiny on disk.

    Written chunk by chunk (no pixel buffer is ever allocated), so creating a
    400-megapixel decompression bomb costs milliseconds and ~0.5 MB.
    """
    if mode not in ("L", "RGB"):
        raise ValueError("mode must be 'L' or 'RGB'")
    p = _as_path(path)
    channels = 1 if mode == "L" else 3
    color_type = 0 if mode == "L" else 2
    row = b"\x00" + b"\xff" * (width * channels)  # filter byte + white pixels
    rows_per_chunk = max(1, (1 << 20) // len(row))
    full, rest = divmod(height, rows_per_chunk)
    chunk = row * rows_per_chunk
    raw = _deflate_parts(b"", chunk, full, row * rest)
    adler = 1
    for _ in range(full):
        adler = zlib.adler32(chunk, adler)
    adler = zlib.adler32(row * rest, adler)
    zdata = b"\x78\xda" + raw + struct.pack(">I", adler)

    def png_chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    with open(p, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", ihdr))
        f.write(png_chunk(b"IDAT", zdata))
        f.write(png_chunk(b"IEND", b""))
    return p


def make_fake_ext(path: str | Path) -> Path:
    """Write real PDF bytes under whatever name is given (typically *.docx)."""
    p = _as_path(path)
    buf_path = p.with_name(p.name + ".tmp.pdf")
    make_text_pdf(buf_path, ["这是一个扩展名错误的PDF文件，内容为融水县污水处理厂运行情况报告。"])
    buf_path.replace(p)
    return p
