"""The compilation (汇编): one PDF the assessment office can print, bind and hand upwards —
cover, 目录, separators, every counted file's pages, and the closing list of what is missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from archive.catalog import Catalog
from archive.renditions import Rendition
from archive.volume.assemble import assemble
from archive.volume.pages import Cover, VolumeError
from archive.volume.plan import VolumePlan, plan_volume

__all__ = ["Cover", "VolumeError", "VolumePlan", "compile_volume", "cover_for", "plan_volume"]


def cover_for(catalog: Catalog, as_of: date, submitter: str | None = None) -> Cover:
    return Cover(catalog.county, catalog.name, catalog.plan_doc_number, submitter or f"{catalog.county}人民政府",
                 f"{as_of.year}年{as_of.month}月{as_of.day}日")


def compile_volume(plan: VolumePlan, cover: Cover, renditions: dict[str, Rendition], out: Path,
                   progress: Callable[[int, int], None] | None = None) -> dict:
    return assemble(plan, cover, renditions, out, progress)
