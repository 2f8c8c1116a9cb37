"""Small-number suppression for packs shared beyond the inspection team (``--suppress-below N``).

Counts from 1 to N-1 are hidden in every table (shown as ``<N``) and chart (no bar) displayed after
:func:`set_suppression` is called; the notebooks call it from their ``suppress_below`` parameter.
"""

from __future__ import annotations

import polars as pl

_suppress_below = 0


def set_suppression(threshold: int) -> None:
    """Hide counts from 1 to ``threshold`` - 1 in tables and charts shown from now on (0: off)."""
    global _suppress_below
    _suppress_below = max(0, int(threshold))


def suppression_threshold() -> int:
    return _suppress_below


def _count_columns(frame: pl.DataFrame) -> list[str]:
    return [name for name, dtype in frame.schema.items() if dtype.is_integer()]


def suppress_for_chart(frame: pl.DataFrame) -> pl.DataFrame:
    """Small counts become null, so charts show no bar for them."""
    if not _suppress_below:
        return frame
    small = lambda c: pl.col(c).is_between(1, _suppress_below - 1)  # noqa: E731
    return frame.with_columns(
        [pl.when(small(c)).then(None).otherwise(pl.col(c)).alias(c) for c in _count_columns(frame)]
    )


def suppress_for_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Small counts become the text ``<N``, so readers see that a value was hidden."""
    if not _suppress_below:
        return frame
    marker = f"<{_suppress_below}"
    return frame.with_columns(
        [
            pl.when(pl.col(c).is_between(1, _suppress_below - 1))
            .then(pl.lit(marker))
            .otherwise(pl.col(c).cast(pl.String))
            .alias(c)
            for c in _count_columns(frame)
        ]
    )
