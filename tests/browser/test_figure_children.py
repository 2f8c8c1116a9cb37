"""In the pack, in headless Chromium: a figure opens the children behind it with the keyboard, the
dialog passes axe-core, and closing it returns to the figure. Offline: nothing leaves the page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.pack.build import PackRequest, build_pack
from tests.browser.pages import axe_violations, offline_page
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("pack")]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def pack(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("children") / "pack"
    request = PackRequest((small_xlsx,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out)
    return build_pack(request, progress=lambda _: None)


def test_a_figure_opens_its_children_from_the_keyboard(pack: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs the Debian package")
        pytest.skip("chromium not installed (CI installs it)")
    from playwright.sync_api import sync_playwright

    behind = pl.read_parquet(pack.parent / "figure_rows.parquet").filter(
        (pl.col("figure_id") == "contacts_police_pct")
        & (pl.col("group") == "all")
        & (pl.col("role") == "numerator")
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page, leaving, errors = offline_page(browser)
        page.goto(pack.as_uri())
        figure = page.locator(
            'button.jtai-fig[data-figure="contacts_police_pct"][data-group="all"]:visible'
        ).first
        figure.focus()
        page.keyboard.press("Enter")
        dialog = page.locator("#jtai-children")
        dialog.wait_for(state="visible")
        page.wait_for_function(
            "document.querySelectorAll('#jtai-children tbody tr').length > 0", timeout=10_000
        )
        shown = dialog.locator("tbody tr")
        assert shown.count() == min(behind.height, 500)
        first = shown.first.locator("th, td").all_inner_texts()
        # child ID, list, file, sheet, row: one of the rows behind the figure
        assert (first[0], first[3], int(first[4])) in set(
            behind.select("child_id", "sheet", "row").iter_rows()
        )
        assert f"{behind.height:,}" in dialog.locator(".jtai-children-summary").inner_text()
        violations = axe_violations(page)
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        focused = page.evaluate("document.activeElement.getAttribute('data-figure')")
        browser.close()
    assert violations == [], violations
    assert focused == "contacts_police_pct"
    assert leaving == [] and errors == []
