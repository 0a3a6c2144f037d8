"""Read an assessment plan's own text into its structure: title, 文号, date, material years,
phases with deadlines, departments and their numbered duties in the plan's wording.

Every county writes the plan differently (numbered duties under 「（一）县财政局」, or one paragraph
「县财政局：负责……」); both shapes are read, and whatever could not be read is said, so a person
reviewing the draft knows where to look instead of trusting a silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

CN_NUM = "一二三四五六七八九十"
HEADING = re.compile(rf"^([{CN_NUM}]+)[、.．]\s*(.+)$")
SUB_HEADING = re.compile(rf"^[（(]([{CN_NUM}]+)[)）]\s*(.+)$")
NUMBERED = re.compile(r"^(?:(\d{1,2})\s*[.．、]|[（(](\d{1,2})[)）]|([①②③④⑤⑥⑦⑧⑨⑩]))\s*(.*)$")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DEPT_COLON = re.compile(r"^([\u4e00-\u9fff]{2,24}?(?:局|委员会|委|办公室|办|部门|中心|站|所|分局|各镇|各乡镇|公司|政府))\s*[:：]\s*(.+)$")
DEPT_NAME = re.compile(r"^(?:各镇|各乡镇|各乡镇人民政府|[\u4e00-\u9fff]{2,24}(?:局|委员会|委|办公室|办|部门|中心|站|所|分局|公司|政府))$")
_DEPT_END = r"(?:局|委员会|委|办公室|办|部门|中心|站|所|分局|公司|政府)"
DEPT_VERB = re.compile(rf"^((?:县|市|区|州|旗)[\u4e00-\u9fff]{{1,22}}?{_DEPT_END})"
                       r"(?=负责|牵头|提供|配合|做好|组织|承担|收集|编制|整理)(.+)$")
UNIT = re.compile(r"(?<!各)(牵头单位|牵头部门|责任单位|责任部门|主责单位)\s*[:：]\s*")
UNIT_HEAD = re.compile(r"牵头|责任单位|责任部门|主责")
TASK_HEAD = re.compile(r"任务|内容|职责|事项|工作|指标|材料")
DUTY_SECTION = re.compile(r"职责|分工|任务|工作内容|责任")
PHASE_SECTION = re.compile(r"时间|步骤|安排|进度|阶段")
DEADLINE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:前|之前)")
RANGE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*[至到—\-~]+\s*(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass
class ParsedDuty:
    number: int
    text: str
    line: int                      # line of the plan where the duty starts (0-based, in `lines`)


@dataclass
class ParsedDepartment:
    name: str
    heading: str
    duties: list[ParsedDuty] = field(default_factory=list)


@dataclass
class ParsedPhase:
    name: str
    deadline: date | None
    wording: str
    start: date | None = None
    note: str | None = None
    department: str | None = None   # the department the phase's sentence names as its subject
    body: str = ""                  # the phase's own text, to find the duties it is the deadline of


@dataclass
class ParsedPlan:
    lines: list[str]
    title: str = ""
    county: str = ""
    year: int | None = None
    doc_number: str = ""
    cited_doc_numbers: list[str] = field(default_factory=list)  # the papers it rests on, by 文号
    issue_date: date | None = None
    material_years: list[int] = field(default_factory=list)
    material_years_wording: str = ""
    lead_department: str = ""
    phases: list[ParsedPhase] = field(default_factory=list)
    departments: list[ParsedDepartment] = field(default_factory=list)
    leading_group: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # what could not be read, in Chinese


_HAN = "\u4e00-\u9fff"
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF_BY_HAN = re.compile(rf"(?<=[{_HAN}])[,;:?!()]|[,;:?!()](?=[{_HAN}])|(?<=[{_HAN}\d])\)|(?<=\d)[,;](?=\s*[{_HAN}])")


def chinese_punctuation(text: str) -> str:
    """The archive's extractors fold punctuation to ASCII (NFKC); a plan's wording is quoted back to
    departments, so punctuation next to Chinese is restored to the full-width form the plan used."""
    return _HALF_BY_HAN.sub(lambda m: _FULL[m.group(0)], text)


def plan_lines(text: str) -> list[str]:
    """Non-empty lines, stripped; a leading `# …` header (source notes kept with test data) is skipped."""
    text = chinese_punctuation(text)
    lines = [raw.replace("\u3000", " ").replace("\xa0", " ").strip() for raw in text.replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    k = 0
    while k < len(lines) and lines[k].startswith("#"):
        k += 1
    return lines[k:]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_plan(text: str) -> ParsedPlan:
    plan = ParsedPlan(plan_lines(text))
    _header(plan)
    sections = _sections(plan.lines)
    duty_sec = next((s for word in ("职责", "分工", "工作内容", "任务", "责任") for s in sections if word in s[1]), None)
    phase_sec = next((s for s in sections if PHASE_SECTION.search(s[1]) and not DUTY_SECTION.search(s[1])), None)
    if duty_sec is None:
        plan.problems.append("未找到职责分工一节（如「四、职责分工」「二、任务分工」），按全文查找部门职责")
        duty_sec = (0, "", len(plan.lines))
    _duties(plan, duty_sec[0] + 1, duty_sec[2])
    if not plan.departments and duty_sec[1]:      # 「详见附件」: the division may be a table further on
        plan.problems.remove("未找到任何部门职责")
        plan.problems.append(f"「{duty_sec[1]}」一节未列出部门职责，按全文查找（如附件中的任务分工表）")
        _duties(plan, 0, len(plan.lines))
    if phase_sec is not None:
        _phases(plan, phase_sec[0] + 1, phase_sec[2])
    else:
        plan.problems.append("未找到考核工作时间安排一节，阶段和截止日期需人工填写")
    _material_years(plan)
    _leading_group(plan)
    return plan


def _header(plan: ParsedPlan) -> None:
    flat = "".join(plan.lines)
    m = re.search(r"《([^《》]{6,120}?(?:实施方案|工作方案))》", flat)
    if m:
        plan.title = re.sub(r"\s+", "", m.group(1))
    else:
        line = next((ln for ln in plan.lines if re.search(r"(?:实施方案|工作方案)$", ln) and not ln.startswith("关于")), "")
        plan.title = re.sub(r"\s+", "", line)
    if not plan.title:
        plan.problems.append("未找到方案标题")
    t = re.match(r"^(.+?(?:自治县|自治旗|县|区|市|旗))(\d{4})", plan.title)
    if t:
        plan.county, plan.year = t.group(1), int(t.group(2))
    else:
        y = re.search(r"(\d{4})年", plan.title)
        plan.year = int(y.group(1)) if y else None
        c = re.match(r"^(?:\d{4}年度?)?(.+?(?:自治县|县|区|市|旗))", plan.title)   # 「2021年崇信县…」: the year may lead
        plan.county = c.group(1) if c else ""
    for idx, line in enumerate(plan.lines[:40]):
        m = DOC_NUMBER.search(line)
        if m and not re.search(r"[（(《]", line[:m.start()][-12:]) and len(line) <= len(m.group(0)) + 12:
            plan.doc_number = re.sub(r"\s+", "", m.group(0))
            break
    if not plan.doc_number:
        plan.problems.append("未找到方案文号（正文中引用的文件文号不算），请人工填写")
    cited = (re.sub(r"\s+", "", m.group(0)) for line in plan.lines for m in DOC_NUMBER.finditer(line))
    plan.cited_doc_numbers = list(dict.fromkeys(n for n in cited if n != plan.doc_number))
    for line in plan.lines[:60]:
        m = DATE_LINE.match(line.replace(" ", ""))
        if m:
            plan.issue_date = _safe_date(*map(int, m.groups()))
            break
    if plan.issue_date is None:
        plan.problems.append("未找到印发日期（落款日期），请人工填写")


def _sections(lines: list[str]) -> list[tuple[int, str, int]]:
    heads = [(i, m.group(2)) for i, ln in enumerate(lines) if (m := HEADING.match(ln)) and len(ln) <= 40]
    return [(i, title, heads[k + 1][0] if k + 1 < len(heads) else len(lines)) for k, (i, title) in enumerate(heads)]


def _dept_heading(line: str) -> str | None:
    m = SUB_HEADING.match(line)
    if not m:
        return None
    name = re.sub(r"\s+", "", m.group(2)).rstrip("：:")
    return name if DEPT_NAME.match(name) else None


def _numbered(line: str) -> tuple[int, str] | None:
    m = NUMBERED.match(line)
    if not m or not m.group(4):
        return None
    number = int(m.group(1) or m.group(2)) if (m.group(1) or m.group(2)) else CIRCLED.index(m.group(3)) + 1
    return number, m.group(4).strip()


def _department_line(line: str, following: str = "") -> tuple[str, str] | None:
    """A line that opens a department's block: 「（一）县财政局」, 「县财政局：负责……」, 「1. 县财政局：负责……」,
    「（一）县财政局：负责……」, 「（一）县财政局。负责……」, 「县林业局负责提供……」, or a bare 「县财政局」.
    Returns the name and any text after it."""
    name = _dept_heading(line)
    if name:
        return name, ""
    body = line
    head = SUB_HEADING.match(line) or re.match(r"^\d{1,2}\s*[.．、]\s*(.+)$", line)
    if head:
        body = head.group(head.lastindex)
        dotted = re.match(r"^([\u4e00-\u9fff]{2,24})\s*[。．]\s*(.+)$", body)
        if dotted and DEPT_NAME.match(dotted.group(1)):
            return dotted.group(1), dotted.group(2).strip()
    colon = DEPT_COLON.match(body)
    if colon:
        return colon.group(1), colon.group(2).strip()
    verb = DEPT_VERB.match(body)
    if verb and not UNIT.search(body):
        return verb.group(1), verb.group(2).strip()
    bare = re.sub(r"\s+", "", line).rstrip("：:")
    if DEPT_NAME.match(bare) and len(bare) <= 16 and _numbered(following):   # a bare name heads numbered duties
        return bare, ""
    return None


def _first_unit(text: str) -> str:
    """「县财政局、县发改局」 names the lead first; the duty is the lead's."""
    return re.split(r"[、，,；;和及\s]", text.strip(), maxsplit=1)[0].strip("。．)）")


