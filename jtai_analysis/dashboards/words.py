"""Codes as the words a reader understands, taken from the contracts' code lists and the pack's
labels (``presentation/labels.yml``): no code and no field name reaches a dashboard page."""

from __future__ import annotations

import re

import polars as pl

from jtai_analysis.catalogue.lists import Catalogue, CodeList
from jtai_analysis.presentation.labels import column_labels

_LABEL_PREFIX = re.compile(r"^[a-z]\d?\)\s*")  # "a) " in the Annex A template forms


def code_words(codes: CodeList) -> dict[str, str]:
    """Each code of a code list as words a reader understands.

    The Annex A template form without its letter ("a) Male" -> "Male", "q) 6: Police" -> "Police");
    where that form is only the code again ("a) WBRI"), its census description ("White British").
    """
    words = {}
    for code in codes.codes:
        text = _LABEL_PREFIX.sub("", code.label)
        text = re.sub(rf"^{re.escape(code.code)}\s*:\s*", "", text).strip()
        if text == code.code and code.code.isupper():  # a code such as WBRI
            text = next(iter(code.descriptions or code.spellings), text)
        words[code.code] = text
    return words


def code_groups(codes: CodeList) -> dict[str, str]:
    """Each code's group (ethnic group, source group); the code's words where it has none."""
    words = code_words(codes)
    return {code.code: code.group or words[code.code] for code in codes.codes}


def detail_words(catalogue: Catalogue, list_key: str, columns: list[str]) -> pl.Expr:
    """An event's detail in words: "Source: Police; No further action: No".

    Each of ``columns`` (fields of ``list_key``) under its heading in ``labels.yml``
    (``event_details``), its codes as their words; a blank field is left out.
    """
    headings = column_labels("event_details")
    contract = catalogue.lists[list_key]
    parts = []
    for key in columns:
        column = next(c for c in contract.columns if c.key == key)
        value = pl.col(key).cast(pl.String)
        if column.codes is not None:
            words = code_words(catalogue.codelist_for(column))
            value = value.replace_strict(words, default=value)
        parts.append(pl.format(f"{headings[key]}: {{}}", value))
    return pl.concat_str(parts, separator="; ", ignore_nulls=True)
