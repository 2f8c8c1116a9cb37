"""Tables in an HTML file: what many case-management systems export and name ``.xls``.

Excel opens such a file as a sheet, so local areas send it as a workbook. Each ``<table>`` is read
as a sheet: one row a ``<tr>``, one cell a ``<td>`` or ``<th>`` (its text, tags removed), a cell
spanning rows or columns repeated into each (the spans are returned so a finding can say so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlTable:
    """One table: its rows of cell text, and the cells that span more than one row."""

    rows: list[list[str | None]] = field(default_factory=list)
    # (first row, last row, first column, last column): rows 1-based, columns 0-based
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._depth = 0  # nested tables are read as part of their cell's text
        self._row: list[tuple[str, int, int]] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._rows: list[list[tuple[str, int, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._rows = []
        elif self._depth != 1:
            return
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            values = dict(attrs)
            self._span = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self._depth == 1:
                self._finish_row()
                self.tables.append(_laid_out(self._rows))
            self._depth = max(0, self._depth - 1)
        elif self._depth != 1:
            return
        elif tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is None:
            return
        if self._row is None:
            self._row = []
        text = " ".join("".join(self._cell).replace("\xa0", " ").split())
        self._row.append((text, *self._span))
        self._cell = None

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._row is not None:
            self._rows.append(self._row)
        self._row = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 10_000))
    except ValueError:
        return 1


def _laid_out(rows: list[list[tuple[str, int, int]]]) -> HtmlTable:
    """Place each cell in its grid position, repeating spanned cells; note spans over rows."""
    grid: dict[tuple[int, int], str] = {}
    spans = []
    for r, cells in enumerate(rows):
        c = 0
        for text, row_span, col_span in cells:
            while (r, c) in grid:
                c += 1
            for dr in range(row_span):
                for dc in range(col_span):
                    grid[(r + dr, c + dc)] = text
            if row_span > 1:
                spans.append((r + 1, r + row_span, c, c + col_span - 1))
            c += col_span
    height = max((r for r, _ in grid), default=-1) + 1
    width = max((c for _, c in grid), default=-1) + 1
    table = HtmlTable(
        [[grid.get((r, c)) or None for c in range(width)] for r in range(height)], spans
    )
    return table


def read_html_tables(text: str) -> list[HtmlTable]:
    """Every top-level table in an HTML document, in order."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return [t for t in parser.tables if t.rows]
