"""What goes into the compilation, in the plan's order, and what stays out and why.

The order is the catalog's: department by department, duty by duty (a compound duty's parts
each as a duty), files by document id. A file stays out for the reason the checklist gives it
(draft, outside the years asked for, unreadable), a duty with nothing to show is listed as
missing with its responsible department: nothing leaves the volume silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.checklist import COUNTED, USES


@dataclass
class VolumeFile:
    id: int
    name: str
    sha256: str
    doc_number: str | None
    issue_date: str | None
    pages: int = 0          # filled from the PDF when the volume is assembled
    first_page: int = 0


@dataclass
class Duty:
    id: str
    title: str
    text: str
    deadline: str = ""
    files: list[VolumeFile] = field(default_factory=list)
    first_page: int = 0


@dataclass
class DepartmentPart:
    number: int
    short: str
    name: str
    duties: list[Duty] = field(default_factory=list)
    first_page: int = 0


@dataclass(frozen=True)
class Left:
    """A file tagged to a duty but not in the volume."""
    item: str
    name: str
    department: str
    reason: str


@dataclass(frozen=True)
class Missing:
    item: str
    text: str
    department: str
    deadline: str
    reason: str


@dataclass
class VolumePlan:
    departments: list[DepartmentPart]
    left_out: list[Left]
    missing: list[Missing]

    def files(self) -> list[VolumeFile]:
        return [f for d in self.departments for duty in d.duties for f in duty.files]


def plan_volume(checklist: dict) -> VolumePlan:
    departments: dict[int, DepartmentPart] = {}
    left_out: list[Left] = []
    missing: list[Missing] = []
    for entry in checklist["items"]:
        dept = departments.setdefault(entry["department_number"], DepartmentPart(
            entry["department_number"], entry["department"], entry["department_name"]))
        in_parts = {i for p in entry["parts"] for i in p["evidence"]}
        direct = [f for f in entry["evidence_files"] if f["id"] not in in_parts]
        for duty_entry, files in [(entry, direct)] + [(p, p["evidence_files"]) for p in entry["parts"]]:
            duty = Duty(duty_entry["id"], duty_entry["title"], duty_entry["text"], duty_entry["deadline"])
            for f in sorted(files, key=lambda f: f["id"]):
                if f["use"] == COUNTED:
                    duty.files.append(VolumeFile(f["id"], f["name"], f["sha256"], f["doc_number"], f["issue_date"]))
                else:
                    left_out.append(Left(duty.id, f["name"], entry["department_name"], _left_reason(f)))
            if duty.files:
                dept.duties.append(duty)
            elif not duty_entry["parts"]:
                missing.append(Missing(duty.id, duty.text, entry["department_name"], duty.deadline,
                                       "仅有未编入的材料" if files else "未提供材料"))
    return VolumePlan([d for d in departments.values() if d.duties], left_out, missing)


def _left_reason(f: dict) -> str:
    if f["use"] == "out_of_window":
        years = "、".join(f"{y}年" for y in f["years"])
        return f"考核期外（{years}）"
    if f["use"] == "unreadable":
        return f"无法读取：{f['error'] or '尚未解析'}"
    return USES[f["use"]]
