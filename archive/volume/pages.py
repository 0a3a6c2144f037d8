"""The pages the compilation writes itself — cover, 目录, separators, the closing list of what
is missing, and the page-number footer — laid out by reportlab with an embedded Chinese font,
so the text prints anywhere and extracts back as the same characters."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from archive.errors import ArchiveError
from archive.volume.plan import DepartmentPart, Duty, Missing, Left, VolumePlan

FONT_NAME = "EvidenceCJK"
# TrueType outlines (reportlab embeds TrueType, not the CFF outlines of Noto CJK's .otf/.ttc).
FONT_CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                   "/usr/share/fonts/truetype/arphic/uming.ttc")


class VolumeError(ArchiveError):
    """The compilation cannot be written (no Chinese font, no file to compile)."""

    exit_code = 4


@dataclass(frozen=True)
class Cover:
    county: str
    assessment: str
    plan_doc_number: str
    submitter: str
    date_text: str


@functools.lru_cache(maxsize=1)
def font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            pdfmetrics.registerFont(TTFont(FONT_NAME, candidate, subfontIndex=0))
            return FONT_NAME
    raise VolumeError("未找到可嵌入的中文字体（需要 fonts-wqy-zenhei），无法生成汇编封面和目录")


def _styles() -> dict:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    name = font()
    return {
        "title": ParagraphStyle("title", fontName=name, fontSize=24, leading=36, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", fontName=name, fontSize=16, leading=26, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", fontName=name, fontSize=18, leading=28, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=name, fontSize=12, leading=20),
        "cell": ParagraphStyle("cell", fontName=name, fontSize=8, leading=10.5, wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=name, fontSize=8.5, leading=11, alignment=TA_CENTER),
    }


def _build(flowables: list) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=18 * mm,
                            bottomMargin=20 * mm, title="汇编", author="证据档案库", creator="证据档案库",
                            invariant=True)
    doc.build(flowables)
    return out.getvalue()


def _p(text: str, style) -> object:
    from reportlab.platypus import Paragraph
    from xml.sax.saxutils import escape

    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


# -- cover and 目录 ---------------------------------------------------------------------------

def front_matter(cover: Cover, plan: VolumePlan) -> bytes:
    """The cover (one page) and the 目录 (as many pages as it takes), one PDF."""
    from reportlab.platypus import PageBreak

    return _build(_cover(cover) + [PageBreak()] + _contents(plan))


def _cover(cover: Cover) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    s = _styles()
    seal = Table([[_p("（盖章）", s["body"])]], colWidths=[50 * mm], rowHeights=[45 * mm])
    seal.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, "#444444"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    facts = Table([[_p("方案文号：", s["body"]), _p(cover.plan_doc_number, s["body"])],
                   [_p("报送单位：", s["body"]), _p(cover.submitter, s["body"])],
                   [_p("报送日期：", s["body"]), _p(cover.date_text, s["body"])]],
                  colWidths=[28 * mm, 100 * mm])
    return [Spacer(1, 30 * mm), _p(cover.county, s["subtitle"]), Spacer(1, 8 * mm),
            _p(cover.assessment, s["title"]), Spacer(1, 8 * mm), _p("佐证材料汇编", s["title"]),
            Spacer(1, 40 * mm), facts, Spacer(1, 18 * mm), seal]


TOC_HEAD = ("序号", "事项编号", "方案要求", "文件名称", "文号", "成文日期", "页数", "起止页码")


def toc_rows(plan: VolumePlan) -> list[tuple]:
    """One row per file of the volume, in order: the same numbers the bookmarks point to."""
    rows = []
    for dept in plan.departments:
        for duty in dept.duties:
            for f in duty.files:
                last = f.first_page + f.pages - 1
                pages = f"{f.first_page}" if f.pages == 1 else f"{f.first_page}–{last}"
                rows.append((str(len(rows) + 1), duty.id, duty.text, f.name, f.doc_number or "",
                             f.issue_date or "", str(f.pages), pages))
    return rows


def _contents(plan: VolumePlan) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    s = _styles()
    data = [[_p(h, s["head"]) for h in TOC_HEAD]]
    data += [[_p(c, s["cell"]) for c in row] for row in toc_rows(plan)]
    widths = [9 * mm, 15 * mm, 47 * mm, 44 * mm, 24 * mm, 17 * mm, 9 * mm, 17 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#777777"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"),
                               # CJK wrapping lets a line end in punctuation past the width: room for it
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (2, 0), (3, -1), 9)]))
    return [_p("目　录", s["heading"]), Spacer(1, 4 * mm), table]


# -- separators and the closing list ---------------------------------------------------------

def separators(plan: VolumePlan) -> bytes:
    """One page per department and per duty, in volume order."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer

    s = _styles()
    flow: list = []
    for dept in plan.departments:
        flow += [Spacer(1, 80 * mm), _p(f"{dept.number:02d}　{dept.name}", s["title"]), PageBreak()]
        for duty in dept.duties:
            flow += [Spacer(1, 60 * mm), _p(f"事项 {duty.id}", s["heading"]), Spacer(1, 6 * mm),
                     _p(duty.title, s["subtitle"]), Spacer(1, 10 * mm), _p("方案要求：" + duty.text, s["body"]),
                     Spacer(1, 4 * mm), _p(f"责任单位：{dept.name}　　材料 {len(duty.files)} 份", s["body"]),
                     PageBreak()]
    return _build(flow[:-1])


