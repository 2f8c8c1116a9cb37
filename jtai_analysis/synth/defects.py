"""Plant realistic defects in a clean synthetic area (``jtai synth --dirty``).

Each defect is recorded with its list, row and column so tests can check that validation finds
every one of them: the ground truth. Defects go on distinct rows, one per row, so a row's only
problem is the one planted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from jtai_analysis.catalogue.lists import Catalogue
from jtai_analysis.synth import streams

# Ordered pairs (start, end) where the end must not come before the start.
END_NOT_BEFORE_START: dict[str, tuple[str, str]] = {
    "early_help": ("eh_assessment_start_date", "eh_assessment_completion_date"),
    "assessments": ("assessment_start_date", "assessment_authorised_date"),
    "s47": ("strategy_date", "icpc_date"),
    "cin": ("cin_start_date", "cin_closure_date"),
    "cp": ("cpp_start_date", "cpp_end_date"),
}
# A date column that can move past the reference date without breaking any other rule, and the
# column that must then be blank (so no end-before-start finding arises as well).
AFTER_REFERENCE: dict[str, tuple[str, str | None]] = {
    "contacts": ("contact_date", None),
    "referrals": ("referral_date", None),
    "early_help": ("eh_assessment_start_date", "eh_assessment_completion_date"),
    "assessments": ("assessment_start_date", "assessment_authorised_date"),
    "s47": ("strategy_date", "icpc_date"),
    "cin": ("last_seen_date", None),
    "cp": ("last_visit_date", None),
}
KINDS = (
    "missing_id",
    "impossible_date",
    "end_before_start",
    "unknown_code",
    "text_in_number",
    "duplicate_row",
    "date_after_reference",
    "bad_yes_no",
    "child_details_conflict",
)
# Only a workbook can hold these: a cell that reads as blank but is not (ingest names the cell).
WORKBOOK_KINDS = ("formula_without_value", "excel_error")
PER_KIND = {"small": 1, "typical": 3, "large": 10}


@dataclass(frozen=True)
class FormulaCell:
    """A formula as a workbook stores it, with the result Excel saved beside it.

    ``cached_value`` "" is a formula saved with no result (written by a tool that does not
    calculate, or a workbook never recalculated); an error value such as ``#N/A`` is a lookup
    that failed. Either way a reader sees a blank cell. ``{row}`` in ``formula`` is the cell's
    own sheet row.
    """

    formula: str
    cached_value: str


@dataclass(frozen=True)
class PlantedDefect:
    """One planted defect: the cell (list, canonical row index, column key) and the raw value written."""

    list_key: str
    row_index: int
    column_key: str | None
    kind: str
    value: Any


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def plant_defects(
    rng: np.random.Generator,
    catalogue: Catalogue,
    tables: dict[str, list[dict[str, Any]]],
    reference_date: dt.date,
    per_kind: int,
) -> list[PlantedDefect]:
    """Mutate ``tables`` in place (the cell values change) and return what was planted."""
    planted: list[PlantedDefect] = []
    for list_key in ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp"):
        rows = tables[list_key]
        contract = catalogue.lists[list_key]
        used: set[int] = set()

        def free_rows(
            condition: Any, rows: list[dict[str, Any]] = rows, used: set[int] = used
        ) -> list[int]:
            return [i for i, row in enumerate(rows) if i not in used and condition(row)]

        def take(candidates: list[int], used: set[int] = used) -> list[int]:
            chosen = [candidates[int(i)] for i in rng.permutation(len(candidates))[:per_kind]]
            used.update(chosen)
            return sorted(chosen)

        event_dates = [
            c.key for c in contract.columns if c.type == "date" and c.key != "date_of_birth"
        ]
        codes = [
            c
            for c in contract.columns
            if c.type == "code" and not c.blank and c.codes not in ("yes_no", "yes_no_unknown")
        ]
        codes.sort(
            key=lambda c: c.key in ("sex", "ethnicity", "disability")
        )  # list-specific codes first
        yes_no = [c for c in contract.columns if c.codes in ("yes_no", "yes_no_unknown")]
        integers = [c.key for c in contract.columns if c.type == "integer"]

        for i in take(free_rows(lambda row: True)):
            rows[i]["child_id"] = None
            planted.append(PlantedDefect(list_key, i, "child_id", "missing_id", None))
        for i in take(free_rows(lambda row, dates=event_dates: row[dates[0]] is not None)):
            present = [k for k in event_dates if rows[i][k] is not None]
            key = present[int(rng.integers(len(present)))]
            value = (
                f"31/02/{rows[i][key].year}"
                if rng.random() < 0.5
                else f"00/{rows[i][key].month:02d}/{rows[i][key].year}"
            )
            rows[i][key] = value
            planted.append(PlantedDefect(list_key, i, key, "impossible_date", value))
        if list_key in END_NOT_BEFORE_START:
            start_key, end_key = END_NOT_BEFORE_START[list_key]
            for i in take(free_rows(lambda row, k=end_key: row[k] is not None)):
                earlier = _weekday_on_or_before(
                    rows[i][start_key] - dt.timedelta(days=int(rng.integers(3, 40)))
                )
                rows[i][end_key] = earlier
                planted.append(PlantedDefect(list_key, i, end_key, "end_before_start", earlier))
        for column in codes[:1] + codes[1:2]:
            for i in take(free_rows(lambda row, k=column.key: row[k] is not None)):
                value = str(rng.choice(["Zebra", "ZZ9", "Not a code", "X1"]))
                rows[i][column.key] = value
                planted.append(PlantedDefect(list_key, i, column.key, "unknown_code", value))
        for key in integers[:1]:
            for i in take(free_rows(lambda row, k=key: row[k] is not None)):
                value = str(rng.choice(["two", "several", "1 or 2", "n/a"]))
                rows[i][key] = value
                planted.append(PlantedDefect(list_key, i, key, "text_in_number", value))
        for column in yes_no[:1]:
            for i in take(free_rows(lambda row, k=column.key: row[k] is not None)):
                value = str(rng.choice(["Maybe", "TBC", "Yes?", "Not sure"]))
                rows[i][column.key] = value
                planted.append(PlantedDefect(list_key, i, column.key, "bad_yes_no", value))
        date_key, must_be_blank = AFTER_REFERENCE[list_key]
        for i in take(
            free_rows(
                lambda row, k=date_key, b=must_be_blank: (
                    row[k] is not None and (b is None or row[b] is None)
                )
            )
        ):
            later = reference_date + dt.timedelta(days=int(rng.integers(10, 60)))
            rows[i][date_key] = later
            planted.append(PlantedDefect(list_key, i, date_key, "date_after_reference", later))
        # Duplicates last: a duplicated row must carry no other defect.
        for i in take(free_rows(lambda row: True)):
            planted.append(PlantedDefect(list_key, i, None, "duplicate_row", None))
    return planted + plant_child_conflicts(rng, catalogue, tables, planted, per_kind)


# The other sex a conflicting row is given, by the sex its child has on every other row.
_OTHER_SEX = {"M": "Female", "F": "Male"}


def plant_child_conflicts(
    rng: np.random.Generator,
    catalogue: Catalogue,
    tables: dict[str, list[dict[str, Any]]],
    planted: list[PlantedDefect],
    per_kind: int,
) -> list[PlantedDefect]:
    """Give one row of a child the other sex (issue 21: one child, two stories).

    The child has at least three other rows, free of defects, that agree, so the figures keep
    the agreeing value and the finding points at the planted row.
    """
    reader = catalogue.codelists["sex"].reader()
    taken = {(d.list_key, d.row_index) for d in planted}
    rows_of: dict[str, list[tuple[str, int, str]]] = {}
    for list_key in ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp"):
        for i, row in enumerate(tables.get(list_key, [])):
            child, sex = row.get("child_id"), row.get("sex")
            if child is None or not isinstance(sex, str) or (list_key, i) in taken:
                continue
            code = reader.read(sex).code
            if code in _OTHER_SEX:
                rows_of.setdefault(str(child), []).append((list_key, i, code))
    eligible = sorted(
        child
        for child, rows in rows_of.items()
        if len(rows) >= 4 and len({code for _, _, code in rows}) == 1
    )
    out = []
    for n in rng.permutation(len(eligible))[:per_kind]:
        list_key, i, code = rows_of[eligible[int(n)]][-1]
        tables[list_key][i]["sex"] = _OTHER_SEX[code]
        out.append(PlantedDefect(list_key, i, "sex", "child_details_conflict", _OTHER_SEX[code]))
    return out


def plant_hidden_blanks(
    rng: np.random.Generator,
    tables: dict[str, list[dict[str, Any]]],
    planted: list[PlantedDefect],
    per_kind: int,
) -> list[PlantedDefect]:
    """Plant formulas without a saved value and Excel error cells (workbooks only) on rows that
    carry no other defect; mutate ``tables`` and return what was planted.

    The age is a formula from the date of birth saved without its result; a lookup of the list's
    own code (contact source, primary need, ...) failed with ``#N/A``.
    """
    out: list[PlantedDefect] = []
    taken = {(d.list_key, d.row_index) for d in planted}
    lookup_columns = {
        "contacts": "contact_source",
        "early_help": "sex",
        "referrals": "referral_source",
        "assessments": "sex",
        "s47": "sex",
        "cin": "primary_need",
        "cp": "initial_abuse_category",
    }
    for list_key, code_key in lookup_columns.items():
        rows = tables[list_key]
        free = [
            i
            for i, row in enumerate(rows)
            if (list_key, i) not in taken and row.get("age") is not None and row.get(code_key)
        ]
        chosen = [free[int(i)] for i in rng.permutation(len(free))[: 2 * per_kind]]
        for n, i in enumerate(sorted(chosen)):
            if n % 2 == 0:
                cell = FormulaCell("=ROUNDDOWN(YEARFRAC({date_of_birth}{row},TODAY()),0)", "")
                key, kind = "age", "formula_without_value"
            else:
                cell = FormulaCell("=VLOOKUP($A{row},Codes!$A:$B,2,FALSE)", "#N/A")
                key, kind = code_key, "excel_error"
            rows[i][key] = cell
            out.append(PlantedDefect(list_key, i, key, kind, cell))
    return out


def plant(
    seed: int,
    catalogue: Catalogue,
    tables: dict[str, list[dict[str, Any]]],
    reference_date: dt.date,
    per_kind: int,
    is_workbook: bool,
) -> list[PlantedDefect]:
    """Plant every kind of defect in ``tables`` (mutated in place), and, in a workbook, formulas
    without a saved value and Excel error cells; return what was planted. Each draws from its
    own stream of ``seed``."""
    planted = plant_defects(
        streams.stream(seed, streams.DEFECTS), catalogue, tables, reference_date, per_kind
    )
    if is_workbook:
        hidden_blanks_rng = streams.stream(seed, streams.HIDDEN_BLANKS)
        planted += plant_hidden_blanks(hidden_blanks_rng, tables, planted, per_kind)
    return planted


def duplicated_rows(
    tables: dict[str, list[dict[str, Any]]], planted: list[PlantedDefect]
) -> dict[str, set[int]]:
    """List key -> the row indexes written twice (the ``duplicate_row`` defects)."""
    duplicates: dict[str, set[int]] = {key: set() for key in tables}
    for defect in planted:
        if defect.kind == "duplicate_row":
            duplicates[defect.list_key].add(defect.row_index)
    return duplicates
