"""The admin's 考核目录 screen in headless Chromium against `evidence run` as a real process: upload
the county's plan, review the draft beside the plan's text, open one duty's form from its row,
change its rules and mark it checked, see the row no longer highlighted, accept the draft as a
version and switch the home to it (the re-tagging report names the file whose tags changed).
Screenshots of every step go to tests/_artifacts/screenshots/catalogs-*.png."""

from __future__ import annotations

import pytest

from conftest import SCREENSHOTS, chromium, cli_json, evidence_run, make_home, new_page, require_chromium, wait_until
from docgen import make_utf8_txt
from test_catalog_import import _plan_path

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "Browser-Catalog-7"
REPORT = "财政局/2020年生态转移支付资金使用情况报告.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    if _plan_path() is None:
        pytest.skip("plan file not found (../shared/plan or EVIDENCE_PLAN)")
    home = make_home(tmp_path_factory.mktemp("catalogs") / "home")
    make_utf8_txt(home / "watch_folders" / REPORT, "2020年重点生态功能区转移支付资金使用情况报告\n"
                  "生态功能区转移支付使用情况如下，支出明细见报表，共计1200万元。")
    with evidence_run(home, ADMIN_PASSWORD) as running:
        wait_until(lambda: (docs := cli_json(home, "documents")) and docs[0]["status"] == "indexed", timeout=120)
        yield running


HIGHLIGHT = "rgb(255, 247, 214)"


def background(locator) -> str:
    return locator.evaluate("e => getComputedStyle(e).backgroundColor")


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"catalogs-{name}.png"), full_page=True)


def test_import_review_one_duty_accept_and_switch(server):
    home = server["home"]
    assert "2.3" in cli_json(home, "documents")[0]["items"]
    with chromium() as browser:
        page = new_page(browser)
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(server["base"] + "/login")
        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".who .user")

        page.goto(server["base"] + "/admin/catalogs")
        page.set_input_files("input[name=plan]", str(_plan_path()))
        page.click("form[enctype] button[type=submit]")
        page.wait_for_selector("#duties")
        assert "融政办发〔2020〕67号" in page.locator(".plan-text").inner_text()
        row = page.locator("#duty-10\\.2")
        assert "待核对" in row.inner_text()
        # rows to review are highlighted (the page's CSP allows no inline style: the colour is the stylesheet's)
        assert background(row) == HIGHLIGHT and background(page.locator("#duty-1\\.1")) != HIGHLIGHT
        assert page.locator(".catalog-side").evaluate("e => getComputedStyle(e).display") == "grid"
        shot(page, "1-draft")

        row.locator("a.edit-duty").click()
        page.wait_for_selector("#duty-form")
        assert "负责考核评价工作的指导和监督" in page.locator("#plan-context").inner_text()
        assert "截止阶段按" in page.locator("#review-reason").inner_text()
        assert background(page.locator(".plan-context p.here")) == HIGHLIGHT
        assert "负责考核评价工作的指导和监督" in page.locator(".plan-context p.here").inner_text()
        page.fill("textarea[name=rules]", '[[rules]]\nall = ["(未闭合"]\n')
        page.click("#duty-form button[type=submit]")
        page.wait_for_selector(".flash-error")
        assert "无法编译" in page.locator(".flash-error").first.inner_text()
        shot(page, "2-duty-refused")

        page.fill("textarea[name=rules]", '[[rules]]\nall = ["县域", "自查报告"]\n')
        page.fill("input[name=title]", "县域自查报告（已核对）")
        page.check("input[name=reviewed]")
        page.click("#duty-form button[type=submit]")
        page.wait_for_selector("#duties")
        assert "已保存职责 10.2" in page.locator(".flash-ok").first.inner_text()
        row = page.locator("#duty-10\\.2")
        assert "待核对" not in row.inner_text() and "review" not in (row.get_attribute("class") or "")
        shot(page, "3-duty-checked")

        # the reviewer's second edit: 2.3 demands a word the report does not have
        page.locator("#duty-2\\.3 a.edit-duty").click()
        page.wait_for_selector("#duty-form")
        page.fill("textarea[name=rules]", '[[rules]]\nall = ["审计意见书"]\n')
        page.click("#duty-form button[type=submit]")
        page.wait_for_selector("#duties")
        page.click("button[value=accept]")
        page.wait_for_selector("text=已接受为版本 1")
        shot(page, "4-accepted")

        page.click("text=切换到此版本")
        page.wait_for_selector("#switch-report")
        report = page.locator("#switch-report").inner_text()
        assert "2020年生态转移支付资金使用情况报告" in report and "2.3" in report
        shot(page, "5-switched")
    assert "2.3" not in cli_json(home, "documents")[0]["items"]
    assert cli_json(home, "catalog", "versions")["current"].startswith("catalogs/accepted/001-")
