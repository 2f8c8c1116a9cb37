"""Read workbooks and CSV files into raw tables of text, keeping each row's spreadsheet row number.

Nothing is interpreted here: every cell is text (Excel dates arrive as ISO text, formulas as their
cached values). Files that cannot be read raise :class:`UnusableInputError` with one plain sentence.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from jtai_analysis.ingest.input_limits import oversize_reason

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
_ENCODINGS = ("utf-8-sig", "cp1252")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, and also what an encrypted .xlsx looks like


class UnusableInputError(Exception):
    """A file or folder cannot be used at all. The message is one or two plain sentences."""


@dataclass(frozen=True)
class RawTable:
    """One sheet or CSV file as text. ``cells`` columns are ``c0, c1, ...``; ``row_numbers`` are
    the 1-based rows (or CSV line numbers) a person sees for each row of ``cells``."""

    file: Path
    sheet: str
    cells: pl.DataFrame
    row_numbers: list[int]
    # (sheet row, column index) -> why a cell that reads as blank is not really blank: a formula
    # with no saved value, or an Excel error such as #N/A. Never a silent blank.
    hidden_blanks: dict[tuple[int, int], str] | None = None

    @property
    def label(self) -> str:
        """How findings name this table: the sheet name for workbooks, the file name for CSVs."""
        return self.sheet


def _workbook_tables(path: Path) -> Iterator[RawTable]:
    head = path.read_bytes()[:8]
    if not head:
        raise UnusableInputError(f"{path.name} is empty.")
    if path.suffix.lower() in {".xlsx", ".xlsm"} and head.startswith(_OLE_MAGIC):
        raise UnusableInputError(
            f"{path.name} looks password-protected (encrypted). Save it without a password and send it again."
        )
    if path.suffix.lower() in {".xlsx", ".xlsm"} and not head.startswith(_ZIP_MAGIC):
        raise UnusableInputError(
            f"{path.name} is not an Excel workbook, although its name ends in {path.suffix}."
        )
    try:
        reader = fastexcel.read_excel(str(path))
    except (
        Exception
    ) as error:  # fastexcel raises its own error types for corrupt or truncated files
        raise UnusableInputError(
            f"{path.name} could not be opened as a workbook ({_short(error)})."
        ) from error
    # The search for hidden blanks decompresses every sheet again: it runs beside the reader
    # (zlib and calamine both release the GIL), not after it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hidden_search = (
            pool.submit(_hidden_blanks, path) if path.suffix.lower() in {".xlsx", ".xlsm"} else None
        )
        frames = {name: _sheet_frame(reader, name, path) for name in reader.sheet_names}
        hidden = hidden_search.result() if hidden_search else {}
    for name, frame in frames.items():
        # With skip_rows=0, frame row i is sheet row i + 1 (leading blank rows are kept).
        yield RawTable(path, name, frame, list(range(1, frame.height + 1)), hidden.get(name, {}))


def _sheet_frame(reader: fastexcel.ExcelReader, name: str, path: Path) -> pl.DataFrame:
    try:
        frame = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()
    except Exception as error:
        raise UnusableInputError(
            f"Sheet '{name}' of {path.name} could not be read ({_short(error)})."
        ) from error
    return frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})


_CELL = re.compile(rb"<c r=\"([A-Z]+)(\d+)\"([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_SHEET_ENTRY = re.compile(rb"<sheet [^>]*?name=\"([^\"]*)\"[^>]*?r:id=\"([^\"]*)\"")
_RELATION = re.compile(rb"<Relationship [^>]*?Id=\"([^\"]*)\"[^>]*?Target=\"([^\"]*)\"")
_RELATION_REVERSED = re.compile(rb"<Relationship [^>]*?Target=\"([^\"]*)\"[^>]*?Id=\"([^\"]*)\"")


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _hidden_blanks(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet, the cells a reader sees as blank that are not: formulas with no saved value
    and Excel error values. Sheets without either cost one scan of their XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            targets = {rid: target for rid, target in _RELATION.findall(rels)}
            targets.update({rid: target for target, rid in _RELATION_REVERSED.findall(rels)})
            found: dict[str, dict[tuple[int, int], str]] = {}
            for name, rid in _SHEET_ENTRY.findall(book):
                target = targets.get(rid, b"").decode()
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                xml = archive.read(member)
                if b"<f" not in xml and b't="e"' not in xml:
                    continue
                found[_unescape(name)] = _scan_cells(xml)
            return found
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}  # the workbook reader reports an unreadable file in its own words


_MARKER = re.compile(rb'<f[ >/]|t="e"')  # a formula, or an error value


def _marked_cells(xml: bytes) -> Iterator[tuple[bytes, bytes, bytes, bytes]]:
    """The cells holding a formula or an error, found from the markers inside them: a sheet of
    200,000 cells with a few formulas is one search, not a regular expression over every cell."""
    done_to = 0
    for marker in _MARKER.finditer(xml):
        if marker.start() < done_to:
            continue  # inside the cell just read (a formula cell can also hold an error)
        start = xml.rfind(b"<c ", 0, marker.start())
        cell = _CELL.match(xml, start) if start >= 0 else None
        if cell is None or cell.end() < marker.start():
            continue
        done_to = cell.end()
        letters, row, attributes, body = cell.groups()
        yield letters, row, attributes, body


def _scan_cells(xml: bytes) -> dict[tuple[int, int], str]:
    cells: dict[tuple[int, int], str] = {}
    for letters, row, attributes, body in _marked_cells(xml):
        body = body or b""
        if b't="e"' in attributes:
            value = re.search(rb"<v>([^<]*)</v>", body)
            error = value.group(1).decode() if value else "an error"
            cells[(int(row), _column_index(letters))] = f"the Excel error {error}"
        elif b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
            formula = re.search(rb"<f[^>]*>([^<]*)</f>", body)
            text = f" (={formula.group(1).decode()[:60]})" if formula and formula.group(1) else ""
            cells[(int(row), _column_index(letters))] = f"a formula with no saved value{text}"
    return cells


def _unescape(name: bytes) -> str:
    import html

    return html.unescape(name.decode("utf-8"))


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]


def _decode(path: Path, data: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnusableInputError(f"{path.name} is not readable text (neither UTF-8 nor Windows-1252).")


def _delimiter(sample: str) -> str:
    """The delimiter that gives the widest row in the first records (a header row is the widest;
    a title row above it may well contain commas, which fools frequency-based sniffing)."""
    lines = sample.splitlines()[:20]

    def widest(delimiter: str) -> int:
        return max((len(row) for row in csv.reader(lines, delimiter=delimiter)), default=0)

    return max((",", ";", "\t"), key=widest)  # ties go to the comma


def _csv_table(path: Path) -> RawTable:
    data = path.read_bytes()
    if not data.strip():
        raise UnusableInputError(f"{path.name} is empty.")
    if b"\x00" in data[:4096]:
        raise UnusableInputError(
            f"{path.name} is not a text file, although its name ends in {path.suffix}."
        )
    text = _decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:8192]))
    records: list[list[str]] = []
    line_numbers: list[int] = []
    previous_line = 0
    try:
        for record in reader:
            records.append(record)
            line_numbers.append(previous_line + 1)  # the line where this record starts
            previous_line = reader.line_num
    except csv.Error as error:
        raise UnusableInputError(
            f"{path.name} is not valid CSV near line {reader.line_num} ({error})."
        ) from error
    width = max((len(r) for r in records), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in records] for i in range(width)}
    frame = pl.DataFrame(columns, schema={name: pl.String for name in columns})
    return RawTable(path, path.name, frame, line_numbers)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, and the workbooks and CSVs inside named folders (sorted, not recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES | CSV_SUFFIXES
            )
            inside = [p for p in inside if not p.name.startswith(("~$", "."))]  # Excel lock files
            if not inside:
                raise UnusableInputError(
                    f"The folder {path} holds no workbook (.xlsx) or CSV file."
                )
            files.extend(inside)
        elif path.exists():
            files.append(path)
        else:
            raise UnusableInputError(f"{path} does not exist.")
    return files


def read_tables(path: Path) -> list[RawTable]:
    """Every table in one file: a sheet per workbook sheet, or the one table of a CSV."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES | CSV_SUFFIXES and (reason := oversize_reason(path)):
        raise UnusableInputError(reason)  # before reading: a bomb must not be read at all
    if suffix in WORKBOOK_SUFFIXES:
        return list(_workbook_tables(path))
    if suffix in CSV_SUFFIXES:
        return [_csv_table(path)]
    raise UnusableInputError(f"{path.name} is neither a workbook (.xlsx) nor a CSV file.")