def _task_text(line: str) -> str:
    """A task's wording without its numbering: 「（一）开展……」, 「1. 开展……」 → 「开展……」."""
    head = SUB_HEADING.match(line)
    if head:
        return head.group(2).strip()
    numbered = _numbered(line)
    return numbered[1] if numbered else line


def _units(line: str) -> tuple[str, str] | None:
    """A task with its responsible unit written beside it: 「编制自查报告。（牵头单位：县生态环境局；配合单位：…）」
    or a line 「牵头单位：县财政局」 under the task. Returns the task's text (empty for a unit line alone) and
    the lead unit (牵头 before 责任 when both are written)."""
    found = list(UNIT.finditer(line))
    if not found:
        return None
    lead = next((m for m in found if m.group(1).startswith("牵头")), found[0])
    unit = _first_unit(re.split(r"[；;。)）]", line[lead.end():])[0])
    if not DEPT_NAME.match(unit):          # 「责任单位：要明确专人……」 names no unit
        return None
    task = line[:found[0].start()].rstrip(" （(【[：:")
    task = re.sub(r"[，,；;]$", "。", task) if task else ""
    return (_task_text(task) if task else ""), unit


def _cells(line: str) -> list[str]:
    """A table row as the extractors render it: cells between tabs or bars, or runs of spaces."""
    if "\t" in line or "|" in line or "｜" in line:
        cells = [c.strip() for c in re.split(r"\t|[|｜]", line.strip("|｜ "))]
    else:
        cells = [c.strip() for c in re.split(r"\s{2,}", line)]
    return cells


