"""Merged cells in a workbook sheet: a value merged over several rows belongs to each of them.

A reader sees the value of a merged range in its first cell only, so a value merged over three
data rows reads as blank on the second and third. The ranges come from the sheet's XML
(``<mergeCell ref="B5:B7"/>``); :func:`fill_merged` copies each range's value down to every row
it covers, and the ranges are kept so that a finding can say the cells were merged.
"""

from __future__ import annotations

import re

import polars as pl

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell [^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def column_index(letters: bytes | str) -> int:
    """0-based column index of spreadsheet column letters (``A`` 0, ``AA`` 26)."""
    index = 0
    for letter in letters.encode() if isinstance(letters, str) else letters:
        index = index * 26 + letter - 64
    return index - 1


def column_letters(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def merged_over_rows(xml: bytes) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet's XML that cover more than one row.

    Returns (first row, last row, first column, last column): rows 1-based as in the sheet,
    columns 0-based.
    """
    if b"mergeCell" not in xml:
        return []
    ranges = []
    for first_col, first_row, last_col, last_row in _MERGE.findall(xml):
        top, bottom = int(first_row), int(last_row)
        if bottom > top:
            ranges.append((top, bottom, column_index(first_col), column_index(last_col)))
    return ranges


def fill_merged(cells: pl.DataFrame, ranges: list[tuple[int, int, int, int]]) -> pl.DataFrame:
    """The sheet's cells with each range's first value copied to every cell the range covers.

    ``cells`` columns are ``c0, c1, ...`` and frame row ``i`` is sheet row ``i + 1``.
    """
    if not ranges:
        return cells
    columns = {name: cells[name].to_list() for name in cells.columns}
    for top, bottom, left, right in ranges:
        if top - 1 >= cells.height or f"c{left}" not in columns:
            continue
        value = columns[f"c{left}"][top - 1]
        for col in range(left, right + 1):
            name = f"c{col}"
            if name not in columns:
                continue
            for row in range(top - 1, min(bottom, cells.height)):
                columns[name][row] = value
    return pl.DataFrame(columns, schema=cells.schema)


def cell_range(top: int, bottom: int, left: int, right: int) -> str:
    """``B5:B7``: a range as a spreadsheet names it."""
    return f"{column_letters(left)}{top}:{column_letters(right)}{bottom}"
