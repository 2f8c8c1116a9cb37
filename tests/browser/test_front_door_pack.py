"""The front door section of the pack in headless Chromium: the weekly charts are drawn, and a
week, a conversion by source and a journey pattern each open the children behind them (the rows
of figure_rows.parquet), offline."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.pack.build import PackRequest, build_pack
from tests.browser.pages import offline_page
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("pack")]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SECTION = 'section[id="The-front-door-over-time"]'


@pytest.fixture(scope="module")
def pack(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("front-door") / "pack"
    request = PackRequest((small_xlsx,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out)
    return build_pack(request, progress=lambda _: None)


def _behind(pack: Path, figure_id: str, group: str) -> pl.DataFrame:
    return pl.read_parquet(pack.parent / "figure_rows.parquet").filter(
        (pl.col("figure_id") == figure_id)
        & (pl.col("group") == group)
        & (pl.col("role") == "numerator")
    )


def test_weeks_sources_and_patterns_open_their_children(pack: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs the Debian package")
        pytest.skip("chromium not installed (CI installs it)")
    from playwright.sync_api import sync_playwright

    figures = pl.read_csv(pack.parent / "figures.csv", infer_schema_length=0)
    busiest = (
        figures.filter(
            (pl.col("figure_id") == "contacts_by_week") & pl.col("group").str.starts_with("week=")
        )
        .sort(pl.col("value").cast(pl.Int64), descending=True)
        .row(0, named=True)
    )
    top = (
        figures.filter(
            (pl.col("figure_id") == "journey_patterns")
            & pl.col("group").str.starts_with("pattern=")
        )
        .sort(pl.col("value").cast(pl.Int64), descending=True)
        .row(0, named=True)
    )
    wanted = [
        ("contacts_by_week", busiest["group"]),
        ("referral_to_assessment_30d_pct", "source=6"),
        ("journey_patterns", top["group"]),
    ]
    opened: dict[tuple[str, str], list[list[str]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page, leaving, errors = offline_page(browser)
        page.goto(pack.as_uri())
        section = page.locator(SECTION)
        charts = section.locator(".jtai-figure").count()
        assert charts >= 4  # one a weekly flow
        section.scroll_into_view_if_needed()
        page.wait_for_function(
            f"document.querySelectorAll('{SECTION} .jtai-figure svg.main-svg').length >= {charts}",
            timeout=30_000,
        )
        dialog = page.locator("#jtai-children")
        for figure_id, group in wanted:
            button = section.locator(
                f'button.jtai-fig[data-figure="{figure_id}"][data-group="{group}"]'
            ).first
            # a week's count is in the numbers behind its chart: open them as a reader would
            button.evaluate("b => { const d = b.closest('details'); if (d) d.open = true; }")
            button.scroll_into_view_if_needed()
            button.click()
            dialog.wait_for(state="visible")
            page.wait_for_function(
                "document.querySelectorAll('#jtai-children tbody tr').length > 0", timeout=10_000
            )
            opened[(figure_id, group)] = [
                row.locator("th, td").all_inner_texts() for row in dialog.locator("tbody tr").all()
            ]
            page.keyboard.press("Escape")
            dialog.wait_for(state="hidden")
        browser.close()
    assert leaving == [] and errors == []
    for (figure_id, group), rows in opened.items():
        behind = _behind(pack, figure_id, group)
        assert len(rows) == behind.height > 0, (figure_id, group)
        # child ID, list, file, sheet, row: each shown row is one of the rows behind the figure
        expected = set(behind.select("child_id", "sheet", "row").iter_rows())
        assert {(r[0], r[3], int(r[4])) for r in rows} <= expected, (figure_id, group)
    # the busiest week's count is the number of its rows, and the pattern's one row a child
    assert len(opened[("contacts_by_week", busiest["group"])]) == int(busiest["value"])
    pattern_rows = opened[("journey_patterns", top["group"])]
    assert len({r[0] for r in pattern_rows}) == len(pattern_rows) == int(top["value"])