def _table_columns(line: str) -> tuple[int, int, int] | None:
    """A division-of-duties table's header row: the task column, the lead unit's column, and the cell count."""
    cells = _cells(line)
    if len(cells) < 2 or any(len(c) > 12 for c in cells):
        return None
    unit = next((k for k, c in enumerate(cells) if c.startswith("牵头")), None)
    if unit is None:
        unit = next((k for k, c in enumerate(cells) if UNIT_HEAD.search(c)), None)
    task = next((k for k, c in enumerate(cells) if k != unit and TASK_HEAD.search(c) and not UNIT_HEAD.search(c)), None)
    if unit is None or task is None:
        return None
    return task, unit, len(cells)


def _duties(plan: ParsedPlan, start: int, end: int) -> None:
    current: ParsedDepartment | None = None
    duty: ParsedDuty | None = None
    loose: list[tuple[int, str]] = []      # department text without numbered duties
    opened = 0                             # the department's duty count when its block opened
    task: ParsedDuty | None = None         # a task whose responsible unit is written after it
    table: tuple[int, int, int] | None = None
    last_unit = ""

    def department(name: str, heading: str) -> ParsedDepartment:
        found = next((d for d in plan.departments if d.name == name), None)
        if found is None:
            found = ParsedDepartment(name, heading)
            plan.departments.append(found)
        return found

    def give(name: str, text: str, line: int) -> ParsedDuty:
        owner = department(name, plan.lines[line])
        given = ParsedDuty(len(owner.duties) + 1, text, line)
        owner.duties.append(given)
        return given

    def close() -> None:
        nonlocal loose
        if current is not None and len(current.duties) == opened and loose:
            current.duties.append(ParsedDuty(len(current.duties) + 1, "".join(t for _, t in loose), loose[0][0]))
        loose = []

    for i in range(start, end):
        line = plan.lines[i]
        if table is not None:
            cells = _cells(line)
            if len(cells) >= 2:
                t_col, u_col, _ = table
                text = cells[t_col] if t_col < len(cells) else ""
                unit = _first_unit(cells[u_col]) if u_col < len(cells) and cells[u_col] else last_unit
                if text and unit:
                    give(unit, text, i)
                    last_unit = unit
                continue
            table = None
        header = _table_columns(line)
        if header is not None:
            close()
            current, duty, task, table, last_unit = None, None, None, header, ""
            continue
        units = _units(line)
        if units is not None:
            text, unit = units
            if text:
                close()
                current, duty, task = None, give(unit, text, i), None
            elif task is None and current is not None and not current.duties and not loose:
                plan.departments.remove(current)          # 「（三）建设垃圾中转站」 was a task, not a department
                current, duty = None, give(unit, _task_text(current.heading), i - 1)
            elif task is not None and unit:
                close()
                moved = give(unit, task.text, task.line)
                current, duty, task = None, moved, None
            continue
        opened_line = _department_line(line, plan.lines[i + 1] if i + 1 < end else "")
        if opened_line:
            close()
            current = department(opened_line[0], line)
            opened = len(current.duties)
            duty, task = None, None
            if opened_line[1]:
                loose = [(i, opened_line[1])]
            continue
        if current is None:
            if SUB_HEADING.match(line) or _numbered(line):
                task = ParsedDuty(0, _task_text(line), i)
            elif task is not None:
                task.text += line
            continue
        numbered = _numbered(line)
        if numbered:
            duty = ParsedDuty(numbered[0], numbered[1], i)
            current.duties.append(duty)
            loose = []
            continue
        if SUB_HEADING.match(line):          # another kind of sub-heading ends the department
            close()
            current, duty = None, None
            task = ParsedDuty(0, _task_text(line), i)
            continue
        if duty is not None:
            duty.text += line
        else:
            loose.append((i, line))
    close()
    for d in plan.departments:
        for k, duty in enumerate(d.duties, 1):
            if duty.number != k:
                plan.problems.append(f"{d.name} 第{k}项职责编号为「{duty.number}」，已按顺序重新编号")
    if not plan.departments:
        plan.problems.append("未找到任何部门职责")


