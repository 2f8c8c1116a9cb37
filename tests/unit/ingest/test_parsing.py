"""Parsing cells: dates (UK order, Excel forms, real spellings), whole numbers, blanks, codes and
Yes/No spellings, several codes in a cell, the day/month order a column's cells decide."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.parsing import (
    blank_to_null,
    day_month_order,
    parse_column,
    parse_date,
    parse_integer,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/03/2025", D(2025, 3, 4)),  # UK order: 4 March
        ("4/3/2025", D(2025, 3, 4)),
        ("04-03-2025", D(2025, 3, 4)),
        ("04.03.25", D(2025, 3, 4)),
        ("2025-03-04 00:00:00", D(2025, 3, 4)),  # an Excel date cell read as text
        ("2025-03-04", D(2025, 3, 4)),
        ("2025-03-04T10:30", D(2025, 3, 4)),
        ("45720", D(2025, 3, 4)),  # Excel serial day number
        ("45720.0", D(2025, 3, 4)),
        ("29/02/2024", D(2024, 2, 29)),
        ("12/31/2025", None),  # US order is never read
        ("31/02/2026", None),
        ("00/01/2026", None),
        ("29/02/2025", None),
        ("5", None),  # a bare small number is not a date
        ("next week", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    got = pl.DataFrame({"v": [text]}).select(parse_date(pl.col("v"))).item()
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", 3), ("3.0", 3), ("1,204", 1204), ("3.5", None), ("two", None), ("-1", -1)],
)
def test_parse_integer(text: str, expected: int | None) -> None:
    assert pl.DataFrame({"v": [text]}).select(parse_integer(pl.col("v"))).item() == expected


def test_blank_markers_become_null() -> None:
    out = (
        pl.DataFrame({"v": ["", "  ", "-", " x "]})
        .select(blank_to_null(pl.col("v")))
        .to_series()
        .to_list()
    )
    assert out == [None, None, None, "x"]


def test_codes_accept_every_spelling_in_the_contract() -> None:
    catalogue = load_catalogue()
    column = catalogue.lists["contacts"].column("sex")
    raw = pl.Series(["a) Male", "Male", "M", "m", "b) Female", "F", "Unborn", "Zebra", None])
    assert parse_column(raw, column, catalogue).to_list() == [
        "M",
        "M",
        "M",
        "M",
        "F",
        "F",
        "U",
        None,
        None,
    ]


def test_yes_no_spellings_from_the_interface() -> None:
    catalogue = load_catalogue()
    column = catalogue.lists["referrals"].column("referral_nfa")
    raw = pl.Series(["Y", "Yes", "a) Yes", "yes", "N", "No", "b) No", "NO", "Maybe"])
    assert parse_column(raw, column, catalogue).to_list() == ["Yes"] * 4 + ["No"] * 4 + [None]


def test_several_codes_in_one_cell() -> None:
    catalogue = load_catalogue()
    column = catalogue.lists["nominations"].column("agencies_involved")
    raw = pl.Series(["Police; Children's social care", "Health, Probation", "Police; Astrology"])
    assert parse_column(raw, column, catalogue).to_list() == [
        "CSC;POLICE",
        "HEALTH;PROBATION",
        None,
    ]


def test_date_column_reads_excel_dates_in_one_step_and_the_rest_by_pattern() -> None:
    """Excel dates arrive as ISO text at midnight: read directly, shown dd/mm/yyyy; the other cells
    alone decide the day/month order (here month first: 09/16/2020)."""
    from jtai_analysis.ingest.parsing import read_date_column

    text = pl.Series(
        ["2020-09-16 00:00:00", "09/16/2020", "01/02/2020", "2020-09-16 13:45:00", "soon", None]
    )
    read = read_date_column(text)
    assert read.order == "mdy"
    assert read.dates.to_list() == [
        dt.date(2020, 9, 16),
        dt.date(2020, 9, 16),
        dt.date(2020, 1, 2),
        dt.date(2020, 9, 16),
        None,
        None,
    ]
    assert read.as_seen.to_list() == [
        "16/09/2020",
        "09/16/2020",
        "01/02/2020",
        "2020-09-16 13:45:00",
        "soon",
        None,
    ]


@pytest.mark.parametrize(
    "text",
    ["16/09/2020 00:00", "16-Sep-2020", "16 Sep 2020", "20200916", "Wed 16/09/2020", "16.09.2020"],
)
def test_real_date_spellings(text: str) -> None:
    parsed = pl.DataFrame({"v": [text]}).select(parse_date(pl.col("v"))).item()
    assert parsed == dt.date(2020, 9, 16)


def test_day_month_order_is_decided_by_the_column_evidence() -> None:
    assert day_month_order(pl.Series(["09/16/2020", "01/02/2020"])) == "mdy"
    assert day_month_order(pl.Series(["16/09/2020", "01/02/2020"])) == "dmy"
    assert day_month_order(pl.Series(["01/02/2020", "03/04/2020"])) == "dmy"  # no evidence: UK
    us = pl.DataFrame({"v": ["09/16/2020"]}).select(parse_date(pl.col("v"), "mdy")).item()
    assert us == dt.date(2020, 9, 16)
