"""Ingest an Annex A submission: recognise each table's list by its headers, drop names, type columns.

Output: one polars frame per recognised list with canonical column keys, plus provenance columns
``_file``, ``_sheet`` and ``_row`` (the row number the local area sees). Cells that do not parse
are kept as null in the typed frame and reported as :class:`CellProblem` rows with their raw text,
so nothing is lost silently. Columns that hold names or addresses never leave this module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from jtai_analysis.catalogue.lists import (
    TEMPLATE_GUIDANCE_SHEET,
    Catalogue,
    ListContract,
    load_catalogue,
)
from jtai_analysis.common.text import normalise_header, slip_of, split_header
from jtai_analysis.ingest.merged_cells import cell_range
from jtai_analysis.ingest.parsing import (
    PROBLEM_KINDS,
    blank_to_null,
    parse_column,
    read_date_column,
)
from jtai_analysis.ingest.readers import RawTable, UnusableInputError, expand_paths, read_tables

HEADER_SEARCH_ROWS = 20  # the header row may sit below title rows
# A row "looks like" a list when it holds this many of the list's own columns (not the shared ones):
# then a missing identifying column is an error naming it, never a silently unrecognised sheet.
LOOKS_LIKE_MIN_OWN_COLUMNS = 2
PROVENANCE = ("_file", "_sheet", "_row")
PROBLEM_SCHEMA = {
    "list": pl.String,
    "file": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "column_key": pl.String,
    "value": pl.String,
    "problem": pl.String,
}


@dataclass
class ListPart:
    """One table (sheet or CSV) recognised as a list."""

    contract: ListContract
    file: Path
    sheet: str
    header_row: int
    frame: pl.DataFrame  # provenance + canonical keys, typed
    raw: pl.DataFrame  # _row + canonical keys as text (blank-to-null), for findings
    headers: dict[str, str]  # column key -> header text as found
    missing_columns: list[str]
    unrecognised_headers: list[str]
    dropped_personal_headers: list[str]
    problems: pl.DataFrame
    blank_rows: int
    # header as found -> the expected column closest to it (or None), for every header that matched nothing
    closest_columns: dict[str, str | None] = field(default_factory=dict)
    pivot_headers: dict[str, str] = field(default_factory=dict)  # column key -> "Sum of ..." header
    month_first_columns: list[str] = field(default_factory=list)  # dates read month/day/year
    period_end: dt.date | None = None  # "Period: 16/05/2026 to 16/11/2026" in the title rows
    # (sheet row, column key, why): cells that read as blank but hold a formula with no saved
    # value or an Excel error
    hidden_blanks: list[tuple[int, str, str]] = field(default_factory=list)
    # column key -> (spelling as sent, code read, rows) for every spelling that is not the code itself
    readings: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    # Values merged over several data rows, read for each of them: (first row, last row, column
    # key, cell range, value)
    merged: list[tuple[int, int, str, str, str | None]] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        return self.frame.height


@dataclass
class SkippedTable:
    """A table that is not analysed: out of scope (Lists 8-11) or not recognised."""

    file: str
    sheet: str
    reason: str
    list_key: str | None = None
    # A sheet that looks like a list but lacks an identifying column: an error, never "not received".
    missing_identifying: list[str] = field(default_factory=list)
    header_row: int | None = None


@dataclass
class Submission:
    """Everything read from one submission."""

    parts: dict[str, list[ListPart]] = field(default_factory=dict)
    out_of_scope: list[SkippedTable] = field(default_factory=list)
    unrecognised: list[SkippedTable] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def incomplete(self) -> list[SkippedTable]:
        """Sheets that look like a list but lack one of its identifying columns."""
        return [t for t in self.unrecognised if t.missing_identifying]

    def missing_columns(self, list_key: str) -> list[str]:
        """Column keys absent from every part of a list (their frame columns are all null)."""
        parts = self.parts.get(list_key) or []
        if not parts:
            return []
        common = set.intersection(*(set(p.missing_columns) for p in parts))
        return [key for key in parts[0].missing_columns if key in common]

    def has(self, list_key: str) -> bool:
        return bool(self.parts.get(list_key))

    def frame(self, list_key: str) -> pl.DataFrame | None:
        """The typed rows of a list across all its parts, or None when the list has not arrived."""
        parts = self.parts.get(list_key)
        if not parts:
            return None
        return pl.concat([p.frame for p in parts], how="diagonal_relaxed")

    def raw(self, list_key: str) -> pl.DataFrame | None:
        """The cells of a list as typed by the local area (blank-to-null), in the same row order as :meth:`frame`."""
        parts = self.parts.get(list_key)
        if not parts:
            return None
        return pl.concat([p.raw for p in parts], how="diagonal_relaxed")

    def problems(self) -> pl.DataFrame:
        frames = [p.problems for parts in self.parts.values() for p in parts]
        return pl.concat(frames) if frames else pl.DataFrame(schema=PROBLEM_SCHEMA)

    def period_end(self) -> dt.date | None:
        """The period end written in the sheets' title rows (the latest, when sheets differ), if any."""
        ends = [p.period_end for parts in self.parts.values() for p in parts if p.period_end]
        return max(ends) if ends else None

    def row_counts(self) -> dict[str, int]:
        return {key: sum(p.rows_in for p in parts) for key, parts in self.parts.items()}


