"""The briefing pack as a person reads it, section by section, at the screens inspectors use
(1366x768, 1600x1000, 1920x1080, each at 100% and 200% zoom): no text cut off, nothing drawn over
anything else (a chart's labels included), no WCAG 2.1 AA violation axe-core finds. A screenshot
of each section is kept as a test artefact (``test-artifacts/browser``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pages import (
    AXE_SCREENS,
    SCREENS,
    artefacts_dir,
    axe_violations,
    launch,
    open_page,
    problems_in_sight,
    report,
    require_browser,
    settle,
)

# (the pack is built once per test process and shared with tests/e2e/test_pack.py: same group)
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("pack")]


def test_every_section_of_the_pack_can_be_read_on_every_screen(built_pack: Path) -> None:
    from playwright.sync_api import sync_playwright

    require_browser()
    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = open_page(browser, built_pack.as_uri(), SCREENS[0])
        page.wait_for_load_state("load")  # the whole file read, every section and chart in it
        figures = page.locator(".jtai-figure").count()
        page.wait_for_function(
            "n => document.querySelectorAll('.jtai-figure svg.main-svg').length >= n",
            arg=figures,
            timeout=60_000,
        )
        sections = page.locator("section.pack-section")
        assert sections.count() >= 5
        for screen in SCREENS:
            page.set_viewport_size(screen.viewport)
            settle(page)
            found = problems_in_sight(page)
            # (tests/e2e/test_pack.py runs every axe-core rule at the browser's own size)
            if screen == AXE_SCREENS[-1]:
                found += axe_violations(page)
            if screen in AXE_SCREENS:  # each section as a person on the smallest screen sees it
                for index in range(sections.count()):
                    path = artefacts_dir() / f"pack-section-{index + 1:02d}-{screen.name}.png"
                    sections.nth(index).screenshot(path=str(path), animations="disabled")
            if found:
                problems[screen.name] = found
        leaving, errors = page.leaving, page.errors
        browser.close()
    assert not problems, f"the pack cannot be read as laid out:\n{report(problems)}"
    assert leaving == []
    assert errors == [], errors
