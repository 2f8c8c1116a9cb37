"""Degrading for sharing: the lists as a copy that leaves the inspection team may hold them.

``jtai clean --degrade`` writes each column its contract marks ``when_shared`` less precisely:
a date of birth as the first of its month (``first_of_month``), a postcode as its sector, the
outward code and the inward code's digit (``postcode_sector``: ``SW1A 1AA`` → ``SW1A 1``). A value
that cannot be read as a postcode is left out, since what it holds cannot be degraded. The same
practice as the liia-tools ``--degrade`` option local authorities already use.

Postcodes are dropped at ingest with addresses (``personal_columns`` in the contracts), so today no
list carries one; a list whose contract adds a postcode column marks it ``postcode_sector``.
"""

from __future__ import annotations

import re

import polars as pl

from jtai_analysis.catalogue.lists import ListContract

# A UK postcode: outward code (area, district) then the inward code (sector digit, unit letters).
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])[A-Z]{2}$")
_SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def postcode_sector(postcode: str | None) -> str | None:
    """The sector of a UK postcode (``SW1A 1AA`` → ``SW1A 1``); None when it is not a postcode.

    A sector or a district alone (already no more precise) is kept as it is, spaced as usual.
    """
    if postcode is None:
        return None
    text = re.sub(r"\s+", " ", postcode.strip().upper())
    for pattern in (_FULL, _SECTOR):
        found = pattern.match(text)
        if found:
            return f"{found.group(1)} {found.group(2)}"
    return text if _DISTRICT.match(text) else None


def _degraded(name: str, how: str, dtype: pl.DataType) -> pl.Expr:
    if how == "first_of_month":
        if dtype == pl.Date or isinstance(dtype, pl.Datetime):
            return pl.col(name).dt.truncate("1mo")
        return pl.lit(None, dtype=dtype)  # a date column not read as dates: nothing safe to keep
    return pl.col(name).cast(pl.String).map_elements(postcode_sector, return_dtype=pl.String)


def degrade_for_sharing(frame: pl.DataFrame, contract: ListContract) -> pl.DataFrame:
    """``frame`` (a list, columns named by contract keys) with every ``when_shared`` column degraded."""
    changes = [
        _degraded(column.key, column.when_shared, frame.schema[column.key]).alias(column.key)
        for column in contract.columns
        if column.when_shared and column.key in frame.columns
    ]
    return frame.with_columns(changes) if changes else frame
