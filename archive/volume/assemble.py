"""Putting the volume together with pikepdf: front matter, then department, duty and file pages
in plan order, the closing list, bookmarks department → duty → file, and 「第 N 页 共 M 页」
on every page but the cover (N is the PDF's own page number, so the 目录 and a viewer agree)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

from archive.renditions import Rendition
from archive.volume.pages import Cover, VolumeError, closing_list, footers, front_matter, separators
from archive.volume.plan import Left, Missing, VolumePlan

MAX_LAYOUT_PASSES = 4


def assemble(plan: VolumePlan, cover: Cover, renditions: dict[str, Rendition], out: Path,
             progress: Callable[[int, int], None] | None = None) -> dict:
    import pikepdf

    sources = _open_sources(plan, renditions)
    front_pdf = pikepdf.open(io.BytesIO(_layout(plan, cover)))
    # With nothing to compile yet the volume is still worth printing: cover, 目录, what is missing.
    separator_pdf = pikepdf.open(io.BytesIO(separators(plan))) if plan.departments else pikepdf.new()
    closing_pdf = pikepdf.open(io.BytesIO(closing_list(plan)))
    volume = pikepdf.new()
    volume.pages.extend(front_pdf.pages)
    marks = _append_sections(volume, plan, sources, iter(separator_pdf.pages))
    closing_first = len(volume.pages) + 1
    volume.pages.extend(closing_pdf.pages)
    with volume.open_outline() as outline:
        outline.root.extend([pikepdf.OutlineItem("封面", 0), pikepdf.OutlineItem("目录", 1), *marks,
                             pikepdf.OutlineItem("缺失材料清单", closing_first - 1)])
    _number_pages(volume, progress)
    volume.docinfo["/Title"] = f"{cover.assessment} 佐证材料汇编"
    volume.docinfo["/Creator"] = "证据档案库"
    out.parent.mkdir(parents=True, exist_ok=True)
    volume.save(out, deterministic_id=True, compress_streams=True)
    result = {"pdf": str(out), "pages": len(volume.pages), "files": len(plan.files()),
              "front_pages": len(front_pdf.pages), "closing_first_page": closing_first,
              "left_out": len(plan.left_out), "missing": len(plan.missing)}
    for pdf in [volume, front_pdf, separator_pdf, closing_pdf, *sources.values()]:
        pdf.close()
    return result


def _append_sections(volume, plan: VolumePlan, sources: dict, separator_pages) -> list:
    """Each department's separator, each duty's separator and its files' pages; returns the
    bookmarks department → duty → file (the page numbers are those `_layout` gave)."""
    import pikepdf

    marks = []
    for dept in plan.departments:
        volume.pages.append(next(separator_pages))
        dept_mark = pikepdf.OutlineItem(f"{dept.number:02d} {dept.name}", dept.first_page - 1)
        for duty in dept.duties:
            volume.pages.append(next(separator_pages))
            duty_mark = pikepdf.OutlineItem(f"{duty.id} {duty.title}", duty.first_page - 1)
            for f in duty.files:
                volume.pages.extend(sources[f.sha256].pages)
                duty_mark.children.append(pikepdf.OutlineItem(f.name, f.first_page - 1))
            dept_mark.children.append(duty_mark)
        marks.append(dept_mark)
    return marks


def _open_sources(plan: VolumePlan, renditions: dict[str, Rendition]) -> dict:
    """Every file's PDF, opened once; a file without a readable PDF leaves the volume with its
    reason (and its duty becomes missing if it was the duty's only file)."""
    import pikepdf

    sources: dict[str, pikepdf.Pdf] = {}
    broken: dict[str, str] = {}
    for f in plan.files():
        if f.sha256 in sources or f.sha256 in broken:
            continue
        rendition = renditions.get(f.sha256)
        if rendition is None or rendition.pdf is None:
            broken[f.sha256] = rendition.error if rendition else "未能转换为 PDF"
            continue
        try:
            sources[f.sha256] = pikepdf.open(rendition.pdf)
            if not len(sources[f.sha256].pages):
                raise pikepdf.PdfError("no pages")
        except pikepdf.PasswordError:
            broken[f.sha256] = "PDF 文件已设置打开密码"
        except pikepdf.PdfError:
            broken[f.sha256] = "PDF 文件已损坏或没有页面"
    for dept in plan.departments:
        for duty in dept.duties:
            for f in [f for f in duty.files if f.sha256 in broken]:
                duty.files.remove(f)
                plan.left_out.append(Left(duty.id, f.name, dept.name, "无法转换为 PDF：" + broken[f.sha256]))
            if not duty.files:
                plan.missing.append(Missing(duty.id, duty.text, dept.name, duty.deadline, "材料均无法编入"))
        dept.duties = [d for d in dept.duties if d.files]
    plan.departments = [d for d in plan.departments if d.duties]
    for f in plan.files():
        f.pages = len(sources[f.sha256].pages)
    return sources


def _layout(plan: VolumePlan, cover: Cover) -> bytes:
    """Page numbers for every separator and file, given the 目录's length, which depends on
    the numbers it prints: laid out until the 目录 keeps its length."""
    import pikepdf

    front_pages = 2
    for _ in range(MAX_LAYOUT_PASSES):
        page = front_pages + 1
        for dept in plan.departments:
            dept.first_page, page = page, page + 1
            for duty in dept.duties:
                duty.first_page, page = page, page + 1
                for f in duty.files:
                    f.first_page, page = page, page + f.pages
        front = front_matter(cover, plan)
        with pikepdf.open(io.BytesIO(front)) as pdf:
            if len(pdf.pages) == front_pages:
                return front
            front_pages = len(pdf.pages)
    raise VolumeError("目录页数无法确定")


def _number_pages(volume, progress: Callable[[int, int], None] | None) -> None:
    import pikepdf

    pages = list(volume.pages)[1:]
    sizes = []
    for page in pages:
        box = pikepdf.Rectangle(page.cropbox)
        turned = int(page.obj.get("/Rotate", 0)) % 180 == 90
        sizes.append((float(box.height), float(box.width)) if turned else (float(box.width), float(box.height)))
    overlay = pikepdf.open(io.BytesIO(footers(sizes, 2, len(pages) + 1)))
    for n, (page, stamp) in enumerate(zip(pages, overlay.pages), start=1):
        page.add_overlay(stamp, pikepdf.Rectangle(page.cropbox))
        if progress and (n % 50 == 0 or n == len(pages)):
            progress(n, len(pages))
