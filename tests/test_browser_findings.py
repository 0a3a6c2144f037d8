"""迎检 and 整改 end to end in headless Chromium against `evidence run` as a real process, its
clock set to the inspection phase (2020-11-10): the inspector records a finding, the finance
bureau uploads a rectified file and answers with it, the inspector reopens, the bureau answers
again, the inspector closes it; the other department never sees it. Screenshots of every step
go to tests/_artifacts/screenshots/findings-*.png."""

from __future__ import annotations

import pytest

from conftest import SCREENSHOTS, chromium, cli_json, evidence_run, make_home, new_page, require_chromium, wait_until
from docgen import make_utf8_txt
from archive import clock

pytestmark = pytest.mark.browser
PASSWORDS = {"admin": "Browser-Admin-7", "jiancha": "Browser-Inspect-7", "caizheng": "Browser-Finance-7",
             "zhujian": "Browser-Housing-7"}
CLOCK = "2020-11-10T09:30:00+08:00"
TABLE = ("2020年重点生态功能区转移支付资金使用情况表（单位：万元）\n项目\t支出\n县城污水管网改造\t1200\n"
         "天然林管护\t860\n合计\t2060\n融水苗族自治县财政局")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    home = make_home(tmp_path_factory.mktemp("findings") / "home")
    make_utf8_txt(home / "watch_folders/财政局/2020年重点生态功能区转移支付资金使用情况表.txt", TABLE)
    clock.set_clock(clock.parse_setting("2020-10-15T10:00:00+08:00"))
    cli_json(home, "scan")       # arrives during the collection phase
    clock.set_clock(None)
    with (home / "evidence.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[responsibility]]\ndepartment = "财政局"\nowner = "张明（预算股）"\ncontact = "李红"\n'
                'phone = "0772-5123456"\n')
    for name, role, dept in (("admin", "admin", None), ("jiancha", "inspector", None),
                             ("caizheng", "department", "财政局"), ("zhujian", "department", "住建局")):
        cli_json(home, "user", "add", name, "--role", role, "--password", PASSWORDS[name],
                 *(["--department", dept] if dept else []))
    with evidence_run(home, PASSWORDS["admin"], EVIDENCE_CLOCK=CLOCK) as running:
        wait_until(lambda: (docs := cli_json(home, "documents")) and docs[0]["status"] == "indexed", timeout=120)
        yield running


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as browser:
        yield browser


def session(browser, server, name: str):
    page = new_page(browser)
    page.goto(server["base"] + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_selector(".who .user")
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"findings-{name}.png"), full_page=True)


def test_finding_from_inspection_to_closure(browser, server):
    inspector = session(browser, server, "jiancha")
    inspector.goto(server["base"] + "/findings")
    inspector.select_option("select[name=item]", "2.3")
    inspector.fill("textarea[name=finding]", "资金使用情况表未加盖公章")
    inspector.fill("input[name=due]", "2020-11-30")
    inspector.click("#new-finding button[type=submit]")
    inspector.wait_for_selector("#finding-status[data-status=open]")
    fid = int(inspector.url.rsplit("/", 1)[1])
    assert "联系人：李红" in inspector.locator(".contacts").inner_text()
    shot(inspector, "1-recorded")
    inspector.goto(server["base"] + "/findings")
    inspector.select_option("select[name=item]", "4.1")
    inspector.fill("textarea[name=finding]", "污水处理厂运行台账不全")
    inspector.fill("input[name=due]", "2020-11-30")
    inspector.click("#new-finding button[type=submit]")
    inspector.wait_for_selector("#finding-status[data-status=open]")

    finance = session(browser, server, "caizheng")
    finance.goto(server["base"] + "/checklist?department=财政局")
    assert finance.locator("tr[data-item='2.3'] .finding-badge").inner_text() == "整改待办 1"
    shot(finance, "2-checklist-badge")
    finance.goto(server["base"] + "/findings")
    assert finance.locator("tr[data-finding]").count() == 1          # only 财政局's finding
    finance.goto(server["base"] + "/upload")
    finance.set_input_files("input[type=file]", files=[{
        "name": "2020年重点生态功能区转移支付资金使用情况表（盖章）.txt", "mimeType": "text/plain",
        "buffer": (TABLE + "（盖章）\n2020年11月12日").encode("utf-8")}])
    finance.click("form.upload-form button[type=submit]")
    finance.wait_for_selector(".upload-results li[data-ok='1']")
    new_doc = wait_until(lambda: next((d["id"] for d in cli_json(server["home"], "documents")
                                       if "盖章" in d["source_path"] and d["status"] == "indexed"), None), timeout=120)
    finance.goto(f"{server['base']}/findings/{fid}")
    finance.fill("#answer-form textarea[name=note]", "已补充加盖公章的使用情况表")
    finance.select_option("#answer-form select[name=document_id]", str(new_doc))
    finance.click("#answer-form button[type=submit]")
    finance.wait_for_selector("#finding-status[data-status=answered]")
    assert finance.locator("#judge-form").count() == 0
    shot(finance, "3-answered")

    inspector.goto(f"{server['base']}/findings/{fid}")
    inspector.fill("form:has(#reopen-finding) textarea[name=note]", "公章不清晰，请重新扫描")
    inspector.click("#reopen-finding")
    inspector.wait_for_selector("#finding-status[data-status=open]")
    finance.goto(f"{server['base']}/findings/{fid}")
    finance.fill("#answer-form textarea[name=note]", "已重新扫描")
    finance.click("#answer-form button[type=submit]")
    finance.wait_for_selector("#finding-status[data-status=answered]")
    inspector.goto(f"{server['base']}/findings/{fid}")
    inspector.click("#close-finding")
    inspector.wait_for_selector("#finding-status[data-status=closed]")
    events = inspector.evaluate("Array.from(document.querySelectorAll('.finding-events li')).map(li => li.dataset.action)")
    assert events == ["open", "answer", "reopen", "answer", "close"]
    shot(inspector, "4-closed")
    inspector.goto(server["base"] + "/findings")
    shot(inspector, "5-list")
    assert cli_json(server["home"], "findings", "--status", "closed")[0]["events"][1]["document_id"] == new_doc

    housing = session(browser, server, "zhujian")
    housing.goto(server["base"] + "/findings")
    assert housing.locator("tr[data-finding]").count() == 1           # its own 4.1 finding, never 财政局's
    assert housing.goto(f"{server['base']}/findings/{fid}").status == 403


def test_checklist_on_the_deadline_day_and_the_timeliness_page(browser, server):
    admin = session(browser, server, "admin")
    admin.goto(server["base"] + "/checklist")
    admin.fill("input[name=as_of]", "2020-10-24")
    admin.click("form.filter button[type=submit]")
    admin.wait_for_selector("#as-of-note[data-as-of='2020-10-24']")
    assert "2020年重点生态功能区转移支付资金使用情况表" in admin.locator("tr[data-item='2.3']").inner_text()
    assert "盖章" not in admin.locator("tr[data-item='2.3']").inner_text()     # the 11-10 upload came later
    assert admin.locator("tr[data-phase=inspection].current").count() == 1
    shot(admin, "6-checklist-as-of-1024")
    admin.goto(server["base"] + "/timeliness")
    assert admin.locator("#timeliness-departments tr[data-department=财政局]").count() == 1
    shot(admin, "7-timeliness")
    admin.goto(server["base"] + "/snapshots")
    assert admin.locator("tr[data-phase=dept_submit]").count() == 1
    shot(admin, "8-snapshots")
