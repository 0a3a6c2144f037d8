"""Jinja filters that turn archive values into what a county official reads: Chinese labels,
local times, file sizes."""

from __future__ import annotations

import json
from datetime import datetime

from pathlib import PurePosixPath

from flask import Flask, current_app

from archive import clock
from archive.checklist import STATUS_LABELS
from archive.unassigned import UNKNOWN, UNKNOWN_LABEL

DOC_STATUS_LABELS = {"indexed": "已入库", "failed": "解析失败", "pending": "处理中"}
LOCATION_STATES = {"current": "当前", "superseded": "旧版本", "removed": "已从共享文件夹移除"}
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word", "doc": "Word(旧版)", "xlsx": "Excel", "xls": "Excel(旧版)",
                 "text": "文本", "image": "图片", "ppt": "PPT", "ofd": "OFD", "zip": "压缩包",
                 "empty": "空文件", "unknown": "未知格式", "ole-encrypted": "加密文件",
                 "corrupt-zip": "损坏的 Office 文件"}
INGEST_ACTIONS = {"new": "新文件入库", "duplicate": "重复文件（内容相同，只存一份）", "version": "新版本",
                  "touched": "文件时间变化（内容未变）", "removed": "已从文件夹移除", "failed": "处理失败",
                  "deferred": "文件仍在写入，稍后重试"}
AUDIT_ACTIONS = {"login": "登录", "logout": "退出登录", "login.failed": "登录失败", "user.add": "新建账号",
                 "user.disable": "停用账号", "user.enable": "启用账号", "user.password": "修改密码",
                 "tag.add": "人工添加事项标签", "tag.remove": "人工移除事项标签", "upload": "网页上传文件",
                 "review.verify": "核验通过", "review.reject": "退回", "export.package": "导出证据包",
                 "export.xlsx": "导出清单表格", "export.volume": "生成汇编", "export.timeliness": "导出报送时效",
                 "user.reset": "重置密码", "upload.refused": "拒绝上传", "responsibility.set": "设置责任分工",
                 "snapshot.freeze": "冻结截止日快照", "suggestion.accept": "采纳标注建议",
                 "suggestion.decline": "拒绝标注建议", "finding.open": "记录整改问题", "finding.answer": "答复整改",
                 "finding.close": "整改销号", "finding.reopen": "重新打开整改", "location.assign": "指定文件所属部门",
                 "catalog.accept": "接受考核目录版本", "catalog.use": "切换考核目录",
                 "catalog.duty_edit": "逐项编辑目录草稿", "province.add": "新建省级账号",
                 "province.disable": "停用省级账号", "province.enable": "启用省级账号"}
AUDIT_KEYS = {"name": "账号", "role": "角色", "department": "部门", "item": "事项", "document": "文件",
              "note": "说明", "address": "地址", "path": "路径", "size": "大小", "replaced": "覆盖同名文件",
              "reason": "原因", "finding": "整改", "pages": "页数", "files": "文件数", "phase": "阶段",
              "as_of": "截至", "new": "新设置", "old": "原设置", "leader": "责任领导", "owner": "责任人",
              "contact": "联系人", "phone": "电话", "version": "版本",
              "reviews_open": "待复核条目", "from": "原目录", "to": "新目录", "changed": "标签有变化的文件",
              "draft": "目录草稿", "duty": "职责", "province": "省级账号", "counties": "可查看的县"}
AUDIT_REASONS = {"link": "上传位置是指向文件夹之外的链接"}


def local_time(value: str | None) -> str:
    """Stored times are UTC ISO strings; people read local wall-clock time to the minute."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return clock.local(moment).strftime("%Y-%m-%d %H:%M")


def file_size(value: int | None) -> str:
    if value is None:
        return ""
    size = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def audit_detail(value: str | None) -> str:
    """The audit detail is JSON; show it as `key：value` pairs."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return str(value)
    if not isinstance(data, dict):
        return str(data)
    return _audit_pairs(data)


def _audit_pairs(data: dict) -> str:
    """Chinese labels for the keys and readable values: 是 for true, nothing for false or empty,
    a role's name, a document's number, a size in KB."""
    from archive.users import ROLE_LABELS

    parts = []
    for key, value in data.items():
        if value in (None, "", False, {}, []):
            continue
        if value is True:
            value = "是"
        elif isinstance(value, dict):
            value = "（" + (_audit_pairs(value) or "空") + "）"
        elif key == "role":
            value = ROLE_LABELS.get(value, value)
        elif key in ("document", "finding"):
            value = f"#{value}"
        elif key == "size" and isinstance(value, int):
            value = file_size(value)
        elif key == "reason":
            value = AUDIT_REASONS.get(value, value)
        parts.append(f"{AUDIT_KEYS.get(key, key)}：{value}")
    return "，".join(parts)


def item_title(item_id: str) -> str:
    """The duty's title from the catalog, for tag chips and facet labels."""
    catalog = current_app.extensions["evidence"].catalog
    try:
        return catalog.item(item_id).title if catalog is not None else ""
    except KeyError:
        return ""


def doc_name(hit: dict) -> str:
    """What to call a document in a list: the title read from its content, else its stored
    title, else its file name (the file name is shown beside it by the lists)."""
    path = hit.get("source_path") or ""
    title = hit.get("content_title")
    if "content_title" not in hit and hit.get("id") is not None:  # a search hit: ask the archive
        from webui.resources import get_archive

        title = get_archive().content_title(hit["id"])
    return title or hit.get("title") or PurePosixPath(path).name or f"文件 #{hit.get('id')}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(item_title=item_title, doc_name=doc_name)
    app.jinja_env.filters.update(
        status_label=lambda v: STATUS_LABELS.get(v, v or ""),
        dept_label=lambda v: UNKNOWN_LABEL if v == UNKNOWN else (v or ""),
        doc_status=lambda v: DOC_STATUS_LABELS.get(v, v or ""),
        location_state=lambda v: LOCATION_STATES.get(v, v or ""),
        format_label=lambda v: FORMAT_LABELS.get(v, v or ""),
        ingest_action=lambda v: INGEST_ACTIONS.get(v, v or ""),
        audit_action=lambda v: AUDIT_ACTIONS.get(v, v or ""),
        local_time=local_time,
        file_size=file_size,
        audit_detail=audit_detail,
    )
