"""The layers import downward only: every `import` in the packages (module level or inside a
function) is read with ast and checked against the order below, so an upward import fails here
rather than as a circular import one day."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Lowest first. A module belongs to the longest prefix that names it.
LAYERS = {
    "spine.errors": 0, "spine.config": 0, "spine.ingest_lock": 0,  # import nothing of the project
    "archive": 1,
    "indexer": 2,
    "spine.services": 3,  # opens a home: archive + indexer, for the web UI and the CLI
    "spine.catalog_drafts": 3,  # drafts a catalog from a plan (extractors) and switches a home to it
    "webui": 4,
    "evidence": 5,        # the CLI
}
PACKAGES = ("spine", "archive", "indexer", "webui", "evidence")


def layer_of(module: str) -> int | None:
    best = None
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, rank)
    return None if best is None else best[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append((node.lineno, name))
            out += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]  # `from spine import services`
    return out


def upward_imports(root: Path = REPO) -> list[str]:
    """One line per offending import statement."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if ".venv" in path.parts:
                continue
            module = module_name(path) if root == REPO else ".".join(path.relative_to(root).with_suffix("").parts)
            own = layer_of(module)
            if own is None:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            pkg = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
            for line, name in imported_modules(tree, pkg):
                target = layer_of(name)
                where = f"{path.relative_to(root)}:{line}"
                if target is not None and target > own and where not in found:
                    found[where] = f"{where} ({module}, layer {own}) imports {name} (layer {target})"
    return sorted(found.values())


def test_no_layer_imports_a_layer_above_it():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path):
    """A lower module importing the CLI (inside a function, too) is caught."""
    for package, text in {"archive": "def f():\n    from evidence.cli import main\n",
                          "indexer": "from webui import create_app\n",
                          "spine": "",
                          "webui": "", "evidence": ""}.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / "x.py").write_text(text)
    (tmp_path / "spine" / "config.py").write_text("from archive import store\n")
    found = upward_imports(tmp_path)
    assert len(found) == 3, found
    assert any(f.startswith("archive/x.py:2") and "evidence.cli" in f for f in found)
    assert any(f.startswith("spine/config.py") for f in found)


def test_the_old_import_paths_still_work():
    """Other branches import `evidence.config` and `evidence.services`: they keep working."""
    from evidence.config import ConfigError, load_config
    from evidence.services import open_services
    from spine.config import load_config as moved
    from spine.errors import ConfigError as moved_error
    from spine.services import open_services as moved_open

    assert (load_config, ConfigError, open_services) == (moved, moved_error, moved_open)


# The search index on PostgreSQL is a search engine that happens to speak SQL: its own tables,
# not the system of record's.
SQL_ENGINES = {Path("indexer/search/postgres.py")}


def sql_outside_archive(root: Path = REPO) -> list[str]:
    """Calls of a database connection's `execute`/`executemany` and reads of an archive's `.conn`
    outside archive/: SQL belongs to the system of record."""
    found = []
    for package in ("spine", "indexer", "webui", "evidence"):
        for path in sorted((root / package).rglob("*.py")):
            if path.relative_to(root) in SQL_ENGINES:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Attribute) and (
                        node.attr in ("execute", "executemany", "executescript")
                        or (node.attr == "conn" and isinstance(node.value, ast.Attribute) and node.value.attr == "archive")
                        or (node.attr == "conn" and isinstance(node.value, ast.Name) and node.value.id == "archive")):
                    found.append(f"{path.relative_to(root)}:{node.lineno} .{node.attr}")
    return found


def test_raw_sql_lives_in_the_archive_only():
    assert sql_outside_archive() == []
