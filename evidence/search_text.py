"""`evidence search` without --json: the same results as plain terminal text. Snippets are HTML
(escaped text, matches in <mark>) for the web; here the entities are decoded and a match is shown
in reverse video on a terminal, or between 【】 when the output is a file or a pipe (or NO_COLOR).

>>> plain_snippet('关于&quot;<mark>转移支付</mark>&quot;资金', color=False)
'关于"【转移支付】"资金'
>>> plain_snippet('<mark>污水</mark>', color=True)
'\\x1b[7m污水\\x1b[0m'
"""

from __future__ import annotations

import html
import os
import re
from typing import TextIO

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG = re.compile(r"<[^>]+>")


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def plain_snippet(snippet: str, color: bool) -> str:
    before, after = ("\x1b[7m", "\x1b[0m") if color else ("【", "】")
    marked = _MARK.sub(lambda m: f"\0{m.group(1)}\1", snippet)
    text = html.unescape(_TAG.sub("", marked))
    return text.replace("\0", before).replace("\1", after)


def _hit_lines(hit: dict, color: bool) -> list[str]:
    page = f"  第 {hit['page']} 页" if hit["page"] else ""
    return [f"#{hit['id']} {hit['source_path']}{page}  相关度 {hit['score']:.2f}",
            f"    {plain_snippet(hit['snippet'], color)}"]


def _duty_lines(duty: dict) -> list[str]:
    lines = [f"【考核事项 {duty['id']}】{duty['title']}（{duty['department']}）",
             f"    状态：{duty['status_label']}；截止：{duty['deadline']}（{duty['deadline_phase']}，{duty['days_text']}）",
             f"    要求：{duty['text']}"]
    if duty["deliverables"]:
        labels = {"present": "已有", "draft": "仅草稿", "missing": "缺"}
        lines.append("    应交材料：" + "；".join(f"{d['name']}（{labels.get(d['status'], d['status'])}）"
                                          for d in duty["deliverables"]))
    for part in duty["parts"]:
        lines.append(f"    子项 {part['id']} {part['title']}：{part['status_label']}")
    for reason in duty["reasons"][:3]:
        lines.append(f"    说明：{reason}")
    if duty["evidence"]:
        shown = "" if duty["evidence_total"] == len(duty["evidence"]) else f"，列出前 {len(duty['evidence'])} 个"
        lines.append(f"    材料（{duty['evidence_total']} 个{shown}）：")
        for f in duty["evidence"]:
            why = "；".join(f["reasons"][:2])
            lines.append(f"      #{f['id']} {f['path']}（{f['use_label']}）" + (f"：{why}" if why else ""))
    else:
        lines.append("    材料：未找到标注到本事项的材料")
    for other in duty["also"]:
        lines.append(f"    同样符合的事项 {other['id']} {other['title']}（{other['department']}）："
                     f"{other['status_label']}，材料 {other['evidence_total']} 个")
    lines.append(f"    清单：evidence checklist（事项 {duty['id']}）")
    return lines


def print_search(out: dict, query: str, stream: TextIO) -> None:
    color = use_color(stream)
    lines: list[str] = []
    if out.get("duty"):
        lines += _duty_lines(out["duty"]) + [""]
    lines.append(f"共 {out['total']} 个文件包含「{query}」" if query.strip() else f"最近入库的文件，共 {out['total']} 个")
    for hit in out["hits"]:
        lines += _hit_lines(hit, color)
    if out.get("related"):
        lines += ["", f"相关结果（不含「{query}」原文，按相关度排序，不计入上面的 {out['total']} 个）："]
        for hit in out["related"]:
            lines += _hit_lines(hit, color)
    if out.get("also_search"):
        lines += ["", "也搜索：" + "　".join(f"{s['query']}（{s['total']} 个）" for s in out["also_search"])]
    stream.write("\n".join(lines) + "\n")
