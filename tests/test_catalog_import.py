"""`evidence catalog import|check|accept|use`: a county's plan becomes a catalog a person reviews.

The Rongshui plan must import to the hand-written catalog's duties, departments, wording, sub-parts
and deadlines; real plans of other counties (tests/plans/, text as published) must yield their duties
with the right department and wording; the check must name every fault in Chinese.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from archive.catalog import load_catalog
from conftest import cli_json, make_home, run_cli

REPO = Path(__file__).resolve().parents[1]
PLANS = Path(__file__).resolve().parent / "plans"
PLAN_NAME = "shared/plan/rongshui-2020-assessment-plan.txt"


def _plan_path() -> Path | None:
    candidate = Path(__file__).resolve().parents[2] / PLAN_NAME
    if candidate.exists():
        return candidate
    env = os.environ.get("EVIDENCE_PLAN")
    return Path(env) if env and Path(env).exists() else None


@pytest.fixture(scope="module")
def plan_file() -> Path:
    path = _plan_path()
    if path is None:
        pytest.skip(f"plan file not found at ../{PLAN_NAME} and EVIDENCE_PLAN not set")
    return path


def _import(tmp_path: Path, plan: Path, *extra: str) -> Path:
    out = tmp_path / f"{plan.stem}.toml"
    code, text = run_cli(tmp_path, "catalog", "import", str(plan), "-o", str(out), *extra)
    assert code == 0, text
    return out


def assert_same_structure(hand, drafted) -> None:
    """Duties, departments, wording, sub-parts and deadlines, field by field (tagging data may differ)."""
    assert [(d.number, d.name) for d in drafted.departments] == [(d.number, d.name) for d in hand.departments]
    assert drafted.county == hand.county and drafted.name == hand.name
    assert drafted.plan_doc_number == hand.plan_doc_number
    assert drafted.material_years == hand.material_years
    assert sorted(p.deadline for p in drafted.phases) == sorted(p.deadline for p in hand.phases)
    assert [i.id for i in drafted.all_items()] == [i.id for i in hand.all_items()]
    for h in hand.all_items():
        d = drafted.item(h.id)
        assert d.department == h.department, h.id
        assert d.text == h.text, h.id
        assert [p.id for p in d.parts] == [p.id for p in h.parts], h.id
        assert [p.text for p in d.parts] == [p.text for p in h.parts], h.id
        assert drafted.phase(d.deadline).deadline == hand.phase(h.deadline).deadline, h.id
        assert d.years == h.years, h.id
        assert d.year_policy == h.year_policy, h.id


def test_rongshui_plan_imports_to_the_hand_written_catalog(tmp_path, plan_file):
    drafted = load_catalog(_import(tmp_path, plan_file))
    assert_same_structure(load_catalog(), drafted)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_rongshui_plan_as_docx_or_pdf_imports_the_same(tmp_path, plan_file, fmt):
    """Through the archive's own extractors (punctuation folded to ASCII and restored, PDF lines
    wrapped at the page width and joined again)."""
    text = plan_file.read_text(encoding="utf-8")
    path = tmp_path / f"方案.{fmt}"
    if fmt == "docx":
        from docx import Document

        doc = Document()
        for line in text.splitlines():
            doc.add_paragraph(line)
        doc.save(path)
    else:
        from docgen import make_text_pdf

        make_text_pdf(path, [text])
    assert_same_structure(load_catalog(), load_catalog(_import(tmp_path, path)))


SHAPES = {
    "numbered departments with colons": "二、任务分工\n1. 县财政局：负责考核经费保障，提供专项转移支付资金证明材料。\n"
                                        "2. 县林业局：负责提供造林和公益林管护材料。\n三、工作要求\n按时报送。",
    "heading and colon on one line": "二、职责分工\n（一）县财政局：负责考核经费保障，提供专项转移支付资金证明材料。\n"
                                     "（二）县林业局：负责提供造林和公益林管护材料。\n三、工作要求\n按时报送。",
    "bare names over (1) duties": "四、部门职责\n县财政局\n（1）负责考核经费保障，提供专项转移支付资金证明材料。\n"
                                  "县林业局\n（1）负责提供造林和公益林管护材料。\n（2）编写部门年度自查报告。\n五、工作要求\n按时报送。",
    "headings over sentences": "三、职责分工\n（一）县财政局\n负责考核经费保障，提供专项转移支付资金证明材料。\n"
                               "（二）县林业局\n负责提供造林和公益林管护材料。\n四、工作要求\n按时报送。",
    "heading and full stop": "三、部门职责\n（一）县财政局。负责考核经费保障，提供专项转移支付资金证明材料。\n"
                             "（二）县林业局。负责提供造林和公益林管护材料。\n四、工作要求\n按时报送。",
    "name then its verb": "二、任务分工\n县财政局负责考核经费保障，提供专项转移支付资金证明材料。\n"
                          "县林业局负责提供造林和公益林管护材料。\n三、工作要求\n按时报送。",
}

# Plans that list the tasks and write the responsible unit beside or under each one, or a table of them.
UNIT_SHAPES = {
    "lead unit under each task": "三、工作任务\n（一）落实考核工作经费，提供专项转移支付资金证明材料。\n牵头单位：县财政局\n"
                                 "配合单位：各乡镇人民政府\n（二）提供造林和公益林管护材料。\n责任单位：县林业局、县自然资源局\n"
                                 "（三）编制县域生态环境质量自查报告。\n牵头单位：县生态环境局\n"
                                 "各责任单位：要明确专人负责，按时报送。\n四、工作要求\n按时报送。",
    "lead unit beside each task": "三、任务分工\n1.落实考核工作经费，提供专项转移支付资金证明材料。（牵头单位：县财政局；配合单位：各乡镇）\n"
                                  "2.提供造林和公益林管护材料。（责任单位：县林业局）\n"
                                  "3.编制县域生态环境质量自查报告，牵头单位：县生态环境局，配合单位：县直各部门。\n四、工作要求\n按时报送。",
    "table rows": "三、任务分工\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
                  "1\t落实考核工作经费，提供专项转移支付资金证明材料。\t县财政局\t各乡镇\t2021年9月30日前\n"
                  "2\t提供造林和公益林管护材料。\t县林业局\t\t2021年9月30日前\n"
                  "3\t编制县域生态环境质量自查报告。\t县生态环境局\t县直各部门\t2021年10月15日前\n四、工作要求\n按时报送。",
    "table in the attachment": "三、任务分工\n各单位按附件分工落实。\n四、工作要求\n按时报送。\n附件\n"
                               "序号\t工作任务\t牵头单位\n1\t落实考核工作经费，提供专项转移支付资金证明材料。\t县财政局\n"
                               "2\t提供造林和公益林管护材料。\t县林业局\n3\t编制县域生态环境质量自查报告。\t县生态环境局",
    "table rows with bars": "附件\n| 序号 | 责任单位 | 工作内容 |\n| 1 | 县财政局 | 落实考核工作经费，提供专项转移支付资金证明材料。 |\n"
                            "| 2 | 县林业局 | 提供造林和公益林管护材料。 |\n| 3 | 县生态环境局 | 编制县域生态环境质量自查报告。 |\n",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_department_blocks_of_other_shapes(shape):
    from archive.plan_parse import parse_plan

    plan = parse_plan("某县2021年国家重点生态功能区县域生态环境质量考核工作实施方案\n" + SHAPES[shape])
    got = [(d.name, [x.text for x in d.duties]) for d in plan.departments]
    assert got[0] == ("县财政局", ["负责考核经费保障，提供专项转移支付资金证明材料。"])
    assert got[1][0] == "县林业局" and got[1][1][0] == "负责提供造林和公益林管护材料。"
    assert len(got) == 2 and plan.county == "某县" and plan.year == 2021


@pytest.mark.parametrize("shape", sorted(UNIT_SHAPES))
def test_tasks_with_their_responsible_unit(shape):
    """The lead unit (牵头 before 配合; the first of several) is the duty's department; the task is its wording."""
    from archive.plan_parse import parse_plan

    plan = parse_plan("2021年某县国家重点生态功能区县域生态环境质量考核工作实施方案\n" + UNIT_SHAPES[shape])
    got = [(d.name, [x.text for x in d.duties]) for d in plan.departments]
    assert got == [("县财政局", ["落实考核工作经费，提供专项转移支付资金证明材料。"]),
                   ("县林业局", ["提供造林和公益林管护材料。"]),
                   ("县生态环境局", ["编制县域生态环境质量自查报告。"])], got
    assert plan.county == "某县" and plan.year == 2021


