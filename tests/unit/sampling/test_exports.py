"""Sample exports: the 20, the 6 and dip samples as CSV and .xlsx, formula-like cells made inert."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from jtai_analysis.sampling.exports import sample_files
from jtai_analysis.sampling.sample import choose
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.sampling.nominated import nomination, with_nominations


def test_exports_are_csv_and_xlsx_with_formulas_made_inert(tmp_path: Path) -> None:
    rows = [nomination(i) for i in range(30)]
    rows[0] = {**rows[0], "child_id": "=HYPERLINK(1)"}
    rows[1] = {**rows[1], "child_id": "-2+3"}
    sample = choose(with_nominations(rows), R, seed=1, lock=["=HYPERLINK(1)", "-2+3"])
    written = sample_files(
        tmp_path, sample, [("test", pl.DataFrame({"child_id": ["@SUM(A1)"], "row": [7]}))]
    )
    names = {p.name for p in written}
    assert {"selected_20.csv", "selected_6.csv", "sample.xlsx", "dip_test.csv"} <= names
    text = (tmp_path / "selected_20.csv").read_text()
    assert "\n'=HYPERLINK(1)," in text and "\n'-2+3," in text
    assert "\n'@SUM(A1),7" in (tmp_path / "dip_test.csv").read_text()
    book = load_workbook(tmp_path / "sample.xlsx")
    cells = [c.value for row in book["The proposed 20"].iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells or "=HYPERLINK(1)" not in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)
    assert book["Dip test"]["B2"].value == 7  # numbers stay numbers
