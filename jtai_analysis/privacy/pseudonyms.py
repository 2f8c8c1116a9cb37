"""Privacy for packs: keyed pseudonyms for child IDs.

Names, staff names and addresses never get this far (ingest drops them). Child IDs are kept for
the inspection team; for a pack shared more widely, ``jtai pack --pseudonymise`` replaces every
child ID in every output with a keyed hash (HMAC-SHA256), stable for the same key and different
between keys. Small-count suppression is in ``suppression.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import polars as pl

from jtai_analysis.model.prepared import PreparedData

PSEUDONYM_PREFIX = "P-"
KEY_ENVIRONMENT_VARIABLE = "JTAI_PSEUDONYM_KEY"
_MIN_KEY_LENGTH = 16
_QUOTED = re.compile(r"'([^']+)'")
T = TypeVar("T", bound=Any)


def pseudonym(child_id: str, key: bytes) -> str:
    """A short keyed hash of a child ID: the same ID and key always give the same pseudonym."""
    digest = hmac.new(key, child_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{PSEUDONYM_PREFIX}{digest[:12].upper()}"


def check_key(key: str) -> bytes:
    """The key as bytes; a short key would make pseudonyms guessable, so it is refused."""
    if len(key) < _MIN_KEY_LENGTH:
        raise ValueError(
            f"The pseudonymisation key must be at least {_MIN_KEY_LENGTH} characters long."
        )
    return key.encode("utf-8")


@dataclass
class Pseudonymiser:
    """Replaces child IDs with pseudonyms in frames and in finding messages."""

    key: bytes
    known: dict[str, str] = field(default_factory=dict)

    def map(self, child_id: str) -> str:
        if child_id not in self.known:
            self.known[child_id] = pseudonym(child_id, self.key)
        return self.known[child_id]

    def column(self, series: pl.Series) -> pl.Series:
        mapping = {value: self.map(value) for value in series.drop_nulls().unique().to_list()}
        return series.replace_strict(mapping, default=None, return_dtype=pl.String)

    def frame(self, frame: pl.DataFrame, columns: tuple[str, ...] = ("child_id",)) -> pl.DataFrame:
        present = [c for c in columns if c in frame.columns]
        return (
            frame.with_columns([self.column(frame[c]).alias(c) for c in present])
            if present
            else frame
        )

    def text(self, message: str) -> str:
        """Quoted child IDs in a message ('1234') become their pseudonyms."""
        return _QUOTED.sub(
            lambda m: f"'{self.known[m.group(1)]}'" if m.group(1) in self.known else m.group(0),
            message,
        )


def pseudonymise_findings(
    findings: pl.DataFrame, pseudonymiser: Pseudonymiser, id_headers: set[str]
) -> pl.DataFrame:
    """Findings whose column is a child ID column get a pseudonym as value; messages are rewritten."""
    if findings.is_empty():
        return findings
    is_id = pl.col("column").str.to_lowercase().str.strip_chars().is_in(sorted(id_headers))
    for value in findings.filter(is_id)["value"].drop_nulls().unique().to_list():
        pseudonymiser.map(value)
    values = findings.with_columns(
        pl.when(is_id)
        .then(pl.col("value").replace_strict(pseudonymiser.known, default=pl.col("value")))
        .otherwise(pl.col("value"))
        .alias("value")
    )
    return values.with_columns(
        pl.col("message").map_elements(pseudonymiser.text, return_dtype=pl.String)
    )


def pseudonymise_data(
    data: PreparedData, pseudonymiser: Pseudonymiser, id_headers: set[str]
) -> PreparedData:
    """The prepared data with every child ID replaced (valid rows and findings)."""
    valid = {key: pseudonymiser.frame(frame) for key, frame in data.valid.items()}
    return replace(
        data, valid=valid, findings=pseudonymise_findings(data.findings, pseudonymiser, id_headers)
    )


_CHOICE_FIELDS = ("lock", "exclude", "lock_6", "exclude_6", "selected_20")


def pseudonymise_choices(choices: T, pseudonymiser: Pseudonymiser) -> T:
    """A dataclass of sampling choices (locks, exclusions, a chosen 20) with real IDs mapped.

    The lead inspector names children by their real IDs; once the data are pseudonymised those IDs
    would match no one (and would leak into parameters and logs), so they are mapped first.
    """
    changes = {
        name: tuple(pseudonymiser.map(str(i)) for i in getattr(choices, name))
        for name in _CHOICE_FIELDS
        if hasattr(choices, name) and getattr(choices, name) is not None
    }
    return replace(choices, **changes)  # type: ignore[type-var]
