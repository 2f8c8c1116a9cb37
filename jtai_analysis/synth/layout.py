"""How each synthetic sheet is laid out: which header spelling, title rows, date and code styles.

Real Annex A returns vary: official headers or local variants, a title row above the header in
some sheets, pivot-table exports (``Sum of Number of Previous Child Protection Plans``), dates as
Excel dates or as text in the forms systems export (``16/09/2020``, ``16/09/2020 00:00``,
``16-Sep-2020``, ``16 Sep 2020``, ``20200916``, ``Wed 16/09/2020``), codes written ``a) Male``,
``Male`` or ``M``. A layout fixes those choices for one sheet; all of them are drawn from the seed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from jtai_analysis.catalogue.lists import Catalogue, ListContract

WORKER_HEADER = "Allocated Worker"  # a staff name column real lists carry; ingest drops it
# Hints real returns add after a header; ingest ignores a bracketed suffix.
_HEADER_HINTS = {"date": "(DD/MM/YYYY)", "code": "(code)", "integer": "(number)"}
# A sheet copied out of a pivot table names each value field by its summary: Excel sums a numeric
# field, and counts one that holds any text or blank cell.
PIVOT_SHARE = 0.15
_PIVOT_PREFIXES = ("Sum of", "Count of")
# How text dates look when a system exported them (strftime-like; %b and %a are written in
# English whatever the machine's locale). The first is the usual one.
DATE_TEXT_FORMS = (
    "%d/%m/%Y",
    "%d/%m/%Y 00:00",  # a date-time column at midnight
    "%d-%b-%Y",
    "%d %b %Y",
    "%Y%m%d",
    "%a %d/%m/%Y",  # a weekday before the date
)
_DATE_FORM_WEIGHTS = (0.6, 0.12, 0.08, 0.08, 0.06, 0.06)


@dataclass
class SheetLayout:
    """Everything needed to write one list's rows as the local area would."""

    contract: ListContract
    file_name: str
    sheet_name: str | None  # None for CSV
    headers: dict[str, str]  # column key -> header text as written
    title_rows: list[str] = field(default_factory=list)
    date_style: dict[str, str] = field(default_factory=dict)  # key -> excel | text | mixed
    date_text_form: dict[str, str] = field(default_factory=dict)  # key -> one of DATE_TEXT_FORMS
    code_style: dict[str, str] = field(default_factory=dict)  # key -> label | plain | code
    has_worker_column: bool = False
    encoding: str = "utf-8"
    omitted: frozenset[str] = frozenset()  # columns this sheet leaves out (a standard Annex A)

    @property
    def header_row_number(self) -> int:
        """1-based row of the header (title rows come first, then one blank row)."""
        return len(self.title_rows) + (2 if self.title_rows else 1)

    @property
    def sheet_label(self) -> str:
        """What findings call this sheet: the sheet name, or the CSV file name."""
        return self.sheet_name or self.file_name

    def column_order(self) -> list[str]:
        keys = [k for k in self.contract.column_keys if k not in self.omitted]
        if self.has_worker_column:
            keys.insert(keys.index("allocated_team") + 1, "_worker")
        return keys

    def header_for(self, key: str) -> str:
        return WORKER_HEADER if key == "_worker" else self.headers[key]


def plan_layout(
    rng: np.random.Generator,
    catalogue: Catalogue,
    contract: ListContract,
    file_name: str,
    sheet_name: str | None,
    period: tuple[dt.date, dt.date],
    *,
    is_official: bool = False,
    is_standard: bool = False,
    export_rng: np.random.Generator | None = None,
) -> SheetLayout:
    """Draw one sheet's layout. ``is_official`` keeps official headers and label codes (templates);
    ``is_standard`` leaves out the JTAI additions, as a standard (ILACS) Annex A does.

    ``export_rng`` draws how a system exported the sheet (pivot headers, text date forms). It is a
    stream of its own, so adding these choices left every other drawn choice as it was.
    """
    headers = {}
    for column in contract.columns:
        if not is_official and column.aliases and rng.random() < 0.25:
            headers[column.key] = column.aliases[int(rng.integers(len(column.aliases)))]
        else:
            headers[column.key] = column.header
        if not is_official and rng.random() < 0.1:
            # Real returns add a hint to the header ("Date of contact (DD/MM/YYYY)").
            hint = _HEADER_HINTS.get(column.type)
            if hint:
                headers[column.key] = f"{headers[column.key]} {hint}"
    title_rows: list[str] = []
    if is_official or rng.random() < 0.5:
        start, end = period
        title_rows = [f"{contract.label}", f"Period: {start:%d/%m/%Y} to {end:%d/%m/%Y}"]
    date_styles = ("excel", "text", "mixed") if sheet_name else ("text",)
    date_style = {
        c.key: str(rng.choice(date_styles, p=[0.5, 0.3, 0.2] if sheet_name else None))
        for c in contract.columns
        if c.type == "date"
    }
    code_style = {
        c.key: "label"
        if is_official
        else str(rng.choice(["label", "plain", "code"], p=[0.6, 0.25, 0.15]))
        for c in contract.columns
        if c.type in ("code", "codes")
    }
    date_text_form = {key: DATE_TEXT_FORMS[0] for key in date_style}
    if export_rng is not None and not is_official:
        if export_rng.random() < PIVOT_SHARE:
            for column in contract.columns:
                if column.type in ("integer", "number"):
                    prefix = _PIVOT_PREFIXES[int(export_rng.random() < 0.3)]
                    headers[column.key] = f"{prefix} {headers[column.key]}"
        for key in date_text_form:
            date_text_form[key] = str(export_rng.choice(DATE_TEXT_FORMS, p=_DATE_FORM_WEIGHTS))
    # Alike in shape to figures.inputs' FigureInputs(...) only: keyword-built records, no shared logic.
    return SheetLayout(
        contract=contract,
        file_name=file_name,
        sheet_name=sheet_name,
        headers=headers,
        title_rows=title_rows,
        date_style=date_style,
        date_text_form=date_text_form,
        code_style=code_style,
        has_worker_column="allocated_team" in contract.column_keys,
        omitted=frozenset(c.key for c in contract.columns if c.is_jtai_addition)
        if is_standard
        else frozenset(),
        encoding="utf-8" if sheet_name or rng.random() < 0.5 else "utf-8-sig",
    )


_MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_date_text(day: dt.date, form: str) -> str:
    """``day`` written in one of :data:`DATE_TEXT_FORMS`, with English month and weekday names."""
    form = form.replace("%b", _MONTH_ABBREVIATIONS[day.month - 1]).replace(
        "%a", _WEEKDAY_ABBREVIATIONS[day.weekday()]
    )
    return day.strftime(form)
