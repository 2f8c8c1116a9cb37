"""The explorer's cohort view: codes as words, the children's table, filters, the table for
readers and its export, on four hand-built children (expected values worked out here). The
explorer's bars are figures: test_figure_view.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.dashboards import cohort_view
from jtai_analysis.dashboards.cohort_view import MISSING, Filters

D = dt.date


def test_codes_read_as_words_from_the_contracts() -> None:
    codelists = load_catalogue().codelists
    assert cohort_view.code_words(codelists["sex"]) == {
        "M": "Male",
        "F": "Female",
        "U": "Not stated/recorded",
        "I": "Neither",
    }
    ethnicity = cohort_view.code_words(codelists["ethnicity"])
    assert ethnicity["WBRI"] == "White British" and ethnicity["UNKNOWN"] == "Unknown"
    assert cohort_view.code_words(codelists["yes_no_unknown"])["Yes"] == "Yes"
    assert cohort_view.code_words(codelists["source"])["6"] == "Police"
    assert cohort_view.code_groups(codelists["ethnicity"])["BAFR"] == "Black"


def test_the_table_holds_status_sample_sources_and_event_dates(table: pl.DataFrame) -> None:
    rows = {r["child_id"]: r for r in table.iter_rows(named=True)}
    assert rows["1"]["status"] == "cp_open"  # plan started 1 July, not ended
    assert rows["2"]["status"] == "closed"  # episode closed 1 August, before R
    assert rows["3"]["status"] == "none"
    assert rows["1"]["is_in_20"] and rows["1"]["is_in_6"] and not rows["2"]["is_in_6"]
    assert rows["1"]["nomination_lists"] == ["B"] and rows["3"]["nomination_lists"] == []
    assert rows["2"]["sources"] == ["Schools"] and rows["4"]["sources"] == ["Health services"]
    assert rows["1"]["first_event_date"] == D(2026, 6, 1)
    assert rows["1"]["last_event_date"] == D(2026, 7, 1)
    assert rows["2"]["ethnic_group"] == "Black" and rows["3"]["ethnic_group"] is None


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["1", "2", "3", "4"]),
        (Filters(sexes=("I",)), ["4"]),  # "Neither" is reachable
        (Filters(sexes=(MISSING,)), ["3"]),  # so is a blank sex
        (Filters(sexes=("M", MISSING)), ["1", "3"]),
        (Filters(disabilities=(MISSING,)), ["4"]),
        (Filters(ethnic_groups=("Black", "Mixed")), ["2", "4"]),
        (Filters(lists=("cp", "cin")), ["1", "2"]),
        (Filters(domestic_abuse=("yes",)), ["1", "4"]),
        (Filters(domestic_abuse=("no",)), ["2", "3"]),
        (Filters(domestic_abuse=("yes", "no")), ["1", "2", "3", "4"]),
        (Filters(nomination_lists=("B",)), ["1"]),
        (Filters(sample=("in_20",)), ["1", "2"]),
        (Filters(sample=("in_6",)), ["1"]),
        (Filters(statuses=("cp_open", "closed")), ["1", "2"]),
        (Filters(sources=("Police",)), ["1", "3"]),
        (Filters(date_from=D(2026, 8, 15)), ["3", "4"]),  # an event on or after 15 August
        (Filters(date_to=D(2026, 6, 1)), ["1"]),
        (Filters(age_groups=("unborn", "under_2"), domestic_abuse=("yes",)), ["1", "4"]),
        (Filters(age_groups=("8_plus",), domestic_abuse=("yes",)), []),
    ],
)
def test_filters_combine(table: pl.DataFrame, filters: Filters, expected: list[str]) -> None:
    assert cohort_view.apply_filters(table, filters)["child_id"].to_list() == expected


def test_readers_see_words_not_codes(table: pl.DataFrame) -> None:
    shown = {r["Child ID"]: r for r in cohort_view.for_readers(table).iter_rows(named=True)}
    assert shown["1"]["Sex"] == "Male" and shown["4"]["Sex"] == "Neither"
    assert shown["3"]["Sex"] == "Not recorded" and shown["3"]["Ethnicity"] == "Not recorded"
    assert shown["2"]["Ethnicity"] == "African" and shown["1"]["Ethnicity"] == "White British"
    assert shown["1"]["Age group"] == "Under 2" and shown["4"]["Age group"] == "Unborn"
    assert shown["1"]["Lists"] == "List 1, List 7" and shown["2"]["Lists"] == "List 1, List 6"
    assert shown["1"]["Status"] == "Child protection plan open"
    assert shown["1"]["Sample"] == "In the 6" and shown["2"]["Sample"] == "In the 20"
    assert shown["1"]["Domestic abuse recorded"] == "Yes"


def test_export_is_formula_safe_in_csv_and_xlsx(table: pl.DataFrame, tmp_path: Path) -> None:
    import openpyxl

    planted = table.with_columns(pl.lit("=HYPERLINK(1)").alias("child_id")).head(1)
    csv = cohort_view.export_children(planted, tmp_path / "children.csv")
    assert csv.read_text(encoding="utf-8").splitlines()[1].startswith("'=HYPERLINK(1)")
    xlsx = cohort_view.export_children(table, tmp_path / "children.xlsx")
    sheet = openpyxl.load_workbook(xlsx)["Children"]
    assert [c.value for c in sheet[1]][:3] == ["Child ID", "Age group", "Sex"]
    assert sheet.max_row == 5  # header and four children
