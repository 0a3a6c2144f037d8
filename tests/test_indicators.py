"""Indicator figures as departments write them: units converted (亩, 万亩, 平方公里, 万元/亿元, %),
years from column headers or the sentence, table-only labels kept out of prose, and a catalog
that names an unknown unit or indicator refused at load time."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.catalog import CatalogError, load_catalog
from archive.indicators import convert
from indexer.indicators import read_figures

CATALOG = load_catalog().indicators


def _figures(text: str, title: str = "", tables: str = "") -> dict[tuple[str, int | None], float]:
    figs = read_figures([(1, text)], CATALOG, title, [(1, tables)] if tables else [])
    return {(f.indicator, f.year): round(f.value, 3) for f in figs}


def test_units_convert_to_the_indicators_own_unit():
    assert convert(15, "亩", "公顷") == pytest.approx(1.0)
    assert convert(1.5, "万亩", "公顷") == pytest.approx(1000.0)
    assert convert(46.65, "平方公里", "公顷") == pytest.approx(4665.0)
    assert convert(85.3, "亿元", "万元") == pytest.approx(853000.0)
    assert convert(3.0, "吨", "公顷") is None


def test_sentences_give_value_unit_and_year():
    got = _figures("2019年全县耕地面积为61.85万亩，化肥施用量（折纯）3125.4吨。2020年生活垃圾无害化处理率达到99.5%。"
                   "全县地区生产总值85.3亿元。")
    assert got[("耕地面积", 2019)] == pytest.approx(41233.333, abs=0.01)
    assert got[("化肥施用量", 2019)] == 3125.4
    assert got[("无害化处理率", 2020)] == 99.5
    assert got[("地区生产总值", None)] == 853000.0


def test_a_qualified_name_or_part_of_a_year_is_another_figure():
    got = _figures("2019年全县地区生产总值84.62亿元，人均地区生产总值20125元。"
                   "全年农作物总播种面积62.35万亩，其中粮食作物播种面积31.08万亩。")
    assert got == {("地区生产总值", 2019): 846200.0, ("播种面积", 2019): pytest.approx(41566.667, abs=0.01)}
    assert _figures("2020年上半年全县地区生产总值38.46亿元，1-9月化肥施用量2100吨。") == {}
    assert _figures("2020年全县地区生产总值86.1亿元。") == {("地区生产总值", 2020): 861000.0}


def test_a_figure_compared_with_the_indicator_is_not_its_value():
    assert _figures("原报表六类合计比国土面积多出312.4公顷，系水域重复计入，已更正。") == {}
    assert _figures("2019年全县耕地面积较上年减少12.6公顷，建设用地超出规划控制数8.2公顷。") == {}
    assert _figures("2019年全县国土面积466549公顷。") == {("国土面积", 2019): 466549.0}


def test_digits_ocr_read_as_letters_are_read_back():
    assert _figures("2019年化肥施用量（折纯）l3,842吨。") == {("化肥施用量", 2019): 13842.0}


def test_generic_labels_count_in_table_rows_but_not_in_prose():
    prose = _figures("项目总面积12公顷，其中河流3公顷。", title="2019年某项目")
    assert prose == {}
    table = _figures("", title="2019年土地利用表", tables="地类\t面积（公顷）\n总面积\t466500\n河流\t4800")
    assert table == {("国土面积", 2019): 466500.0, ("河流水面", 2019): 4800.0}


def test_table_years_come_from_the_header_and_units_from_a_unit_column():
    rows = "指标\t单位\t2019年\t2020年\n播种面积\t亩\t918453\t900000\n农药施用量\t吨\t215.6\t210"
    got = _figures("", tables=rows)
    assert got[("播种面积", 2019)] == pytest.approx(61230.2)
    assert got[("播种面积", 2020)] == pytest.approx(60000.0)
    assert got[("农药施用量", 2020)] == 210.0


def test_a_numbered_label_with_a_unit_or_in_latin_letters_is_still_a_label():
    """Cells that share no character with any indicator's name are not parsed as labels; a
    label's numbering, unit and notes are cut before it is compared, so those must still count."""
    rows = "序号\t指标\t2019年\n1．\t(一)耕地 面积（亩）\t61.85万\n2、GDP（亿元）\t85.3\t\n（三）其中：河流(备注)\t4800"
    got = _figures("", tables=rows)
    assert got == {("耕地面积", 2019): pytest.approx(41233.333, abs=0.01), ("地区生产总值", None): 853000.0,
                   ("河流水面", None): 4800.0}  # not under the year column: no year


def test_a_catalog_with_an_unknown_unit_is_refused(tmp_path: Path):
    text = (Path(__file__).resolve().parents[1] / "archive" / "catalogs" / "rongshui-2020.toml").read_text("utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('unit = "吨"\nreported_by = [{ department = 6, item = "6.2" }',
                                'unit = "斤"\nreported_by = [{ department = 6, item = "6.2" }', 1), "utf-8")
    with pytest.raises(CatalogError, match="unknown unit"):
        load_catalog(bad)
    bad.write_text(text.replace('made_of = ["水田", "旱地"]', 'made_of = ["水田", "旱田"]', 1), "utf-8")
    with pytest.raises(CatalogError, match="旱田"):
        load_catalog(bad)
