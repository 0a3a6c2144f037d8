"""Many counties in one deployment (issue 16): three counties' homes on one PostgreSQL (a schema
each), their web nodes sharing one secret key, county accounts bound to their county and
province accounts (archive.province) bound to some counties or to all. Every route that takes a
county or a document id is asked, by a county account and by a province account, for a county
it is not bound to; the province scope of search reads the bound counties and labels each hit."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cli_json, make_home, run_cli
from docgen import make_utf8_txt
from test_web_helpers import csrf_of, login

pytestmark = pytest.mark.cluster

COUNTIES = ("甲县", "乙县", "丙县")
PASSWORD = "county-pass-1"
PROVINCE_PASSWORD = "province-pass-1"
SECRET = "0123456789abcdef" * 4  # one key on every node: a cookie must still not cross counties


def county_settings(url: str, county: str) -> str:
    return (f'\n[web]\nsecret_key = "{SECRET}"\n'
            f'\n[cluster]\ndatabase_url = "{url}"\ncounty = "{county}"\nsystem_of_record = "postgresql"\n')


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres) -> dict[str, Path]:
    """Three counties on one database, each with its own admin (user id 1 in every county) and
    documents that all hold 污水处理厂; 乙县 has two, the others one."""
    url = postgres.create_database("province")
    root = tmp_path_factory.mktemp("province")
    homes = {}
    for n, county in enumerate(COUNTIES):
        home = homes[county] = make_home(root / f"county{n}", settings=county_settings(url, county))
        cli_json(home, "user", "add", f"admin{n}", "--role", "admin", "--password", PASSWORD)
        make_utf8_txt(home / "watch_folders" / "住建局" / "运行报告.txt", f"{county}污水处理厂2020年运行报告。")
        if county == "乙县":
            make_utf8_txt(home / "watch_folders" / "财政局" / "资金.txt", "乙县污水处理厂建设资金拨付说明。")
        assert cli_json(home, "scan")["failed"] == 0
    first = homes["甲县"]
    cli_json(first, "province", "add", "sheng_two", "--county", "甲县", "--county", "乙县",
             "--password", PROVINCE_PASSWORD)
    cli_json(first, "province", "add", "sheng_all", "--all", "--password", PROVINCE_PASSWORD)
    cli_json(homes["丙县"], "province", "add", "sheng_bing", "--county", "丙县", "--password", PROVINCE_PASSWORD)
    return homes


def app_of(home: Path):
    from evidence.config import load_config
    from webui import create_app

    return create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False})


@pytest.fixture(scope="module")
def apps(deployment) -> dict:
    return {county: app_of(home) for county, home in deployment.items()}


def logged_in(app, name: str, password: str):
    client = app.test_client()
    response = login(client, name, password)
    assert response.status_code == 302, response.text
    return client


def county_admin(apps, county: str):
    return logged_in(apps[county], f"admin{COUNTIES.index(county)}", PASSWORD)


def test_the_cli_adds_lists_and_disables_province_accounts_and_audits_each_change(deployment, apps, capsys):
    home = deployment["乙县"]
    listed = {a["name"]: a for a in cli_json(home, "province", "list")}
    assert listed["sheng_two"]["counties"] == ["甲县", "乙县"] and listed["sheng_all"]["counties"] is None
    assert listed["sheng_two"]["province"] is True and listed["sheng_two"]["role_label"] == "省级检查组"
    code, out = run_cli(home, "province", "list")
    assert code == 0 and "sheng_two" in out and "可查看：甲县、乙县" in out and "全省所有县" in out
    code, _ = run_cli(home, "province", "add", "admin1", "--all", "--password", PROVINCE_PASSWORD)
    assert code == 2 and "已是乙县的县级账号" in capsys.readouterr().err  # a county's own account has that name
    code, _ = run_cli(home, "user", "add", "sheng_two", "--role", "inspector", "--password", PASSWORD)
    assert code == 2 and "已是省级账号" in capsys.readouterr().err  # nor may a county take a province name
    made = cli_json(home, "province", "add", "sheng_tmp", "--county", "乙县")
    assert made["password"]  # generated, shown once
    client = logged_in(apps["乙县"], "sheng_tmp", made["password"])
    assert client.get("/api/documents").status_code == 200
    code, out = run_cli(home, "province", "disable", "sheng_tmp")
    assert code == 0 and "已停用省级账号 sheng_tmp" in out
    assert client.get("/api/documents").status_code == 401  # its session ended with it
    assert login(apps["乙县"].test_client(), "sheng_tmp", made["password"]).status_code == 401
    from archive.province import Province
    from evidence.config import load_config

    with Province(load_config(home).cluster_database_url) as shared:
        actions = [(r["actor"], r["action"]) for r in shared.audit_entries()]
    assert ("cli", "province.add") in actions and ("cli", "province.disable") in actions


def test_the_province_cli_needs_the_shared_database(tmp_path, capsys):
    home = make_home(tmp_path / "embedded")
    code, _ = run_cli(home, "province", "list", "--json")
    assert code == 3 and "[cluster]" in capsys.readouterr().err


def test_a_province_account_logs_in_only_on_the_nodes_of_its_counties(apps):
    for county in ("甲县", "乙县"):
        client = logged_in(apps[county], "sheng_two", PROVINCE_PASSWORD)
        user = client.get("/api/session").get_json()["user"]
        assert user["province"] is True and user["counties"] == ["甲县", "乙县"]
        assert client.get("/api/documents").status_code == 200
    assert login(apps["丙县"].test_client(), "sheng_two", PROVINCE_PASSWORD).status_code == 401
    assert logged_in(apps["丙县"], "sheng_all", PROVINCE_PASSWORD).get("/checklist").status_code == 200


def test_a_session_cookie_never_works_on_another_county_node(apps):
    """Both nodes share the secret key and both counties have a user 1: the cookie of 甲县's
    admin must not log in 乙县's."""
    client = county_admin(apps, "甲县")
    cookie = client.get_cookie("evidence_session").value
    other = apps["乙县"].test_client()
    other.set_cookie("evidence_session", cookie)
    assert other.get("/api/session").get_json()["user"] is None
    assert other.get("/api/documents").status_code == 401
    province = logged_in(apps["甲县"], "sheng_two", PROVINCE_PASSWORD)
    stolen = apps["丙县"].test_client()  # a province cookie on a county it is not bound to
    stolen.set_cookie("evidence_session", province.get_cookie("evidence_session").value)
    assert stolen.get("/api/documents").status_code == 401


