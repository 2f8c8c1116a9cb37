"""The public Annex A sample of made-up children (tests/data/real_world/sf_annex_a_sample/, source
in the README there), written back as the workbook its publisher shares: sheets ``List 1`` ...
``List 7``, the header in row 1, dates as Excel dates, ages as fractions of a year."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "data" / "real_world" / "sf_annex_a_sample"
# The date the sample's ages point to (its ages are days since birth / 365.25 at this date;
# worked by hand for two rows in tests/unit/validation/test_date_from_ages.py).
SAMPLE_EXTRACTED = dt.date(2021, 3, 16)


def sample_rows(number: int) -> list[list[str]]:
    """List ``number``'s rows as text, header first."""
    with (SAMPLE / f"list_{number}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_sample_workbook(
    path: Path, changes: dict[tuple[int, int, int], str] | None = None
) -> Path:
    """The sample as an .xlsx; ``changes`` maps (list, data row from 1, column) to a new cell."""
    import xlsxwriter

    changes = changes or {}
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for number in range(1, 8):
        sheet = book.add_worksheet(f"List {number}")
        rows = sample_rows(number)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                text = changes.get((number, r, c), text)
                if r and len(text) == 10 and text[4] == "-" and text[7] == "-":
                    sheet.write_datetime(r, c, dt.datetime.fromisoformat(text), dates)
                elif r and text.replace(".", "", 1).isdigit() and rows[0][c] == "Age":
                    sheet.write_number(r, c, float(text))
                elif text:
                    sheet.write_string(r, c, text)
    book.close()
    return path
