"""Drafting rules for a county whose duties match no base duty (`evidence catalog import --no-reuse`):
a duty naming a thing the shared vocabulary knows (`[[draft_subjects]]` in the base catalog: 乡镇污水
处理设施, 纳入预算管理, 专项转移支付资金, 环境质量监测 …) gets that thing's rules, because its documents
are written in words the duty does not use. Each test drafts a small plan of another county and tags
real documents with the drafted catalog."""

from __future__ import annotations

from pathlib import Path

from archive.catalog import load_catalog
from archive.duty_words import enumeration
from indexer.tagging import TagInput, tag_document
from spine.catalog_drafts import draft_from_text, load_base

HEAD = "某县2021年国家重点生态功能区县域生态环境质量监测评价与考核工作实施方案\n三、部门职责\n"
TAIL = ("四、考核工作时间安排\n（一）材料报送阶段（2021年9月30日前）\n各部门于2021年9月30日前将材料报送县生态环境局。\n"
        "五、工作要求\n按时报送。\n")


def _drafted(tmp_path: Path, duties: str):
    draft = draft_from_text(HEAD + duties + TAIL, "plan.txt", load_base(), reuse_rules=False)
    path = tmp_path / "drafted.toml"
    path.write_text(draft.toml, encoding="utf-8")
    return load_catalog(path), draft.data


def _tags(catalog, title: str, body: str) -> set[str]:
    res = tag_document(TagInput(title, [f"收件/{title}.pdf"], [body]), catalog)
    return {t.item_id for t in res.items}


def test_a_township_sewage_duty_takes_the_plants_named_after_their_town(tmp_path):
    """「乡镇生活污水处理设施」 is titled 「某镇污水处理工程」; the sibling village-project duty leaves it."""
    catalog, _ = _drafted(tmp_path, "（一）县住房和城乡建设局\n1.收集整理乡镇生活污水处理设施建设的相关材料。\n"
                                    "2.收集整理近两年美丽乡村、新农村建设等涉及农村环境保护项目的相关材料。\n")
    tags = _tags(catalog, "关于大浪镇污水处理工程竣工验收的报告",
                 "大浪镇污水处理工程于2020年6月完工，设计规模每日500吨，经验收组现场查验，同意通过竣工验收。")
    assert "1.1" in tags and "1.2" not in tags, tags
    # the county town's plant is not a township's
    assert "1.1" not in _tags(catalog, "县城污水处理厂提标改造工程竣工验收报告",
                              "城镇生活污水处理厂提标改造工程竣工验收，验收组同意通过验收。")


def test_budget_management_allocation_and_resolution_are_told_apart(tmp_path):
    """Three finance duties all say 转移支付 and 资金: 「纳入…预算管理」 is shown by the budget's
    papers, 「专项转移支付资金相关材料」 by allocation notices, the 人大 resolution by itself."""
    catalog, _ = _drafted(tmp_path, "（一）县财政局\n"
                                    "1.将中央财政下达我县的生态功能区转移支付资金纳入政府公共预算管理。\n"
                                    "2.提供经县人大审议通过的当年财政支出预算的决议文件和专项转移支付资金相关材料。\n")
    budget = _tags(catalog, "关于某县2020年预算执行情况和2021年预算草案的报告",
                   "重点生态功能区转移支付资金全部纳入一般公共预算管理，统筹安排用于生态环境保护和改善民生。")
    notice = _tags(catalog, "关于下达2020年重点生态功能区转移支付资金的通知",
                   "现下达你县2020年重点生态功能区转移支付资金1200万元，请按规定使用。")
    resolution = _tags(catalog, "某县第十七届人民代表大会第五次会议关于2020年预算的决议",
                       "某县第十七届人民代表大会第五次会议审查了县人民政府提出的2020年预算，会议批准预算。")
    assert "1.1" in budget and "1.2" not in budget, budget
    assert "1.2" in notice and "1.1" not in notice, notice
    assert "1.2" in resolution and "1.1" not in resolution, resolution


def test_environmental_quality_monitoring_takes_section_and_air_reports(tmp_path):
    """「开展环境质量监测」: the monitoring reports name 断面 and 空气质量, not 环境质量监测; its
    budget line (「监测所需费用列入年度预算」) is not monitoring."""
    catalog, data = _drafted(tmp_path, "（一）县生态环境局\n1.配合上级部门开展生态环境质量监测工作，按时报送监测数据。\n"
                                       "（二）县财政局\n1.将生态环境质量监测所需费用列入年度预算。\n")
    tags = _tags(catalog, "2020年第三季度地表水县控断面水质监测报告",
                 "报告编号：HJ2020-031。采样日期2020年8月12日，各断面水质达到Ⅲ类标准，监测报告如下。")
    assert "1.1" in tags, tags
    finance = [p for it in data["items"] if it["department"] == 2 for p in (it.get("parts") or [it])][0]
    assert not any("断面" in "".join(r.get("all", [])) for r in finance["rules"])


