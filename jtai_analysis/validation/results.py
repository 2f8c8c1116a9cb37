"""A validated submission: each finding (rule, severity, sheet, row, column, value, message), and
per list the counts, the valid rows and the quarantined rows with their reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from jtai_analysis.catalogue.lists import ListContract

FINDING_FIELDS = ("rule", "severity", "sheet", "row", "column", "value", "message")


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how serious, where (sheet, row, column), the value and what is wrong."""

    rule: str
    severity: str
    list: str
    file: str | None
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FINDING_FIELDS}


@dataclass
class ListResult:
    """A validated list: counts, findings, the valid rows and the quarantined rows with reasons."""

    contract: ListContract
    rows_in: int
    findings: list[Finding]
    valid: pl.DataFrame
    quarantined: pl.DataFrame
    # Column keys absent from the submitted list: their cells are all null, and what uses them is
    # "not available" (never 0).
    missing_columns: list[str] = field(default_factory=list)
    # column header -> (spelling as sent, code read, rows): how the local area's spellings were read
    readings: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @property
    def rows_valid(self) -> int:
        return self.valid.height

    @property
    def rows_quarantined(self) -> int:
        return self.quarantined.height


@dataclass
class ValidationResult:
    """Every list of a submission, validated."""

    reference_date: dt.date
    lists: dict[str, ListResult] = field(default_factory=dict)
    unrecognised: list[dict[str, Any]] = field(default_factory=list)
    reference_source: str = "the date given"
    # how the reference date was found (validation/reference.py SOURCES) and, per list, the rows
    # outside the window (validation/window.py OutsideWindow)
    reference_date_source: str = "given"
    outside_window: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.lists.values() for f in result.findings]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings) or any(
            u.get("severity") == "error" for u in self.unrecognised
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "reference_date_source": self.reference_date_source,
            "lists": {
                key: {
                    "rows_in": r.rows_in,
                    "rows_valid": r.rows_valid,
                    "rows_quarantined": r.rows_quarantined,
                    "rows_outside_window": (
                        self.outside_window[key].rows if key in self.outside_window else 0
                    ),
                    "missing_columns": r.missing_columns,
                    "findings": [f.as_json() for f in r.findings],
                }
                for key, r in self.lists.items()
            },
            "unrecognised": self.unrecognised,
        }
