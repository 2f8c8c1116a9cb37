"""The page checks of the browser tests (``look_at_page.js``) find what a person would see wrong,
and only that: each case is a small page written here by hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.pages import SCREENS, launch, problems_in_sight, require_browser

pytestmark = [pytest.mark.browser]

VBOX = "jupyter-widget-vbox"  # a column of rows, as ipywidgets draws a VBox
ROW = "display:flex;align-items:center;gap:8px"


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    require_browser()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser.new_page(viewport=SCREENS[0].viewport)
        browser.close()


def _problems(page: Any, body: str) -> list[str]:
    page.set_content(f"<html lang='en'><body style='font: 16px sans-serif'>{body}</body></html>")
    return problems_in_sight(page)


def test_a_page_laid_out_well_has_no_problem(page: Any) -> None:
    rows = "".join(
        f"<div style='{ROW};flex:0 0 auto'><span>Child {i}: List A, under 2</span>"
        f"<label><input type=radio> Lock</label><label><input type=checkbox> Keep out</label></div>"
        for i in range(30)
    )
    body = (
        "<p>A paragraph of words that wrap over several lines as the page narrows. " * 5 + "</p>"
        f"<div class='{VBOX}' style='display:flex;flex-direction:column'>"
        f"<div class='jtai-scrolls {VBOX}' style='display:flex;flex-direction:column;"
        f"max-height:200px;overflow-y:auto'>{rows}</div></div>"
        "<svg width='300' height='100'><text x='20' y='50' transform='rotate(-30 20 50)'>First"
        "</text><text x='60' y='50' transform='rotate(-30 60 50)'>Second</text></svg>"
        "<span style='position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden'>"
        "for screen readers only</span>"
    )
    assert _problems(page, body) == []


def test_rows_squeezed_flat_are_cut_off(page: Any) -> None:
    # the workbench before: each row of a long list squeezed to 14 px, a scroll box of its own
    rows = "".join(
        f"<div style='{ROW};overflow:auto;flex:0 1 auto;min-height:0'>"
        f"<span style='line-height:28px'>Child {i}: List A, under 2</span>"
        f"<button style='height:28px'>Lock</button></div>"
        for i in range(30)
    )
    body = (
        f"<div class='{VBOX}' style='display:flex;flex-direction:column;height:420px'>{rows}</div>"
    )
    problems = _problems(page, body)
    assert any(p.startswith('cut off: "Child 0: List A') for p in problems), problems
    assert any(p.startswith('cut off: button "Lock"') for p in problems), problems


def test_text_ending_in_an_ellipsis_or_clipped_is_cut_off(page: Any) -> None:
    body = (
        "<button style='width:60px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis'>"
        "As proposed</button>"
        "<div style='width:80px;height:20px;overflow:hidden;white-space:nowrap'>"
        "Keep out of the 6</div>"
    )
    problems = _problems(page, body)
    assert any('"As proposed"' in p and "ellipsis" in p for p in problems), problems
    assert any(p.startswith('cut off: "Keep out of the 6"') for p in problems), problems


def test_texts_drawn_over_each_other_and_rows_that_overlap_are_found(page: Any) -> None:
    body = (
        "<div style='position:relative;height:40px'>"
        "<span style='position:absolute;left:0;top:0'>Lock into the 6</span>"
        "<span style='position:absolute;left:20px;top:4px'>Keep out of the 6</span></div>"
        f"<div class='{VBOX}' style='display:flex;flex-direction:column'>"
        "<div style='height:30px'>First row</div>"
        "<div style='height:30px;margin-top:-20px;margin-left:200px'>Second row</div></div>"
    )
    problems = _problems(page, body)
    assert any("drawn over each other" in p and "Lock into the 6" in p for p in problems)
    assert any(p.startswith("rows overlap by 20 px") for p in problems), problems


def test_turned_chart_labels_overlap_only_where_their_letters_do(page: Any) -> None:
    apart = "".join(
        f"<text x='{x}' y='160' transform='rotate(-45 {x} 160)'>Health services</text>"
        for x in (40, 70, 100)
    )
    assert _problems(page, f"<svg width='400' height='200'>{apart}</svg>") == []
    together = "".join(
        f"<text x='{x}' y='160' transform='rotate(-45 {x} 160)'>Health services</text>"
        for x in (40, 44)
    )
    problems = _problems(page, f"<svg width='400' height='200'>{together}</svg>")
    assert any("drawn over each other" in p for p in problems), problems


def test_words_that_wrap_beside_others_are_not_drawn_over_them(page: Any) -> None:
    # "Read with" wraps from the end of one line to the start of the next; the code after it on
    # the second line sits inside the box around both lines, but on no line of the wrapped words
    body = (
        "<p style='width:260px'>Focus children are found on Lists 4 and 6 only, so the "
        "<em>Read with column</em> <code>--suppress-below</code> says so.</p>"
    )
    assert _problems(page, body) == []
    # words truly drawn over others are still found, wrapped or not
    drawn_over = (
        "<p style='width:260px'><em>Read with column and more words to wrap</em></p>"
        "<code style='position:relative;top:-24px'>--suppress-below</code>"
    )
    assert any("drawn over each other" in p for p in _problems(page, drawn_over))
