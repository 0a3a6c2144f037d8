"""Do the archived figures agree? Indicator × department values with their sources, and the
conflicts an inspector would reject: one indicator reported differently by two departments,
land-use classes that do not add up to the county's area, a rate that is not its parts' ratio.

Only documents currently in the share, readable and not drafts count, as in the checklist.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from archive.catalog import Catalog
from archive.indicators import Check, Indicator, IndicatorCatalog
from archive.store import Archive


@dataclass(frozen=True)
class Value:
    indicator: str
    value: float
    unit: str
    raw: str
    year: int | None
    page: int | None
    context: str
    document_id: int
    name: str
    path: str
    department: str
    items: tuple[str, ...] = ()   # the duties the document is tagged to
    correction: bool = False      # from a paper correcting figures (「关于更正…数据的函」)

    def source(self) -> str:
        where = f"第{self.page}页" if self.page else ""
        return f"#{self.document_id}「{self.name}」{where}"

    def as_dict(self) -> dict:
        return {"indicator": self.indicator, "value": round(self.value, 4), "unit": self.unit, "raw": self.raw,
                "year": self.year, "page": self.page, "context": self.context, "document_id": self.document_id,
                "name": self.name, "path": self.path, "department": self.department, "correction": self.correction}

    def reports(self, ind: Indicator) -> bool:
        """Filed as the indicator's return (tagged to a duty that reports it), not a figure a
        project paper or a speech happens to mention: only returns are held to agree."""
        if not ind.reported_by:
            return True
        return any(t == r.item or t.startswith(r.item + ".") or r.item.startswith(t + ".")
                   for t in self.items for r in ind.reported_by)


def save_document_checks(archive: Archive, document_id: int, seals: list[dict] | None,
                         issuer: str | None, issuer_note: str | None, figures) -> None:
    """Seal marks, issuer and figures of one document (inside the extraction's transaction)."""
    conn = archive.conn
    sealed = None if seals is None else int(bool(seals))
    conn.execute("UPDATE documents SET seal=?, seals=?, issuer=?, issuer_note=? WHERE id=?",
                 (sealed, json.dumps(seals or [], ensure_ascii=False), issuer, issuer_note, document_id))
    save_figures(conn, document_id, figures)


def save_figures(conn: sqlite3.Connection, document_id: int, figures) -> None:
    conn.execute("DELETE FROM indicator_values WHERE document_id=?", (document_id,))
    conn.executemany(
        "INSERT INTO indicator_values (document_id, indicator, value, unit, raw, year, page, context)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(document_id, f.indicator, f.value, f.unit, f.raw, f.year, f.page, f.context) for f in figures])


def load_values(archive: Archive, catalog: Catalog) -> list[Value]:
    """Every current, final document's figures, each marked when its paper corrects figures (the
    catalog's `correction_title`)."""
    correcting = [re.compile(c) for c in catalog.indicators.correction_title]
    rows = archive.conn.execute(
        "SELECT v.*, l.path, l.department, d.title AS doc_title FROM indicator_values v"
        " JOIN documents d ON d.id = v.document_id"
        " JOIN locations l ON l.document_id = d.id AND l.superseded_at IS NULL AND l.removed_at IS NULL"
        " WHERE d.status = 'indexed' AND d.draft IS NULL ORDER BY v.document_id, v.id").fetchall()
    out, seen = [], set()
    items: dict[int, tuple[str, ...]] = {}
    for r in rows:
        if r["id"] in seen:  # a file present at two paths counts once
            continue
        seen.add(r["id"])
        doc = r["document_id"]
        if doc not in items:
            items[doc] = tuple(archive.items_of(doc))
        name = PurePosixPath(r["path"]).name
        correction = any(c.search(t) for c in correcting for t in (name, r["doc_title"] or ""))
        out.append(Value(r["indicator"], r["value"], r["unit"], r["raw"], r["year"], r["page"], r["context"] or "",
                         doc, name, r["path"], r["department"], items[doc], correction))
    return out


def consistency_report(archive: Archive, catalog: Catalog) -> dict:
    """`evidence consistency --json` and the consistency page: the table and the conflicts."""
    ind = catalog.indicators
    values = load_values(archive, catalog)
    superseded = _superseded(values, ind)
    table = []
    for indicator in ind.indicators:
        mine = [v for v in values if v.indicator == indicator.key]
        if not mine:
            continue
        by_dept: dict[str, list[dict]] = defaultdict(list)
        for v in mine:
            row = {**v.as_dict(), "reporting": v.reports(indicator)}
            if id(v) in superseded:
                row["superseded_by"] = superseded[id(v)].document_id
            by_dept[_department_name(v.department, catalog)].append(row)
        table.append({"indicator": indicator.key, "unit": indicator.unit,
                      "reported_by": [catalog.department(r.department).short for r in indicator.reported_by],
                      "departments": dict(by_dept)})
    conflicts = find_conflicts(values, catalog, superseded)
    return {"indicators": table, "conflicts": conflicts,
            "summary": {"values": len(values), "indicators": len(table), "conflicts": len(conflicts),
                        "documents": len({v.document_id for v in values})}}


def _department_name(folder: str, catalog: Catalog) -> str:
    dept = catalog.department_by_folder(folder)
    return dept.short if dept else folder


def find_conflicts(values: list[Value], catalog: Catalog, superseded: dict[int, Value] | None = None) -> list[dict]:
    """`superseded`: `_superseded(values, …)` when the caller has it already."""
    ind = catalog.indicators
    if superseded is None:
        superseded = _superseded(values, ind)
    out = (_cross_department(values, catalog, superseded)
           + _within_documents(values, catalog, "sum", _sum_disagrees)
           + _within_documents(values, catalog, "rate", _rate_disagrees))
    for c in out:
        c["items"] = sorted(set(c["items"]) | _items_of(c, ind, catalog))
    return out


def _items_of(conflict: dict, ind: IndicatorCatalog, catalog: Catalog) -> set[str]:
    """The duties whose reporters are among the conflict's departments, for its indicators."""
    depts = {catalog.department_by_folder(v["department"]) for v in conflict["values"]}
    numbers = {d.number for d in depts if d}
    out = set()
    for key in {v["indicator"] for v in conflict["values"]}:
        for r in ind.get(key).reported_by:
            if r.department in numbers:
                out.add(r.item)
    return out


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _superseded(values: list[Value], ind: IndicatorCatalog) -> dict[int, Value]:
    """Figures a correction replaced, keyed by id() and mapped to the correcting figure. Of an
    indicator and year, the newest correcting paper's last figure is the corrected one
    (「关于更正2019年城镇人口数据的函」 quotes the wrong 15.83万人, then gives 16.07万人); it replaces the
    figures it quotes as wrong and its own department's other figures. The originals stay in the
    table; they are no longer conflicts. Another department's figure it does not mention still is."""
    fixes: dict[tuple[str, int | None], Value] = {}
    for v in values:  # in document order, figures in page order
        key = (v.indicator, v.year)
        if v.correction and (key not in fixes or v.document_id >= fixes[key].document_id):
            fixes[key] = v
    quoted: dict[tuple[str, int | None], list[float]] = defaultdict(list)
    for v in values:
        fixed = fixes.get((v.indicator, v.year))
        if fixed is not None and v.document_id == fixed.document_id and v is not fixed:
            quoted[(v.indicator, v.year)].append(v.value)
    out: dict[int, Value] = {}
    for v in values:
        key = (v.indicator, v.year)
        fixed = fixes.get(key)
        if fixed is None or v is fixed:
            continue
        tol = ind.tolerance_of(v.indicator)
        if _differs(v.value, fixed.value, tol) and (
                v.document_id == fixed.document_id or v.department == fixed.department
                or any(not _differs(v.value, q, tol) for q in quoted[key])):
            out[id(v)] = fixed
    return out


def _cross_department(values: list[Value], catalog: Catalog, superseded: dict[int, Value]) -> list[dict]:
    ind = catalog.indicators
    groups: dict[tuple[str, int | None], list[Value]] = defaultdict(list)
    for v in values:
        if id(v) not in superseded and v.reports(ind.get(v.indicator)):
            groups[(v.indicator, v.year)].append(v)
    out = []
    for (key, year), vs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        tol = ind.tolerance_of(key)
        depts = sorted({_department_name(v.department, catalog) for v in vs})
        if len(depts) < 2:
            continue
        pairs = []
        for a in vs:
            for b in vs:
                if (_department_name(a.department, catalog) < _department_name(b.department, catalog)
                        and _differs(a.value, b.value, tol)):
                    pairs.append((a, b))
        if not pairs:
            continue
        involved = {id(v): v for pair in pairs for v in pair}
        parts = "；".join(f"{_department_name(v.department, catalog)} {_fmt(v.value)}{v.unit}（{v.source()}，原文 {v.raw}）"
                         for v in involved.values())
        year_text = f"{year}年" if year else "年份未注明的"
        out.append({"kind": "cross_department", "indicator": key, "check": None, "year": year,
                    "message": f"{year_text}{key}各部门数据不一致（允许误差{tol:.1%}）：{parts}",
                    "documents": sorted({v.document_id for v in involved.values()}),
                    "values": [v.as_dict() for v in involved.values()], "items": []})
    return out


def _differs(a: float, b: float, tol: float) -> bool:
    scale = max(abs(a), abs(b))
    return scale > 0 and abs(a - b) / scale > tol


def _by_document(values: list[Value]) -> list[tuple[tuple[int, int | None], dict[str, Value]]]:
    """Each (document, year) with its figures by indicator: sums and rates hold within one table."""
    out: dict[tuple[int, int | None], dict[str, Value]] = defaultdict(dict)
    for v in values:
        out[(v.document_id, v.year)].setdefault(v.indicator, v)
    return sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))


