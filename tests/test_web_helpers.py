"""Shared fixtures for the web tests (no tests here): a real home with real documents ingested
by the real pipeline, accounts for every role, and a logged-in Flask test client per role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import cli_json, make_home
from docgen import make_docx, make_text_pdf, make_utf8_txt

PASSWORDS = {"admin": "admin-pass-1", "caizheng": "caizheng-pass-1", "zhujian": "zhujian-pass-1",
             "inspector": "inspector-pass-1"}
XSS_NAME = "<img src=x onerror=alert(1)>说明.txt"
XSS_TEXT = "监测报告<script>alert('xss')</script>内容&说明"


def build_web_home(root: Path) -> Path:
    """Documents of several departments and formats, plus the hostile and the broken ones."""
    home = make_home(root / "home")
    share = home / "watch_folders"
    make_docx(share / "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx",
              ["关于下达2020年国家重点生态功能区转移支付资金的通知", "请各单位按时拨付转移支付资金，专款专用。"],
              title="关于下达2020年国家重点生态功能区转移支付资金的通知")
    make_text_pdf(share / "住建局/污水处理厂2020年运行报告.pdf",
                  ["融水县城污水处理厂2020年运行情况报告。", "第二部分：COD去除率达到95%，出水水质稳定达标。"])
    make_utf8_txt(share / "住建局/管网.txt", "城镇生活污水收集管网建设情况说明，2020年。")
    make_utf8_txt(share / "生态环境局/脚本.txt", XSS_TEXT)
    make_utf8_txt(share / "林业局" / XSS_NAME, "林业局2020年度造林工作说明。")
    (share / "财政局/空文件.pdf").write_bytes(b"")
    Image.new("RGB", (40, 30), "white").save(share / "林业局/现场照片.png")
    cli_json(home, "scan")
    for name, role, dept in (("admin", "admin", None), ("caizheng", "department", "财政局"),
                             ("zhujian", "department", "住建局"), ("inspector", "inspector", None)):
        code = ["--department", dept] if dept else []
        cli_json(home, "user", "add", name, "--role", role, "--password", PASSWORDS[name], *code)
    return home


def csrf_of(client) -> str:
    return client.get("/api/session").get_json()["csrf_token"]


def login(client, name: str, password: str | None = None):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password or PASSWORDS[name], "csrf_token": token})


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def doc_id_by_path(client, path: str) -> int:
    for record in client.get("/api/documents").get_json():
        if any(loc["path"] == path for loc in record["locations"]):
            return record["id"]
    raise AssertionError(f"{path} not archived")


@pytest.fixture(scope="module")
def web_home(tmp_path_factory) -> Path:
    return build_web_home(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def web_config(web_home):
    from evidence.config import load_config

    return load_config(web_home)


@pytest.fixture
def app(web_config):
    from webui import create_app

    return create_app(web_config, {"TESTING": True, "INGEST_UPLOADS": False})


@pytest.fixture
def client_as(app):
    """client_as(role_name) → a test client logged in as that account (None: anonymous)."""

    def make(name: str | None):
        client = app.test_client()
        if name is not None:
            response = login(client, name)
            assert response.status_code == 302, response.text
        return client

    return make