def test_a_task_worded_like_a_unit_name_stays_a_task():
    """「（一）建设乡镇垃圾中转站」 ends like a department's name; the unit line under it says it is a task."""
    from archive.plan_parse import parse_plan

    plan = parse_plan("2021年某县国家重点生态功能区县域生态环境质量考核工作实施方案\n三、工作任务\n"
                      "（一）建设乡镇垃圾中转站\n牵头单位：县住建局\n（二）规范运行城镇污水处理厂\n牵头单位：县住建局\n"
                      "四、工作要求\n按时报送。")
    assert [(d.name, [x.text for x in d.duties]) for d in plan.departments] == [
        ("县住建局", ["建设乡镇垃圾中转站", "规范运行城镇污水处理厂"])]


def test_draft_without_rule_reuse_marks_every_duty_for_review(tmp_path, plan_file):
    path = _import(tmp_path, plan_file, "--no-reuse")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    leaves = [p for it in data["items"] for p in (it.get("parts") or [it])]
    assert all(p.get("review") and "自动生成" in p["review_reason"] for p in leaves)
    assert_same_structure(load_catalog(), load_catalog(path))
    assert not any("rules_from" in p for p in leaves)


def test_a_year_named_before_two_deliverables_governs_both(tmp_path, plan_file):
    """「2020年…的决议文件和专项转移支付资金相关材料」: the resolution and the special transfers are both the
    2020 budget's, as reviewers read it; 「2020年…报表和转移支付资金使用情况报告」 the same."""
    drafted = load_catalog(_import(tmp_path, plan_file, "--no-reuse"))
    budget = drafted.item("2.2")
    assert budget.years == [2020]
    assert [d.years for d in budget.deliverables] == [(2020,), ()]
    usage = drafted.item("2.3")
    assert usage.years == [2020]
    assert all(d.years == () for d in usage.deliverables)


