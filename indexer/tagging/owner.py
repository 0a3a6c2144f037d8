"""Which department a document belongs to.

Several departments carry word-for-word identical duties (项目立项/可研/验收, 部门自查报告);
only ownership tells them apart. The folder a department filed into is the clearest statement
of ownership; without one, the issuer in the 落款 or at the start of the title is used.
"""

from __future__ import annotations

import re
from itertools import islice

from archive.catalog import Catalog, Department

from .docnumber import DOC_NUMBER
from .lines import head_lines, tail_lines

_PLACE = re.compile(r"^(?:柳州市)?(?:融水苗族自治县|融水县|县)?")
_SEAL = re.compile(r"\s*[（(]\s*(?:盖章|印章|公章|印|章|代章)\s*[)）]\s*$")
# a unit's name with the date on its line under a heading: 「县考核办    2020年10月22日」
_DATED = re.compile(r"\s+(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})\s*$")
# a seal noted around the unit's name on a form's last line: 「（融水苗族自治县发展和改革局 公章）」
_BRACKETED_SEAL = re.compile(r"^[（(]\s*(.+?)\s*(?:盖章|印章|公章)\s*[)）]$")
# lines that end in a unit's name without signing the paper: the distribution under the 落款 (抄送：…),
# a labelled field (「项目建设单位：县农业农村局」), but not the issuing authority's field (「备案机关：…」)
_NOT_A_SIGNATURE = re.compile(r"^(?:抄送|抄报|主送|发送|分送|报送)\s*[:：]|^(?!(?:备案|审批|批准|核准|发文|印发)机关)[^:：]{1,12}[:：]")


def folder_departments(source_paths: list[str], catalog: Catalog) -> list[Department]:
    """The department whose folder holds the file: the share's first folder, or — in a folder no
    department owns (the lead office's 「考核办/…/03各单位报送/自然资源局/」, a recovered copy) — the
    nearest folder below it named for one."""
    found: list[Department] = []
    for path in source_paths:
        folders = re.split(r"[\\/]", path.strip().lstrip("./\\"))[:-1]
        dept = catalog.department_by_folder(folders[0]) if folders else None
        if dept is None:
            dept = next((d for f in reversed(folders[1:]) if (d := catalog.department_by_folder(f))), None)
        if dept and dept not in found:
            found.append(dept)
    return found


class _NameTable:
    """Every department's names, looked up by the text's end or start instead of tested one by
    one: the longest name wins, and of equal names the first department in the catalog's order,
    as a loop over the departments would find them."""

    def __init__(self, departments: list[Department]) -> None:
        self.departments = tuple(departments)
        self.long: dict[str, Department] = {}   # names of 3 characters or more
        self.short: dict[str, Department] = {}  # two-character aliases: only a whole line
        for d in self.departments:
            for name in d.signatures():
                self.setdefault_name(name, d)
        self.lengths = sorted({len(n) for n in self.long}, reverse=True)
        self.longest_first = sorted(self.long.items(), key=lambda nd: -len(nd[0]))

    def setdefault_name(self, name: str, d: Department) -> None:
        (self.long if len(name) >= 3 else self.short).setdefault(name, d)

    def ending(self, line: str) -> Department | None:
        size = len(line)
        for length in self.lengths:
            if length <= size and (d := self.long.get(line[size - length:])) is not None:
                return d
        return None

    def within(self, text: str) -> Department | None:
        """The department whose longest name stands anywhere in the text (a two-character alias,
        「财政」「统计」, names a subject as often as a bureau, so only the long names count)."""
        return next((d for name, d in self.longest_first if name in text), None)

    def starting(self, text: str) -> Department | None:
        for length in self.lengths:
            if (d := self.long.get(text[:length])) is not None and length <= len(text):
                return d
        return None


_TABLES: dict[int, _NameTable] = {}


def _names(catalog: Catalog) -> _NameTable:
    table = _TABLES.get(id(catalog))
    if table is None or table.departments != tuple(catalog.departments):
        table = _TABLES[id(catalog)] = _NameTable(catalog.departments)
    return table


