"""Headings for display: data tables keep their keys; a table is relabelled only when it is shown.

The words are the catalogue's labels file (``catalogue/labels.yml``, :mod:`jtai_analysis.catalogue.labels`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from jtai_analysis.catalogue.labels import load_labels


def column_labels(table: str) -> dict[str, Any]:
    """Data key -> heading for one kind of table (a section of ``catalogue/labels.yml``)."""
    section = getattr(load_labels(), table)
    return {
        key: value.model_dump() if hasattr(value, "model_dump") else value
        for key, value in section.items()
    }


def for_display(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """The labelled columns of ``frame``, in the order of ``labels.yml``, renamed to their headings."""
    labels = column_labels(table)
    return frame.select(
        [pl.col(key).alias(label) for key, label in labels.items() if key in frame.columns]
    )
