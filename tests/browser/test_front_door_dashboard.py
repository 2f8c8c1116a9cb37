"""The front door in the explorer served by `jtai dashboard`, in headless Chromium: its two charts
draw, a week chosen from the keyboard and a click on a journey's bar each keep exactly their
children (counted here from the lists), and Clear filters lets everyone back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from jtai_analysis.analysis.front_door import front_door_children, week_words
from jtai_analysis.model.prepared import prepare
from tests.browser.pages import DRAWN_MS, SCREENS, launch, open_page
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("dashboard-pages")]
CHARTS = ".jtai-front-door .js-plotly-plot"


def _count(page: Any) -> int:
    text = page.locator(".jtai-count-text").inner_text()
    return int(text.split(" of ")[0].replace(",", ""))


def _wait_for_count(page: Any, count: int) -> None:
    page.wait_for_function(
        "n => { const t = document.querySelector('.jtai-count-text');"
        " return t && parseInt(t.innerText.split(' of ')[0].replace(/,/g, '')) === n; }",
        arg=count,
        timeout=30_000,
    )


def test_a_week_and_a_journey_keep_their_children(
    dashboard_urls: dict[str, str], small_xlsx: Path
) -> None:
    from playwright.sync_api import sync_playwright

    data, _ = prepare([small_xlsx], REFERENCE_DATE)
    found = front_door_children(data, REFERENCE_DATE)
    contacts = found.weeks.filter(pl.col("list_key") == "contacts")
    week_index = 10
    week = found.window[week_index]
    in_week = contacts.filter(pl.col("week") == week.label)["child_id"].n_unique()
    patterns = (
        found.patterns.group_by("pattern").len().sort(["len", "pattern"], descending=[True, False])
    )
    second, with_second = patterns.row(1)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = open_page(browser, dashboard_urls["Explorer"], SCREENS[0])
        page.locator(".jtai-count-text").wait_for(timeout=DRAWN_MS)
        total = _count(page)
        page.locator(".jtai-front-door").scroll_into_view_if_needed(timeout=DRAWN_MS)
        page.wait_for_function(
            f"document.querySelectorAll('{CHARTS} .main-svg').length >= 2", timeout=60_000
        )
        # a week from the keyboard: the list of weeks, then the week's entry
        weeks = page.locator(".jtai-front-door-week select")
        weeks.focus()
        weeks.select_option(label=f"Contacts, {week_words(week)}")
        _wait_for_count(page, in_week)
        assert (
            f"Contacts in the week of Monday {week.monday.day}"
            in page.locator(".jtai-count-text").inner_text()
        )
        page.get_by_role("button", name="Clear filters").click()
        _wait_for_count(page, total)
        # a click on the second journey's bar, as plotly reports it
        page.locator(f"{CHARTS}").nth(1).evaluate(
            "el => el.emit('plotly_click', {points: [{curveNumber: 0, pointIndex: 1}]})"
        )
        _wait_for_count(page, with_second)
        assert f"journey {second}" in page.locator(".jtai-count-text").inner_text()
        page.get_by_role("button", name="Clear filters").click()
        _wait_for_count(page, total)
        errors, leaving = list(page.errors), list(page.leaving)
        browser.close()
    assert errors == [] and leaving == []