class _HeaderIndex:
    """Folded header text -> (list key, column key) for every contract, and the personal columns."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.columns: dict[str, list[tuple[str, str]]] = {}
        for contract in catalogue.lists.values():
            for column in contract.columns:
                for header in column.accepted_headers():
                    self.columns.setdefault(header, []).append((contract.key, column.key))
        self.personal = {h for p in catalogue.personal_columns for h in p.accepted_headers()}
        # Columns that identify one list only (not child ID, sex, ... which every list has).
        owners: dict[str, set[str]] = {}
        for contract in catalogue.lists.values():
            for column in contract.columns:
                owners.setdefault(column.key, set()).add(contract.key)
        self.own_columns = {
            c.key: {k for k in c.column_keys if owners[k] == {c.key}}
            for c in catalogue.lists.values()
        }

    def positions(self, cells: list[str | None]) -> dict[str, dict[str, int]]:
        """List key -> column key -> position, for every header cell that a contract accepts."""
        found: dict[str, dict[str, int]] = {}
        for position, cell in enumerate(cells):
            if cell is None:
                continue
            for list_key, column_key in self.columns.get(normalise_header(cell), ()):
                found.setdefault(list_key, {}).setdefault(column_key, position)
        return found

    def match(self, cells: list[str | None]) -> tuple[ListContract, dict[str, int]] | None:
        """Best list for a candidate header row: every identifying column present, most columns matched."""
        found = self.positions(cells)
        best: tuple[int, str] | None = None
        for list_key, positions in found.items():
            contract = self.catalogue.lists[list_key]
            if all(key in positions for key in contract.signature):
                score = (len(positions), list_key)
                best = max(best, score) if best else score
        if best is None:
            return None
        return self.catalogue.lists[best[1]], found[best[1]]

    def looks_like(self, cells: list[str | None]) -> tuple[ListContract, list[str]] | None:
        """The list a header row resembles (enough of its own columns) and its missing identifying columns."""
        best: tuple[int, str] | None = None
        for list_key, positions in self.positions(cells).items():
            own = len(self.own_columns[list_key] & positions.keys())
            if own >= LOOKS_LIKE_MIN_OWN_COLUMNS:
                score = (own, list_key)
                best = max(best, score) if best else score
        if best is None:
            return None
        contract = self.catalogue.lists[best[1]]
        positions = self.positions(cells)[best[1]]
        return contract, [key for key in contract.signature if key not in positions]

    def closest(self, contract: ListContract, header: str, taken: set[str]) -> str | None:
        """The expected column (official header) that ``header`` certainly means: one of its
        accepted spellings with a typing slip (never merely a similar header, which may be
        another column: "Date of Contact Closure" is not "Date of Contact")."""
        return slip_of(
            normalise_header(header),
            (
                (spelling, column.header)
                for column in contract.columns
                if column.key not in taken
                for spelling in column.accepted_headers()
            ),
        )


def _find_header(
    table: RawTable, index: _HeaderIndex
) -> tuple[int, ListContract, dict[str, int]] | None:
    for offset, cells in enumerate(table.cells.head(HEADER_SEARCH_ROWS).iter_rows()):
        matched = index.match(list(cells))
        if matched is not None:
            return offset, matched[0], matched[1]
    return None


def _problems(
    list_key: str,
    table: RawTable,
    raw: pl.DataFrame,
    typed: pl.DataFrame,
    headers: dict[str, str],
    contract: ListContract,
) -> pl.DataFrame:
    frames = []
    for key, header in headers.items():
        column = contract.column(key)
        if column.type not in PROBLEM_KINDS:
            continue
        is_bad = raw[key].is_not_null() & typed[key].is_null()
        if not is_bad.any():
            continue
        bad = raw.filter(is_bad)
        frames.append(
            pl.DataFrame(
                {
                    "list": list_key,
                    "file": table.file.name,
                    "sheet": table.label,
                    "row": bad["_row"],
                    "column": header,
                    "column_key": key,
                    "value": bad[key],
                    "problem": PROBLEM_KINDS[column.type],
                },
                schema=PROBLEM_SCHEMA,
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame(schema=PROBLEM_SCHEMA)


def ingest_table(table: RawTable, index: _HeaderIndex) -> ListPart | SkippedTable:
    """Recognise and convert one raw table."""
    catalogue = index.catalogue
    found = _find_header(table, index)
    if found is None:
        return _unrecognised(table, index)
    offset, contract, positions = found
    if not contract.is_in_scope:
        return SkippedTable(
            table.file.name,
            table.label,
            f"{contract.label} is not part of the JTAI request",
            list_key=contract.key,
        )
    header_cells = list(table.cells.row(offset))
    body = table.cells.slice(offset + 1)
    row_numbers = pl.Series("_row", table.row_numbers[offset + 1 :], dtype=pl.Int64)
    blank_cells = body.select(pl.all().pipe(blank_to_null).is_null())
    is_blank_row = (
        blank_cells.select(pl.all_horizontal(pl.all())).to_series()
        if body.width
        else pl.Series([], dtype=pl.Boolean)
    )
    body, row_numbers = body.filter(~is_blank_row), row_numbers.filter(~is_blank_row)

    headers = {
        key: str(header_cells[pos]).strip()
        for key, pos in sorted(positions.items(), key=lambda kv: kv[1])
    }
    used_positions = set(positions.values())
    dropped, unrecognised = [], []
    for pos, cell in enumerate(header_cells):
        if cell is None or pos in used_positions or not str(cell).strip():
            continue
        (dropped if normalise_header(cell) in index.personal else unrecognised).append(
            str(cell).strip()
        )
    closest = {h: index.closest(contract, h, set(positions)) for h in unrecognised}
    pivot_headers = {
        key: header for key, header in headers.items() if split_header(header)[1] is not None
    }

    text = body.select(
        [blank_to_null(pl.col(f"c{pos}")).alias(key) for key, pos in positions.items()]
    )
    typed_columns, as_seen, month_first = [], [], []
    for key in positions:
        if contract.column(key).type == "date":
            dates = read_date_column(text[key])
            typed_columns.append(dates.dates.rename(key))
            as_seen.append(dates.as_seen.rename(key))
            month_first += [key] if dates.order == "mdy" else []
        else:
            typed_columns.append(parse_column(text[key], contract.column(key), catalogue))
    missing_text = [
        pl.lit(None, dtype=pl.String).alias(c.key)
        for c in contract.columns
        if c.key not in positions
    ]
    raw = text.with_columns(as_seen, *missing_text).select(contract.column_keys)
    raw = raw.with_columns(
        pl.lit(table.file.name, dtype=pl.String).alias("_file"),
        pl.lit(table.label, dtype=pl.String).alias("_sheet"),
        row_numbers,
    )
    for column in contract.columns:  # a missing column is all null, so later stages can rely on it
        if column.key not in positions:
            typed_columns.append(
                pl.Series(column.key, [None] * raw.height, dtype=_dtype(column.type))
            )
    frame = pl.DataFrame(
        [
            pl.Series("_file", [table.file.name] * raw.height, dtype=pl.String),
            pl.Series("_sheet", [table.label] * raw.height, dtype=pl.String),
            row_numbers,
            *sorted(typed_columns, key=lambda s: contract.column_keys.index(s.name)),
        ]
    )
    return ListPart(
        contract=contract,
        file=table.file,
        sheet=table.label,
        header_row=table.row_numbers[offset],
        frame=frame,
        raw=raw,
        headers=headers,
        missing_columns=[c.key for c in contract.columns if c.key not in positions],
        unrecognised_headers=unrecognised,
        dropped_personal_headers=dropped,
        problems=_problems(contract.key, table, raw, frame, headers, contract),
        blank_rows=int(is_blank_row.sum()),
        closest_columns=closest,
        pivot_headers=pivot_headers,
        period_end=_period_end(table.cells.head(offset)),
        hidden_blanks=_hidden_in_list(table, positions, offset),
        readings=_readings(contract, raw, frame, positions),
        month_first_columns=month_first,
        merged=_merged_in_list(table, positions, offset),
    )


def _merged_in_list(
    table: RawTable, positions: dict[str, int], offset: int
) -> list[tuple[int, int, str, str, str | None]]:
    """Ranges merged over data rows in the list's own columns (below its header row)."""
    header_row = table.row_numbers[offset]
    by_position = {pos: key for key, pos in positions.items()}
    found = []
    for top, bottom, left, right in table.merged:
        if top <= header_row:
            continue
        for position in range(left, right + 1):
            if position in by_position:
                value = table.cells[f"c{left}"][top - 1] if top - 1 < table.cells.height else None
                found.append(
                    (
                        top,
                        bottom,
                        by_position[position],
                        cell_range(top, bottom, left, right),
                        value,
                    )
                )
                break
    return sorted(found)