def _class_value(key: str, own: dict[str, Value], ind: IndicatorCatalog) -> tuple[float, list[Value]] | None:
    """A class's figure in one document: stated, or the sum of all its sub-classes."""
    if key in own:
        return own[key].value, [own[key]]
    made_of = ind.get(key).made_of
    if made_of and all(p in own for p in made_of):
        return sum(own[p].value for p in made_of), [own[p] for p in made_of]
    return None


def _within_documents(values: list[Value], catalog: Catalog, kind: str, judge) -> list[dict]:
    """Run every check of one kind over each (document, year) table; `judge` returns the figures
    used and the message when the table disagrees with itself, else None."""
    out = []
    groups = _by_document(values)
    for check in (c for c in catalog.indicators.checks if c.kind == kind):
        for (_doc, year), own in groups:
            found = judge(check, year, own, catalog.indicators)
            if found:
                out.append(_check_conflict(check, year, *found))
    return out


def _sum_disagrees(check: Check, year, own: dict[str, Value], ind: IndicatorCatalog):
    parts = [_class_value(p, own, ind) for p in check.parts]
    if any(p is None for p in parts) or check.total not in own:
        return None
    total = own[check.total]
    summed = sum(p[0] for p in parts)
    if not _differs(summed, total.value, check.tolerance):
        return None
    used = [v for p in parts for v in p[1]] + [total]
    detail = "＋".join(f"{k} {_fmt(p[0])}" for k, p in zip(check.parts, parts))
    return used, (f"{total.source()}{year or ''}{'年' if year else ''}{check.name}不符："
                  f"{detail} ＝ {_fmt(summed)}{total.unit}，而{check.total}为 {_fmt(total.value)}"
                  f"{total.unit}（相差 {_fmt(summed - total.value)}{total.unit}，允许误差"
                  f"{check.tolerance:.1%}）")


