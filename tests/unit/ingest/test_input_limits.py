"""Inputs too large to read safely are refused from their sizes, before they are read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jtai_analysis.ingest.input_limits import (
    InputLimits,
    count_lines,
    count_rows,
    oversize_reason,
)
from jtai_analysis.ingest.readers import UnusableInputError, read_tables

ROW = b'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>1001</t></is></c></row>'
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_FOOT = b"</sheetData></worksheet>"


def write_bomb(
    path: Path, rows: int, row: bytes = b"<row>" + b"<c><v>1</v></c>" * 20 + b"</row>"
) -> Path:
    """A minimal workbook whose one sheet holds ``rows`` identical rows, streamed into the zip
    (constant memory): a few megabytes on disk however large it expands."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            block = row * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(row * (rows % 10_000))
            sheet.write(SHEET_FOOT)
    return path


def test_rows_are_counted_across_chunk_boundaries(tmp_path: Path) -> None:
    # rows of 67-71 bytes: 40,000 of them span several 1 MB chunks, so tags straddle boundaries
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_HEAD)
            for n in range(1, 40_001):
                sheet.write(ROW.replace(b"{n}", str(n).encode()))
            sheet.write(SHEET_FOOT)
        # a writer that gives the namespace a prefix prefixes every tag
        prefixed = SHEET_HEAD.replace(b"<worksheet", b"<x:worksheet").replace(
            b"<sheetData>", b"<x:sheetData>"
        )
        book.writestr(
            "xl/worksheets/sheet2.xml", prefixed + b'<x:row r="1"/>' * 3 + b"</x:sheetData>"
        )
        info = book.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 2 * (1 << 20)
        assert count_rows(book, info, stop_after=10**9) == 40_000
        assert count_rows(book, info, stop_after=100) < 40_000  # stops early
        assert count_rows(book, book.getinfo("xl/worksheets/sheet2.xml"), stop_after=99) == 3


def test_lines_are_counted_with_or_without_a_last_line_break(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"h\n1\n2\n")
    (tmp_path / "b.csv").write_bytes(b"h\n1\n2")
    (tmp_path / "c.csv").write_bytes(b"")
    assert [count_lines(tmp_path / n, 99) for n in ("a.csv", "b.csv", "c.csv")] == [3, 3, 0]


def test_a_workbook_with_too_many_rows_is_refused_in_one_sentence(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "annex_a.xlsx", rows=1_001)
    limits = InputLimits(max_rows=1_000, max_bytes=10**9)
    reason = oversize_reason(bomb, limits)
    assert reason is not None and reason.endswith(".") and "\n" not in reason  # one sentence
    # the facts: the file, the sheet, how many rows, the limit, and how to raise it
    assert reason.startswith("annex_a.xlsx was not read because a sheet (sheet1.xml)")
    assert "has over 1,000 rows" in reason and "limit of 1,000 rows a list" in reason
    assert "JTAI_MAX_ROWS" in reason
    assert oversize_reason(bomb, InputLimits(max_rows=1_001, max_bytes=10**9)) is None


def test_a_workbook_expanding_past_the_byte_limit_is_refused(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "b.xlsx", rows=20_000)  # 20,000 rows x 311 bytes: 6.2 MB of XML
    assert bomb.stat().st_size < 200_000
    reason = oversize_reason(bomb, InputLimits(max_rows=10**9, max_bytes=5_000_000))
    assert reason is not None and "it expands to 6 MB of sheet data" in reason
    assert "limit of 5 MB a workbook" in reason


def test_csv_limits(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"Child Unique ID\n" + b"1001\n" * 11)
    assert oversize_reason(path, InputLimits(max_rows=11, max_bytes=1_000)) is None
    assert "has over 10 rows" in str(
        oversize_reason(path, InputLimits(max_rows=10, max_bytes=1_000))
    )
    assert "it is 0 MB, past the limit of 0 MB a file" in str(
        oversize_reason(path, InputLimits(max_rows=100, max_bytes=10))
    )


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JTAI_MAX_ROWS", "2_000_000")
    monkeypatch.setenv("JTAI_MAX_INPUT_MB", "junk")
    assert InputLimits.from_environment() == InputLimits(max_rows=2_000_000, max_bytes=10**9)


def test_the_reader_refuses_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JTAI_MAX_ROWS", "500")
    bomb = write_bomb(tmp_path / "annex_a.xlsx", rows=501)
    with pytest.raises(UnusableInputError, match=r"^annex_a.xlsx was not read because a sheet"):
        read_tables(bomb)
