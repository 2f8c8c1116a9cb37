"""The front door section (08) runs under papermill on small synthetic data, records the figures it
shows, marks every value with its figure, and builds from the Tuesday lists alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jtai_analysis.analysis.figures import compute_figures, figure_inputs
from jtai_analysis.analysis.front_door import WEEKLY_FIGURES
from jtai_analysis.model.prepared import prepare
from jtai_analysis.pack.build import notebook_sources
from jtai_analysis.presentation.records import read_records
from tests.conftest import REFERENCE_DATE
from tests.notebooks.test_notebooks import _run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("notebooks")]


def _section() -> Path:
    return next(p for p in notebook_sources() if p.name.startswith("08_"))


def test_front_door_section_shows_the_figures(small_xlsx: Path, tmp_path: Path) -> None:
    executed = _run(_section(), tmp_path, small_xlsx)
    shown = read_records(executed)["front_door"]
    data, _ = prepare([small_xlsx], REFERENCE_DATE)
    figures = compute_figures(figure_inputs(data, REFERENCE_DATE))
    # the section's weeks are the figures' weeks, 28 of them from 2026-W20 to 2026-W47
    for figure_id in WEEKLY_FIGURES:
        counts = shown["weeks"][f"{figure_id} all"]["counts"]
        assert len(counts) == 28
        assert sum(counts) == figures.number(figure_id)
    conversion = shown["conversions"]["contact_to_referral_30d_pct all"]
    assert conversion == figures.number("contact_to_referral_30d_pct")
    assert 0 < conversion < 100
    # focus children's difference from the other under-8s is the one the figure records
    for figure_id, shown_difference in shown["differences"].items():
        focus = figures.figure(figure_id, "focus=Yes") or {}
        recorded = [focus.get(k) for k in ("difference", "difference_low", "difference_high")]
        assert shown_difference == (None if recorded[0] is None else recorded), figure_id
    assert sum(shown["top_patterns"].values()) <= figures.number("journey_patterns")
    page = json.dumps(json.loads(executed.read_text(encoding="utf-8"))["cells"])
    assert "Traceback" not in page
    # every value is a figure the page can open: weeks, conversions by source, patterns
    assert 'data-figure=\\"contacts_by_week\\" data-group=\\"week=2026-W20\\"' in page
    assert 'data-figure=\\"referral_to_s47_30d_pct\\" data-group=\\"source=6\\"' in page
    top = next(iter(shown["top_patterns"]))
    assert (
        f'data-figure=\\"journey_patterns\\" data-group=\\"pattern={top}\\"'.replace(">", "&gt;")
        in page
    )
    assert "partial week: 16 May to 17 May in the window" in page


def test_front_door_section_builds_from_the_tuesday_lists(tmp_path: Path) -> None:
    from jtai_analysis.synth import write_submission

    tuesday = tmp_path / "tuesday"
    write_submission(tmp_path / "all", size="small", seed=3, file_format="csv")
    tuesday.mkdir()
    for name in ("list_4_assessments.csv", "list_6_cin.csv", "list_7_cp.csv"):
        shutil.copy(tmp_path / "all" / name, tuesday / name)
    executed = _run(_section(), tmp_path, tuesday)
    shown = read_records(executed)["front_door"]
    assert shown["weeks"]["contacts_by_week all"]["counts"] is None  # not arrived: not 0
    assert shown["weeks"]["assessments_started_by_week all"]["counts"]
    assert shown["conversions"]["contact_to_referral_30d_pct all"] is None
    page = json.dumps(json.loads(executed.read_text(encoding="utf-8"))["cells"])
    assert "Traceback" not in page
    assert "Not available: List 1 Contacts has not arrived." in page
    assert "Not available: List 3 Referrals has not arrived." in page