def _phases(plan: ParsedPlan, start: int, end: int) -> None:
    blocks: list[tuple[str, list[str]]] = []
    for i in range(start, end):
        m = SUB_HEADING.match(plan.lines[i])
        if m:
            blocks.append((plan.lines[i], []))
        elif blocks:
            blocks[-1][1].append(plan.lines[i])
    for heading, body in blocks:
        m = SUB_HEADING.match(heading)
        name = re.sub(r"[（(][^（()）]*\d{4}[^（()）]*[)）]\s*$", "", m.group(2)).strip()
        head_range = RANGE.search(heading)
        head_deadline = DEADLINE.search(heading)
        text = "".join(body)
        sentences = [s for s in re.split(r"(?<=[。；])", text) if s]
        inner = [(s, DEADLINE.search(s)) for s in sentences]
        inner_hits = [(s, mm) for s, mm in inner for mm in DEADLINE.finditer(s)]
        start_d = _safe_date(*map(int, head_range.groups()[:3])) if head_range else None
        end_d = _safe_date(*map(int, head_range.groups()[3:])) if head_range else None
        if head_deadline and not head_range:
            end_d = _safe_date(*map(int, head_deadline.groups()))
        if inner_hits:
            for k, (sentence, mm) in enumerate(inner_hits):
                d = _safe_date(*map(int, mm.groups()))
                subject = _subject(sentence[:mm.start()], plan)
                wording = f"{heading}……{_clause(sentence, mm)}" if k == 0 else _clause(sentence, mm)
                note = None
                if end_d and d and end_d != d:
                    note = (f"标题时段写作「{_range_text(head_range)}」，与正文「{mm.group(0)}」不一致，按正文日期执行。"
                            if head_range else None)
                plan.phases.append(ParsedPhase(name if k == 0 else _phase_name(sentence, mm, name), d, wording,
                                               start_d, note, subject, _clause(sentence, mm)))
            continue
        note = None
        if start_d and end_d and end_d < start_d:
            fixed = _safe_date(end_d.year + 1, end_d.month, end_d.day)
            note = (f"原文截止「{head_range.group(4)}年{head_range.group(5)}月{head_range.group(6)}日」早于开始日期，"
                    f"合理理解为{fixed.year}年{fixed.month}月{fixed.day}日。")
            end_d = fixed
        if end_d is None:
            plan.problems.append(f"阶段「{name}」没有可读的截止日期")
        plan.phases.append(ParsedPhase(name, end_d, heading, start_d, note, None, text))


