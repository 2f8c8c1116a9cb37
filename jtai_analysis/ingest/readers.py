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

from jtai_analysis.ingest import file_kinds
from jtai_analysis.ingest.file_kinds import OLE_MAGIC as _OLE_MAGIC
from jtai_analysis.ingest.file_kinds import ZIP_MAGIC as _ZIP_MAGIC
from jtai_analysis.ingest.html_tables import read_html_tables
from jtai_analysis.ingest.input_limits import oversize_reason
from jtai_analysis.ingest.merged_cells import fill_merged, merged_over_rows

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab"})
HTML_SUFFIXES = frozenset({".htm", ".html"})  # tables exported as a web page


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
    # Merged ranges over more than one row, their value copied to each row (first row, last row,
    # first column, last column; rows 1-based, columns 0-based): a finding says so.
    merged: tuple[tuple[int, int, int, int], ...] = ()

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
        if head.startswith(_OLE_MAGIC):  # not a workbook calamine knows: say what it is
            raise UnusableInputError(
                file_kinds.refusal(path, file_kinds.ole_kind(path.read_bytes()))
            ) from error
        raise UnusableInputError(
            f"{path.name} could not be opened as a workbook ({_short(error)})."
        ) from error
    # The search for hidden blanks and merged cells decompresses every sheet again: it runs
    # beside the reader (zlib and calamine both release the GIL), not after it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        marks_search = pool.submit(_sheet_marks, path) if head.startswith(_ZIP_MAGIC) else None
        frames = {name: _sheet_frame(reader, name, path) for name in reader.sheet_names}
        hidden, merged = marks_search.result() if marks_search else ({}, {})
    for name, frame in frames.items():
        # With skip_rows=0, frame row i is sheet row i + 1 (leading blank rows are kept).
        ranges = merged.get(name, [])
        yield RawTable(
            path,
            name,
            fill_merged(frame, ranges),
            list(range(1, frame.height + 1)),
            hidden.get(name, {}),
            tuple(ranges),
        )


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


Merges = dict[str, list[tuple[int, int, int, int]]]


def _sheet_marks(path: Path) -> tuple[dict[str, dict[tuple[int, int], str]], Merges]:
    """Per sheet, the cells a reader sees as blank that are not (formulas with no saved value and
    Excel error values), and the ranges merged over more than one row. Sheets without either
    cost one scan of their XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            targets = {rid: target for rid, target in _RELATION.findall(rels)}
            targets.update({rid: target for target, rid in _RELATION_REVERSED.findall(rels)})
            found: dict[str, dict[tuple[int, int], str]] = {}
            merged: Merges = {}
            for name, rid in _SHEET_ENTRY.findall(book):
                target = targets.get(rid, b"").decode()
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                xml = archive.read(member)
                ranges = merged_over_rows(xml)
                if ranges:
                    merged[_unescape(name)] = ranges
                if b"<f" not in xml and b't="e"' not in xml:
                    continue
                found[_unescape(name)] = _scan_cells(xml)
            return found, merged
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}, {}  # the workbook reader reports an unreadable file in its own words


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
    """Text as sent: UTF-8 (with or without a byte order mark), UTF-16 ("Unicode text" from
    Excel), else Windows-1252."""
    encoding = file_kinds.text_encoding(data)
    if encoding is None:
        raise UnusableInputError(
            f"{path.name} is not a text file, although its name ends in {path.suffix}: "
            f"{file_kinds.SEND_INSTEAD}."
        )
    for candidate in (encoding, "cp1252") if encoding == "utf-8" else (encoding,):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise UnusableInputError(
        f"{path.name} is not readable text (neither UTF-8, UTF-16 nor Windows-1252)."
    )


def _delimiter(sample: str) -> str:
    """The delimiter that gives the widest row in the first records (a header row is the widest;
    a title row above it may well contain commas, which fools frequency-based sniffing)."""
    lines = sample.splitlines()[:20]

    def widest(delimiter: str) -> int:
        return max((len(row) for row in csv.reader(lines, delimiter=delimiter)), default=0)

    return max((",", ";", "\t"), key=widest)  # ties go to the comma


def _csv_table(path: Path, text: str) -> RawTable:
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


def _text_tables(path: Path, data: bytes) -> list[RawTable]:
    """A text file: CSV or tab-separated text, or an HTML table export (often named .xls)."""
    text = _decode(path, data)
    if file_kinds.is_html(text):
        return _html_tables(path, text)
    if file_kinds.is_spreadsheet_2003(text):
        raise UnusableInputError(
            file_kinds.refusal(
                path,
                "an Excel 2003 XML spreadsheet",
                "open it in Excel and save it as an Excel workbook (.xlsx)",
            )
        )
    if not text.strip():
        raise UnusableInputError(f"{path.name} is empty.")
    return [_csv_table(path, text)]


def _html_tables(path: Path, text: str) -> list[RawTable]:
    tables = read_html_tables(text)
    if not tables:
        raise UnusableInputError(file_kinds.refusal(path, "a web page (HTML) with no table in it"))
    raw = []
    for number, table in enumerate(tables, start=1):
        width = max(len(row) for row in table.rows)
        columns = {
            f"c{i}": [row[i] if i < len(row) else None for row in table.rows] for i in range(width)
        }
        frame = pl.DataFrame(columns, schema={name: pl.String for name in columns})
        name = path.name if len(tables) == 1 else f"{path.name} › table {number}"
        raw.append(
            RawTable(path, name, frame, list(range(1, frame.height + 1)), merged=tuple(table.spans))
        )
    return raw


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, and the workbooks and CSVs inside named folders (sorted, not recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in WORKBOOK_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES
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
    """Every table in one file: a sheet per workbook sheet, or the one table of a CSV.

    The file's first bytes decide how it is read, not its name alone: an HTML table or a CSV
    saved as ``.xls`` is read as what it is; a document, image or archive is refused in one
    sentence saying what it is.
    """
    suffix = path.suffix.lower()
    readable = WORKBOOK_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES
    if suffix in readable and (reason := oversize_reason(path)):
        raise UnusableInputError(reason)  # before reading: a bomb must not be read at all
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise UnusableInputError(f"{path.name} is empty.")
    known = file_kinds.kind_by_signature(head)
    if suffix not in readable:
        what = f": it is {known}" if known else ""
        raise UnusableInputError(
            f"{path.name} is neither a workbook (.xlsx) nor a CSV file{what}; "
            f"{file_kinds.SEND_INSTEAD}."
        )
    if known is not None:
        raise UnusableInputError(file_kinds.refusal(path, known))
    if head.startswith(_ZIP_MAGIC):
        other = file_kinds.zip_kind(path)
        if other is not None:
            raise UnusableInputError(file_kinds.refusal(path, other))
        return list(_workbook_tables(path))
    if head.startswith(_OLE_MAGIC) or suffix in {".xlsx", ".xlsm", ".xlsb", ".ods"}:
        return list(_workbook_tables(path))  # says why an .xlsx that is no zip is refused
    return _text_tables(path, path.read_bytes())
