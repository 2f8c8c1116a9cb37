"""The explorer served by `jtai dashboard`, in headless Chromium: a click on a bar shows the rows
behind its figure in the children's table (the children counted here from the cohort), with words
saying which figure and group, and "Back to all children" lets every child back."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import prepare
from tests.browser.pages import DRAWN_MS, SCREENS, launch, open_page
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("dashboard-pages")]
CHARTS = ".jtai-cohort-charts"  # the chart widget is plotly's own element


def test_a_click_on_a_bar_shows_its_children_in_the_table(
    dashboard_urls: dict[str, str], small_xlsx: Path
) -> None:
    from playwright.sync_api import sync_playwright

    data, _ = prepare([small_xlsx], REFERENCE_DATE)
    cohort = children(data, REFERENCE_DATE)
    under_2 = sorted(
        cohort.filter(pl.col("age_group").cast(pl.String) == "under_2")["child_id"].to_list()
    )
    assert under_2
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = open_page(browser, dashboard_urls["Explorer"], SCREENS[0])
        page.locator(".jtai-count-text").wait_for(timeout=DRAWN_MS)
        page.locator(".jtai-cohort-charts").scroll_into_view_if_needed(timeout=DRAWN_MS)
        page.wait_for_function(
            f"document.querySelectorAll('{CHARTS} .main-svg').length >= 1", timeout=60_000
        )
        # a click on the second bar of the age groups (Under 2), as plotly reports it
        page.locator(CHARTS).first.evaluate(
            "el => el.emit('plotly_click', {points: [{curveNumber: 0, pointIndex: 1}]})"
        )
        expected = f"Children in Lists 1 to 7, Under 2: {len(under_2):,} ({len(under_2):,} rows)"
        page.wait_for_function(
            "t => document.querySelector('.jtai-table-words').innerText.includes(t)",
            arg=expected,
            timeout=30_000,
        )
        grid = page.locator(".jtai-grid")
        grid.scroll_into_view_if_needed(timeout=DRAWN_MS)
        # the grid is built again for the rows behind the bar: its headers are theirs
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jtai-grid thead th')]"
            ".map(th => th.innerText.trim()).slice(0, 4).join('|') === 'Child ID|List|Sheet|Row'",
            timeout=60_000,
        )
        page.wait_for_function(
            "id => [...document.querySelectorAll('.jtai-grid tbody tr td:first-child')]"
            ".some(td => td.innerText.trim() === id)",
            arg=under_2[0],
            timeout=60_000,
        )
        first_cells = grid.locator("tbody tr td:first-child").all_inner_texts()
        assert set(first_cells) <= set(under_2)  # only the children behind the bar
        page.get_by_role("button", name="Back to all children").click()
        page.wait_for_function(
            "n => { const t = document.querySelector('.jtai-count-text');"
            " return t && t.innerText.startsWith(n); }",
            arg=f"{cohort.height:,} of",
            timeout=30_000,
        )
        page.wait_for_function(
            "() => document.querySelector('.jtai-table-words').innerText"
            ".includes('every child the filters let through')",
            timeout=30_000,
        )
        errors, leaving = list(page.errors), list(page.leaving)
        browser.close()
    assert errors == [] and leaving == []