def _ends_with_department(line: str, catalog: Catalog) -> Department | None:
    """The department a line ends with; a two-character alias (「统计」「财政」) only when it is the
    whole line, so 「…植保站统计」 under a table is not 统计局's 落款."""
    line = _BRACKETED_SEAL.sub(r"\1", _SEAL.sub("", line.strip()))
    table = _names(catalog)
    found = table.ending(line)
    if found is None and table.short:  # the short names are shorter than every long one
        found = table.short.get(_PLACE.sub("", line, count=1))
    return found


def issuer(title: str, pages: list[str], catalog: Catalog) -> Department | None:
    cfg = catalog.tagging
    last = next((p for p in reversed(pages) if p.strip()), "")
    tail = tail_lines(last, cfg.issuer_tail_lines)
    for line in reversed(tail):
        if len(line) <= cfg.issuer_line_max_chars and not _NOT_A_SIGNATURE.match(line):
            dept = _ends_with_department(line, catalog)
            if dept:
                return dept
    best = _names(catalog).starting(_PLACE.sub("", _ATTACHMENT_MARK.sub("", title.strip()), count=1))
    if best:
        return best
    return (_heading_issuer(pages, catalog) or _doc_number_issuer(title, pages, catalog)
            or _filing_unit(pages, catalog))


_ATTACHMENT_MARK = re.compile(r"^附\s*件\s*[\d\-－—]*\s*[:：]?\s*")  # 「附件5 发改局…自查报告」 as the lead office files it
_ISSUER_HEADING = re.compile(r"^(.{2,30}?)关于.{2,80}(?:批复|复函|通知|意见|决定|报告|请示|函)$")
ISSUER_HEAD_LINES = 20


_RED_HEADER = re.compile(r"^(.{2,30}?)文件$")
RED_HEADER_LINES = 3
DATED_HEAD_LINES = 4


def _heading_issuer(pages: list[str], catalog: Catalog) -> Department | None:
    """A heading 「XX局关于……的批复」 near the top names its issuer, also when the document was
    forwarded (an e-mail with the approval pasted in) and has no 落款 of its own; so does the red
    header 「XX局文件」 of an official document whose 落款 a scan lost."""
    first = next((p for p in pages if p.strip()), "")
    lines = head_lines(first, max(RED_HEADER_LINES, ISSUER_HEAD_LINES))
    for line in lines[:RED_HEADER_LINES]:
        m = _RED_HEADER.match(re.sub(r"\s+", "", line))
        if m:
            dept = _ends_with_department(m.group(1), catalog)
            if dept:
                return dept
    if lines:  # the issuer's name alone above the heading (a red header whose 「文件」 was not printed)
        table = _names(catalog)
        alone = _PLACE.sub("", re.sub(r"\s+", "", lines[0]), count=1)
        dept = table.long.get(alone) or table.short.get(alone)
        if dept:
            return dept
    for line in lines[:DATED_HEAD_LINES]:  # 「县考核办    2020年10月22日」 under a heading
        if _DATED.search(line) and (dept := _ends_with_department(_DATED.sub("", line), catalog)):
            return dept
    for line in lines[:ISSUER_HEAD_LINES]:
        m = _ISSUER_HEADING.match(line)
        if m:
            dept = _ends_with_department(m.group(1), catalog)
            if dept:
                return dept
    return None


DOC_NUMBER_LINES = 20  # a forwarded mail, a routing print or a 目录 page comes before the approval


def _doc_number_issuer(title: str, pages: list[str], catalog: Catalog) -> Department | None:
    """The document's own 文号 (「融发改审批〔2019〕42号」 heading a line near the top — after a mail
    header or a 目录 page too —, or the file named by it) names the unit that issued it, when a scan
    or an extraction lost both the red header and the 落款. A 文号 quoted inside a sentence (the
    request being answered) is not its own."""
    opening = list(islice((ln for p in pages for ln in head_lines(p, DOC_NUMBER_LINES)), DOC_NUMBER_LINES))
    for line in [title, *opening]:
        m = DOC_NUMBER.match(line)
        if m and len(m.group(1)) >= 2:
            return catalog.department_by_doc_number(m.group(1))
    return None


