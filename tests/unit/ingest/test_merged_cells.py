"""Merged ranges read from a sheet's XML and filled down (issue 21, item 4)."""

from __future__ import annotations

import polars as pl

from jtai_analysis.ingest.merged_cells import cell_range, fill_merged, merged_over_rows


def test_only_ranges_over_several_rows_are_kept() -> None:
    xml = (
        b'<worksheet><mergeCells count="3"><mergeCell ref="A1:G1"/>'
        b'<mergeCell ref="B5:B7"/><mergeCell ref="AA10:AB12"/></mergeCells></worksheet>'
    )
    assert merged_over_rows(xml) == [(5, 7, 1, 1), (10, 12, 26, 27)]
    assert merged_over_rows(b"<worksheet/>") == []
    assert cell_range(10, 12, 26, 27) == "AA10:AB12"


def test_the_first_value_fills_every_cell_of_the_range() -> None:
    cells = pl.DataFrame(
        {"c0": ["h", "1", "2", "3"], "c1": ["g", "Male", None, None], "c2": ["x", "a", "b", "c"]}
    )
    filled = fill_merged(cells, [(2, 4, 1, 1)])  # B2:B4
    assert filled["c1"].to_list() == ["g", "Male", "Male", "Male"]
    assert filled["c2"].to_list() == ["x", "a", "b", "c"]