def test_a_reused_duty_keeps_how_its_ownership_is_read(tmp_path, plan_file):
    """A duty whose rules come from the packaged catalog keeps its owner reading with them: 3.1.3's
    papers go to other bureaus, so a reply its bureau issued stays its own wherever it is filed."""
    drafted = load_catalog(_import(tmp_path, plan_file))
    assert [i.id for i in drafted.all_items() if i.issuer_owns] == \
        [i.id for i in load_catalog().all_items() if i.issuer_owns] == ["3.1.3"]


def test_plan_inconsistencies_are_noted(tmp_path, plan_file):
    data = tomllib.loads(_import(tmp_path, plan_file).read_text(encoding="utf-8"))
    notes = {p["id"]: p.get("note", "") for p in data["phases"]}
    assert "早于开始日期" in notes["inspection"] and "2021年1月30日" in notes["inspection"]
    assert "按正文日期执行" in notes["dept_submit"]
    assert data["assessment"]["plan_issue_date"].isoformat() == "2020-09-28"
    assert len(data["leading_group"]) == 12
    path = tmp_path / "rongshui-2020-assessment-plan.toml"
    assert load_catalog(path).leading_group == load_catalog().leading_group


def test_real_plans_of_other_counties(tmp_path):
    expected = tomllib.loads((PLANS / "expected.toml").read_text(encoding="utf-8"))["plan"]
    assert len(expected) >= 3
    for plan in expected:
        data = tomllib.loads(_import(tmp_path, PLANS / plan["file"]).read_text(encoding="utf-8"))
        assert data["assessment"]["county"] == plan["county"]
        names = {d["number"]: d["name"] for d in data["departments"]}
        drafted = [(names[i["department"]], i["text"]) for i in data["items"]]
        found = sum(1 for want in plan["duties"]
                    if any(dept == want["department"] and text.startswith(want["starts"]) for dept, text in drafted))
        assert found / len(plan["duties"]) >= 0.9, (plan["file"], drafted)


def test_check_accepts_the_packaged_and_drafted_catalogs(tmp_path, plan_file):
    out = cli_json(tmp_path, "catalog", "check", str(REPO / "archive" / "catalogs" / "rongshui-2020.toml"))
    assert out["ok"] and out["duties"] == 57 and out["departments"] == 10
    out = cli_json(tmp_path, "catalog", "check", str(_import(tmp_path, plan_file)))
    assert out["ok"] and out["reviews"]


BROKEN = """
base = "rongshui-2020.toml"
[assessment]
name = "测试"
county = "某县"
plan_doc_number = "某政办发〔2021〕1号"
year = 2021
material_years = [2020, 2021]

[[phases]]
id = "p1"
name = "材料报送"
deadline = "十月底"
wording = "x"

[[departments]]
number = 1
name = "县财政局"
short = "财政局"

[[items]]
id = "1.1"
department = 1
title = "a"
text = "a"
deadline = "p1"
years = [2021]
doc_types = ["报表"]
deliverables = []
[[items.rules]]
all = ["(未闭合"]

[[items]]
id = "1.1"
title = "b"
text = "b"
deadline = "p9"
years = [2021]
doc_types = ["报表"]
[[items.rules]]
all = ["@no_such_subject"]
"""


