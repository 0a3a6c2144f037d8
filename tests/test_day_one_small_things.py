"""Issue 15, items 10 and 11: the new-account form defaults to the least privilege, UI messages
name no CLI flags, the audit log reads in Chinese and the activity table's time does not wrap."""

from __future__ import annotations

import io
import re

from test_web_helpers import app, client_as, csrf_of, web_config, web_home  # noqa: F401


def test_the_new_account_form_defaults_to_a_department_user(client_as):
    page = client_as("admin").get("/admin/users").text
    form = page.split("新建账号")[1]
    selected = re.findall(r'<option value="(\w+)" selected>', form.split('name="role"')[1].split("</select>")[0])
    assert selected == ["department"]


def test_a_department_user_without_a_department_is_refused_without_cli_flags(client_as):
    client = client_as("admin")
    response = client.post("/admin/users", data={"name": "xinren", "role": "department", "department": "",
                                                  "password": "Xinren-pass-12", "csrf_token": csrf_of(client)},
                           follow_redirects=True)
    assert "部门用户必须指定所属部门" in response.text
    assert "--department" not in response.text and "（--" not in response.text


def test_the_audit_log_shows_chinese_labels_not_raw_keys(client_as):
    clerk = client_as("caizheng")
    body = {"files": (io.BytesIO("补充说明".encode()), "审计日志测试.txt"), "csrf_token": csrf_of(clerk)}
    clerk.post("/upload", data=body, content_type="multipart/form-data")
    admin = client_as("admin")
    admin.post("/admin/users", data={"name": "jianchazu2", "role": "inspector", "department": "",
                                     "password": "Jiancha-pass-12", "csrf_token": csrf_of(admin)})
    page = admin.get("/activity").text
    audit = page.split("操作记录（审计日志）")[1]
    assert "replaced" not in audit and "False" not in audit and "role：" not in audit
    assert re.search(r"网页上传文件</td><td class=\"small\">路径：财政局/网页上传/审计日志测试.txt，大小：\d+ B", audit)
    assert "账号：jianchazu2，角色：检查组" in audit
    assert '<td class="small nowrap time">' in audit


def test_every_audited_action_has_a_chinese_label():
    import pathlib

    from webui.filters import AUDIT_ACTIONS

    root = pathlib.Path(__file__).resolve().parent.parent
    written = set()
    for path in [*root.glob("archive/*.py"), *root.glob("webui/*.py"), *root.glob("evidence/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'audit\([^,]+, "([a-z_.]+)"', text))
        written |= {f"finding.{a}" for a in ("open", "answer", "close", "reopen")} if "finding.{action}" in text else set()
        written |= {"review.verify", "review.reject"} if "review.{action}" in text else set()
    assert written - set(AUDIT_ACTIONS) == set()
