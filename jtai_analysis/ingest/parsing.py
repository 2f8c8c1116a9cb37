"""Turn raw text columns into typed columns, vectorised, and report cells that do not parse.

Dates are UK dates: ``dd/mm/yyyy`` text (also ``d/m/yy``, ``-`` or ``.`` separators), Excel dates
(read as ISO text) and Excel serial numbers; never US order. Codes are matched through the
contract's code list spellings.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from jtai_analysis.catalogue.code_reading import CodeReader
from jtai_analysis.catalogue.lists import Catalogue, Column

# Excel serial day numbers accepted as dates: 1910-01-01 to 2099-12-31. Outside that a bare
# number in a date column is far more likely a mistake than a date.
_SERIAL_MIN, _SERIAL_MAX = 3653, 73050
_BLANK_MARKERS = ("", "-", "--")


def blank_to_null(raw: pl.Expr) -> pl.Expr:
    """Trimmed text, with empty cells and lone dashes (a common 'nothing' marker) as null."""
    trimmed = raw.str.strip_chars()
    return pl.when(~trimmed.is_in(_BLANK_MARKERS)).then(trimmed)  # keeps the column's name


_MONTHS = {
    name: f"{number:02d}"
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?i:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"


def _numeric_parts(text: pl.Expr) -> pl.Expr:
    """``d/m/yyyy`` style text (any of / . - separators, a weekday before, a time after) as a struct."""
    return text.str.extract_groups(
        rf"^{_WEEKDAY}(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}|\d{{2}}){_TIME}$"
    )


def day_month_order(text: pl.Series) -> str:
    """``dmy`` (UK, the default) or ``mdy`` when the column's own dates show month/day order.

    US order is chosen only when some value has a second part above 12 and none has a first part
    above 12: the file's own evidence, never a guess per cell.
    """
    parts = text.to_frame("v").select(_numeric_parts(pl.col("v")).alias("p")).unnest("p")
    first = parts[parts.columns[0]].cast(pl.Int64, strict=False)
    second = parts[parts.columns[1]].cast(pl.Int64, strict=False)
    if bool((second > 12).any()) and not bool((first > 12).any()):
        return "mdy"
    return "dmy"


def parse_date(text: pl.Expr, order: str = "dmy") -> pl.Expr:
    """UK text dates, ISO dates (Excel dates read as text) and Excel serials -> ``pl.Date``.

    Also: a midnight (or any) time after the date, a weekday before it, month names
    (``16-Sep-2020``, ``16 Sep 2020``), and ``20200916``. ``order="mdy"`` reads numeric dates
    month first (see :func:`day_month_order`).
    """
    uk = _numeric_parts(text)
    day, month = ("1", "2") if order == "dmy" else ("2", "1")
    year = uk.struct.field("3")
    year = pl.when(year.str.len_chars() == 2).then(pl.lit("20") + year).otherwise(year)
    uk_date = pl.concat_str(
        [year, uk.struct.field(month).str.zfill(2), uk.struct.field(day).str.zfill(2)],
        separator="-",
    ).str.to_date("%Y-%m-%d", strict=False)
    named = text.str.to_lowercase().str.extract_groups(
        rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{{4}}){_TIME}$"
    )
    named_date = pl.concat_str(
        [
            named.struct.field("3"),
            named.struct.field("2").replace_strict(_MONTHS, default=None),
            named.struct.field("1").str.zfill(2),
        ],
        separator="-",
    ).str.to_date("%Y-%m-%d", strict=False)
    iso_text = text.str.extract(
        r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", 1
    )
    iso_date = iso_text.str.to_date("%Y-%m-%d", strict=False)
    compact = text.str.extract(r"^((?:19|20)\d{2})(\d{2})(\d{2})$", 0).str.to_date(
        "%Y%m%d", strict=False
    )
    serial = text.str.extract(r"^(\d{4,5})(?:\.0+)?$", 1).cast(pl.Int64, strict=False)
    serial_date = (
        pl.when(serial.is_between(_SERIAL_MIN, _SERIAL_MAX))
        .then(pl.lit(-25569).cast(pl.Date) + pl.duration(days=serial))  # 1899-12-30 + serial days
        .otherwise(None)
    )
    return pl.coalesce(uk_date, named_date, iso_date, compact, serial_date)


class DateColumn(NamedTuple):
    """A date column read: the dates, the day/month order used, and each cell as a person sees it."""

    dates: pl.Series
    order: str  # "dmy" or "mdy"
    # An Excel date shown as dd/mm/yyyy (the reader gives ISO text); any other cell as sent.
    as_seen: pl.Series


def read_date_column(text: pl.Series) -> DateColumn:
    """A date column (blank-to-null text) as ``pl.Date``, with its day/month order and display text.

    Most cells of a workbook are Excel dates, which the reader gives as ISO text at midnight: those
    are read in one cheap step (kept only when they print back exactly as sent). Only the other
    cells go through :func:`parse_date`'s patterns, and only they can decide the column's order.
    """
    excel = (
        text.to_frame("v")
        .select(pl.col("v").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).alias("d"))
        .select(pl.when(pl.col("d").dt.strftime("%Y-%m-%d 00:00:00") == text).then(pl.col("d")))
        .to_series()
    )
    as_seen = excel.dt.strftime("%d/%m/%Y").fill_null(text)
    is_other = excel.is_null() & text.is_not_null()
    if not is_other.any():
        return DateColumn(excel, "dmy", as_seen)
    other = text.filter(is_other)
    order = day_month_order(other)
    read = other.to_frame("v").select(parse_date(pl.col("v"), order)).to_series()
    return DateColumn(excel.scatter(is_other.arg_true(), read), order, as_seen)


def parse_number(text: pl.Expr) -> pl.Expr:
    """Numbers, allowing thousands separators; anything else is null."""
    return text.str.replace_all(",", "").cast(pl.Float64, strict=False)


def parse_integer(text: pl.Expr) -> pl.Expr:
    """Whole numbers (``3`` or ``3.0``); fractions and text are null."""
    number = parse_number(text)
    return (
        pl.when(number == number.floor()).then(number).otherwise(None).cast(pl.Int64, strict=False)
    )


def parse_id(text: pl.Expr) -> pl.Expr:
    """Identifiers as text; a numeric ID Excel stored as ``1012028.0`` becomes ``1012028``."""
    return text.str.replace(r"^(\d+)\.0+$", "$1")


def code_mapping(values: pl.Series, reader: CodeReader) -> dict[str, str | None]:
    """Map each distinct raw value to its canonical code (None when not read: unknown or ambiguous)."""
    return {value: reader.read(value).code for value in values.drop_nulls().unique().to_list()}


def parse_codes(series: pl.Series, reader: CodeReader) -> pl.Series:
    """Several codes in one cell (``Police; Health``) -> sorted canonical codes joined by ``;``.

    A cell with any part that is not an accepted spelling becomes null.
    """

    def convert(cell: str) -> str | None:
        parts = [p for p in (part.strip() for part in cell.replace(",", ";").split(";")) if p]
        codes = [reader.read(part).code for part in parts]
        if not codes or any(code is None for code in codes):
            return None
        return ";".join(sorted(set(codes)))  # type: ignore[arg-type]

    mapping = {value: convert(value) for value in series.drop_nulls().unique().to_list()}
    return series.replace_strict(mapping, default=None, return_dtype=pl.String)


def parse_column(series: pl.Series, column: Column, catalogue: Catalogue) -> pl.Series:
    """Parse one raw text column (already blank-to-null) by its contract type."""
    frame = series.to_frame("v")
    if column.type == "date":
        return read_date_column(series).dates.rename(column.key)
    if column.type == "integer":
        return frame.select(parse_integer(pl.col("v"))).to_series().rename(column.key)
    if column.type == "number":
        return frame.select(parse_number(pl.col("v"))).to_series().rename(column.key)
    if column.type == "id":
        return frame.select(parse_id(pl.col("v"))).to_series().rename(column.key)
    if column.type == "code":
        mapping = code_mapping(series, catalogue.codelist_for(column).reader())
        return series.replace_strict(mapping, default=None, return_dtype=pl.String).rename(
            column.key
        )
    if column.type == "codes":
        return parse_codes(series, catalogue.codelist_for(column).reader()).rename(column.key)
    return series.rename(column.key)


PROBLEM_KINDS = {
    "date": "not a date (dates are read as dd/mm/yyyy)",
    "integer": "not a whole number",
    "number": "not a number",
    "code": "not one of the allowed values",
    "codes": "holds a value that is not one of the allowed values",
}