def test_the_province_scope_searches_the_bound_counties_and_labels_each_hit(apps):
    client = logged_in(apps["甲县"], "sheng_two", PROVINCE_PASSWORD)
    result = client.get("/api/search?q=污水处理厂&scope=province").get_json()
    assert result["scope"] == "province" and result["counties"] == ["甲县", "乙县"]
    assert sorted(h["county"] for h in result["hits"]) == sorted(["甲县", "乙县", "乙县"])
    assert {h["county"] for h in result["hits"] if h["here"]} == {"甲县"}
    for hit in result["hits"]:  # each hit's text is its own county's
        assert hit["snippet"].replace("<mark>", "").replace("</mark>", "").startswith(hit["county"] + "污水处理厂")
    narrowed = client.get("/api/search?q=污水处理厂&scope=province&county=乙县").get_json()
    assert {h["county"] for h in narrowed["hits"]} == {"乙县"} and narrowed["total"] == 2
    page = client.get("/?q=污水处理厂&scope=province").text
    assert "全省（甲县、乙县）" in page and 'data-county="乙县"' in page and "原文请在乙县的系统中查看" in page
    assert 'data-county="丙县"' not in page
    everything = logged_in(apps["乙县"], "sheng_all", PROVINCE_PASSWORD).get(
        "/api/search?q=污水处理厂&scope=province").get_json()
    assert sorted({h["county"] for h in everything["hits"]}) == sorted(COUNTIES)
    own = client.get("/api/search?q=污水处理厂").get_json()  # without the scope: this node's county
    assert own["total"] == 1 and "county" not in own["hits"][0]


def test_a_county_account_cannot_search_across_counties(apps):
    client = county_admin(apps, "甲县")
    for url in ("/api/search?q=污水处理厂&scope=province", "/?q=污水处理厂&scope=province"):
        assert client.get(url).status_code == 403
    assert "全省" not in client.get("/?q=污水处理厂").text