def _readings(
    contract: ListContract, raw: pl.DataFrame, frame: pl.DataFrame, positions: dict[str, int]
) -> dict[str, list[tuple[str, str, int]]]:
    """How each spelling of a code column was read, grouped (one line a spelling, not a row)."""
    out = {}
    for key in positions:
        if contract.column(key).type != "code":
            continue
        pairs = (
            pl.DataFrame({"value": raw[key], "code": frame[key]})
            .filter(pl.col("code").is_not_null() & (pl.col("value") != pl.col("code")))
            .group_by("value", "code")
            .len()
            .sort(["len", "value"], descending=[True, False])
        )
        if pairs.height:
            out[key] = [(v, c, int(n)) for v, c, n in pairs.iter_rows()]
    return out


def _hidden_in_list(
    table: RawTable, positions: dict[str, int], offset: int
) -> list[tuple[int, str, str]]:
    """Hidden blanks in the list's own columns, below its header row."""
    if not table.hidden_blanks:
        return []
    by_position = {pos: key for key, pos in positions.items()}
    header_row = table.row_numbers[offset]
    return sorted(
        (row, by_position[col], why)
        for (row, col), why in table.hidden_blanks.items()
        if row > header_row and col in by_position
    )


_PERIOD = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:to|until|-)\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE
)


