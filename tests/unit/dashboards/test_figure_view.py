"""The explorer's figures (``dashboards.figure_view``) on a small hand-built area: each bar is a
figure's group, the rows behind it are the children worked out here by hand, a figure whose field
is missing is not available (never 0), and a dip sample draws from the rows shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.analysis.figures import FigureInputs, figure_inputs
from jtai_analysis.catalogue.codes import NO, YES
from jtai_analysis.dashboards import figure_view
from jtai_analysis.dashboards.figure_view import PANELS
from tests.unit.hand_built import prepared, with_sheet_rows

D = dt.date
PANEL = {panel.name: panel for panel in PANELS}


def _area(with_abuse_field: bool = True) -> FigureInputs:
    """Three children. 1: a police contact (row 2) and a police referral; 2: a school contact
    (row 3) and an assessment with domestic abuse recorded; 3: a police contact (row 4), aged 9."""
    assessment = {"da_victim": [YES]} if with_abuse_field else {}
    data = prepared(
        contacts=with_sheet_rows(
            child_id=["1", "2", "3"],
            contact_date=[D(2026, 6, 1), D(2026, 6, 2), D(2026, 9, 1)],
            contact_source=["6", "2A", "6"],
            date_of_birth=[D(2025, 6, 1), D(2022, 1, 10), D(2017, 3, 3)],
        ),
        referrals=with_sheet_rows(
            child_id=["1"],
            referral_date=[D(2026, 6, 5)],
            referral_source=["6"],
            date_of_birth=[D(2025, 6, 1)],
        ),
        assessments=with_sheet_rows(
            child_id=["2"],
            assessment_start_date=[D(2026, 6, 20)],
            date_of_birth=[D(2022, 1, 10)],
            **assessment,
        ),
    )
    return figure_inputs(data)


@pytest.fixture(scope="module")
def area() -> FigureInputs:
    return _area()


def _bars(inputs: FigureInputs, name: str, children: list[str] | None = None) -> dict:
    figures = figure_view.page_figures(inputs, children)
    bars = figure_view.panel_bars(figures, PANEL[name], inputs)
    return {r["key"]: r["children"] for r in bars.iter_rows(named=True)}


def test_each_bar_is_a_figure_group_counting_the_children_by_hand(area: FigureInputs) -> None:
    # ages at 16/11/2026: child 1 is 1 (under 2), child 2 is 4, child 3 is 9
    assert _bars(area, "age_group") == {
        "unborn": 0,
        "under_2": 1,
        "2_to_4": 1,
        "5_to_7": 0,
        "8_plus": 1,
        "unknown": 0,
    }
    assert _bars(area, "domestic_abuse") == {"yes": 1, "no": 2}
    # Lists 2, 5, 6 and 7 have not arrived: no count, never 0
    assert _bars(area, "lists") == {
        "contacts": 3,
        "early_help": None,
        "referrals": 1,
        "assessments": 1,
        "s47": None,
        "cin": None,
        "cp": None,
    }
    # child 1 counts once under Police although both a contact and a referral came from them
    assert _bars(area, "sources") == {"Schools": 1, "Police": 2}


def test_figures_follow_the_children_the_filters_let_through(area: FigureInputs) -> None:
    assert _bars(area, "sources", ["2", "3"]) == {"Schools": 1, "Police": 1}
    figures = figure_view.page_figures(area, ["2", "3"])
    assert figures.number("children_count") == 2
    assert figures.number("flagged_children") == 1


def test_the_rows_behind_a_bar_are_its_children_with_list_sheet_row_and_date(
    area: FigureInputs,
) -> None:
    figures = figure_view.page_figures(area)
    schools = figure_view.children_behind(
        figures, "contacted_or_referred_children", "source_group=Schools"
    )
    assert schools.select("Child ID", "List", "Sheet", "Row").rows() == [("2", "List 1", "S", 3)]
    police = figure_view.children_behind(
        figures, "contacted_or_referred_children", "source_group=Police"
    )
    assert sorted(set(police["Child ID"].to_list())) == ["1", "3"]
    flagged = figure_view.children_behind(figures, "children_count", f"domestic_abuse={YES}")
    assert flagged.select("Child ID", "List", "Row").rows()[0][0] == "2"
    words = figure_view.shown_words(figures, "children_count", f"domestic_abuse={NO}")
    assert words == "Children in Lists 1 to 7, No domestic abuse recorded: 2 (2 rows)"


def test_without_the_domestic_abuse_field_no_figure_reads_0() -> None:
    inputs = _area(with_abuse_field=False)
    figures = figure_view.page_figures(inputs)
    assert _bars(inputs, "domestic_abuse") == {"yes": None, "no": None}
    for figure_id in ("flagged_children", "da_children_under8"):
        assert figures.number(figure_id) is None
        assert figure_view.indicator_words(figures, figure_id).endswith(": Not available")
    bars = figure_view.panel_bars(figures, PANEL["domestic_abuse"], inputs)
    assert figure_view.bars_reason(bars).startswith("Not available: ")
    words = figure_view.shown_words(figures, "flagged_children", "all")
    assert "Not available: " in words and " 0" not in words
    # the other charts are still counted
    assert _bars(inputs, "age_group")["under_2"] == 1


def test_a_dip_sample_of_the_rows_shown_and_the_command_that_draws_it(
    area: FigureInputs, tmp_path: Path
) -> None:
    figures = figure_view.page_figures(area)
    result = figure_view.dip_of(
        figures, "contacted_or_referred_children", "source_group=Police", 5, 1
    )
    # fewer rows than asked for: both police children, each once
    assert result.matched == 2 and sorted(result.table["child_id"].to_list()) == ["1", "3"]
    assert result.table.columns == ["list", "source_file", "sheet", "row", "child_id"]
    path = figure_view.write_dip(
        result, tmp_path, "contacted_or_referred_children", "source_group=Police"
    )
    assert path.parent == tmp_path and path.name.startswith(
        "dip-contacted_or_referred_children-source_group-Police-"
    )
    assert pl.read_csv(path, schema_overrides={"child_id": pl.String}).height == 2
    command = figure_view.dip_command("children_count", "source_group=Health services", 5, 1, path)
    assert command.startswith(
        "jtai dip --figure children_count --group 'source_group=Health services' --pack PACK_DIR "
        "--n 5 --seed 1 --out "
    )


def test_every_bar_in_order_a_list_with_no_rows_is_0_and_a_blank_flag_is_not_available() -> None:
    """What the explorer's own counts used to be tested for, now of its figures: every age bar in
    order (0 where no child), each child once a list however many rows, a list that arrived empty
    is 0 (not "not received"), and a domestic abuse field with no value in it is not available for
    every child, never "No"."""
    inputs = figure_inputs(
        prepared(
            # child 1 (aged 1 at 16/11/2026) twice, child 2 (aged 4) once
            contacts=with_sheet_rows(
                child_id=["1", "1", "2"],
                contact_date=[D(2026, 6, 1), D(2026, 7, 1), D(2026, 6, 2)],
                contact_source=["6", "6", "2A"],
                date_of_birth=[D(2025, 6, 1), D(2025, 6, 1), D(2022, 1, 10)],
            ),
            # the domestic abuse field is there, but blank
            assessments=with_sheet_rows(
                child_id=["2"],
                assessment_start_date=[D(2026, 6, 20)],
                date_of_birth=[D(2022, 1, 10)],
                da_victim=pl.Series([None], dtype=pl.String),
            ),
            # List 5 arrived with no rows
            s47=pl.DataFrame(
                schema={
                    "_sheet": pl.String,
                    "_row": pl.Int64,
                    "child_id": pl.String,
                    "s47_start_date": pl.Date,
                }
            ),
        )
    )
    figures = figure_view.page_figures(inputs)

    def bars(name: str) -> list[tuple[str, str, int | None]]:
        shown = figure_view.panel_bars(figures, PANEL[name], inputs)
        return shown.select("key", "label", "children").rows()

    assert bars("age_group") == [
        ("unborn", "Unborn", 0),
        ("under_2", "Under 2", 1),
        ("2_to_4", "2 to 4", 1),
        ("5_to_7", "5 to 7", 0),
        ("8_plus", "8 and over", 0),
        ("unknown", "Unknown", 0),
    ]
    assert bars("lists") == [
        ("contacts", "List 1", 2),  # child 1's two contacts count one child
        ("early_help", "List 2 (not received)", None),
        ("referrals", "List 3 (not received)", None),
        ("assessments", "List 4", 1),
        ("s47", "List 5", 0),  # arrived, no rows: 0, and not "not received"
        ("cin", "List 6 (not received)", None),
        ("cp", "List 7 (not received)", None),
    ]
    # neither child is counted as "No domestic abuse recorded": the field says nothing
    assert bars("domestic_abuse") == [
        ("yes", "Domestic abuse recorded", None),
        ("no", "No domestic abuse recorded", None),
    ]
    reason = figure_view.bars_reason(
        figure_view.panel_bars(figures, PANEL["domestic_abuse"], inputs)
    )
    assert reason.startswith("Not available: the domestic abuse field")
    assert figures.number("flagged_children") is None
