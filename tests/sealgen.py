"""A labelled seal set: pages with and without red official seals, the negatives made hard.

Positives: the usual seal over the 落款, seals over body text, faint seals, seals cut by the
page edge, oval 财务专用章, seals photographed in dim yellow light. Negatives: unsealed pages,
red 红头 titles with the red rule under them, red table grids, red rectangular and square
stamps (「已审核」, a 名章), a red pen circle around text, a red pie chart, dim photos of
red-headed pages. Shared by the seal tests and bench/seals.py.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from docgen import NOTO_SANS_CJK, NOTO_SERIF_CJK_BOLD, _draw_seal, _pil_font, make_scan_image

BODY = [
    "根据《融水苗族自治县国家重点生态功能区县域生态环境质量监测评价与考核工作实施方案》要求，现将我单位2020年度工作情况报告如下。",
    "一、全年化肥施用量为3125.4吨，农药施用量为215.6吨，耕地面积为41235.7公顷，播种面积为61230.2公顷。",
    "二、生活污水处理厂运行正常，全年污水收集总量为612.3万吨，达标排放总量为598.1万吨。",
    "三、下一步我们将继续加强生态环境保护工作，确保各项指标数据真实准确、口径统一。",
]
SIGNATURE = ["融水苗族自治县人民政府", "2020年10月28日"]
NAMES = ["融水苗族自治县人民政府", "融水苗族自治县农业农村局", "融水苗族自治县统计局", "柳州市融水生态环境局",
         "融水苗族自治县住房和城乡建设局"]

POSITIVE_KINDS = ("signature", "over_text", "faint", "edge", "oval", "photo", "small_dpi")
NEGATIVE_KINDS = ("plain", "red_heading", "red_table", "rect_stamp", "square_stamp", "pen_circle", "pie_chart",
                  "photo_red_heading", "red_text_lines")
# Added after the detector's thresholds were set, and never used to set them: bench/seals.py
# reports them apart, as a held-out check of the tuning.
HELD_OUT_POSITIVE = ("jpeg_low_quality", "dark_ink", "two_seals", "tilted_photo", "seal_on_red_heading")
HELD_OUT_NEGATIVE = ("red_signature", "red_heading_photo_jpeg", "red_underlines")


@dataclass
class Sample:
    name: str
    kind: str
    sealed: bool
    image: Image.Image


def seal_set(count_per_kind: int = 8, seed: int = 7, dpi: int = 150) -> list[Sample]:
    """`count_per_kind` samples of every kind, deterministic for a seed."""
    out = []
    for kind in POSITIVE_KINDS + NEGATIVE_KINDS:
        for i in range(count_per_kind):
            rng = random.Random(f"{seed}-{kind}-{i}")
            out.append(Sample(f"{kind}-{i:02d}", kind, kind in POSITIVE_KINDS, make_sample(kind, rng, dpi)))
    return out


def make_sample(kind: str, rng: random.Random, dpi: int = 150) -> Image.Image:
    lines = rng.sample(BODY, k=rng.randint(2, 4))
    if kind == "signature":
        return make_scan_image(lines, seal=True, dpi=dpi, signature=SIGNATURE, seal_text=rng.choice(NAMES),
                               seed=rng.randint(0, 10_000), rotate=rng.uniform(-1.5, 1.5))
    if kind == "small_dpi":
        return make_scan_image(lines, seal=True, dpi=72, signature=SIGNATURE, seal_text=rng.choice(NAMES),
                               seed=rng.randint(0, 10_000))
    page = make_scan_image(lines + BODY, seal=False, dpi=dpi, signature=SIGNATURE, seed=rng.randint(0, 10_000),
                           title="关于2020年度生态环境保护工作的报告")
    w, h = page.size
    seal_px = round(42 / 25.4 * dpi)
    if kind == "plain":
        return page
    if kind == "over_text":
        return stamp(page, seal_px, (rng.randint(seal_px, w - seal_px), rng.randint(seal_px, h // 2)), rng)
    if kind == "faint":
        return stamp(page, seal_px, (w - seal_px * 2, h - seal_px * 2), rng, strength=rng.uniform(0.35, 0.55))
    if kind == "edge":
        # a seal cut by the page edge (骑缝章 or a crooked scan): 55–75 % of it on the page
        off = rng.uniform(0.1, 0.25) * seal_px
        return stamp(page, seal_px, (w - round(off), rng.randint(seal_px, h - seal_px)), rng)
    if kind == "oval":
        return stamp(page, seal_px, (w - seal_px * 2, h - seal_px * 2), rng, oval=True)
    if kind == "photo":
        page = stamp(page, seal_px, (w - seal_px * 2, h - seal_px * 2), rng)
        return photo(page, rng)
    if kind == "red_heading":
        return red_heading(page, rng)
    if kind == "red_table":
        return red_table(page, rng)
    if kind == "rect_stamp":
        return red_box_stamp(page, rng, square=False)
    if kind == "square_stamp":
        return red_box_stamp(page, rng, square=True)
    if kind == "pen_circle":
        return pen_circle(page, rng)
    if kind == "pie_chart":
        return pie_chart(page, rng)
    if kind == "photo_red_heading":
        return photo(red_heading(page, rng), rng)
    if kind == "red_text_lines":
        return red_text_lines(page, rng)
    return _held_out(kind, page, seal_px, rng)


def _held_out(kind: str, page: Image.Image, seal_px: int, rng: random.Random) -> Image.Image:
    import io

    w, h = page.size
    corner = (w - seal_px * 2, h - seal_px * 2)
    if kind == "jpeg_low_quality":
        buf = io.BytesIO()
        stamp(page, seal_px, corner, rng).save(buf, format="JPEG", quality=rng.randint(12, 25))
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if kind == "dark_ink":
        sealed = stamp(page, seal_px, corner, rng)
        arr = np.asarray(sealed, dtype=np.float32) * np.array([0.72, 0.85, 0.85], dtype=np.float32)
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    if kind == "two_seals":
        once = stamp(page, seal_px, corner, rng)
        return stamp(once, seal_px, (rng.randint(seal_px, w // 2), rng.randint(seal_px, h // 2)), rng)
    if kind == "tilted_photo":
        sealed = stamp(page, seal_px, corner, rng)
        squeeze = rng.uniform(0.8, 0.92)  # the phone held at an angle: the round seal turns oval
        sealed = sealed.resize((w, round(h * squeeze)))
        return photo(sealed, rng)
    if kind == "seal_on_red_heading":
        return stamp(red_heading(page, rng), seal_px, corner, rng)
    if kind == "red_signature":
        img = page.convert("RGB").copy()
        d = ImageDraw.Draw(img)
        x, y = rng.randint(w // 2, w - w // 5), rng.randint(h // 2, h - h // 8)
        pts = [(x + k * w // 60, y + round(math.sin(k * 1.3) * h / 60)) for k in range(10)]
        d.line(pts, fill=_red(rng), width=max(2, w // 300), joint="curve")
        d.arc((x, y - h // 40, x + w // 8, y + h // 40), 20, 340, fill=_red(rng), width=max(2, w // 300))
        return img
    if kind == "red_heading_photo_jpeg":
        buf = io.BytesIO()
        photo(red_heading(page, rng), rng).save(buf, format="JPEG", quality=30)
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if kind == "red_underlines":
        img = page.convert("RGB").copy()
        d = ImageDraw.Draw(img)
        for _ in range(rng.randint(3, 8)):
            x, y = rng.randint(0, w // 2), rng.randint(h // 5, h - h // 10)
            d.line((x, y, x + rng.randint(w // 10, w // 3), y), fill=_red(rng), width=max(2, w // 400))
        return img
    raise ValueError(kind)


def stamp(page: Image.Image, size: int, centre: tuple[int, int], rng: random.Random, *, strength: float = 1.0,
          oval: bool = False) -> Image.Image:
    """Multiply a seal onto the page (black text under it stays black), clipped at the edges."""
    layer = _draw_seal(size, rng.choice(NAMES), rng)
    if oval:
        layer = layer.resize((round(size * 1.35), round(size * 0.9)))
    if strength < 1.0:
        layer = Image.blend(Image.new("RGB", layer.size, (255, 255, 255)), layer, strength)
    canvas = Image.new("RGB", page.size, (255, 255, 255))
    canvas.paste(layer, (centre[0] - layer.size[0] // 2, centre[1] - layer.size[1] // 2))
    return ImageChops.multiply(page.convert("RGB"), canvas)


def photo(page: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo in poor light: darker, yellow cast, uneven lighting, soft focus, JPEG-ish noise."""
    arr = np.asarray(page.convert("RGB"), dtype=np.float32)
    h, w = arr.shape[:2]
    gain = rng.uniform(0.45, 0.7)
    cast = np.array([1.0, rng.uniform(0.85, 0.95), rng.uniform(0.6, 0.8)], dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    vignette = 1.0 - 0.35 * (((xx - w * rng.uniform(0.3, 0.7)) / w) ** 2 + ((yy - h * 0.4) / h) ** 2)
    arr = arr * gain * cast[None, None, :] * vignette[..., None]
    arr += np.random.default_rng(rng.getrandbits(32)).normal(0, 5, arr.shape).astype(np.float32)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").filter(ImageFilter.GaussianBlur(1.0))
    return img.rotate(rng.uniform(-4, 4), resample=Image.BILINEAR, expand=True, fillcolor=(30, 28, 20))


def _red(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randint(190, 230), rng.randint(10, 40), rng.randint(20, 45))


def red_heading(page: Image.Image, rng: random.Random) -> Image.Image:
    """A 红头 document: the issuer's name in large red type, a red rule, sometimes a red star on it."""
    img = page.convert("RGB").copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    size = round(w * 0.065)
    font = _pil_font(NOTO_SERIF_CJK_BOLD, size)
    name = rng.choice(NAMES) + "文件"
    d.rectangle((0, 0, w, round(size * 2.6)), fill=(255, 255, 255))
    d.text((w // 2, size), name, font=font, fill=_red(rng), anchor="mm")
    y = round(size * 2.1)
    colour = _red(rng)
    if rng.random() < 0.5:
        r = size * 0.3
        cx = w // 2
        pts = [(cx + (r if k % 2 == 0 else r * 0.38) * math.cos(-math.pi / 2 + k * math.pi / 5),
                y + (r if k % 2 == 0 else r * 0.38) * math.sin(-math.pi / 2 + k * math.pi / 5)) for k in range(10)]
        d.polygon(pts, fill=colour)
        d.line((w * 0.08, y, cx - r * 1.5, y), fill=colour, width=max(2, size // 12))
        d.line((cx + r * 1.5, y, w * 0.92, y), fill=colour, width=max(2, size // 12))
    else:
        d.line((w * 0.08, y, w * 0.92, y), fill=colour, width=max(2, size // 12))
    return img


def red_table(page: Image.Image, rng: random.Random) -> Image.Image:
    """A table ruled in red, with black figures in it (square-ish blocks too)."""
    img = page.convert("RGB").copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    x0, y0 = round(w * rng.uniform(0.1, 0.3)), round(h * rng.uniform(0.3, 0.5))
    cols, rows = rng.randint(2, 5), rng.randint(2, 6)
    cw, rh = round(w * rng.uniform(0.08, 0.15)), round(h * 0.035)
    colour = _red(rng)
    font = _pil_font(NOTO_SANS_CJK, round(rh * 0.5))
    d.rectangle((x0, y0, x0 + cols * cw, y0 + rows * rh), fill=(255, 255, 255))
    for c in range(cols + 1):
        d.line((x0 + c * cw, y0, x0 + c * cw, y0 + rows * rh), fill=colour, width=2)
    for r in range(rows + 1):
        d.line((x0, y0 + r * rh, x0 + cols * cw, y0 + r * rh), fill=colour, width=2)
    for r in range(rows):
        for c in range(cols):
            d.text((x0 + c * cw + 6, y0 + r * rh + rh // 4), f"{rng.uniform(1, 9999):.1f}", font=font,
                   fill=colour if rng.random() < 0.3 else (20, 20, 20))
    return img


def red_box_stamp(page: Image.Image, rng: random.Random, *, square: bool) -> Image.Image:
    """「已审核」「受控文件」 in a red rectangle, or a square 名章 of four characters filled red."""
    w, h = page.size
    side = round(w * rng.uniform(0.12, 0.2))
    bw, bh = (side, side) if square else (round(side * 1.8), round(side * 0.7))
    layer = Image.new("RGB", (bw, bh), (255, 255, 255))
    d = ImageDraw.Draw(layer)
    colour = _red(rng)
    d.rectangle((2, 2, bw - 3, bh - 3), outline=colour, width=max(3, side // 25))
    if square:
        font = _pil_font(NOTO_SERIF_CJK_BOLD, round(side * 0.38))
        for k, ch in enumerate(rng.choice(["韦国庆印", "覃志明印", "财务审核"])):
            d.text((bw * (0.72 - 0.45 * (k // 2)), bh * (0.28 + 0.45 * (k % 2))), ch, font=font, fill=colour,
                   anchor="mm")
    else:
        font = _pil_font(NOTO_SERIF_CJK_BOLD, round(bh * 0.45))
        d.text((bw // 2, bh // 2), rng.choice(["已审核", "受控文件", "同意报送", "原件已核"]), font=font, fill=colour,
               anchor="mm")
    layer = layer.rotate(rng.uniform(-12, 12), expand=True, fillcolor=(255, 255, 255))
    canvas = Image.new("RGB", page.size, (255, 255, 255))
    canvas.paste(layer, (rng.randint(0, w - layer.size[0]), rng.randint(h // 2, h - layer.size[1])))
    return ImageChops.multiply(page.convert("RGB"), canvas)


def pen_circle(page: Image.Image, rng: random.Random) -> Image.Image:
    """A reviewer's red pen ring around a figure: a red circle with only black ink inside."""
    img = page.convert("RGB").copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    r = round(w * rng.uniform(0.06, 0.12))
    cx, cy = rng.randint(r + 5, w - r - 5), rng.randint(r + 5, h - r - 5)
    d.ellipse((cx - r, cy - round(r * 0.8), cx + r, cy + round(r * 0.8)), outline=_red(rng), width=max(2, r // 20))
    return img


def pie_chart(page: Image.Image, rng: random.Random) -> Image.Image:
    """A pie chart with a red slice or a solid red disc."""
    img = page.convert("RGB").copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    r = round(w * rng.uniform(0.08, 0.14))
    cx, cy = rng.randint(r + 5, w - r - 5), rng.randint(h // 2, h - r - 5)
    start = rng.uniform(0, 360)
    d.pieslice((cx - r, cy - r, cx + r, cy + r), start, start + rng.uniform(200, 359), fill=_red(rng))
    return img


def red_text_lines(page: Image.Image, rng: random.Random) -> Image.Image:
    """Paragraphs typed in red (a marked-up revision), dense enough to join into blocks."""
    img = page.convert("RGB").copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    size = round(w * 0.028)
    font = _pil_font(NOTO_SANS_CJK, size)
    y = round(h * rng.uniform(0.3, 0.6))
    d.rectangle((0, y - 4, w, y + size * 5), fill=(255, 255, 255))
    for k in range(3):
        d.text((round(w * 0.1), y + k * round(size * 1.6)), "（修改意见：请核对化肥施用量与统计局数据口径是否一致。）", font=font,
               fill=_red(rng))
    return img