def test_a_list_asked_for_starts_after_its_last_of_phrase():
    """「县域自然、社会、环境基本情况指标中的化肥施用量、农药施用量」: where the figures are reported
    is not one of them."""
    assert enumeration("负责县域自然、社会、环境基本情况指标中的化肥施用量、农药施用量、耕地面积、播种面积指标填报") == [
        "化肥施用量", "农药施用量", "耕地面积", "播种面积"]


def test_a_list_names_a_known_thing_only_when_half_its_items_do(tmp_path):
    """A plant's operation, online data and monitoring reports are one thing; a list of programmes
    that mentions township sewage among four is not a township-sewage duty."""
    _, data = _drafted(tmp_path, "（一）县生态环境局\n1.提供县城污水处理厂运行、在线监控数据、有效性监测报告等资料。\n"
                                 "（二）县发展和改革局\n1.梳理近年来农村环境综合整治、新农村建设、乡镇垃圾收集和处理、"
                                 "乡镇生活污水处理等环境保护工程项目立项文件。\n")
    leaves = {p["id"]: p for it in data["items"] for p in (it.get("parts") or [it])}
    plant = " ".join(g for r in leaves["1.1"]["rules"] for g in r.get("all", []))
    assert "进水" in plant and "在线监测" in plant, leaves["1.1"]["rules"]
    projects = " ".join(g for r in leaves["2.1"]["rules"] for g in r.get("all", []))
    assert "圩镇" not in projects, leaves["2.1"]["rules"]


def test_an_enumerated_figure_is_found_written_another_way(tmp_path):
    """「县域总人口数、城镇总人口数」: a statistics bulletin writes 户籍人口 and 城镇人口."""
    catalog, _ = _drafted(tmp_path, "（一）县统计局\n1.负责县域总人口数、城镇总人口数指标统计填报。\n")
    tags = _tags(catalog, "某县2020年国民经济和社会发展统计公报",
                 "年末全县户籍人口52.3万人，其中城镇人口12.1万人，乡村人口40.2万人。")
    assert "1.1" in tags, tags


def test_the_parts_of_a_return_are_the_returning_departments(tmp_path):
    """A long return split by topic (「…人口…、地区生产总值…、化肥施用量…等数据统计填报」): each part is
    still that department's return, not every department's figure of the same name."""
    _, data = _drafted(tmp_path, "（一）县统计局\n1.负责牵头完成县域基本情况表中土地总面积、乡镇数量、行政村数量、自然村数量、"
                                 "县域总人口数、城镇总人口数、地区生产总值、化肥施用量、农药施用量、耕地面积、播种面积等数据统计填报。\n")
    parts = data["items"][0]["parts"]
    assert len(parts) >= 3 and all(p.get("scope") == "owner" for p in parts), parts


def test_a_word_containing_ji_splits_no_deliverables(tmp_path):
    """「…新农村建设等涉及农村环境保护项目的相关材料」 asks for one thing: 涉及 is a verb, not 「A及B」."""
    _, data = _drafted(tmp_path, "（一）县住房和城乡建设局\n1.收集整理近两年美丽乡村、新农村建设等涉及农村环境保护项目的相关材料。\n"
                                 "2.提供产业准入负面清单和公示材料。\n")
    leaves = {p["id"]: p for it in data["items"] for p in (it.get("parts") or [it])}
    assert "deliverables" not in leaves["1.1"], leaves["1.1"].get("deliverables")
    assert [d["name"] for d in leaves["1.2"]["deliverables"]] == ["产业准入负面清单", "公示材料"]


def test_a_specific_way_of_writing_a_figure_names_it_alone(tmp_path):
    """「地区生产总值、单位GDP能耗、万元GDP能耗」 are ways of one figure; a bulletin naming 地区生产总值
    alone reports it (two ways together are needed only for short, generic ones like GDP)."""
    catalog, _ = _drafted(tmp_path, "（一）县统计局\n1.负责县域基本情况表中地区生产总值、单位GDP能耗、万元GDP能耗指标统计填报。\n")
    assert "1.1" in _tags(catalog, "某县2020年国民经济和社会发展统计公报",
                          "初步核算，全年全县地区生产总值86.5亿元，比上年增长5.1%。按常住人口计算，"
                          "人均地区生产总值26,100元。")
