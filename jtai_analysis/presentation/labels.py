"""Headings for display: data tables keep their keys; a table is relabelled only when it is shown."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml

_LABELS_FILE = Path(__file__).with_name("labels.yml")


@cache
def column_labels(table: str) -> dict[str, str]:
    """Data key -> heading for one kind of table (a section of ``labels.yml``)."""
    labels = yaml.safe_load(_LABELS_FILE.read_text(encoding="utf-8")) or {}
    return dict(labels[table])


def for_display(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """The labelled columns of ``frame``, in the order of ``labels.yml``, renamed to their headings."""
    labels = column_labels(table)
    return frame.select(
        [pl.col(key).alias(label) for key, label in labels.items() if key in frame.columns]
    )
