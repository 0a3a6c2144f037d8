"""Wiring of the catalog drafting: a plan file's text (through the archive's own extractors), the
draft from it, and switching a home to an accepted catalog with the re-tagging it causes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.catalog import base_path
from archive.catalog_toml import dumps
from archive.catalog_versions import CatalogVersionError, set_home_catalog, tag_changes, version_path
from archive.plan_draft import BaseCatalog, draft_catalog
from archive.plan_parse import ParsedPlan, parse_plan
from spine.errors import EvidenceError
from spine.config import CONFIG_NAME, Config, load_config

DEFAULT_BASE = "rongshui-2020.toml"


class PlanReadError(EvidenceError, ValueError):
    exit_code = 2


@dataclass
class Draft:
    plan_text: str
    plan: ParsedPlan
    data: dict[str, Any]
    toml: str


def read_plan_text(path: Path) -> str:
    """The plan's text as the archive reads any file (.txt, .docx, .pdf with OCR, legacy .doc)."""
    from indexer.extract import ExtractionError, ExtractOptions, extract_file

    if not path.is_file():
        raise PlanReadError(f"找不到方案文件：{path}")
    try:
        extraction = extract_file(path, path.name, ExtractOptions())
    except ExtractionError as exc:
        raise PlanReadError(f"无法读取方案文件 {path.name}：{exc.message}") from exc
    return "\n".join(p.text for p in extraction.pages)


def load_base(name: str = DEFAULT_BASE, beside: Path | None = None) -> BaseCatalog:
    found = base_path(name, beside)
    if found is None:
        raise PlanReadError(f"找不到基础目录：{name}")
    return BaseCatalog(name, tomllib.loads(found.read_text(encoding="utf-8")))


def draft_from_text(text: str, source_name: str, base: BaseCatalog, reuse_rules: bool = True) -> Draft:
    plan = parse_plan(text)
    data = draft_catalog(plan, base, source_name, reuse_rules)
    header = (f"# 由 `evidence catalog import` 从《{plan.title or source_name}》起草；review = true 的条目需人工核对。\n"
              f"# 词表（文件种类、主题词、规则模板）取自基础目录 {base.name}。\n")
    return Draft(text, plan, data, header + dumps(data))


def draft_from_file(path: Path, base: BaseCatalog, reuse_rules: bool = True) -> Draft:
    return draft_from_text(read_plan_text(path), path.name, base, reuse_rules)


def switch_catalog(config: Config, version: str | int) -> dict[str, Any]:
    """Point the home at an accepted catalog and re-tag every document; say what changed."""
    from spine.services import open_services

    target = version_path(config.home, version)
    relative = str(target.relative_to(config.home))
    before: dict[int, tuple[str, list[str]]] = {}
    with open_services(config, heal_index=False) as services:
        old = services.catalog.source
        for doc_id in services.archive.document_ids():
            locs = services.archive.locations(doc_id)
            before[doc_id] = (locs[0]["path"] if locs else "", list(services.archive.items_of(doc_id)))
    set_home_catalog(config.home / CONFIG_NAME, relative)
    new_config = load_config(config.home)
    after: dict[int, list[str]] = {}
    with open_services(new_config, heal_index=False) as services:
        for doc_id in services.archive.document_ids():
            services.ingestor.retag(doc_id)
        services.ingestor.rebuild_index()
        for doc_id in services.archive.document_ids():
            after[doc_id] = list(services.archive.items_of(doc_id))
        catalog = services.catalog
    report = tag_changes(before, after)
    # a folder no department of the new catalog answers to gives its files no folder evidence
    unmatched = [f for f in new_config.department_folders if catalog.department_by_folder(f) is None]
    return {"from": old, "to": relative, **report, "unmatched_folders": unmatched}


__all__ = ["CatalogVersionError", "Draft", "PlanReadError", "draft_from_file", "draft_from_text", "load_base",
           "read_plan_text", "switch_catalog"]