COUNTY_ROUTES = ["/?q=污水处理厂", "/api/search?q=污水处理厂", "/documents/1", "/documents/1/download",
                 "/documents/1/preview", "/documents/1/pages/1.png", "/api/documents", "/api/documents/1", "/checklist", "/api/checklist",
                 "/api/checklist/1.1", "/review/1.1", "/api/reviews", "/api/consistency", "/activity",
                 "/checklist/export/checklist.xlsx"]


def with_county(url: str, county: str) -> str:
    return url + ("&" if "?" in url else "?") + "county=" + county


@pytest.mark.parametrize("url", COUNTY_ROUTES)
def test_a_county_account_is_refused_another_county_on_every_route(apps, url):
    client = county_admin(apps, "甲县")
    response = client.get(with_county(url, "乙县"))
    assert response.status_code == 403, (url, response.status_code)
    assert "无权查看乙县" in response.text


@pytest.mark.parametrize("url", COUNTY_ROUTES + ["/?q=污水处理厂&scope=province", "/api/search?q=污水处理厂&scope=province"])
def test_a_province_account_is_refused_a_county_it_is_not_bound_to_on_every_route(apps, url):
    client = logged_in(apps["甲县"], "sheng_two", PROVINCE_PASSWORD)
    response = client.get(with_county(url, "丙县"))
    assert response.status_code == 403, (url, response.status_code)
    assert "无权查看丙县" in response.text


@pytest.mark.parametrize("url", ["/documents/1", "/api/documents/1", "/api/checklist", "/?q=污水处理厂"])
def test_a_bound_county_other_than_the_node_is_opened_on_its_own_node(apps, url):
    """This node opens only its own county's archive: a bound county's records are not read here."""
    client = logged_in(apps["甲县"], "sheng_two", PROVINCE_PASSWORD)
    response = client.get(with_county(url, "乙县"))
    assert response.status_code == 404 and "乙县的材料请在该县的系统中查看" in response.text
    assert client.get(with_county(url, "甲县")).status_code == 200
    if "/documents/1" in url:  # 乙县's second document, a hit of the province scope, is not 甲县's
        assert client.get(url.replace("/1", "/2")).status_code == 404


def test_a_province_account_reviews_on_a_bound_node_under_its_name_but_keeps_its_password(apps, deployment):
    client = logged_in(apps["甲县"], "sheng_two", PROVINCE_PASSWORD)
    response = client.post("/api/reviews", json={"item": "1.1", "action": "reject", "note": "材料不全"},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 201, response.text
    history = client.get("/api/reviews?item=1.1").get_json()
    assert history and history[0]["actor"] == "sheng_two"
    assert client.get("/account/password").status_code == 403
    assert "修改密码" not in client.get("/province").text and "修改密码" in county_admin(apps, "甲县").get("/").text
    assert cli_json(deployment["甲县"], "user", "list")[0]["name"] == "admin0"  # no county account made


def test_the_province_overview_is_a_province_account_first_page_with_each_county_counts(apps, deployment):
    client = apps["甲县"].test_client()
    response = login(client, "sheng_two", PROVINCE_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/province"
    yi = county_admin(apps, "乙县").get("/api/checklist").get_json()["summary"]  # 乙县's node counts
    rows = {row["county"]: row for row in client.get("/api/province").get_json()}
    assert list(rows) == ["甲县", "乙县"] and rows["甲县"]["here"] and not rows["乙县"]["here"]
    jia = county_admin(apps, "甲县").get("/api/checklist").get_json()["summary"]
    for county, summary in (("甲县", jia), ("乙县", yi)):
        assert rows[county]["summary"]["by_status"] == summary["by_status"]
        assert rows[county]["summary"]["total"] == summary["total"] > 0
    page = client.get("/province").text
    assert "全省概览" in page and 'data-county="乙县"' in page and 'data-county="丙县"' not in page
    made = cli_json(deployment["甲县"], "province", "add", "sheng_new", "--county", "甲县", "--county", "戊县")
    fresh = logged_in(apps["甲县"], "sheng_new", made["password"])
    assert "尚未统计" in fresh.get("/province").text  # 戊县's node never counted its checklist
    assert county_admin(apps, "甲县").get("/province").status_code == 403
    assert county_admin(apps, "甲县").get("/api/province").status_code == 403
