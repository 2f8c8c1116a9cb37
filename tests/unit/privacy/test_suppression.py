"""Small counts suppressed in tables and charts, only when asked."""

from __future__ import annotations

import polars as pl

from jtai_analysis.privacy.suppression import (
    set_suppression,
    suppress_for_chart,
    suppress_for_table,
)


def test_small_counts_are_suppressed_only_when_asked() -> None:
    frame = pl.DataFrame(
        {"Group": ["a", "b", "c", "d"], "Children": [0, 3, 5, 12], "Per cent": [0.0, 2.5, 4.1, 9.9]}
    )
    try:
        set_suppression(0)
        assert suppress_for_table(frame).equals(frame)
        set_suppression(5)
        assert suppress_for_table(frame)["Children"].to_list() == ["0", "<5", "5", "12"]
        assert suppress_for_chart(frame)["Children"].to_list() == [0, None, 5, 12]
        assert suppress_for_table(frame)["Per cent"].to_list() == [0.0, 2.5, 4.1, 9.9]  # not counts
    finally:
        set_suppression(0)
