"""The catalog must carry every duty of the plan verbatim, so gaps are reported against
what the plan actually asks for."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from archive.catalog import CatalogError, load_catalog

PLAN_NAME = "shared/plan/rongshui-2020-assessment-plan.txt"
CN_SECTION = re.compile(r"^（([一二三四五六七八九十]+)）\s*(\S.*)$")


def _plan_path() -> Path | None:
    candidate = Path(__file__).resolve().parents[2] / PLAN_NAME
    if candidate.exists():
        return candidate
    env = os.environ.get("EVIDENCE_PLAN")
    return Path(env) if env and Path(env).exists() else None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse_plan_duties(text: str) -> tuple[dict[int, str], dict[str, str]]:
    """Sections （一）…（十） under 四、职责分工 and their numbered duties, broken lines joined."""
    block = text[text.index("四、职责分工"):text.index("五、工作要求")]
    sections: dict[int, str] = {}
    duties: dict[str, str] = {}
    current: str | None = None
    for line in (ln.strip() for ln in block.splitlines()[1:]):
        if not line:
            continue
        sec = CN_SECTION.match(line)
        if sec:
            sections[len(sections) + 1] = sec.group(2)
            current = None
            continue
        num = re.match(r"^(\d+)\.\s*(.*)$", line)
        if num and sections:
            current = f"{len(sections)}.{num.group(1)}"
            duties[current] = num.group(2)
        elif current:
            duties[current] += line
    return sections, duties


@pytest.fixture(scope="module")
def plan() -> tuple[dict[int, str], dict[str, str]]:
    path = _plan_path()
    if path is None:
        pytest.skip(f"plan file not found at ../{PLAN_NAME} and EVIDENCE_PLAN not set")
    return parse_plan_duties(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_plan_has_43_duties_in_10_sections(plan):
    sections, duties = plan
    assert len(sections) == 10
    assert len(duties) == 43


def test_every_plan_duty_is_in_catalog_verbatim(plan, catalog):
    _, duties = plan
    for duty_id, text in duties.items():
        assert _norm(catalog.item(duty_id).text) == _norm(text), duty_id


def test_catalog_has_exactly_the_plan_duties(plan, catalog):
    _, duties = plan
    assert {i.id for i in catalog.items} == set(duties)


def test_departments_follow_plan_order_and_names(plan, catalog):
    sections, _ = plan
    assert [d.number for d in catalog.departments] == list(range(1, 11))
    for n, name in sections.items():
        assert catalog.department(n).name == name


def test_items_belong_to_their_section(catalog):
    for item in catalog.items:
        assert item.id.split(".")[0] == str(item.department)


def test_phases_and_deadlines(catalog):
    deadlines = {p.name: p.deadline for p in catalog.phases}
    assert deadlines == {"组织部署": date(2020, 9, 30), "部门材料报送": date(2020, 10, 24),
                         "县域自查报告上报": date(2020, 10, 30), "迎检": date(2021, 1, 30)}
    assert catalog.item("10.1").deadline == "deploy"
    assert catalog.item("3.2").deadline == "dept_submit"


def test_assessment_header(catalog):
    assert catalog.county == "融水苗族自治县"
    assert catalog.plan_doc_number == "融政办发〔2020〕67号"
    assert catalog.year == 2020 and catalog.material_years == [2019, 2020]


def test_parts_are_flattened_with_parent(catalog):
    parts = [i for i in catalog.all_items() if i.parent == "10.3"]
    assert [p.id for p in parts] == [f"10.3.{n}" for n in range(1, 7)]
    leaves = {i.id for i in catalog.leaf_items()}
    assert "10.3" not in leaves and "10.3.5" in leaves and "1.1" in leaves


def test_department_by_folder_accepts_short_and_full_names(catalog):
    assert catalog.department_by_folder("自然资源局").number == 3
    assert catalog.department_by_folder("县自然资源和规划局").number == 3
    assert catalog.department_by_folder("未知文件夹") is None


def test_project_duties_marked(catalog):
    for item_id in ("3.3", "4.4", "5.2", "6.5", "8.4", "9.2"):
        assert catalog.item(item_id).kind == "project"
    assert catalog.item("2.1").kind == "obligation"


def test_year_specific_duties(catalog):
    assert catalog.item("3.2").years == [2019]
    assert catalog.item("8.1").years == [2020]
    assert catalog.item("4.2").years == [2019, 2020]


def _write(tmp_path: Path, text: str) -> Path:
    base = Path(load_catalog().source) if Path(load_catalog().source).exists() else None
    src = (base or Path(__file__).resolve().parents[1] / "archive/catalogs/rongshui-2020.toml").read_text(encoding="utf-8")
    p = tmp_path / "c.toml"
    p.write_text(text(src), encoding="utf-8")
    return p


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s.replace('department = 3\n', 'department = 13\n', 1), "unknown department number 13"),
    (lambda s: s.replace('id = "1.2"', 'id = "1.1"', 1), "duplicate id '1.1'"),
    (lambda s: s.replace('deadline = "deploy"', 'deadline = "nowhere"', 1), "unknown phase 'nowhere'"),
    (lambda s: s.replace('county = "融水苗族自治县"\n', '', 1), "missing required field 'county'"),
    (lambda s: s + "\n[[items\n", "not valid TOML"),
])
def test_malformed_catalog_errors_are_clear(tmp_path, mutate, message):
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog(_write(tmp_path, mutate))