_FILING_UNIT = re.compile(r"(?:填报|填表|编制|报送|制表)单位\s*[:：]\s*([^\n]{2,60})")
# those who compiled a table with the filer (「配合单位：…生态环境局」「编制：县财政局　会审：…生态环境局」)
_WITH_HELPERS = re.compile(r"(?:(?:填报|填表|编制|报送|制表|配合|会审)单位|编制|会审)\s*[:：]\s*([^\n]{2,60})")
_UNIT_SEPARATOR = re.compile(r"[\s、，,和及与]+|[（(][^）)]{0,6}[)）]")


def filing_units(pages: list[str], catalog: Catalog, helpers: bool = False) -> list[Department]:
    """The units a return's 「填报单位：」 names — one (「县农业农村局（盖章）」) or several filling it
    together (「县农业农村局（盖章）  县统计局（盖章）」); not the next field on its line (「报送：县财政局」
    names the receiver). With `helpers`, also the units that compiled or checked it with the filer
    (「配合单位：」「会审：」): the table is their work too, though not their return."""
    found: list[Department] = []
    for m in (_WITH_HELPERS if helpers else _FILING_UNIT).finditer("\n".join(pages)):
        units = m.group(1)
        if (field := _NEXT_FIELD.search(units)) is not None:
            units = units[:field.start()]
        for part in _UNIT_SEPARATOR.split(units):
            dept = _ends_with_department(part, catalog) if part else None
            if dept and dept not in found:
                found.append(dept)
    return found


# the next field on the line, also when extraction ran the cells together (「…生态环境局报送:县财政局」)
_NEXT_FIELD = re.compile(r"(?:报送|主送|填报|填表|审核|联系|负责|日期|电话|时间|单位|数据来源)[^:：\n]{0,4}[:：]")
JOINT_HEAD_LINES = 4
_JOINT_SEAL = re.compile(r"[（(]\s*(?:印|盖章|章|公章)\s*[)）]")


# 「…对接表（农业农村局、自然资源局）」「…梳理表（财政局 生态环境局）」: the units that made it, named after its title
_TITLE_UNITS = re.compile(r"[（(]([^（）()]{4,40})[)）]\s*$")
_TITLE_UNIT_SEPARATOR = re.compile(r"[、，,\s+＋和与及]+")


def title_units(title: str, catalog: Catalog) -> list[Department]:
    """The departments a title's closing brackets list, when it lists two or more: a table two bureaus
    made together is each one's (one name there is usually the receiver, 「（报统计局）」)."""
    m = _TITLE_UNITS.search(title.strip().splitlines()[0] if title.strip() else "")
    if not m:
        return []
    found: list[Department] = []
    for part in _TITLE_UNIT_SEPARATOR.split(m.group(1)):
        dept = _ends_with_department(part, catalog) if part else None
        if dept is None:
            return []
        if dept not in found:
            found.append(dept)
    return found if len(found) >= 2 else []


def joint_issuers(pages: list[str], catalog: Catalog) -> list[Department]:
    """The departments of a paper issued jointly: their names stacked as the red header
    (「县财政局」 over 「融水生态环境局」) or sealed side by side in the 落款; empty for one issuer."""
    first = next((p for p in pages if p.strip()), "")
    found: list[Department] = []
    for line in (re.sub(r"\s+", "", ln) for ln in head_lines(first, JOINT_HEAD_LINES)):
        dept = _ends_with_department(line.removesuffix("文件"), catalog)
        if dept is None:
            break
        if dept not in found:
            found.append(dept)
    if len(found) >= 2:
        return found
    if len(worked := _joint_work_units(pages, catalog)) >= 2:
        return worked
    last = next((p for p in reversed(pages) if p.strip()), "")
    for line in tail_lines(last, catalog.tagging.issuer_tail_lines):
        parts = [_ends_with_department(part, catalog) for part in _JOINT_SEAL.split(line) if part.strip()]
        sealed = [d for d in parts if d is not None]
        if len(_JOINT_SEAL.findall(line)) >= 2 and len(set(sealed)) >= 2:
            return list(dict.fromkeys(sealed))
    return []


