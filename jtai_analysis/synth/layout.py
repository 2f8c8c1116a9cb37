"""How each synthetic sheet is laid out: which header spelling, title rows, date and code styles.

Real Annex A returns vary: official headers or local variants, a title row above the header in
some sheets, dates as Excel dates or as ``dd/mm/yyyy`` text, codes written ``a) Male``, ``Male``
or ``M``. A layout fixes those choices for one sheet; all of them are drawn from the seed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from jtai_analysis.catalogue.lists import Catalogue, ListContract

WORKER_HEADER = "Allocated Worker"  # a staff name column real lists carry; ingest drops it
# Hints real returns add after a header; ingest ignores a bracketed suffix.
_HEADER_HINTS = {"date": "(DD/MM/YYYY)", "code": "(code)", "integer": "(number)"}


@dataclass
class SheetLayout:
    """Everything needed to write one list's rows as the local area would."""

    contract: ListContract
    file_name: str
    sheet_name: str | None  # None for CSV
    headers: dict[str, str]  # column key -> header text as written
    title_rows: list[str] = field(default_factory=list)
    date_style: dict[str, str] = field(default_factory=dict)  # key -> excel | text | mixed
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
) -> SheetLayout:
    """Draw one sheet's layout. ``is_official`` keeps official headers and label codes (templates);
    ``is_standard`` leaves out the JTAI additions, as a standard (ILACS) Annex A does."""
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
    return SheetLayout(
        contract=contract,
        file_name=file_name,
        sheet_name=sheet_name,
        headers=headers,
        title_rows=title_rows,
        date_style=date_style,
        code_style=code_style,
        has_worker_column="allocated_team" in contract.column_keys,
        omitted=frozenset(c.key for c in contract.columns if c.is_jtai_addition)
        if is_standard
        else frozenset(),
        encoding="utf-8" if sheet_name or rng.random() < 0.5 else "utf-8-sig",
    )
