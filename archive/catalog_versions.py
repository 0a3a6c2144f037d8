"""Accepted catalogs of a home, numbered and never rewritten, and the switch between them.

A catalog decides what every document is evidence for; changing it silently would change the
checklist under the office's feet. So an accepted catalog is a new numbered file (the old ones stay
to compare with and to switch back to), and switching says, document by document, what changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from archive import clock
from archive.catalog_check import CheckReport, check_catalog_file
from spine.errors import ConfigError

VERSIONS_DIR = Path("catalogs") / "accepted"
VERSION_NAME = re.compile(r"^(\d{3})-(.+)\.toml$")


class CatalogVersionError(ConfigError, ValueError):
    exit_code = 3


def versions_dir(home: Path) -> Path:
    return home / VERSIONS_DIR


def list_versions(home: Path) -> list[dict[str, Any]]:
    out = []
    folder = versions_dir(home)
    if not folder.is_dir():
        return out
    for f in sorted(folder.glob("*.toml")):
        m = VERSION_NAME.match(f.name)
        if not m:
            continue
        meta_file = f.with_suffix(".json")
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        out.append({"version": int(m.group(1)), "name": m.group(2), "path": str(f.relative_to(home)),
                    "accepted_by": meta.get("accepted_by", ""), "accepted_at": meta.get("accepted_at", ""),
                    "reviews_open": meta.get("reviews_open", 0)})
    return out


def accept_catalog(home: Path, text: str, name: str, by: str) -> tuple[dict[str, Any], CheckReport]:
    """Validate `text` and keep it as the next version; a catalog with errors is refused."""
    folder = versions_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^\w.-]+", "-", name).strip("-") or "catalog"
    number = max((v["version"] for v in list_versions(home)), default=0) + 1
    target = folder / f"{number:03d}-{slug}.toml"
    trial = folder / f".check-{number:03d}.toml"
    trial.write_text(text, encoding="utf-8")
    try:
        report = check_catalog_file(trial)
    finally:
        trial.unlink(missing_ok=True)
    report.path = str(target.relative_to(home))
    if not report.ok:
        raise CatalogVersionError("目录有错误，未接受：" + "；".join(report.errors[:5]))
    target.write_text(text, encoding="utf-8")
    meta = {"accepted_by": by, "accepted_at": clock.now_text(),
            "reviews_open": len(report.reviews)}
    target.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return {"version": number, "path": str(target.relative_to(home)), **meta}, report


def version_path(home: Path, version: str | int) -> Path:
    for v in list_versions(home):
        if str(v["version"]) == str(version).lstrip("0") or v["path"] == str(version):
            return home / v["path"]
    raise CatalogVersionError(f"没有版本 {version}（已接受的版本见 evidence catalog versions）")


def set_home_catalog(config_file: Path, relative: str) -> None:
    """Point evidence.toml's `catalog` at the accepted file, keeping the rest of the file as it is."""
    line = f'catalog = "{relative}"'
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    pattern = re.compile(r"^catalog\s*=.*$", re.M)
    if pattern.search(text):
        text = pattern.sub(line, text, count=1)
    else:
        head = re.search(r"^\[", text, re.M)
        cut = head.start() if head else len(text)
        text = text[:cut] + line + "\n\n" + text[cut:]
    config_file.write_text(text, encoding="utf-8")


def tag_changes(before: dict[int, tuple[str, list[str]]], after: dict[int, list[str]]) -> dict[str, Any]:
    """What a switch changed: per document the duties gained and lost."""
    changed = []
    for doc_id, (path, old) in sorted(before.items()):
        new = after.get(doc_id, [])
        added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))
        if added or removed:
            changed.append({"id": doc_id, "path": path, "before": sorted(old), "after": sorted(new),
                            "added": added, "removed": removed})
    return {"documents": len(before), "changed": changed,
            "unchanged": len(before) - len(changed)}


DRAFTS_DIR = Path("catalogs") / "drafts"
DRAFT_NAME = re.compile(r"^[\w.-]{1,80}$")


def save_draft(home: Path, name: str, toml_text: str, plan_text: str | None = None) -> str:
    """A draft under review: its TOML and the plan text it came from, side by side."""
    slug = re.sub(r"[^\w.-]+", "-", name).strip("-.")[:80] or "draft"
    folder = home / DRAFTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.toml").write_text(toml_text, encoding="utf-8")
    if plan_text is not None:
        (folder / f"{slug}.plan.txt").write_text(plan_text, encoding="utf-8")
    return slug


def load_draft(home: Path, slug: str) -> tuple[str, str]:
    if not DRAFT_NAME.match(slug) or slug.startswith("."):
        raise CatalogVersionError(f"草稿名无效：{slug}")
    folder = home / DRAFTS_DIR
    path = folder / f"{slug}.toml"
    if not path.is_file():
        raise CatalogVersionError(f"没有草稿 {slug}")
    plan = folder / f"{slug}.plan.txt"
    return path.read_text(encoding="utf-8"), plan.read_text(encoding="utf-8") if plan.is_file() else ""


def list_drafts(home: Path) -> list[str]:
    folder = home / DRAFTS_DIR
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def draft_check_path(home: Path, slug: str) -> Path:
    return home / DRAFTS_DIR / f"{slug}.toml"
