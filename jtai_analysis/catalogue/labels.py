"""The words people see for data keys: one file (``catalogue/labels.yml``), read here for every room.

Analysis, sampling and validation build their tables with these headings, and the presentation
relabels data tables with them when it shows one; the file lives in the catalogue so that the low
rooms can read it too (the import layers run one way). Typed and checked on load: a section the
model does not declare is refused with the file and key named.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jtai_analysis.catalogue.checked_yaml import FrozenModel, read_checked

_LABELS_FILE = Path(__file__).with_name("labels.yml")


class IndicatorHeadline(FrozenModel):
    """An indicator the pack heads by one of its groups (``group``), with its own title."""

    group: str
    title: str


class Labels(FrozenModel):
    """``labels.yml``: each section maps data keys (or codes) to the words a reader sees."""

    reconciliation: dict[str, str]
    groups: dict[str, dict[str, str]]
    group_headings: dict[str, str]
    indicator_headlines: dict[str, IndicatorHeadline]
    event_details: dict[str, str]
    # The column headings of tables built for a reader (the pack, CSV files, workbooks), by table.
    headings: dict[str, dict[str, str]]
    # Single words shown as a value (a list received or not yet).
    words: dict[str, str]
    # An information-request item's status, as shown (the tracker's Status column).
    request_statuses: dict[str, str]
    # The captions of tables shown to readers, by table.
    captions: dict[str, str]


@cache
def load_labels(path: Path = _LABELS_FILE) -> Labels:
    """``labels.yml`` (or another file of its shape), checked (:func:`read_checked`: a section
    the model does not declare is refused); cached."""
    return read_checked(Labels, path)


def headings(table: str) -> dict[str, str]:
    """Data key -> column heading for one table of ``labels.yml`` (section ``headings``).

    Raises
    ------
    KeyError
        ``table`` has no headings in the file.
    """
    return load_labels().headings[table]


def caption(table: str, **fields: object) -> str:
    """The caption of a table shown to readers (``labels.yml``, section ``captions``), its
    ``{field}`` places filled in from ``fields``."""
    return load_labels().captions[table].format(**fields)


def word(key: str) -> str:
    """A display word of ``labels.yml`` (section ``words``)."""
    return load_labels().words[key]
