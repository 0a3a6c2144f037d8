"""Write catalog data as TOML in the layout of the hand-written catalogs ([[items]], [[items.rules]] …),
so a drafted catalog reads like one a person wrote and diffs cleanly between versions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

# lists of tables written as [[…]] sections; every other list of tables is written inline
ARRAY_TABLES = {"phases", "departments", "leading_group", "errata", "meta", "items", "rules", "parts",
                "indicators", "indicator_checks"}


def dumps(data: dict[str, Any]) -> str:
    out: list[str] = []
    _table(data, [], out)
    return "\n".join(out).lstrip("\n") + "\n"


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isascii() and k.replace("_", "").replace("-", "").isalnum() \
        else json.dumps(k, ensure_ascii=False)


def value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {value(x)}" for k, x in v.items() if x is not None) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _is_array_table(k: str, v: Any) -> bool:
    return k in ARRAY_TABLES and isinstance(v, list) and all(isinstance(x, dict) for x in v)


def _table(data: dict[str, Any], path: list[str], out: list[str]) -> None:
    nested = []
    for k, v in data.items():
        if v is None:
            continue
        if _is_array_table(k, v) or (isinstance(v, dict) and k not in ("deliverables",) and not path_is_inline(path)):
            nested.append((k, v))
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            out.append(f"{_key(k)} = [")
            out.extend(f"  {value(x)}," for x in v)
            out.append("]")
        else:
            out.append(f"{_key(k)} = {value(v)}")
    for k, v in nested:
        sub = path + [k]
        name = ".".join(_key(x) for x in sub)
        if isinstance(v, dict):
            out.append("")
            out.append(f"[{name}]")
            _table(v, sub, out)
        else:
            for entry in v:
                out.append("")
                out.append(f"[[{name}]]")
                _table(entry, sub, out)


def path_is_inline(path: list[str]) -> bool:
    return False
