"""Figures across departments: conflicting tables from 农业农村局 and 统计局, a land-use table that
does not add up, a rate that is not its parts' ratio, units in 亩 against 公顷 — each check fires
on the faulty documents and stays silent once the departments correct them."""

from __future__ import annotations

from pathlib import Path

from conftest import cli_json, run_cli
from docgen import make_docx, make_xlsx

AS_OF = "2020-10-26"
AGRI = "农业农村局/2019年化肥农药施用量及耕地播种面积统计表.xlsx"
STATS = "统计局/2019年县域基本情况表.xlsx"
LAND = "自然资源局/2019年土地利用分类面积统计表.xlsx"
SEWAGE = "住建局/2019年县城生活污水处理率核算说明.docx"
REFUSE = "城管局/2020年生活垃圾清运及无害化处理情况说明.docx"
PROJECT = "农业农村局/和睦镇高标准农田建设项目竣工验收报告.docx"


def _agri(share: Path) -> None:
    # areas in 亩: 618535.5 亩 = 41235.7 公顷, 918453 亩 = 61230.2 公顷
    make_xlsx(share / AGRI, {"农业": [
        ["融水苗族自治县2019年化肥农药施用量及耕地播种面积统计表"], ["单位：亩、吨"],
        ["指标", "单位", "2019年"],
        ["耕地面积", "亩", 618535.5], ["农作物播种面积", "亩", 918453], ["化肥施用量（折纯）", "吨", 3125.4],
        ["农药施用量", "吨", 215.6]]})


def _stats(share: Path, fertiliser: float) -> None:
    make_xlsx(share / STATS, {"基本情况": [
        ["融水苗族自治县2019年县域基本情况表"], ["指标", "计量单位", "2019年"],
        ["土地总面积", "平方公里", 4665], ["县域总人口", "万人", 52.3], ["地区生产总值", "万元", 853000],
        ["化肥施用量", "吨", fertiliser], ["农药施用量", "吨", 215.6], ["耕地面积", "公顷", 41235.7],
        ["播种面积", "公顷", 61230.2]]})


def _land(share: Path, forest: float) -> None:
    make_xlsx(share / LAND, {"土地利用": [
        ["融水苗族自治县2019年土地利用分类面积统计表（单位：公顷）"], ["地类", "2019年"],
        ["国土面积", 466500], ["有林地", 350000], ["灌木林地", 30000], ["其他林地", forest],
        ["高覆盖度草地", 2000], ["中覆盖度草地", 800], ["低覆盖度草地", 300],
        ["河流水面", 4800], ["湖库", 1200], ["滩涂湿地", 300], ["沼泽", 100],
        ["水田", 25000], ["旱地", 5000], ["城镇建设用地", 1500], ["农村居民用地", 5200], ["其他建设用地", 900],
        ["裸地", 2200]]})


def _sewage(share: Path, rate: str) -> None:
    make_docx(share / SEWAGE, [
        "2019年县城生活污水处理率核算说明",
        f"2019年县城建成区生活污水排放总量为365万吨，生活污水收集总量为310万吨，污水处理总量为300万吨，县城生活污水处理率为{rate}%。",
        "融水苗族自治县住房和城乡建设局", "2020年3月10日"])


def _refuse(share: Path) -> None:
    make_docx(share / REFUSE, [
        "2020年县城生活垃圾清运及无害化处理情况说明",
        "2020年县城建成区生活垃圾清运量为18250吨，无害化处理量为18250吨，生活垃圾无害化处理率为100%。",
        "融水苗族自治县城市管理行政执法局", "2021年1月8日"])


def _reasons(home: Path, item_id: str) -> list[str]:
    def walk(entries):
        for e in entries:
            yield e
            yield from walk(e["parts"])
    entries = cli_json(home, "checklist", "--as-of", AS_OF)["items"]
    return next(e for e in walk(entries) if e["id"] == item_id)["reasons"]


