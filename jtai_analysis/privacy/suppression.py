"""Small-number suppression for packs shared beyond the inspection team (``--suppress-below N``).

One rule for the whole pack (issue 25): :func:`is_hidden` decides, and every table, sentence,
chart and statement of "what stands out" writes counts through it. Counts from 1 to N-1 are shown
as ``<N`` (:func:`count_text`); a percentage whose numerator or denominator is hidden is not shown
(:func:`fraction_text`), since it would give the count away; a chart draws no bar for a hidden
count. The threshold is the run's (:func:`set_suppression`, from the notebooks' ``suppress_below``
parameter); without one (the inspection team's own pack) nothing is hidden.
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


def is_hidden(count: int | None) -> bool:
    """Whether a count is hidden: from 1 to the threshold less 1 (never 0, never a blank)."""
    return bool(_suppress_below) and count is not None and 0 < count < _suppress_below


def count_text(count: int) -> str:
    """A count as the pack writes it: ``1,234``, or ``<5`` when hidden."""
    return f"<{_suppress_below}" if is_hidden(count) else f"{count:,}"


def fraction_text(numerator: int, denominator: int, value: float | None) -> str:
    """A percentage as the pack writes it: ``85 of 426 (20.0%)``; when either count is hidden,
    ``<5 of 426`` with no percentage that would give the count away."""
    shown = f"{count_text(numerator)} of {count_text(denominator)}"
    if is_hidden(numerator) or is_hidden(denominator) or value is None:
        return shown
    return f"{shown} ({value:.1f}%)"


def _hidden(column: str) -> pl.Expr:
    """:func:`is_hidden` over a column of counts."""
    return pl.col(column).is_between(1, _suppress_below - 1)


def _count_columns(frame: pl.DataFrame) -> list[str]:
    return [name for name, dtype in frame.schema.items() if dtype.is_integer()]


def suppress_for_chart(frame: pl.DataFrame) -> pl.DataFrame:
    """Small counts become null, so charts show no bar for them."""
    if not _suppress_below:
        return frame
    return frame.with_columns(
        [
            pl.when(_hidden(c)).then(None).otherwise(pl.col(c)).alias(c)
            for c in _count_columns(frame)
        ]
    )


def suppress_for_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Small counts become the text ``<N``, so readers see that a value was hidden."""
    if not _suppress_below:
        return frame
    marker = f"<{_suppress_below}"
    return frame.with_columns(
        [
            pl.when(_hidden(c)).then(pl.lit(marker)).otherwise(pl.col(c).cast(pl.String)).alias(c)
            for c in _count_columns(frame)
        ]
    )
