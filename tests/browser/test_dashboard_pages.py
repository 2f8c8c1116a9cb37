"""The explorer and the sampling workbench as a person sees and uses them, in headless Chromium.

- Read at the screens inspectors use (1366x768, 1600x1000, 1920x1080, each at 100% and 200% zoom):
  no text cut off, nothing drawn over anything else, no two rows overlapping, and no WCAG 2.1 AA
  violation axe-core finds. A screenshot of each page at each screen is kept as a test artefact
  (``test-artifacts/browser``, or ``JTAI_TEST_ARTIFACTS``).
- Used with the keyboard alone: Tab reaches every control, in reading order, each showing where
  the focus is; and each kind of control does its job from the keyboard.

Both pages are opened once (at the same time: each runs its own kernel) and looked at, then used.
(In the xdist group of tests/e2e/test_dashboard.py: one test process, one prepared-data cache.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.keyboard import tab_through
from tests.browser.pages import (
    AXE_SCREENS,
    DRAWN_MS,
    SCREENS,
    axe_violations,
    keep_screenshot,
    launch,
    open_page,
    problems_in_sight,
    report,
    settle,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("dashboard")]

# page name (as `jtai dashboard` prints it): (what says it is drawn, the screenshots' name)
PAGES = {
    "Explorer": (".jtai-count-text", "explorer"),
    "Sampling workbench": (".jtai-sample-status", "sampling-workbench"),
}


@pytest.fixture(scope="module")
def pages(dashboard_urls: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Both pages, open and drawn (charts and the children's grid too), at the first screen."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        opened = {name: open_page(browser, dashboard_urls[name], SCREENS[0]) for name in PAGES}
        for name, page in opened.items():
            page.locator(PAGES[name][0]).wait_for(timeout=DRAWN_MS)
            page.wait_for_function(
                "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                arg=max(page.locator(".js-plotly-plot").count(), 1),
                timeout=60_000,
            )
        grid = opened["Explorer"].locator(".jtai-grid")
        grid.scroll_into_view_if_needed()  # built when it comes into sight
        opened["Explorer"].locator(".jtai-grid table.dataTable").wait_for(timeout=60_000)
        yield opened
        browser.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_word_and_row_can_be_read_on_every_screen(pages: dict[str, Any], name: str) -> None:
    page, problems = pages[name], {}
    for screen in SCREENS:
        page.set_viewport_size(screen.viewport)
        settle(page)
        found = problems_in_sight(page)
        if screen in AXE_SCREENS:
            found += axe_violations(page)
        keep_screenshot(page, PAGES[name][1], screen, whole=screen in AXE_SCREENS)
        if found:
            problems[screen.name] = found
    page.set_viewport_size(SCREENS[0].viewport)
    settle(page)
    assert not problems, f"{name} cannot be read as laid out:\n{report(problems)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_tab_reaches_every_control_in_reading_order_with_a_focus_one_can_see(
    pages: dict[str, Any], name: str
) -> None:
    walk = tab_through(pages[name])
    assert len(walk.controls) > 10, walk.controls  # the controls were found at all
    assert walk.unreached == [], f"not reached with Tab: {walk.unreached}"
    assert walk.out_of_order == [], walk.out_of_order
    assert walk.backwards == [], f"against the reading order: {walk.backwards}"
    assert walk.unseen_focus == [], f"no focus one can see: {walk.unseen_focus}"
    assert walk.out_of_sight == [], f"focused out of sight: {walk.out_of_sight}"


def _count(page: Any) -> int:
    text = page.locator(".jtai-count-text").inner_text()
    return int(text.split(" of ")[0].replace(",", ""))


def _column(page: Any, column: int) -> list[str]:
    """The cells of one column of the grid's page, as shown."""
    return page.locator(
        f".jtai-grid table.dataTable tbody tr td:nth-child({column})"
    ).all_inner_texts()


def _uk_dates(cells: list[str]) -> list[dt.date]:
    """Dates as a UK reader reads them (dd/mm/yyyy); a blank cell has none."""
    return [dt.datetime.strptime(cell, "%d/%m/%Y").date() for cell in cells if cell.strip()]


def _column_once_sorted(page: Any, column: int, order: str) -> list[str]:
    """The column's cells (dd/mm/yyyy) once the grid shows them in date order, ``ascending`` or
    ``descending``, read in the same moment the order was seen (a wait times out if it never is)."""
    shown = f".jtai-grid table.dataTable tbody tr td:nth-child({column})"
    cells = page.wait_for_function(
        """([shown, order]) => {
          const cells = [...document.querySelectorAll(shown)].map((c) => c.innerText.trim());
          const days = cells.filter((c) => c).map((c) => c.split("/").reverse().join("-"));
          const inOrder = days.every((day, i) => i === 0 || (order === "ascending"
            ? days[i - 1] <= day : days[i - 1] >= day));
          return days.length > 5 && inOrder && cells;
        }""",
        arg=[shown, order],
        timeout=30_000,
    )
    return list(cells.json_value())


