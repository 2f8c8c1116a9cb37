"""The inspection's lens: what stands out (the sections' figures are tested in
tests/unit/analysis/figures/test_section_figures.py).

Small hand-built submissions; every expected value is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis import stands_out
from jtai_analysis.analysis.figures import FigureSet
from jtai_analysis.analysis.figures.figure_set import FIGURE_SCHEMA, ROWS_SCHEMA

D = dt.date
R = D(2026, 11, 16)  # a Monday; window 16/05/2026 to 16/11/2026


def test_wilson_interval_known_values() -> None:
    # published Wilson 95% intervals: 5/10 -> 0.2366 to 0.7634; 4/10 -> 0.1682 to 0.6873; 0/10 -> 0 to 0.2775
    assert stands_out.wilson_interval(5, 10) == pytest.approx((23.66, 76.34), abs=0.01)
    assert stands_out.wilson_interval(4, 10) == pytest.approx((16.82, 68.73), abs=0.01)
    assert stands_out.wilson_interval(0, 10) == pytest.approx((0.0, 27.75), abs=0.01)


# The statements themselves (focus children beside the other under-8s, England with its period)
# are tested in tests/unit/analysis/test_stands_out.py; small counts by the pack's one rule in
# tests/unit/privacy/test_suppression.py (issue 25).


def test_ec_glossary_lists_each_cited_criterion_once_in_order() -> None:
    glossary = stands_out.ec_glossary(["EC9; EC3", "EC3", None, "EC12"])
    assert glossary["Criterion"].to_list() == ["EC3", "EC9", "EC12"]
    assert glossary["In short"][0].startswith("Good understanding of children's needs")


def test_derived_england_comparator_is_labelled() -> None:
    row = {
        "figure_id": "assessments_within_45wd_pct",
        "group": "all",
        "value": 50.0,
        "numerator": 10,
        "denominator": 20,
        "unit": "percent",
        "available": True,
        "note": "",
        "national_value": 85.7,
        "national_period": "2024-25",
        "denominator_group": None,
        "is_empty": False,
    }
    figures = FigureSet(
        reference_date=D(2025, 11, 16),  # window from 16/05/2025: in period for 2024-25
        figures=pl.DataFrame([row], schema=FIGURE_SCHEMA),
        rows=pl.DataFrame(schema=ROWS_SCHEMA),
    )
    found = stands_out.statements(figures).row(0, named=True)
    # 10 of 20: Wilson 29.9% to 70.1%, excludes 85.7
    assert found["comparator"] == "England 2024-25 (derived): 85.7%" and found["is_called_out"]
    assert found["statement"].startswith("Fewer assessments are completed within 45 working days")
