"""The briefing pack opened in headless Chromium with every request off this machine blocked: charts
drawn, one h1, contents matching the sections, no axe-core (WCAG) violation, no script error; the
sections in the inspection's order, and a print layout classified and numbered on every page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.pages import axe_violations, offline_page

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("pack")]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_pack_renders_offline_in_chromium(small_pack: Path, record_property) -> None:  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs the Debian package")
        pytest.skip("chromium not installed (CI installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page, leaving, errors = offline_page(browser)
        page.goto(small_pack.as_uri())
        expected_charts = page.locator(".jtai-figure").count()
        assert expected_charts >= 2
        page.wait_for_function(
            f"document.querySelectorAll('.jtai-figure svg.main-svg').length >= {expected_charts}",
            timeout=30_000,
        )
        assert page.locator("h1").count() == 1
        toc = page.locator("nav.toc a").all_inner_texts()
        sections = page.locator("section.pack-section h2").all_inner_texts()
        assert toc and [t.strip() for t in toc] == [s.replace("¶", "").strip() for s in sections]
        violations = axe_violations(page)
        browser.close()
    record_property("axe_violations", len(violations))
    assert violations == [], violations
    assert leaving == []
    assert errors == []


def test_pack_is_shaped_for_the_inspection_and_prints_cleanly(small_pack: Path) -> None:
    """Sections in the inspection's order; on paper every page is classified and numbered, the
    numbers behind each chart print once (open, without their toggle) and headings stay with
    what follows them."""
    page_text = small_pack.read_text(encoding="utf-8")
    assert '@top-center { content: "OFFICIAL-SENSITIVE"' in page_text
    assert 'content: "Page " counter(page) " of " counter(pages)' in page_text
    by_group = small_pack.parent / "indicators_by_group.csv"
    assert by_group.read_text().splitlines()[0] == (
        "indicator_id,group_by,group,value,numerator,denominator,unit"
    )
    if not CHROMIUM:
        pytest.skip("chromium not installed (CI installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page, _, _ = offline_page(browser)
        page.goto(small_pack.as_uri())
        sections = [
            s.replace("¶", "").strip()
            for s in page.locator("section.pack-section h2").all_inner_texts()
        ]
        assert sections == [
            "The submission at a glance",
            "What stands out",
            "Focus children beside the other under-8s",
            "Lines of enquiry: the children behind them",
            "How concerns arrive",
            "The front door over time",
            "Practice and timeliness",
            "Unborn children and pre-birth work",
            "Under-8s not in full-time education",
            "Nominations and sampling",
            "Week 2 for the 6, and the fieldwork-week meetings",
            "Timeline and information requests",
            # "Beside the other areas" has nothing to say in a pack built for one area: left out
            "Data quality (appendix)",
        ]
        left_out = page.locator("div.left-out").inner_text()
        assert "Beside the other areas: this pack was built for one area" in left_out
        page.emulate_media(media="print")
        styles = page.evaluate(
            """() => {
                const h3 = getComputedStyle(document.querySelector('section.pack-section h3'));
                const table = document.querySelector('div.jtai-numbers table');
                return {
                    h3: h3.breakAfter,
                    panels: document.querySelectorAll('details.jtai-numbers').length,
                    table: table.getBoundingClientRect().height,
                };
            }"""
        )
        browser.close()
    # the numbers behind each chart print with it: on the page, not in a panel that may be closed
    assert styles["h3"] == "avoid" and styles["panels"] == 0 and styles["table"] > 0
