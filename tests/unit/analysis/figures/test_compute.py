"""The figures model on hand-built lists: every expected value worked out by hand here.

R is Monday 16 November 2026; the window runs from Saturday 16 May 2026 to R, both included.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.analysis.figures import compute_figures, figure_inputs
from jtai_analysis.analysis.indicators import by_group_from
from jtai_analysis.model.prepared import PreparedData

D = dt.date
R = D(2026, 11, 16)


def _provenance(sheet: str, count: int) -> dict[str, list]:
    return {
        "_file": ["annex_a.xlsx"] * count,
        "_sheet": [sheet] * count,
        "_row": list(range(2, 2 + count)),
    }


def _frames() -> dict[str, pl.DataFrame]:
    return {
        "contacts": pl.DataFrame(
            {
                **_provenance("List 1", 5),
                "child_id": ["A", "A", "B", "B", "C"],
                # the window's first day (in), the day before it (out), R (in), the day after R
                # (out), and one in the middle with no readable source
                "contact_date": [D(2026, 5, 16), D(2026, 5, 15), R, D(2026, 11, 17), D(2026, 8, 1)],
                "contact_source": ["6", "6", "3A", "6", None],
            }
        ),
        "referrals": pl.DataFrame(
            {
                **_provenance("List 3", 1),
                "child_id": ["A"],
                "referral_date": [
                    D(2026, 5, 19)
                ],  # Tuesday: 2 working days after Saturday's contact
                "referral_source": ["6"],
                "referral_nfa": ["Yes"],
                "referrals_last_12m_count": [0],
            }
        ),
        "assessments": pl.DataFrame(
            {
                **_provenance("List 4", 3),
                "child_id": ["A", "D", "C"],
                "date_of_birth": [D(2025, 1, 1), D(2012, 1, 1), D(2020, 3, 1)],
                "assessment_start_date": [D(2026, 6, 1)] * 3,
                "assessment_authorised_date": [D(2026, 7, 1)] * 3,
                "da_victim": ["Yes", "Yes", "No"],
            }
        ),
        "cin": pl.DataFrame(
            {
                **_provenance("List 6", 3),
                "child_id": ["A", "E", "C"],
                "date_of_birth": [D(2025, 1, 1), D(2027, 2, 1), D(2020, 3, 1)],
                "da_victim": ["Yes", None, "Yes"],
            }
        ),
        # arrived, but nothing in the window
        "s47": pl.DataFrame(
            {
                **_provenance("List 5", 1),
                "child_id": ["D"],
                "strategy_date": [D(2026, 1, 5)],
                "icpc_date": [D(2026, 1, 20)],
                "icpc_resulted_in_cpp": ["Yes"],
            }
        ),
    }


def _figures(**changes: pl.DataFrame | None):  # type: ignore[no-untyped-def]
    frames = {**_frames(), **changes}
    data = PreparedData(
        reference_date=R,
        valid={k: v for k, v in frames.items() if v is not None},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )
    return compute_figures(figure_inputs(data, R))


@pytest.fixture(scope="module")
def figures():  # type: ignore[no-untyped-def]
    return _figures()


def _numbers(figures, figure_id: str, group: str = "all") -> tuple:  # type: ignore[no-untyped-def]
    row = figures.figure(figure_id, group)
    return row["numerator"], row["denominator"], row["value"]


def test_window_edges_are_both_included(figures) -> None:  # type: ignore[no-untyped-def]
    assert _numbers(figures, "contacts_count") == (3, None, 3.0)  # rows 2, 4 and 6
    rows = figures.rows_behind("contacts_count")
    assert sorted(rows["row"].to_list()) == [2, 4, 6]
    assert set(rows["sheet"]) == {"List 1"} and set(rows["source_file"]) == {"annex_a.xlsx"}


def test_blank_hit_is_left_out_and_noted(figures) -> None:  # type: ignore[no-untyped-def]
    # police: row 2 (6), not row 4 (3A); row 6 has no source
    assert _numbers(figures, "contacts_police_pct") == (1, 2, 50.0)
    assert figures.figure("contacts_police_pct")["note"] == (
        "1 row left out: contact source not readable."
    )
    assert figures.rows_behind("contacts_police_pct")["row"].to_list() == [2]
    assert sorted(figures.rows_behind("contacts_police_pct", role="denominator")["row"]) == [2, 4]


def test_a_child_on_two_lists_is_one_child(figures) -> None:  # type: ignore[no-untyped-def]
    # A: Yes on List 4 and List 6 (under 2); C: No on List 4, Yes on List 6 (5 to 7); D is 8
    assert _numbers(figures, "da_children_under8") == (2, None, 2.0)
    assert _numbers(figures, "da_children_under_2")[0] == 1
    assert _numbers(figures, "da_children_5_to_7")[0] == 1
    assert _numbers(figures, "da_children_unborn")[0] == 0
    rows = figures.rows_behind("da_children_under8")
    assert sorted(rows["child_id"]) == ["A", "C"]  # one row a child
    # children in Lists 1 to 7: A, B, C, D, E once each however many lists they are on
    assert _numbers(figures, "children_count")[0] == 5


def test_percent_of_children_leaves_out_a_child_with_no_readable_flag(figures) -> None:  # type: ignore[no-untyped-def]
    # List 6: A Yes, C Yes, E blank
    assert _numbers(figures, "cin_da_pct") == (2, 2, 100.0)
    assert figures.figure("cin_da_pct")["note"] == (
        "1 child left out: domestic abuse field not readable on any of the child's rows."
    )


def test_focus_breakdown(figures) -> None:  # type: ignore[no-untyped-def]
    # focus children A and C: row 2 (A, police), row 6 (C, blank source); B is not a focus child
    assert _numbers(figures, "contacts_police_pct", "focus=Yes") == (1, 1, 100.0)
    assert _numbers(figures, "contacts_police_pct", "focus=No") == (0, 1, 0.0)
    assert _numbers(figures, "contacts_police_pct", "domestic_abuse=Yes") == (1, 1, 100.0)


def test_arrived_with_nothing_in_the_window_is_zero_and_says_so(figures) -> None:  # type: ignore[no-untyped-def]
    row = figures.figure("s47_count")
    assert (row["value"], row["available"]) == (0.0, True) and "List 5" in row["note"]
    conference = figures.figure("icpc_within_15wd_pct")
    assert conference["value"] is None and not conference["available"]
    assert conference["note"] == "Not available: no rows to take a percentage of."


def test_not_arrived_is_not_available(figures) -> None:  # type: ignore[no-untyped-def]
    row = figures.figure("cpp_open_count")
    assert row["value"] is None and row["numerator"] is None and not row["available"]
    assert row["note"].startswith("Not available: List 7") and "has not arrived" in row["note"]
    assert figures.groups("cpp_open_count") == ["all"]


def test_median_of_working_days_between_first_events(figures) -> None:  # type: ignore[no-untyped-def]
    # A: contact Saturday 16 May, referral Tuesday 19 May: Monday and Tuesday, 2 working days
    row = figures.figure("referral_after_contact_working_days")
    assert (row["value"], row["denominator"], row["numerator"]) == (2.0, 1, None)
    assert figures.rows_behind("referral_after_contact_working_days", role="denominator")[
        "sheet"
    ].to_list() == ["List 3"]


def test_shares_of_all_rows(figures) -> None:  # type: ignore[no-untyped-def]
    # the three contacts in the window: sources 6, 3A and one blank
    assert _numbers(figures, "contacts_source_pct", "source=6") == (1, 3, 33.3)
    assert _numbers(figures, "contacts_source_pct", "source=Unknown") == (1, 3, 33.3)
    assert _numbers(figures, "contacts_source_pct") == (3, 3, 100.0)
    denominator = figures.rows_behind("contacts_source_pct", "source=6", role="denominator")
    assert sorted(denominator["row"]) == [2, 4, 6]


@pytest.mark.parametrize("how", ["absent", "blank"])
def test_a_flag_no_list_can_give_is_not_available_never_no_or_zero(how: str) -> None:
    frames = _frames()
    changed = {
        key: frames[key].drop("da_victim")
        if how == "absent"
        else frames[key].with_columns(pl.lit(None, pl.String).alias("da_victim"))
        for key in ("assessments", "cin")
    }
    figures = _figures(**changed)
    for figure_id in (
        "da_children_under8",
        "assessments_da_pct",
        "cin_da_pct",
        "focus_referrals_count",
    ):
        row = figures.figure(figure_id)
        assert row["value"] is None and row["numerator"] is None, figure_id
        assert row["note"].startswith("Not available") and "domestic abuse" in row["note"], (
            figure_id
        )
    # the practice figure itself is there; its flag and focus groups are not available
    assert _numbers(figures, "contacts_police_pct") == (1, 2, 50.0)
    for group in ("focus=Yes", "focus=No", "domestic_abuse=Yes", "domestic_abuse=No"):
        row = figures.figure("contacts_police_pct", group)
        assert row["value"] is None and not row["available"], group
        assert "domestic abuse field" in row["note"]
    by_group = by_group_from(figures).filter(pl.col("group_by").is_in(["focus", "domestic_abuse"]))
    assert by_group.height > 0
    assert by_group["value"].null_count() == by_group["numerator"].null_count() == by_group.height


def test_every_figure_value_follows_from_its_rows(figures) -> None:  # type: ignore[no-untyped-def]
    from jtai_analysis.analysis.figures import definitions, percent

    for row in figures.figures.iter_rows(named=True):
        if not row["available"] or row["unit"] == "median":
            continue
        definition = definitions()[row["figure_id"]]
        numerator = figures.rows_behind(row["figure_id"], row["group"])
        count = numerator["child_id"].n_unique() if definition.counts_children else numerator.height
        assert count == row["numerator"], (row["figure_id"], row["group"])
        if row["unit"] == "percent":
            denominator = figures.rows_behind(row["figure_id"], row["group"], "denominator")
            whole = (
                denominator["child_id"].n_unique()
                if definition.counts_children
                else denominator.height
            )
            assert whole == row["denominator"], (row["figure_id"], row["group"])
            assert percent(count, whole) == row["value"]
        else:
            assert row["value"] == count


def test_figures_for_a_filtered_cohort_count_only_those_children() -> None:
    frames = _frames()
    data = PreparedData(
        reference_date=R, valid=frames, reconciliation=pl.DataFrame(), findings=pl.DataFrame()
    )
    inputs = figure_inputs(data, R)
    only_a = compute_figures(inputs.for_children(["A"]), only=["contacts_count", "cin_children"])
    # A's contacts: the window's first day (row 2) in, the day before (row 3) out
    assert only_a.number("contacts_count") == 1 and only_a.number("cin_children") == 1
    assert only_a.rows_behind("contacts_count")["row"].to_list() == [2]
