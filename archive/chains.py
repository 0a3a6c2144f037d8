"""Project chains: the 立项/可研 → 验收 papers of one project, grouped by the project's name.

Inspectors repeatedly find completed projects without acceptance papers (DOMAIN §3). Each paper
names its project in its own words — a 可研批复 says 「和睦镇垃圾收运项目」, the acceptance report
「融水县和睦镇垃圾收运工程竣工验收」 — so names are reduced to a comparable key before grouping.
Only exact keys are merged: merging by containment would fold an upgrade (「县城污水处理厂提标改造」)
into the original build and hide the upgrade's missing acceptance.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from archive.catalog import Catalog

APPROVAL_STAGES = ("立项", "可研")
ACCEPTANCE_STAGE = "验收"

_PLACE = re.compile(r"^(?:柳州市)?(?:融水苗族自治县|融水县)?")
_YEAR = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:年度|年)\s*)+")
# stage words and 文种 a name can still carry when it was cut from a title by hand
_TRAILING = re.compile(
    r"(?:竣工环境保护验收|竣工验收|验收|可行性研究报告|可行性研究|可研报告|可研|初步设计|立项|备案|实施方案|"
    r"的批复|批复|报告|意见|建设|项目|工程|的)$")
_SPACE = re.compile(r"\s+")


def project_key(name: str) -> str:
    """A comparable key for a project name; '' when nothing distinctive is left."""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", name))
    key = _YEAR.sub("", _PLACE.sub("", key, count=1), count=1)
    previous = None
    while key != previous:
        previous = key
        key = _TRAILING.sub("", key)
    return key if len(key) >= 2 else ""


@dataclass(frozen=True)
class ChainDocument:
    id: int
    stage: str
    readable: bool
    name: str


@dataclass
class ProjectChain:
    key: str
    name: str
    documents: list[ChainDocument] = field(default_factory=list)

    def _readable(self, stages: Iterable[str]) -> list[ChainDocument]:
        return [d for d in self.documents if d.stage in stages and d.readable]

    @property
    def approvals(self) -> list[ChainDocument]:
        return self._readable(APPROVAL_STAGES)

    @property
    def acceptances(self) -> list[ChainDocument]:
        return self._readable((ACCEPTANCE_STAGE,))

    @property
    def approved_not_accepted(self) -> bool:
        return bool(self.approvals) and not self.acceptances


def stage_of(doc_type: str | None, catalog: Catalog) -> str | None:
    """The chain stage (立项/可研/验收) a document type stands for, from the catalog."""
    for dt in catalog.doc_types:
        if dt.name == doc_type:
            return dt.stage
    return None


def build_chains(documents: Iterable[sqlite3.Row | dict], catalog: Catalog,
                 names: dict[int, str] | None = None) -> dict[str, ProjectChain]:
    """Group the documents that name a project and have a chain stage, by project key.

    ``documents`` are rows of the documents table (id, doc_type, project, status); ``names``
    maps ids to the file names shown in reasons. Failed files stay in the chain but never
    count as an approval or an acceptance: nobody can read them.
    """
    names = names or {}
    chains: dict[str, ProjectChain] = {}
    for row in sorted(documents, key=lambda r: r["id"]):
        stage = stage_of(row["doc_type"], catalog)
        key = project_key(row["project"] or "") if stage else ""
        if not key:
            continue
        chain = chains.setdefault(key, ProjectChain(key, row["project"]))
        chain.documents.append(ChainDocument(row["id"], stage, row["status"] == "indexed",
                                             names.get(row["id"], row["project"])))
    return chains


def chain_of(document: sqlite3.Row | dict, chains: dict[str, ProjectChain], catalog: Catalog) -> ProjectChain | None:
    if not stage_of(document["doc_type"], catalog):
        return None
    return chains.get(project_key(document["project"] or ""))


# a township named in a project's name (「安太乡」「大浪镇」); 「乡镇」「各乡镇」「全县乡镇」 name none
_TOWNSHIP = re.compile(r"([^\W\d_县市区省乡镇村城个各]{2})[乡镇](?![镇村])")
_PHASE = re.compile(r"[一二三四五六七八九十\d]+期")
_UPGRADE = re.compile(r"提标|改造|扩建|升级|续建")
# a paper that reports the works done, by its name (「…完工验收单」「…立项批复及完成情况」)
COMPLETION_WORDS = re.compile(r"验收|竣工|完工|建成(?!区)|完成")


def townships(name: str) -> set[str]:
    return set(_TOWNSHIP.findall(unicodedata.normalize("NFKC", name)))


def may_complete(approved: str, completion: str) -> bool:
    """Whether a completion paper named `completion` can be the completion of the project approved as
    `approved`, when their names differ: a county-wide approval (「乡镇生活垃圾收集转运体系建设项目」)
    is accepted station by station or batch by batch (「杆洞乡转运站验收」「第一批竣工验收报告」), but
    not by another township's works, another phase's, or the original build's when the approval is an
    upgrade's."""
    places_a, places_c = townships(approved), townships(completion)
    if places_a and places_c and not places_a & places_c:
        return False
    phases_a, phases_c = set(_PHASE.findall(approved)), set(_PHASE.findall(completion))
    if phases_a and phases_c and not phases_a & phases_c:
        return False
    return not (_UPGRADE.search(approved) and not _UPGRADE.search(completion))


def chain_gap_reason(chain: ProjectChain) -> str:
    """Why an approved project without acceptance papers is a gap, naming the papers seen."""
    seen = "、".join(f"#{d.id}「{d.name}」" for d in chain.approvals)
    unreadable = [d for d in chain.documents if d.stage == ACCEPTANCE_STAGE and not d.readable]
    tail = "验收文件无法读取（" + "、".join(f"#{d.id}「{d.name}」" for d in unreadable) + "）" if unreadable \
        else "未见验收文件"
    return f"项目「{chain.name}」已有立项/可研文件（{seen}），{tail}"
