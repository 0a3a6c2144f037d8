"""The words a duty asks for, read from its wording with the base catalog's generic vocabulary.

A drafted duty that matches no known duty gets its tagging rules from its own sentence. Cutting
that sentence into overlapping four-character windows makes debris (「区转移支」, 「付资金纳」) that
matches anything or nothing. Instead the sentence is cut into the things it asks for (its clauses,
and the items of an enumeration), and each of those into words the base vocabulary knows (its
subject lists, the kinds' title cues, indicator names, department names and `[draft_vocabulary]`);
a leftover run is kept only when it is short enough to be a word. A word that many duties of the
same plan share (生态环境, 环境保护) tells no duty from another and is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

VERBS = (r"负责|提供|收集整理|收集|整理|梳理|编制|编写|统计核算|统计|核算|填报|报送|汇总|上报|开展|进行|做好|"
         r"指导|监督|审核|协助|配合|牵头|完成|组织|建立|落实|制定|明确|展开|采取|涉及|按照|要求|用于|纳入|列入")
FILLER = (r"相关|有关|证明|佐证|材料|资料|文件|情况|工作|我县|县域|全县|年度|以及|其他|其它|近年来|近两年|近三年|"
          r"已完成|部门|按时|严格|具体|主要|当年|等|的|和|及|与|并|对|将|为|中|各|由|是|若|无|请|其|"
          r"\d{4}年度?|指标|数据|方面|内容|定期|所需|总体")
SPLIT = re.compile(r"[\s，。、；：:（）()《》“”\"〔〕\[\]【】·]|\d+(?:\.\d+)?|" + VERBS + "|" + FILLER)
MAX_LEFTOVER = 4
DELIVERABLE_AND = r"(?<=文件|材料|资料|清单|报表|报告|记录|台账)(?:和|及|与)"
PROJECT_WORDS = re.compile(r"项目|工程")
LITERAL = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")


def lexicon(base: dict[str, Any]) -> set[str]:
    """Literal words of the base catalog's shared vocabulary (regex cues split at 「|」; a cue with
    other regex syntax is not a word)."""
    words: set[str] = set()
    for values in base.get("subjects", {}).values():
        words.update(values)
    for kind in base.get("doc_types", {}).values():
        for cue in kind.get("title", []):
            words.update(cue.split("|"))
    for values in base.get("part_topics", {}).values():
        words.update(values)
    words.update(base.get("department_subjects", {}))
    words.update(base.get("draft_vocabulary", {}).get("words", []))
    for d in base.get("departments", []):
        words.update([d.get("short", ""), *d.get("aliases", [])])
    return {w for w in words if len(w) >= 2 and LITERAL.match(w)}


def asks(text: str) -> list[str]:
    """The clauses of a duty: each 「；」 or 「。」 part, and a 「，」 part that starts a new request."""
    text = re.sub(r"《[^》]*》|[（(][^）)]*号[）)]", "", text)  # a cited document is not what is asked for
    out: list[str] = []
    for sentence in re.split(r"[；。]", text):
        for clause in re.split(r"，(?=(?:" + VERBS + r"|对|并|若|收集|提供))", sentence):
            for thing in re.split(DELIVERABLE_AND, clause):
                if thing.strip():
                    out.append(thing.strip())
    return out


def words(text: str, lex: set[str]) -> list[str]:
    """Content words in order: lexicon words by longest match first (so a filler character inside
    a known word, 「无害化」, does not cut it), then leftovers split at verbs and fillers and kept
    only when word-sized."""
    text = re.sub(r"\d{4}\s*年(?:度)?", "，", text)
    out: list[str] = []
    i, leftover = 0, ""
    while i < len(text):
        match = next((text[i:j] for j in range(min(len(text), i + 12), i + 1, -1) if text[i:j] in lex), None)
        if match:
            _keep_leftovers(leftover, out)
            leftover = ""
            out.append(match)
            i += len(match)
        else:
            leftover += text[i]
            i += 1
    _keep_leftovers(leftover, out)
    return list(dict.fromkeys(out))


def _keep_leftovers(run: str, out: list[str]) -> None:
    for piece in SPLIT.split(run):
        if piece:
            _keep_leftover(piece, out)


def _keep_leftover(run: str, out: list[str]) -> None:
    if 2 <= len(run) <= MAX_LEFTOVER and not re.search(r"(?:局|委|办|县|区|市)$", run):
        out.append(run)


def common_words(texts: list[str], lex: set[str], share: float = 0.2) -> set[str]:
    """Words in at least `share` of a plan's duties (and in three or more): they name the
    assessment, not a duty."""
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(words(t, lex)))
    floor = max(3, int(share * len(texts)))
    return {w for w, n in df.items() if n >= floor}


def enumeration(clause: str) -> list[str]:
    """The items of 「A、B、C」 in a clause (two or more): the first trimmed of what leads to it
    (「…指标中的」), the last of what follows it (「等指标」)."""
    if "、" not in clause:
        return []
    items = clause.split("、")
    # 「县域自然、社会、环境基本情况指标中的化肥施用量、农药施用量」: the list asked for starts
    # after the last 「…中的」; what comes before it names where the figures are reported
    starts = [k for k, x in enumerate(items) if k and re.search(r"中的|指标中", x)]
    if starts:
        items = items[starts[-1]:]
    items[0] = re.split(r"中的|中|的|：|:|包括|提供|如", items[0])[-1]
    items[-1] = re.split(r"等|指标|数据|相关|材料|资料|并|统计|填报|，", items[-1])[0]
    return [i for i in (x.strip() for x in items) if len(i) >= 2]


def item_word(element: str, lex: set[str]) -> str:
    """An enumerated item as a pattern: itself without a trailing measure (数, 数量), or the
    longest known word in it (「县域总人口」 is written 「总人口」 or 「人口」 as often)."""
    core = re.sub(r"(?:数量|总量|数据|数)$", "", re.sub(r"^\d{4}\s*年", "", element))
    known = [w for w in words(core, lex) if w in lex and w != core]
    inner = max(known, key=len) if known else ""
    if len(core) > 6:  # a long item names several things (「垃圾处理设施渗滤液收集处理记录」): any of them
        return "|".join(re.escape(w) for w in known if len(w) >= 3) or re.escape(inner or core[:6])
    return "|".join(re.escape(w) for w in (core, inner) if w)


@dataclass
class DutyVocabulary:
    """What drafting a plan's rules from words needs: the base's words and kinds, and the words
    common to the plan's duties."""

    lex: set[str]
    common: set[str]
    kinds: dict[str, str]  # kind name -> its title cue
    subjects: dict[str, list[str]]
    units: set[str]  # department names and aliases
    duty_words: list[set[str]] = ()  # each of the plan's duties' words
    topics: list[dict[str, Any]] = ()  # the base's `[[draft_subjects]]`
    synonyms: list[list[str]] = ()  # the base's `[draft_synonyms]` groups

    def topics_of(self, clause: str) -> list[dict[str, Any]]:
        """The base's named things (`[[draft_subjects]]`: 乡镇污水处理设施, 转移支付纳入预算管理,
        环境质量监测 …) a clause's wording names: how documents on them are titled and written is
        shared knowledge, not the clause's own words. A clause enumerating three or more things is
        about a thing only when half its items name it (「污水处理厂运行、在线监控数据、有效性监测
        报告」), not when it is one of a list (「新农村建设、乡镇垃圾收集和处理、乡镇生活污水处理」)."""
        found = [t for t in self.topics if _names(t, clause)]
        items = enumeration(clause)
        if len(items) >= 3:
            found = [t for t in found if 2 * sum(_names(t, i) for i in items) >= len(items)]
        return found

    @classmethod
    def of(cls, base: dict[str, Any], duty_texts: list[str], departments: list[dict[str, Any]] = ()) -> "DutyVocabulary":
        """`departments`: the plan's own (their names are partners in a duty's wording, as the base's are)."""
        lex = lexicon(base)
        kinds = {name: "|".join(k["title"]) for name, k in base.get("doc_types", {}).items() if k.get("title")}
        units = {n for d in [*base.get("departments", []), *departments]
                 for n in (d.get("name", ""), d.get("short", ""), *d.get("aliases", [])) if n}
        return cls(lex, common_words(duty_texts, lex), kinds, base.get("subjects", {}), units,
                   [set(words(t, lex)) for t in duty_texts], list(base.get("draft_subjects", [])),
                   list(base.get("draft_synonyms", {}).get("groups", [])))

    def ways(self, pattern: str) -> str:
        """An enumerated item's pattern with the other ways officials write it (`[draft_synonyms]`:
        a county's 总人口 is its 户籍人口 or 常住人口 in a statistics bulletin)."""
        alts = pattern.split("|")
        for group in self.synonyms:
            if set(alts) & set(group):
                alts += [re.escape(w) for w in group]
        return "|".join(dict.fromkeys(alts))

    def shared(self, ws: list[str]) -> bool:
        """Words that two or more of the plan's duties name together tell none of them apart."""
        return sum(1 for d in self.duty_words if set(ws) <= d) >= 2

    def asks(self, text: str) -> list[str]:
        return [a for a in asks(text) if self.telling(a)]

    def telling(self, clause: str) -> list[str]:
        """The clause's words that are neither common to the plan nor a kind's name (说明, 报表):
        what the clause is about."""
        return [w for w in words(clause, self.lex)
                if w not in self.common and not self.is_kind(w) and not self.names_unit(w)]

    def names_unit(self, word: str) -> bool:
        """A department named in a duty (「配合财政局」) is a partner, not what the duty is about."""
        return any(name.startswith(word) for name in self.units)

    def subjects_of(self, clause: str) -> list[str]:
        """Base subjects two or more of whose words the clause names: the clause is about that
        subject, and the subject's synonyms say it as well as the clause's own words."""
        found = set(words(clause, self.lex))
        return [name for name, ws in self.subjects.items() if len(found & set(ws)) >= 2]

    def is_kind(self, word: str) -> bool:
        return any(word in cue.split("|") for cue in self.kinds.values())