def _rate_disagrees(check: Check, year, own: dict[str, Value], ind: IndicatorCatalog):
    if not all(k in own for k in (check.rate, check.numerator, check.denominator)):
        return None
    rate, num, den = own[check.rate], own[check.numerator], own[check.denominator]
    if den.value <= 0:
        return None
    computed = num.value / den.value * 100
    if abs(computed - rate.value) <= check.tolerance:
        return None
    return [rate, num, den], (f"{rate.source()}{check.name}不符：{check.rate}写作 {_fmt(rate.value)}%，"
                              f"而 {check.numerator} {_fmt(num.value)}{num.unit} ÷ {check.denominator} "
                              f"{_fmt(den.value)}{den.unit} ＝ {computed:.2f}%（允许误差"
                              f"{_fmt(check.tolerance)}个百分点）")


def _check_conflict(check: Check, year, used: list[Value], message: str) -> dict:
    return {"kind": check.kind, "indicator": check.total or check.rate, "check": check.name, "year": year,
            "message": message, "documents": sorted({v.document_id for v in used}),
            "values": [v.as_dict() for v in used], "items": []}


def conflicts_by_item(archive: Archive, catalog: Catalog) -> dict[str, list[dict]]:
    """Each duty's conflicts, for the checklist reasons."""
    out: dict[str, list[dict]] = defaultdict(list)
    for c in find_conflicts(load_values(archive, catalog), catalog):
        for item in c["items"]:
            out[item].append(c)
    return dict(out)


def document_conflicts(archive: Archive, catalog: Catalog, document_id: int) -> list[dict]:
    return [c for c in find_conflicts(load_values(archive, catalog), catalog) if document_id in c["documents"]]
