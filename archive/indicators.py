"""The plan's indicators as data: names, synonyms, units, who reports them, and the checks
that tie them together (a total and its parts, a rate and its numerator and denominator).

The plan asks departments to convert units and to publish one figure per indicator
(「填报数据时须注意数据的单位及量纲的转换……对外发布口径统一」); inspectors reject figures that
disagree between departments or do not add up. Values are stored in the indicator's own unit,
so 41235.7 公顷 and 618535.5 亩 compare as the same figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# unit → (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "公顷": ("area", 1.0), "hm2": ("area", 1.0), "hm²": ("area", 1.0), "千公顷": ("area", 1000.0),
    "亩": ("area", 1 / 15), "万亩": ("area", 10000 / 15),
    "平方公里": ("area", 100.0), "平方千米": ("area", 100.0), "km2": ("area", 100.0), "km²": ("area", 100.0),
    "万平方米": ("area", 1.0), "平方米": ("area", 1e-4),
    "吨": ("mass", 1.0), "万吨": ("mass", 1e4), "千克": ("mass", 1e-3), "公斤": ("mass", 1e-3),
    "立方米": ("mass", 1.0), "万立方米": ("mass", 1e4), "m3": ("mass", 1.0), "m³": ("mass", 1.0),
    "元": ("money", 1e-4), "万元": ("money", 1.0), "亿元": ("money", 1e4),
    "人": ("people", 1e-4), "万人": ("people", 1.0),
    "%": ("rate", 1.0), "％": ("rate", 1.0),
}
UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))


def convert(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to`; None when the two measure different things."""
    a, b = UNITS.get(unit), UNITS.get(to)
    if a is None or b is None or a[0] != b[0]:
        return None
    return value * a[1] / b[1]


@dataclass(frozen=True)
class Reporter:
    department: int
    item: str


@dataclass(frozen=True)
class Indicator:
    key: str
    names: tuple[str, ...]          # synonyms, as written in tables and sentences
    unit: str
    labels: tuple[str, ...] = ()    # short row labels trusted only in tables (「总面积」「河流」)
    reported_by: tuple[Reporter, ...] = ()
    made_of: tuple[str, ...] = ()   # a class that is the sum of others (耕地 = 水田 + 旱地)
    tolerance: float | None = None  # relative; None: the catalog's default


@dataclass(frozen=True)
class Check:
    kind: str                       # "sum" | "rate"
    name: str
    total: str = ""                 # sum: the whole
    parts: tuple[str, ...] = ()     # sum: the classes that make it up
    rate: str = ""                  # rate: the stated rate (%)
    numerator: str = ""
    denominator: str = ""
    tolerance: float = 0.01         # sum: relative; rate: percentage points


@dataclass
class IndicatorCatalog:
    indicators: list[Indicator] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    tolerance: float = 0.01
    # a paper correcting figures (「更正函」): its figure replaces the ones it corrects
    correction_title: tuple[str, ...] = ()
    # words before a name that make it another figure (「人均地区生产总值」「粮食作物播种面积」)
    qualifiers: tuple[str, ...] = ()
    # a part of the year (「上半年」「1-9月」): its figures are not the year's
    partial_period: tuple[str, ...] = ()

    def get(self, key: str) -> Indicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(key)

    def tolerance_of(self, key: str) -> float:
        t = self.get(key).tolerance
        return self.tolerance if t is None else t


def _patterns(settings: dict[str, Any], key: str, fail) -> tuple[str, ...]:
    found = settings.get(key, [])
    if not isinstance(found, list) or not all(isinstance(c, str) and c for c in found):
        raise fail(f"indicator_settings.{key}", "must be a list of patterns")
    for c in found:
        try:
            re.compile(c)
        except re.error as e:
            raise fail(f"indicator_settings.{key}", f"bad pattern {c!r}: {e}") from e
    return tuple(found)


def parse_indicators(data: dict[str, Any], departments: set[int], items: set[str], fail) -> IndicatorCatalog:
    """`[indicator_settings]`, `[[indicators]]` and `[[indicator_checks]]` of a catalog file;
    `fail(where, msg)` builds the catalog's error."""
    settings = data.get("indicator_settings", {})
    patterns = {key: _patterns(settings, key, fail) for key in ("correction_title", "partial_period")}
    qualifiers = settings.get("qualifiers", [])
    if not isinstance(qualifiers, list) or not all(isinstance(q, str) and q for q in qualifiers):
        raise fail("indicator_settings.qualifiers", "must be a list of words")
    out = IndicatorCatalog(tolerance=float(settings.get("tolerance", 0.01)), qualifiers=tuple(qualifiers),
                           **patterns)
    for n, raw in enumerate(data.get("indicators", [])):
        where = f"indicators[{n}]"
        if not isinstance(raw, dict) or not raw.get("key") or not raw.get("unit"):
            raise fail(where, "needs key and unit")
        if raw["unit"] not in UNITS:
            raise fail(where, f"unknown unit {raw['unit']!r}")
        reporters = []
        for r in raw.get("reported_by", []):
            if r.get("department") not in departments or r.get("item") not in items:
                raise fail(where, f"reported_by names an unknown department or item: {r!r}")
            reporters.append(Reporter(int(r["department"]), str(r["item"])))
        names = tuple(dict.fromkeys([raw["key"], *raw.get("names", [])]))
        out.indicators.append(Indicator(raw["key"], names, raw["unit"], tuple(raw.get("labels", [])),
                                        tuple(reporters), tuple(raw.get("made_of", [])), raw.get("tolerance")))
    keys = {i.key for i in out.indicators}
    if len(keys) != len(out.indicators):
        raise fail("indicators", "duplicate key")
    for ind in out.indicators:
        for part in ind.made_of:
            if part not in keys:
                raise fail(f"indicator {ind.key}", f"made_of names unknown indicator {part!r}")
    for n, raw in enumerate(data.get("indicator_checks", [])):
        where = f"indicator_checks[{n}]"
        check = Check(kind=str(raw.get("kind", "")), name=str(raw.get("name", "")), total=str(raw.get("total", "")),
                      parts=tuple(raw.get("parts", [])), rate=str(raw.get("rate", "")),
                      numerator=str(raw.get("numerator", "")), denominator=str(raw.get("denominator", "")),
                      tolerance=float(raw.get("tolerance", 0.01)))
        named = [check.total, *check.parts] if check.kind == "sum" else [check.rate, check.numerator,
                                                                          check.denominator]
        if check.kind not in ("sum", "rate") or not check.name or not all(k in keys for k in named):
            raise fail(where, "kind must be sum or rate, with a name and known indicators")
        out.checks.append(check)
    return out