def _names(topic: dict[str, Any], text: str) -> bool:
    return bool(re.search(topic["wording"], text)) and not (topic.get("unless") and re.search(topic["unless"], text))


def word_rules(text: str, vocab: DutyVocabulary) -> list[dict[str, Any]]:
    """One rule per thing the duty asks for: the items of an enumeration together (each its own
    group, as a table's row labels co-occur), else its telling words together; and a document
    titled as the kind the clause asks for (公示, 台账, 说明) that names the clause's subject."""
    rules: list[dict[str, Any]] = []
    for clause in vocab.asks(text):
        topics = vocab.topics_of(clause)
        if topics:
            rules += [{k: list(v) if isinstance(v, list) else v for k, v in r.items()} for t in topics for r in t["rules"]]
            continue
        telling = vocab.telling(clause)
        items = _distinct_items([vocab.ways(item_word(e, vocab.lex)) for e in enumeration(clause)], vocab.common)
        enumerated = enumeration(clause)
        if len(items) >= 2:
            rules.append({"all": _groups(items)})
        elif items and "|" in items[0] and len(enumerated) >= 2:  # several ways of one thing: two of them together
            rules.append({"all": items, "min_distinct": 2})
            specific = [a for a in items[0].split("|") if len(a) >= 4]
            if specific:  # or one way specific enough to name it alone
                rules.append({"all": ["|".join(specific)]})
        elif len(telling) >= 3:
            top = sorted(telling, key=lambda w: (w in vocab.lex, len(w)), reverse=True)[:3]
            rules.append({"all": [vocab.ways(re.escape(w)) for w in top]})
            pair = next((list(c) for c in combinations(top, 2) if not vocab.shared(list(c))), None)
            if pair:
                rules.append({"all": [vocab.ways(re.escape(w)) for w in pair]})
        elif len(telling) == 2:
            rules.append({"all": [re.escape(w) for w in telling]})
        elif telling and len(telling[0]) >= 3:
            rules.append({"title": [re.escape(telling[0])]})
        for subject in (vocab.subjects_of(clause) if PROJECT_WORDS.search(clause) else []):
            rules.append({"title": [f"@{subject}"]})
        for kind, cue in vocab.kinds.items():
            if telling and any(c in clause for c in cue.split("|") if LITERAL.match(c) and len(c) >= 2):
                rules.append({"title": [cue], "all": [re.escape(max(telling, key=len))]})
                break
    # a title naming one of the duty's words is the weakest evidence: only when nothing else is known
    strong = [r for r in rules if r.get("all") or r["title"][0].startswith("@")]
    rules = strong or rules
    return [r for n, r in enumerate(rules) if r not in rules[:n]]


def _groups(items: list[str]) -> list[str]:
    """Up to three groups of enumerated items (already patterns), in their order."""
    n = min(3, len(items))
    size = -(-len(items) // n)
    return ["|".join(dict.fromkeys("|".join(items[i:i + size]).split("|"))) for i in range(0, len(items), size)]


def _distinct_items(patterns: list[str], common: set[str]) -> list[str]:
    """Items that share a known word (县域总人口, 城镇总人口: 人口; 单位GDP能耗, 万元GDP能耗: GDP)
    are one item, written any of their ways."""
    merged: list[list[str]] = []
    for p in patterns:
        alts = [a for a in p.split("|") if a and a not in common]
        if not alts:
            continue
        same = next((m for m in merged if set(m) & set(alts)), None)
        if same is None:
            merged.append(alts)
        else:
            same.extend(a for a in alts if a not in same)
    return ["|".join(m) for m in merged]
