"""Refuse an input too large to read safely, before reading it.

A workbook is a zip: a few megabytes can expand to gigabytes of sheet XML (a decompression bomb, or
an export gone wrong), and reading it whole would take minutes and more memory than the machine
has. So its sizes are checked first, from the zip's directory and by streaming through each sheet's
XML counting rows, in constant memory and in seconds: the uncompressed size of all its parts, and the
rows of each sheet. A CSV is checked by its size and its line count, read in chunks.

The limits sit well above the largest real area (the biggest Annex A list is well under a million
rows) and can be raised with ``JTAI_MAX_ROWS`` and ``JTAI_MAX_INPUT_MB``.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_ROWS = 1_000_000  # rows of one sheet or CSV file
DEFAULT_MAX_MEGABYTES = 1_000  # uncompressed parts of one workbook, or one CSV file
ROWS_VARIABLE, MEGABYTES_VARIABLE = "JTAI_MAX_ROWS", "JTAI_MAX_INPUT_MB"
ZIP_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
_CHUNK = 1 << 20
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
# A row starts with <row (or <x:row when the writer gives the namespace a prefix, as it does for
# sheetData). One pattern, counted once a chunk: the count costs about as much as decompressing.
_SHEET_DATA = re.compile(rb"<(?:(\w+):)?sheetData[\s>/]")


@dataclass(frozen=True)
class InputLimits:
    """How large one input may be before it is refused."""

    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_MEGABYTES * 1_000_000

    @classmethod
    def from_environment(cls) -> InputLimits:
        """The defaults, raised or lowered by ``JTAI_MAX_ROWS`` and ``JTAI_MAX_INPUT_MB``."""
        rows = _positive(ROWS_VARIABLE, DEFAULT_MAX_ROWS)
        megabytes = _positive(MEGABYTES_VARIABLE, DEFAULT_MAX_MEGABYTES)
        return cls(max_rows=rows, max_bytes=megabytes * 1_000_000)


def _positive(variable: str, default: int) -> int:
    text = os.environ.get(variable, "").strip().replace("_", "")
    return int(text) if text.isdigit() and int(text) > 0 else default


def oversize_reason(path: Path, limits: InputLimits | None = None) -> str | None:
    """One plain sentence saying why ``path`` is too large to read, or None when it is not.

    Only sizes are looked at; a file that is not what its name says is left to the reader to report.
    """
    limits = limits or InputLimits.from_environment()
    suffix = path.suffix.lower()
    if suffix in ZIP_WORKBOOK_SUFFIXES and zipfile.is_zipfile(path):
        return _workbook_reason(path, limits)
    size = path.stat().st_size
    if size > limits.max_bytes:
        return _refusal(path, f"it is {_megabytes(size)}", f"{_megabytes(limits.max_bytes)} a file")
    if suffix in {".csv", ".txt"}:
        lines = count_lines(path, stop_after=limits.max_rows + 1)
        if lines > limits.max_rows + 1:  # the header line is not a row
            return _refusal(path, f"it has over {limits.max_rows:,} rows", _rows_limit(limits))
    return None


def _workbook_reason(path: Path, limits: InputLimits) -> str | None:
    with zipfile.ZipFile(path) as book:
        parts = book.infolist()
        expanded = sum(part.file_size for part in parts)
        if expanded > limits.max_bytes:
            return _refusal(
                path,
                f"it expands to {_megabytes(expanded)} of sheet data",
                f"{_megabytes(limits.max_bytes)} a workbook",
            )
        for part in parts:
            if _SHEET_PART.match(part.filename):
                rows = count_rows(book, part, stop_after=limits.max_rows)
                if rows > limits.max_rows:
                    return _refusal(
                        path,
                        f"a sheet ({part.filename.rsplit('/', 1)[-1]}) has over {limits.max_rows:,} rows",
                        _rows_limit(limits),
                    )
    return None


def count_rows(book: zipfile.ZipFile, part: zipfile.ZipInfo, stop_after: int) -> int:
    """Rows in one sheet's XML, streamed (constant memory); stops once past ``stop_after``."""
    rows, tail, tag = 0, b"", b""
    with book.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if not tag:  # rows come inside sheetData, written with the prefix rows will have
                start = _SHEET_DATA.search(window)
                if not start:
                    tail = window[-64:]
                    continue
                tag = b"<" + start.group(1) + b":row" if start.group(1) else b"<row"
            rows += window.count(tag)
            if rows > stop_after:
                return rows
            tail = window[1 - len(tag) :]  # too short to hold a whole tag: none counted twice
    return rows


def count_lines(path: Path, stop_after: int) -> int:
    """Lines in a text file, read in chunks; stops once past ``stop_after``."""
    lines, last = 0, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
            if lines > stop_after:
                return lines
    return lines + (last != b"\n")  # a last line without a line break still counts


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def _rows_limit(limits: InputLimits) -> str:
    return f"{limits.max_rows:,} rows a list"


def _refusal(path: Path, what: str, limit: str) -> str:
    return (
        f"{path.name} was not read because {what}, past the limit of {limit} "
        f"(raise {ROWS_VARIABLE} or {MEGABYTES_VARIABLE} if it is genuine)."
    )
