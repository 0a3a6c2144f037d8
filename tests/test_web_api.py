"""The JSON API returns what the CLI's --json returns, and accounts are managed from the CLI."""

from __future__ import annotations

from conftest import cli_json, make_home, run_cli
from test_web_helpers import app, client_as, csrf_of, web_config, web_home  # noqa: F401


def test_api_search_equals_cli_search(client_as, web_home):
    api = client_as("admin").get("/api/search?q=污水&limit=10").get_json()
    cli = cli_json(web_home, "search", "污水", "--limit", "10")
    assert api["total"] == cli["total"]
    assert [h["id"] for h in api["hits"]] == [h["id"] for h in cli["hits"]]
    assert [h["snippet"] for h in api["hits"]] == [h["snippet"] for h in cli["hits"]]
    assert set(api["facets"]) == {"department", "items", "doc_type", "years"}


def test_api_documents_equals_cli_documents(client_as, web_home):
    assert client_as("inspector").get("/api/documents").get_json() == cli_json(web_home, "documents")


def test_api_document_equals_cli_show(client_as, web_home):
    """The CLI's keys with the same values; the API adds only its paging keys."""
    api = client_as("inspector").get("/api/documents/2").get_json()
    cli = cli_json(web_home, "show", "2")
    assert {key: api[key] for key in cli} == cli
    assert set(api) - set(cli) == {"text_offset", "text_chars", "next_offset", "next_page"}


def test_api_unknown_document_is_404_json(client_as):
    response = client_as("admin").get("/api/documents/999999")
    assert response.status_code == 404 and response.get_json()["error"] == "找不到该文件"


def test_api_checklist_equals_cli_checklist(client_as, web_home):
    api = client_as("caizheng").get("/api/checklist?department=财政局").get_json()
    cli = cli_json(web_home, "checklist", "--department", "财政局")
    assert api == cli


def test_api_review_is_recorded_and_listed_like_the_cli(client_as, web_home):
    client = client_as("inspector")
    response = client.post("/api/reviews", json={"item": "4.1", "action": "reject", "note": "年份不符"},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 201
    assert response.get_json()["actor"] == "inspector"
    assert client.get("/api/reviews?item=4.1").get_json() == cli_json(web_home, "reviews", "--item", "4.1")


def test_api_review_of_an_unknown_item_is_404(client_as):
    client = client_as("inspector")
    response = client.post("/api/reviews", json={"item": "88.8", "action": "verify"},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 404


def test_api_login_returns_a_token_that_authorises_changes(client_as):
    client = client_as(None)
    token = csrf_of(client)
    response = client.post("/api/login", json={"name": "inspector", "password": "inspector-pass-1"},
                           headers={"X-CSRF-Token": token})
    fresh = response.get_json()["csrf_token"]
    assert fresh != token
    ok = client.post("/api/reviews", json={"item": "4.2", "action": "reject", "note": "缺少台账"},
                     headers={"X-CSRF-Token": fresh})
    assert ok.status_code == 201


def test_cli_user_add_generates_a_password_once(tmp_path):
    home = make_home(tmp_path / "home")
    created = cli_json(home, "user", "add", "lin", "--role", "department", "--department", "林业局")
    assert created["department"] == "林业局" and len(created["password"]) >= 12
    listed = cli_json(home, "user", "list")
    assert [(u["name"], u["role"]) for u in listed] == [("lin", "department")]
    assert "password" not in listed[0]


def test_cli_department_user_needs_a_known_department(tmp_path):
    home = make_home(tmp_path / "home")
    assert run_cli(home, "user", "add", "x", "--role", "department")[0] == 2
    assert run_cli(home, "user", "add", "x", "--role", "department", "--department", "不存在局")[0] == 2


def test_cli_refuses_a_duplicate_account(tmp_path):
    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "dup", "--role", "inspector", "--password", "dup-pass-123")
    assert run_cli(home, "user", "add", "dup", "--role", "inspector", "--password", "dup-pass-123")[0] == 2


def test_first_run_creates_an_admin_only_once(tmp_path, capsys):
    from evidence.commands.web import first_run_admin
    from evidence.config import load_config

    config = load_config(make_home(tmp_path / "home"))
    first_run_admin(config)
    first = capsys.readouterr().out
    first_run_admin(config)
    assert "已创建管理员账号 admin，密码 " in first
    assert capsys.readouterr().out == ""