def closing_list(plan: VolumePlan) -> bytes:
    """「缺失材料清单」: duties with nothing in the volume, then files left out, each with why."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    s = _styles()
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#777777"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"), ("RIGHTPADDING", (1, 0), (1, -1), 9),
                        ("RIGHTPADDING", (-1, 0), (-1, -1), 9)])
    missing = [[_p(h, s["head"]) for h in ("事项编号", "方案要求", "责任单位", "截止日期", "说明")]]
    missing += [[_p(c, s["cell"]) for c in (m.item, m.text, m.department, m.deadline, m.reason)] for m in plan.missing]
    left = [[_p(h, s["head"]) for h in ("事项编号", "文件名称", "责任单位", "未编入原因")]]
    left += [[_p(c, s["cell"]) for c in (f.item, f.name, f.department, f.reason)] for f in plan.left_out]
    flow = [_p("缺失材料清单", s["heading"]), Spacer(1, 4 * mm),
            _p(f"一、尚缺材料的事项（{len(plan.missing)} 项）", s["body"]), Spacer(1, 2 * mm)]
    if plan.missing:
        flow.append(_table(missing, [18 * mm, 76 * mm, 38 * mm, 20 * mm, 30 * mm], style))
    flow += [Spacer(1, 6 * mm), _p(f"二、未编入汇编的文件（{len(plan.left_out)} 份）", s["body"]), Spacer(1, 2 * mm)]
    if plan.left_out:
        flow.append(_table(left, [18 * mm, 70 * mm, 38 * mm, 56 * mm], style))
    return _build(flow)


def _table(data, widths, style):
    from reportlab.platypus import Table

    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(style)
    return table


# -- page numbers ----------------------------------------------------------------------------

def footers(sizes: list[tuple[float, float]], first: int, total: int) -> bytes:
    """One overlay page per (width, height) as the reader sees the page — a rotated page's
    overlay is placed upright by pikepdf/qpdf — with 「第 N 页 共 M 页」 at the bottom centre,
    on a white strip so it stays legible over a scan."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=True)
    name = font()
    size = 9
    for n, (width, height) in enumerate(sizes, start=first):
        canvas.setPageSize((width, height))
        text = f"第 {n} 页 共 {total} 页"
        text_width = canvas.stringWidth(text, name, size)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(width / 2 - text_width / 2 - 4, 11, text_width + 8, size + 5, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(name, size)
        canvas.drawCentredString(width / 2, 14, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
