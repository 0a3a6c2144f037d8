"""End to end in headless Chromium against `evidence run` as a real process: log in, find a
scanned document by a phrase that exists only in its pixels, open it, find a phone photo (taken
sideways) by a phrase in it and see the phrase marked on the page image, verify a duty and see
the checklist change; the checklist page must agree with `evidence checklist --json`.

Screenshots of the search, document and checklist pages are written to
tests/_artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import signal

import pytest

from conftest import SCREENSHOTS, chromium, cli_json, evidence_run, make_home, new_page, require_chromium, wait_until
from docgen import make_docx, make_phone_photo, make_scan_png, make_text_pdf, make_xlsx

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "Browser-Test-Pass-7"
SCAN_PATH = "生态环境局/扫描件/情况说明.png"
SCAN_PHRASE = "未发生突发环境事件"
PHOTO_PATH = "水利局/2020/河长制巡河情况说明（手机拍照）.jpg"
PHOTO_PHRASE = "未发现非法采砂行为"


def checklist_statuses(checklist: dict) -> dict[str, str]:
    out = {}
    for entry in checklist["items"]:
        out[entry["id"]] = entry["status"]
        out.update({part["id"]: part["status"] for part in entry["parts"]})
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    home = make_home(tmp_path_factory.mktemp("browser") / "home")
    share = home / "watch_folders"
    make_scan_png(share / SCAN_PATH, ["关于2020年度未发生突发环境事件的情况说明",
                                      "经核实，我县2020年度未发生突发环境事件。", "特此说明。"])
    make_docx(share / "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx",
              ["关于下达2020年国家重点生态功能区转移支付资金的通知", "转移支付资金纳入政府公共预算管理，专款专用。"])
    make_text_pdf(share / "住建局/2020/污水处理厂运行情况报告.pdf",
                  ["融水县城污水处理厂2020年运行情况报告", "城镇生活污水处理率达到95%。"])
    # the same 化肥施用量 from two departments, 耕地面积 in 亩 and in 公顷 (equal once converted)
    make_xlsx(share / "农业农村局/2019年化肥农药施用量统计表.xlsx", {"农业": [
        ["2019年化肥农药施用量及耕地播种面积统计表"], ["指标", "单位", "2019年"],
        ["化肥施用量", "吨", 3125.4], ["农药施用量", "吨", 215.6], ["耕地面积", "亩", 618535.5]]})
    make_xlsx(share / "统计局/2019年县域基本情况表.xlsx", {"基本情况": [
        ["2019年县域基本情况表"], ["指标", "计量单位", "2019年"],
        ["化肥施用量", "吨", 3560], ["农药施用量", "吨", 215.6], ["耕地面积", "公顷", 41235.7]]})
    make_phone_photo(share / PHOTO_PATH, ["关于2020年度河长制巡河工作的情况说明",
                                          "经核实，全县河道巡查记录完整，未发现非法采砂行为。", "特此说明。"],
                     turn=90, tilt=4.0, light=0.7, seed=11, signature=["融水苗族自治县水利局", "2020年12月20日"])
    with evidence_run(home, ADMIN_PASSWORD) as running:
        wait_until(lambda: (docs := cli_json(home, "documents")) and len(docs) == 6
                   and all(d["status"] == "indexed" for d in docs), timeout=180, interval=0.5)
        wait_until(lambda: cli_json(home, "search", SCAN_PHRASE)["total"] == 1, timeout=60, interval=0.5)
        yield running


@pytest.fixture(scope="module")
def page(server):
    with chromium() as browser:
        yield new_page(browser)


def test_first_run_prints_how_to_log_in_without_the_password(server):
    output = server["log"].read_text(encoding="utf-8")
    assert "已创建管理员账号 admin" in output and "EVIDENCE_ADMIN_PASSWORD" in output
    assert ADMIN_PASSWORD not in output
    assert (server["home"] / "var/secret_key").read_text().strip() not in output
    assert f"{server['base']}/" in output


def test_log_in(page, server):
    page.goto(server["base"] + "/")
    assert "/login" in page.url
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".searchbar")
    assert page.locator(".who .user").get_attribute("data-user") == "admin"


def test_search_finds_the_scan_by_a_phrase_inside_it(page, server):
    page.fill(".searchbar input[name=q]", SCAN_PHRASE)
    page.press(".searchbar input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    hits = page.locator(".hit")
    assert hits.count() == 1
    assert SCAN_PATH in hits.first.locator(".path").inner_text()
    marked = "".join(hits.first.locator(".snippet mark").all_inner_texts()).replace(" ", "")
    assert SCAN_PHRASE in marked
    assert hits.first.locator(".seal-badge").inner_text() == "已盖章"
    assert page.locator(".facet[data-facet=department] li").first.inner_text().startswith("生态环境局")
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)


def test_open_the_document_shows_the_scan_and_its_text(page, server):
    page.click(".hit h2 a")
    page.wait_for_selector(".doc-head h1")
    image = page.locator("figure.page-image svg image")
    assert image.count() == 1
    assert page.request.get(server["base"] + image.get_attribute("href")).status == 200
    assert SCAN_PHRASE in "".join(page.locator(".page-text mark").all_inner_texts()).replace(" ", "")
    assert SCAN_PATH in page.locator(".locations").inner_text()
    assert "OCR" in page.locator("h2", has_text="文件文字").inner_text()
    assert page.locator("dd.seal-state").inner_text() == "已盖章（第 1 页）"
    page.screenshot(path=str(SCREENSHOTS / "document.png"), full_page=True)


def test_phrase_only_in_a_phone_photo_is_marked_on_the_page_image(page, server):
    page.goto(server["base"] + "/")
    page.fill(".searchbar input[name=q]", PHOTO_PHRASE)
    page.press(".searchbar input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit").count() == 1
    assert PHOTO_PATH in page.locator(".hit .path").first.inner_text()
    page.click(".hit h2 a")
    figure = page.locator("figure.page-image")
    figure.wait_for()
    page.wait_for_function(  # the page image itself has arrived and is drawn
        "(() => { const i = document.querySelector('figure.page-image svg image');"
        " return i && i.getBBox().width > 0; })()")
    marks = figure.locator("polygon.ocr-hit")
    assert marks.count() == 1 and marks.first.is_visible()
    svg, mark = figure.locator("svg").bounding_box(), marks.first.bounding_box()
    assert mark["width"] > 20 and mark["height"] > 3
    assert svg["x"] <= mark["x"] and mark["x"] + mark["width"] <= svg["x"] + svg["width"]
    assert svg["y"] <= mark["y"] and mark["y"] + mark["height"] <= svg["y"] + svg["height"]
    assert svg["height"] > svg["width"]  # the sideways photo is shown upright
    assert page.request.get(server["base"] + figure.locator("svg image").get_attribute("href")).status == 200
    figure.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "photo-hit-on-page-image.png"), full_page=True)
    figure.screenshot(path=str(SCREENSHOTS / "photo-hit-on-page-image-figure.png"))


def test_verify_an_item_and_see_the_checklist_change(page, server):
    before = checklist_statuses(cli_json(server["home"], "checklist"))
    item = next(i for i, status in before.items() if status in ("present", "partial") and "." in i)
    page.goto(f"{server['base']}/checklist")
    row = page.locator(f"tr[data-item='{item}']")
    assert row.get_attribute("data-status") == before[item]
    verified_before = int(page.locator("#overall-counts [data-count=verified]").inner_text())
    row.locator("td.title a[href^='/review/']").click()
    page.fill("textarea[name=note]", "现场核查材料齐全")
    page.click("button[value=verify]")
    page.wait_for_selector("#item-status[data-status=verified]")
    assert "现场核查材料齐全" in page.locator("ol.history").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "review.png"), full_page=True)
    page.click("nav.crumbs a")
    page.wait_for_selector(f"tr[data-item='{item}'][data-status=verified]")
    assert int(page.locator("#overall-counts [data-count=verified]").inner_text()) >= verified_before
    page.screenshot(path=str(SCREENSHOTS / "checklist.png"), full_page=True)


def test_consistency_page_shows_the_conflict_with_its_documents(page, server):
    page.goto(f"{server['base']}/checklist")
    page.click("nav.mainnav a:has-text('数据一致性')")
    page.wait_for_selector("h1:has-text('数据一致性核对')")
    report = cli_json(server["home"], "consistency")
    assert page.locator("#value-count").inner_text() == str(report["summary"]["values"])
    conflicts = page.locator("article.conflict")
    assert conflicts.count() == 1
    conflict = conflicts.first
    assert conflict.get_attribute("data-indicator") == "化肥施用量"
    text = conflict.inner_text()
    assert "3,125.4" in text and "3,560" in text and "农业农村局" in text and "统计局" in text
    assert conflict.locator("a.doc-link").count() == 2
    row = page.locator("tr[data-indicator='耕地面积']")
    assert "41,235.7" in row.inner_text() and "原文 618535.5亩" in row.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "consistency.png"), full_page=True)
    conflict.locator("a.doc-link").first.click()
    page.wait_for_selector(".doc-head h1")
    assert page.locator("dd.seal-state").inner_text() in ("未检测到公章", "无法判断（无彩色页面图像）")


def test_conflict_appears_in_the_checklist_reasons(page, server):
    page.goto(f"{server['base']}/checklist")
    for item in ("6.2", "7.2.4"):
        reasons = page.locator(f"tr[data-item='{item}'] ul.reasons").inner_text()
        assert "数据核对不一致" in reasons and "化肥施用量" in reasons, (item, reasons)
    page.locator("tr[data-item='6.2']").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "checklist-conflict.png"), full_page=False)


def test_checklist_page_matches_the_cli(page, server):
    page.goto(f"{server['base']}/checklist")
    shown = dict(page.evaluate(
        "Array.from(document.querySelectorAll('tr[data-item]')).map(r => [r.dataset.item, r.dataset.status])"))
    cli = cli_json(server["home"], "checklist")
    assert shown == checklist_statuses(cli)
    for status, count in cli["summary"]["by_status"].items():
        assert int(page.locator(f"#overall-counts [data-count={status}]").inner_text()) == count


def test_filtering_the_checklist_to_one_department(page, server):
    page.goto(f"{server['base']}/checklist")
    page.select_option("select[name=department]", "财政局")
    page.wait_for_url("**department=*")
    departments = set(page.evaluate("Array.from(document.querySelectorAll('section.dept')).map(s => s.id)"))
    assert departments == {"dept-财政局"}


def test_change_ones_own_password_then_log_in_with_it(page, server):
    new_password = "Browser-Neu-Pass-8"
    page.goto(server["base"] + "/")
    page.locator(".who a", has_text="修改密码").click()
    page.fill("input[name=current_password]", ADMIN_PASSWORD)
    page.fill("input[name=new_password]", "12345678")
    page.fill("input[name=confirm_password]", "12345678")
    page.evaluate("document.querySelectorAll('input[minlength]').forEach(i => i.removeAttribute('minlength'))")
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector(".flash-error")
    assert "密码太短" in page.locator(".flash-error").inner_text()
    page.fill("input[name=current_password]", ADMIN_PASSWORD)
    page.fill("input[name=new_password]", new_password)
    page.fill("input[name=confirm_password]", new_password)
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector(".flash-ok")
    assert "密码已修改" in page.locator(".flash-ok").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "password.png"), full_page=True)
    page.locator(".who button", has_text="退出").click()
    page.wait_for_selector("input[name=password]")
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", new_password)
    page.click("button[type=submit]")
    page.wait_for_selector(".searchbar")
    assert page.locator(".who .user").get_attribute("data-user") == "admin"


def test_run_stops_cleanly_on_sigterm(server):
    proc = server["proc"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 0
    assert "已停止" in server["log"].read_text(encoding="utf-8")