def test_check_names_every_fault_in_chinese(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    code, out = run_cli(tmp_path, "catalog", "check", str(path), "--json")
    assert code == 3
    errors = "\n".join(json.loads(out)["errors"])
    for fragment in ("职责编号 '1.1' 重复", "没有责任部门", "截止日期无法解析", "无法编译", "交付物列表为空",
                     "不在阶段列表中", "不存在的主题词表 @no_such_subject"):
        assert fragment in errors, errors
    code, _ = run_cli(tmp_path, "catalog", "check", str(tmp_path / "missing.toml"))
    assert code == 2


def test_accept_versions_and_switch_retags_with_a_report(tmp_path, plan_file):
    home = make_home(tmp_path / "home")
    folder = home / "watch_folders" / "财政局"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2020年生态转移支付资金使用情况报告.txt").write_text(
        "2020年重点生态功能区转移支付资金使用情况报告\n生态功能区转移支付使用情况如下，支出明细见报表，共计1200万元。",
        encoding="utf-8")
    assert cli_json(home, "scan")["failed"] == 0
    before = cli_json(home, "documents")[0]["items"]
    assert "2.3" in before
    draft = _import(tmp_path, plan_file)
    first = cli_json(home, "catalog", "accept", str(draft))
    assert first["version"] == 1 and Path(home / first["path"]).is_file()
    # a reviewer's edit: 2.3 now demands a word the report does not have
    edited = draft.read_text(encoding="utf-8").replace(
        'all = ["生态功能区转移支付|生态转移支付|1100226"', 'all = ["审计意见书"', 1)
    assert edited != draft.read_text(encoding="utf-8")
    (tmp_path / "edited.toml").write_text(edited, encoding="utf-8")
    second = cli_json(home, "catalog", "accept", str(tmp_path / "edited.toml"))
    assert second["version"] == 2
    versions = cli_json(home, "catalog", "versions")
    assert [v["version"] for v in versions["versions"]] == [1, 2] and versions["current"] is None

    report = cli_json(home, "catalog", "use", "1")
    assert report["to"] == first["path"] and report["changed"] == [] and report["unmatched_folders"] == []
    report = cli_json(home, "catalog", "use", "2")
    assert report["documents"] == 1
    assert [c["removed"] for c in report["changed"]] == [["2.3"]]
    assert "2.3" not in cli_json(home, "documents")[0]["items"]
    assert cli_json(home, "catalog", "versions")["current"] == second["path"]
    # a catalog whose department no longer answers to the home's folder says so
    renamed = edited.replace('short = "城管局"', 'short = "城市管理局"', 1)
    (tmp_path / "renamed.toml").write_text(renamed, encoding="utf-8")
    third = cli_json(home, "catalog", "accept", str(tmp_path / "renamed.toml"))
    assert cli_json(home, "catalog", "use", str(third["version"]))["unmatched_folders"] == ["城管局"]
    # a catalog with errors is refused and no version is written
    (tmp_path / "bad.toml").write_text(BROKEN, encoding="utf-8")
    code, _ = run_cli(home, "catalog", "accept", str(tmp_path / "bad.toml"))
    assert code == 3
    assert len(cli_json(home, "catalog", "versions")["versions"]) == 3


def test_imported_catalog_tags_the_tagging_set_like_the_hand_written_one(tmp_path, plan_file, labelled_set):
    bench, records, hand_report = labelled_set
    hand = hand_report.by_split["all"]
    drafted = bench.evaluate(records, load_catalog(_import(tmp_path, plan_file))).by_split["all"]
    assert abs(hand.f1 - drafted.f1) <= 0.05, (hand.f1, drafted.f1)


def test_the_papers_a_plan_rests_on_are_known_by_their_numbers(tmp_path, plan_file):
    """The plan cites the assessment method and the monitoring work points by 文号; a paper bearing
    one of them is a requirement from above, not evidence, in the drafted catalog as in the hand-written."""
    drafted = load_catalog(_import(tmp_path, plan_file))
    numbers = {n for kind in drafted.meta_kinds for n in kind.doc_numbers}
    assert numbers == {"桂环发〔2017〕20号", "桂环办函〔2020〕33号"}
    assert numbers == {n for kind in load_catalog().meta_kinds for n in kind.doc_numbers}
