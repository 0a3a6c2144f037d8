"""Issue 15, item 5: the checklist page's statistics date — a date picker that defaults to today,
the plan's phase deadlines one click away, and a plain statement of which date is shown."""

from __future__ import annotations

import re

from archive import clock
from test_web_helpers import app, client_as, web_config, web_home  # noqa: F401


def test_the_checklist_states_today_and_the_picker_defaults_to_it(client_as, app):
    page = client_as("inspector").get("/checklist").text
    today = clock.today().isoformat()
    assert re.search(rf'<input type="date" name="as_of" id="as-of" value="{today}">', page)
    shown = re.search(r'<p class="shown-date" id="shown-date" data-as-of="([\d-]+)" data-kind="(\w+)">(.*?)</p>',
                      page, re.S)
    assert shown.group(1) == today and shown.group(2) == "today"
    assert "（今天）" in shown.group(3) and "逾期天数都按这一天计算" in shown.group(3)


def test_every_phase_deadline_is_one_click_away_and_named_when_shown(client_as, web_config):
    from evidence.services import load_catalog_for

    client = client_as("inspector")
    phases = load_catalog_for(web_config).phases
    page = client.get("/checklist").text
    links = re.findall(r'<a href="/checklist\?as_of=([\d-]+)" data-date="([\d-]+)"', page.split('id="phase-dates"')[1])
    assert links and all(a == b for a, b in links)
    assert [d for d, _ in links] == [p.deadline.isoformat() for p in phases]
    day = links[0][0]
    shown = client.get(f"/checklist?as_of={day}").text
    assert re.search(rf'data-as-of="{day}" data-kind="phase">统计日期 <b>{day}</b>\s*（「[^」]+」截止日）', shown)
    assert re.search(rf'value="{day}"', shown)
    assert re.search(rf'data-date="{day}" aria-current="true"', shown)


def test_a_plan_whose_deadlines_are_past_says_so_and_points_to_the_phase_dates(client_as, web_config):
    from evidence.services import load_catalog_for

    last = max(p.deadline for p in load_catalog_for(web_config).phases)
    client = client_as("inspector")
    assert 'id="plan-over"' not in client.get("/checklist").text  # the suite lives inside the plan
    clock.set_clock(clock.parse_setting("2026-12-02"))  # the 2020 plan, read years later
    days = (clock.today() - last).days
    page = client.get("/checklist").text
    assert re.search(rf'id="plan-over">考核方案的最后截止日 {last} 已过 {days} 天', page)


def test_the_exports_are_for_the_date_the_page_shows(client_as):
    import io

    from openpyxl import load_workbook

    def cells(data: bytes) -> list[str]:
        book = load_workbook(io.BytesIO(data))
        return [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]

    client = client_as("admin")
    past = "2020-09-01"  # before any file of the test home arrived
    page = client.get(f"/checklist?as_of={past}").text
    assert f'href="/checklist/export/checklist.xlsx?as_of={past}"' in page
    assert f'href="/checklist/export/package?as_of={past}"' in page
    assert 'href="/checklist/export/checklist.xlsx"' in client.get("/checklist").text  # today: no date needed
    then = client.get(f"/checklist/export/checklist.xlsx?as_of={past}")
    now = client.get("/checklist/export/checklist.xlsx")
    assert past in then.headers["Content-Disposition"]
    assert any(past in c for c in cells(then.data)) and not any(past in c for c in cells(now.data))
    assert sum(c == "已提供" for c in cells(then.data)) < sum(c == "已提供" for c in cells(now.data))
