"""Duty-aware search in headless Chromium against `evidence run` as a real process (issue 18): an
inspector types a duty's wording as remembered, sees the duty's card (status, deadline, deliverables,
evidence with reasons) above the exact results, the related results in their own section below, follows
the card to the checklist entry, and follows a 「也搜索」 link. Screenshots go to
tests/_artifacts/screenshots/search-duty-*.png and search-related.png."""

from __future__ import annotations

import pytest

from conftest import SCREENSHOTS, chromium, cli_json, evidence_run, make_home, new_page, require_chromium
from docgen import make_utf8_txt
from test_search_duties import DOCS, LANDFILL, SELF_CHECK

pytestmark = pytest.mark.browser
PASSWORD = "Browser-Search-7"
CLOCK = "2020-10-15T09:00:00+08:00"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    home = make_home(tmp_path_factory.mktemp("browser-search") / "home")
    for rel, text in DOCS.items():
        make_utf8_txt(home / "watch_folders" / rel, text)
    cli_json(home, "scan")
    with evidence_run(home, PASSWORD, EVIDENCE_CLOCK=CLOCK) as server:
        yield server


@pytest.fixture(scope="module")
def page(server):
    with chromium() as browser:
        page = new_page(browser)
        page.goto(server["base"] + "/login")
        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".searchbar")
        yield page


def test_a_duty_wording_shows_its_card_then_exact_then_related_results(page, server):
    page.fill(".searchbar input[name=q]", LANDFILL)
    page.press(".searchbar input[name=q]", "Enter")
    card = page.locator(".duty-card")
    card.wait_for()
    assert card.get_attribute("data-item") == "8.2"
    text = card.inner_text()
    assert "2020年填埋场渗滤液处理及周边监测记录" in text and "截止 2020-10-24" in text and "剩9天" in text
    assert "周边环境定期监测记录" in text  # a deliverable
    evidence = card.locator(".duty-evidence li")
    assert evidence.count() >= 1 and "渗滤液处理站运行记录2020" in evidence.first.inner_text()
    assert evidence.first.locator(".why").inner_text()  # why it was tagged to 8.2
    assert page.locator(".result-count").get_attribute("data-total") == "0"
    related = page.locator("section.related")
    assert related.locator("h2").inner_text() == "相关结果"
    assert "县控断面地表水环境监测报告" in related.inner_text() and "造林" not in related.inner_text()
    positions = page.evaluate("""() => ['.duty-card', '.result-count', 'section.related'].map(
        s => document.querySelector(s).getBoundingClientRect().top)""")
    assert positions == sorted(positions)
    page.screenshot(path=str(SCREENSHOTS / "search-duty-card.png"), full_page=True)
    card.screenshot(path=str(SCREENSHOTS / "search-duty-card-element.png"))
    related.screenshot(path=str(SCREENSHOTS / "search-related.png"))


def test_the_card_leads_to_the_checklist_entry(page, server):
    page.locator(".duty-card a.to-checklist").click()
    page.wait_for_selector("#item-8\\.2")
    assert page.url.endswith("/checklist#item-8.2")
    assert page.locator("#item-8\\.2").get_attribute("data-status") in ("missing", "partial", "present")


def test_a_synonym_is_a_link_not_a_silent_expansion(page, server):
    page.goto(server["base"] + "/?q=美丽乡村")
    assert page.locator(".result-count").get_attribute("data-total") == "1"
    also = page.locator(".also-search")
    assert "也搜索" in also.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "search-also.png"), full_page=False)
    also.locator("a[data-term=新农村]").click()
    page.wait_for_selector(".hit")
    assert page.locator(".result-count").get_attribute("data-total") == "1"
    assert "新农村" in page.locator(".hit").first.inner_text()


def test_a_wording_of_several_departments_shows_each_of_their_duties(page, server):
    page.goto(server["base"] + "/?q=" + SELF_CHECK)
    card = page.locator(".duty-card")
    also = card.locator(".duty-also li")
    named = {card.get_attribute("data-item")} | {also.nth(i).get_attribute("data-item") for i in range(also.count())}
    assert {"3.4", "4.5", "5.3", "6.6", "8.5", "9.3"} <= named
    housing = card.locator(".duty-also li[data-item='4.5']")
    assert "住建局2020年度生态环境保护工作自查报告" in housing.inner_text()
    card.screenshot(path=str(SCREENSHOTS / "search-duty-shared-wording.png"))


def test_related_results_are_not_exact_hits_on_the_page(page, server):
    page.goto(server["base"] + "/?q=渗滤液 监测")
    assert page.locator(".result-count").get_attribute("data-total") == "1"
    assert page.locator(".hit").count() == 1  # the exact section alone
    assert page.locator("section.related .related-hit").count() >= 1