def _range_text(m: re.Match[str] | None) -> str:
    if m is None:
        return ""
    a = m.groups()
    return f"{a[0]}年{a[1]}月{a[2]}日至{a[3]}年{a[4]}月{a[5]}日"


def _clause(sentence: str, m: re.Match[str]) -> str:
    """The clause holding the date: from the last comma before it to the end of the sentence."""
    head = sentence[:m.start()]
    cut = max(head.rfind("，"), head.rfind(","))
    tail = sentence[m.start():]
    stop = re.search(r"[，,；。]", tail)
    body = sentence[cut + 1:m.start()] + (tail[:stop.start()] if stop else tail)
    return body.strip().rstrip("。；")


def _phase_name(sentence: str, m: re.Match[str], default: str) -> str:
    after = sentence[m.end():]
    obj = re.search(r"将(.{2,30}?)(?:上报|报送|提交)", after)
    if obj:
        core = re.sub(r"^经.*?的", "", obj.group(1))
        return core + "上报"
    return default


def _subject(text: str, plan: ParsedPlan) -> str | None:
    """The department named as the sentence's subject just before its date, if any."""
    cut = max(text.rfind("，"), text.rfind(","))
    part = text[cut + 1:]
    m = re.search(r"([\u4e00-\u9fff]{2,20}?(?:局|委|办|中心))\s*于?\s*$", part)
    return m.group(1) if m else None


def _material_years(plan: ParsedPlan) -> None:
    flat = "\n".join(plan.lines)
    for sentence in re.split(r"[。；\n]", flat):
        m = re.search(r"考核[^，。]{0,12}?(\d{4})年(?:度)?\s*(?:至|到|-|—|～|~)\s*(\d{4})年", sentence)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            plan.material_years = list(range(a, b + 1))
            plan.material_years_wording = sentence.split("，")[0] if m.end() <= len(sentence.split("，")[0]) else sentence
            return
        m = re.search(r"考核年度为(\d{4})年", sentence)
        if m:
            plan.material_years = [int(m.group(1))]
            plan.material_years_wording = sentence
            return
    if plan.year:
        plan.material_years = [plan.year - 1, plan.year]
    plan.problems.append("方案未写明材料年度，暂按考核年及上一年，请核对")


_TITLE_START = re.compile(r"^(?:县|市|区|州|省|旗|中共|[\u4e00-\u9fff]{1,4}[市州县])")
_TITLE_END = re.compile(r"(?:局长|主任|县长|书记|主席|部长|行长|站长|所长|队长|经理|组长|负责人|委员)$")


def _member(text: str) -> tuple[str, str] | None:
    """「韦宙章 县人民政府副县长」, or with the space folded away by extraction: 「韦宙章县人民政府副县长」."""
    text = text.strip()
    spaced = re.match(r"^([\u4e00-\u9fff]{2,4})\s+(\S.+)$", text)
    if spaced and _TITLE_END.search(spaced.group(2)):
        return spaced.group(1), spaced.group(2)
    if not _TITLE_END.search(text):
        return None
    for size in (3, 2, 4):
        name, title = text[:size], text[size:]
        if re.fullmatch(r"[\u4e00-\u9fff]+", name) and _TITLE_START.match(title):
            return name, title
    return None


def _leading_group(plan: ParsedPlan) -> None:
    role = None
    for line in plan.lines:
        m = re.match(r"^(组\s*长|副\s*组\s*长|成\s*员)\s*[:：]\s*(.+)$", line)
        if m:
            role = re.sub(r"\s+", "", m.group(1))
            line = m.group(2)
        elif role is None:
            continue
        member = _member(line)
        if member is None:
            role = None
            continue
        plan.leading_group.append({"role": role, "name": member[0], "title": member[1]})
    office = re.search(r"办公室设在([\u4e00-\u9fff]{2,30}?(?:局|委|办|中心))", "".join(plan.lines))
    if office:
        plan.lead_department = office.group(1)