def _period_end(title_rows: pl.DataFrame) -> dt.date | None:
    """The end of a "from ... to ..." period (UK dates) written above the header row."""
    for cells in title_rows.iter_rows():
        for cell in cells:
            match = _PERIOD.search(str(cell)) if cell is not None else None
            if match:
                day, month, year = (int(g) for g in match.groups()[3:])
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    continue
    return None


def _unrecognised(table: RawTable, index: _HeaderIndex) -> SkippedTable:
    """A table with no complete header row: say which list it resembles and what it lacks."""
    for offset, cells in enumerate(table.cells.head(HEADER_SEARCH_ROWS).iter_rows()):
        resembles = index.looks_like(list(cells))
        if resembles is None:
            continue
        contract, missing = resembles
        headers = ", ".join(f"'{contract.column(key).header}'" for key in missing)
        return SkippedTable(
            table.file.name,
            table.label,
            f"it looks like {contract.label} but has no column {headers}, which identifies that list",
            list_key=contract.key,
            missing_identifying=missing,
            header_row=table.row_numbers[offset],
        )
    return SkippedTable(
        table.file.name, table.label, "no header row of a known list in its first 20 rows"
    )


def _dtype(column_type: str) -> pl.DataType:
    return {"date": pl.Date(), "integer": pl.Int64(), "number": pl.Float64()}.get(
        column_type, pl.String()
    )


def ingest(paths: list[Path] | Path, catalogue: Catalogue | None = None) -> Submission:
    """Read every file (or folder of files) in ``paths`` into a :class:`Submission`.

    Raises :class:`UnusableInputError` when a file cannot be read or no list is recognised at all.
    """
    catalogue = catalogue or load_catalogue()
    index = _HeaderIndex(catalogue)
    files = expand_paths([paths] if isinstance(paths, Path) else [Path(p) for p in paths])
    submission = Submission(files=files)
    for path in files:
        for table in read_tables(path):
            if table.cells.height == 0 or table.sheet == TEMPLATE_GUIDANCE_SHEET:
                continue
            result = ingest_table(table, index)
            if isinstance(result, ListPart):
                submission.parts.setdefault(result.contract.key, []).append(result)
            elif result.list_key is not None and not result.missing_identifying:
                submission.out_of_scope.append(result)
            else:
                submission.unrecognised.append(result)
    if not submission.parts:
        names = ", ".join(p.name for p in files)
        near = submission.incomplete
        if near:
            raise UnusableInputError(
                f"No Annex A list was recognised in {names}: sheet '{near[0].sheet}' {near[0].reason}."
            )
        raise UnusableInputError(
            f"No Annex A list was recognised in {names}. Check that each sheet has the list's column headers."
        )
    return submission
