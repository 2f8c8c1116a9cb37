"""The one writer of every CSV and ``.xlsx`` the workbench produces.

Child-level tables are opened in Excel by people who did not make them. A cell whose text starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can run as a formula there (CSV
injection), so every such text cell is written with a leading apostrophe: the value is kept and
readable, only made inert. Numbers stay numbers: a numeric column is written as numbers, and a
text cell that is a plain number (``-3``, ``+4.5``) is left alone, since no spreadsheet runs it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
INERT_PREFIX = "'"
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRIGGER_AT_START = r"^[=+\-@\t\r]"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def make_inert(text: str) -> str:
    """``text`` as a spreadsheet shows it but never runs it.

    >>> make_inert('=HYPERLINK("http://x";"click")')
    '\\'=HYPERLINK("http://x";"click")'
    >>> make_inert("-3"), make_inert("WBRI")
    ('-3', 'WBRI')
    """
    return INERT_PREFIX + text if is_formula_like(text) else text


def inert_expr(column: str) -> pl.Expr:
    """A text column with every formula-like cell made inert (vectorised; nulls stay null)."""
    text = pl.col(column)
    risky = text.str.contains(_TRIGGER_AT_START) & ~text.str.contains(_PLAIN_NUMBER.pattern)
    return pl.when(risky).then(pl.lit(INERT_PREFIX) + text).otherwise(text).alias(column)


def inert_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` (and every column name) made inert; other columns untouched."""
    frame = frame.rename(
        {name: make_inert(name) for name in frame.columns if is_formula_like(name)}
    )
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    return frame.with_columns(inert_expr(name) for name in text_columns)


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists, structs and categoricals as text: CSV and spreadsheets hold one value a cell, and
    text of any kind must pass through :func:`inert_frame`."""
    schema = frame.schema
    return frame.with_columns(
        pl.col(n).cast(pl.List(pl.String)).list.join("; ")
        if isinstance(d, pl.List)
        else pl.col(n).struct.json_encode()
        if isinstance(d, pl.Struct)
        else pl.col(n).cast(pl.String)
        for n, d in schema.items()
        if isinstance(d, pl.List | pl.Struct | pl.Categorical | pl.Enum)
    )


def csv_text(frame: pl.DataFrame) -> str:
    """``frame`` as CSV text with formula-like text made inert (for standard output)."""
    return inert_frame(_flat(frame)).write_csv()


def write_csv(frame: pl.DataFrame, path: Path) -> Path:
    """Write ``frame`` as UTF-8 CSV with formula-like text made inert."""
    path.parent.mkdir(parents=True, exist_ok=True)
    inert_frame(_flat(frame)).write_csv(path)
    return path


def write_xlsx(sheets: Mapping[str, pl.DataFrame], path: Path) -> Path:
    """Write one sheet per frame: frozen header row, filters, readable widths, inert text."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(
        path, {"strings_to_formulas": False, "strings_to_urls": False}
    ) as book:
        header = book.add_format({"bold": True, "bg_color": "#F3F2F1", "border": 1})
        for name, frame in sheets.items():
            table = inert_frame(_flat(frame))
            sheet = book.add_worksheet(name[:31])
            for col, column in enumerate(table.columns):
                sheet.write_string(0, col, column, header)  # names already inert
                values = table[column].to_list()
                is_numeric = table.schema[column].is_numeric()
                for row, value in enumerate(values, start=1):
                    if value is None:
                        continue
                    if is_numeric and math.isfinite(value):
                        sheet.write_number(row, col, float(value))
                    else:
                        sheet.write_string(row, col, str(value))
                width = max([len(column), *(len(str(v)) for v in values[:500] if v is not None)])
                sheet.set_column(col, col, min(max(width + 2, 8), 60))
            sheet.freeze_panes(1, 0)
            if table.width:
                sheet.autofilter(0, 0, max(table.height, 1), table.width - 1)
    return path


def write_table(frame: pl.DataFrame, path: Path, sheet_name: str = "Data") -> Path:
    """Write ``frame`` as CSV or ``.xlsx``, chosen by the file's suffix."""
    if path.suffix.lower() == ".xlsx":
        return write_xlsx({sheet_name: frame}, path)
    return write_csv(frame, path)