def test_each_check_fires_on_faulty_figures_and_not_on_corrected_ones(home: Path, share: Path):
    # faulty: 统计局's 化肥施用量 differs; 其他林地 makes the classes exceed 国土面积 by 10,000 公顷;
    # the stated 污水处理率 is not 300 ÷ 365
    _agri(share)
    _stats(share, 3560.0)
    _land(share, 37200 + 10000)
    _sewage(share, "95.0")
    _refuse(share)
    assert run_cli(home, "scan")[0] == 0
    report = cli_json(home, "consistency")
    by_kind = {}
    for c in report["conflicts"]:
        by_kind.setdefault(c["kind"], []).append(c)
    assert set(by_kind) == {"cross_department", "sum", "rate"}, report["conflicts"]

    (cross,) = by_kind["cross_department"]
    assert cross["indicator"] == "化肥施用量" and cross["year"] == 2019
    docs = {d["source_path"]: d["id"] for d in cli_json(home, "documents")}
    assert cross["documents"] == sorted([docs[AGRI], docs[STATS]])
    assert {"6.2", "7.2.4"} <= set(cross["items"])
    assert "3125.4" in cross["message"] and "3560" in cross["message"]

    (land,) = by_kind["sum"]
    assert land["check"] == "土地利用分类面积之和与国土面积" and land["documents"] == [docs[LAND]]
    assert "相差 10,000公顷" in land["message"], land["message"]

    (rate,) = by_kind["rate"]
    assert rate["indicator"] == "污水处理率" and rate["documents"] == [docs[SEWAGE]]
    assert "82.19%" in rate["message"], rate["message"]
    assert "4.1" in rate["items"]

    # 亩 and 公顷 agree once converted: no conflict for 耕地面积 or 播种面积
    table = {row["indicator"]: row for row in report["indicators"]}
    agri_area = table["耕地面积"]["departments"]["农业农村局"][0]
    assert agri_area["raw"].endswith("亩") and abs(agri_area["value"] - 41235.7) < 0.01
    assert not any(c["indicator"] in ("耕地面积", "播种面积") for c in report["conflicts"])

    assert any(r.startswith("数据核对不一致") and "化肥施用量" in r for r in _reasons(home, "6.2"))
    assert any(r.startswith("数据核对不一致") and "化肥施用量" in r for r in _reasons(home, "7.2.4"))
    assert any(r.startswith("数据核对不一致") and "污水处理率" in r for r in _reasons(home, "4.1"))
    assert not any("数据核对" in r for r in _reasons(home, "8.1"))
    entries = {e["id"]: e for e in cli_json(home, "checklist", "--as-of", AS_OF)["items"]}
    assert entries["6.2"]["status"] == "partial" and entries["6.2"]["conflicts"]

    # the departments correct their figures: every check falls silent; a project paper's own
    # 耕地面积 (of the project area, not the county) is shown but is no return to compare
    _stats(share, 3125.4)
    _land(share, 37200)
    _sewage(share, "82.2")
    make_docx(share / PROJECT, [
        "和睦镇2019年高标准农田建设项目竣工验收报告",
        "2019年和睦镇高标准农田建设项目已按批复完成建设，项目区耕地面积为3000亩，新建灌溉渠道12公里。",
        "融水苗族自治县农业农村局", "2019年12月20日"])
    assert run_cli(home, "scan")[0] == 0
    report = cli_json(home, "consistency")
    assert report["conflicts"] == [], report["conflicts"]
    assert report["summary"]["documents"] == 6
    project = [v for v in report["indicators"][[r["indicator"] for r in report["indicators"]].index("耕地面积")]
               ["departments"]["农业农村局"] if v["path"] == PROJECT]
    assert project and project[0]["reporting"] is False and abs(project[0]["value"] - 200) < 0.01
    assert not any("数据核对" in r for r in _reasons(home, "6.2"))
    entries = {e["id"]: e for e in cli_json(home, "checklist", "--as-of", AS_OF)["items"]}
    assert entries["6.2"]["status"] == "present" and entries["6.2"]["conflicts"] == [], entries["6.2"]["reasons"]


def test_a_correction_letter_replaces_the_figure_it_corrects_and_is_no_conflict(home: Path, share: Path):
    _agri(share)
    _stats(share, 3560.0)
    assert run_cli(home, "scan")[0] == 0
    assert [c["indicator"] for c in cli_json(home, "consistency")["conflicts"]] == ["化肥施用量"]

    # 统计局 corrects its figure by letter, quoting the wrong one first: the conflict is gone, the
    # original stays in the table marked as replaced by the letter
    letter = "统计局/关于更正2019年化肥施用量数据的函.docx"
    make_docx(share / letter, [
        "融水苗族自治县统计局", "关于更正2019年化肥施用量数据的函", "柳州市融水生态环境局：",
        "我局此前报送的2019年县域基本情况表中，化肥施用量为3560吨系录入错误，现更正如下：2019年化肥施用量为3125.4吨。",
        "请以本函数据为准。", "融水苗族自治县统计局", "2020年10月15日"])
    assert run_cli(home, "scan")[0] == 0
    report = cli_json(home, "consistency")
    assert report["conflicts"] == [], report["conflicts"]
    docs = {d["source_path"]: d["id"] for d in cli_json(home, "documents")}
    rows = report["indicators"][[r["indicator"] for r in report["indicators"]].index("化肥施用量")]["departments"]["统计局"]
    original = next(v for v in rows if v["path"] == STATS)
    assert original["superseded_by"] == docs[letter]
    assert all(v["correction"] for v in rows if v["path"] == letter)

    # a figure nobody corrected still conflicts with the correction
    _agri_fertiliser = "农业农村局/2019年化肥施用量补充说明.docx"
    make_docx(share / _agri_fertiliser, [
        "2019年化肥施用量补充说明", "2019年全县化肥施用量（折纯）为2980吨。", "融水苗族自治县农业农村局", "2020年10月16日"])
    assert run_cli(home, "scan")[0] == 0
    (conflict,) = cli_json(home, "consistency")["conflicts"]
    assert conflict["indicator"] == "化肥施用量" and "2980" in conflict["message"]


def test_a_correction_that_names_only_the_new_value_replaces_the_figure_it_corrects(home: Path, share: Path):
    """「耕地面积填报为…公顷，…。经核对，现更正为…公顷。」: the figure the letter stands for is the one it
    corrects to, though the indicator is named only beside the wrong one (issue 19, round 66)."""
    _agri(share)
    _stats(share, 3125.4)
    letter = "统计局/关于更正2019年耕地面积数据的说明.docx"
    make_docx(share / letter, [
        "融水苗族自治县统计局", "关于更正2019年耕地面积数据的说明", "柳州市融水生态环境局：",
        "我局报送的县域基本情况表中，2019年耕地面积填报为39800公顷，系采用农业统计年报常用耕地面积数。"
        "经与县自然资源和规划局、县农业农村局核对，考核口径应与土地变更调查一致，现更正为41235.7公顷。",
        "农作物总播种面积、化肥施用量和农药施用量不变。", "融水苗族自治县统计局", "2020年10月14日"])
    assert run_cli(home, "scan")[0] == 0
    report = cli_json(home, "consistency")
    assert report["conflicts"] == [], report["conflicts"]
    rows = report["indicators"][[r["indicator"] for r in report["indicators"]].index("耕地面积")]["departments"]["统计局"]
    assert [round(v["value"], 1) for v in rows if v["path"] == letter] == [41235.7]