# 「财政局、生态环境局联合审核」「编制：县财政局资环股、柳州市融水生态环境局规财股（联合梳理）」
_JOINT_VERBS = r"联合(?:审核|核对|梳理|编制|编报|印发|下达|制定|核查)"
_JOINT_WORK = re.compile(r"([^\n]{2,80}?)[（(]?\s*" + _JOINT_VERBS)
_JOINT_VERB = re.compile(_JOINT_VERBS)


def _joint_work_units(pages: list[str], catalog: Catalog) -> list[Department]:
    """The bureaus a line says did the paper together (「A、B联合审核」), each named in full."""
    text = "\n".join(pages)
    if not _JOINT_VERB.search(text):  # the pattern's lazy prefix would otherwise be tried at every character
        return []
    table = _names(catalog)
    for m in _JOINT_WORK.finditer(text):
        found: list[Department] = []
        for part in _UNIT_SEPARATOR.split(re.split(r"[:：]", m.group(1))[-1]):
            dept = table.within(part)
            if dept is not None and dept not in found:
                found.append(dept)
        if len(found) >= 2:
            return found
    return []


def _filing_unit(pages: list[str], catalog: Catalog) -> Department | None:
    """A return's 「填报单位：县农业农村局」 names whose return it is, when a lead office files every
    bureau's tables together and nothing else (folder, 落款, header) says so."""
    units = filing_units(pages, catalog)
    return units[0] if units else None


def owner(folders: list[Department], issued_by: Department | None) -> Department | None:
    """The folder a department filed into, else the issuer (`issuer`, read once by the caller)."""
    if len(folders) == 1:
        return folders[0]
    return issued_by


_UNIT_LINE = re.compile(r"(?:(?:建设|实施|业主|申报|项目|主管|责任)单位|主送(?:单位|机关)?)\s*[:：为是]\s*(.{2,40})")
_ADDRESSEE = re.compile(r"^(.{2,40})[:：]$")
HEAD_LINES = 20  # a forwarded approval: the mail header comes before the addressee


def project_units(pages: list[str], catalog: Catalog) -> list[Department]:
    """Departments a project document names as its builder or addressee.

    An approval issued by 发改局 for 住建局's sewage works is 住建局's project evidence too: the
    owner of a project is the unit that builds it (「项目建设单位：县住房和城乡建设局」) or the
    unit the approval is addressed to (「县住房和城乡建设局：」 at the top, 「主送：…」 on its routing sheet),
    not only the issuer.
    """
    found: list[Department] = []
    text = "\n".join(pages)
    first = next((p for p in pages if p.strip()), "")
    # every _UNIT_LINE holds 单位 or 主送: without them the pattern's opening is tried at every 项 and 主
    candidates = [m.group(1) for m in _UNIT_LINE.finditer(text)] if "单位" in text or "主送" in text else []
    for line in head_lines(first, HEAD_LINES):
        m = _ADDRESSEE.match(line)
        if m:
            candidates.extend(re.split(r"[、，,]", m.group(1)))
    for cand in candidates:
        dept = _names_department(cand, catalog)
        if dept and dept not in found:
            found.append(dept)
    return found


def _names_department(text: str, catalog: Catalog) -> Department | None:
    best: tuple[int, Department] | None = None
    for d in catalog.departments:
        for name in d.names():
            if len(name) >= 3 and name in text and (best is None or len(name) > best[0]):
                best = (len(name), d)
    return best[1] if best else None