def _grid_at_rest(page: Any) -> None:
    """The grid in sight and built for the newest rows: a change that arrived while it was out of
    sight is built when it comes into sight (``grid_widget``), and would undo a sort begun before."""
    page.locator(".jtai-grid").scroll_into_view_if_needed()
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    settle(page)


def test_the_explorer_works_from_the_keyboard(pages: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    page = pages["Explorer"]
    # (the numbers and the grid first: a filter changed redraws them, and would close the one and
    # sort the other again)
    summary = page.locator(".jtai-cohort details summary").first
    summary.focus()
    page.keyboard.press("Enter")  # a chart's numbers, folded away
    expect(page.locator(".jtai-cohort details").first).to_have_attribute("open", "")

    # The grid sorted by a date from the keyboard, in date order (not in the order of the words
    # dd/mm/yyyy, which would put 01/12/2025 before 02/10/2026 before 03/05/2026)
    _grid_at_rest(page)
    headers = page.locator(".jtai-grid thead th")
    first_event = [t.strip() for t in headers.all_inner_texts()].index("First event") + 1
    unsorted = _uk_dates(_column(page, first_event))
    assert unsorted != sorted(unsorted)  # (else the sort below would prove nothing)
    page.locator(f".jtai-grid thead th:nth-child({first_event}) .dt-column-order").focus()
    page.keyboard.press("Enter")
    ascending = _uk_dates(_column_once_sorted(page, first_event, "ascending"))
    assert ascending == sorted(ascending)
    page.keyboard.press("Enter")
    descending = _uk_dates(_column_once_sorted(page, first_event, "descending"))
    assert descending == sorted(descending, reverse=True) and descending[0] > ascending[0]
    child = page.locator(".jtai-grid tbody tr td").first.inner_text().strip()
    page.locator(".jtai-grid input[type=search]").focus()
    page.keyboard.type(child)  # the grid's search
    expect(page.locator(".jtai-grid .dt-info")).to_contain_text("1 of 1 entry", timeout=30_000)

    count = page.locator(".jtai-count-text")
    everyone = _count(page)
    page.get_by_label("Under 2", exact=True).focus()
    page.keyboard.press("Space")  # a tick box
    expect(count).not_to_have_text(re.compile(rf"^{everyone:,} of"), timeout=30_000)
    assert _count(page) < everyone
    page.get_by_role("button", name="Clear filters").focus()
    page.keyboard.press("Enter")  # a button
    expect(count).to_have_text(re.compile(rf"^{everyone:,} of"), timeout=30_000)
    page.get_by_label("Events from").focus()
    page.keyboard.type("01102026")  # a date, typed day first as in a UK browser
    expect(count).not_to_have_text(re.compile(rf"^{everyone:,} of"), timeout=30_000)
    page.get_by_role("button", name="Clear filters").focus()
    page.keyboard.press("Enter")
    expect(count).to_have_text(re.compile(rf"^{everyone:,} of"), timeout=30_000)

    page.get_by_label("Export as").focus()
    page.keyboard.press("ArrowDown")  # a drop-down list: Excel, then CSV
    page.get_by_role("button", name="Export the children shown").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".jtai-export-result")).to_contain_text(".csv", timeout=30_000)

    page.locator(".jtai-child-id input").focus()
    page.keyboard.type(child)  # a text box: follow a child
    page.keyboard.press("Enter")
    expect(page.locator(".jtai-profile")).to_contain_text(f"Child {child}:", timeout=30_000)
    events = page.locator(".jtai-follow table").first.inner_text()
    assert not re.search(r":\s*\d", events), events  # no codes such as "contact source: 4"
    assert not re.search(r"[a-z]+_[a-z]+", events)  # no field names such as da_victim
    assert not re.search(r"\d{4}-\d{2}-\d{2}", events)  # dates as UK readers read them


def test_the_workbench_works_from_the_keyboard(pages: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    page = pages["Sampling workbench"]
    status = page.locator(".jtai-sample-status")
    row = page.locator(".jtai-cand-row").first
    row.get_by_role("radio", name="Lock").focus()
    page.keyboard.press("Space")  # one of three choices
    expect(status).to_contain_text("1 locked", timeout=30_000)
    row.get_by_label("Keep out of the 6").focus()
    page.keyboard.press("Space")
    expect(status).to_contain_text("1 kept out of the 6", timeout=30_000)
    page.get_by_label("as", exact=True).focus()
    page.keyboard.press("ArrowDown")  # CSV, then Excel
    page.get_by_role("button", name="Save the 20 and 6").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".jtai-save-result")).to_contain_text("selected_20.xlsx", timeout=30_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_left_the_machine_and_no_error_was_logged(pages: dict[str, Any], name: str) -> None:
    assert pages[name].leaving == []
    assert pages[name].errors == [], pages[name].errors
