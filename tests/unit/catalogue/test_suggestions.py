"""Suggestions only when the meaning is certain (issue 21, item 5): the issue's examples, slips that
are certain, and every real-world spelling in tests/data/real_world/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.catalogue.suggestions import allowed_values_hint, certain_code

CORPUS = Path(__file__).resolve().parents[2] / "data" / "real_world"


def _codelist(name: str):  # type: ignore[no-untyped-def]
    return load_catalogue().codelists[name]


@pytest.mark.parametrize(
    ("codes", "value"),
    [
        ("closure_reason", "RC8 School Leaving Age"),  # was offered "RC2 - Died"
        ("closure_reason", "RC9 - NFA at Referral"),  # was offered "RC1 - Adopted"
        ("primary_need", "HAND"),  # a disability code: was offered "N7 - Low income"
        ("primary_need", "AUT"),
        ("primary_need", "LD - Learning disability"),
        ("source", "7 - Police"),  # a police source under another agency's code
        ("source", "BTP"),
        ("source", "Other"),  # one letter from "Mother" (1A), but another word
        ("sex", "zNotRecorded"),  # a placeholder, not a slip of "Not recorded"
    ],
)
def test_the_issues_examples_suggest_nothing(codes: str, value: str) -> None:
    codelist = _codelist(codes)
    assert certain_code(codelist, value) is None
    hint = allowed_values_hint(codelist, value)
    assert "closest" not in hint and "Allowed" in hint
    assert "N9" not in hint.split("codes")[0]  # no code is offered before the list of all codes


@pytest.mark.parametrize(
    ("codes", "value", "code"),
    [
        ("abuse_category", "Neglcet", "NEG"),  # two letters swapped
        ("closure_reason", "Transfered to adult socal care", "RC6"),  # two letters dropped
        ("primary_need", "Absent parentng", "N8"),
        ("ethnicity", "wbri", "WBRI"),  # the code in other case
        ("sex", "f.", "F"),
    ],
)
def test_a_certain_slip_is_suggested(codes: str, value: str, code: str) -> None:
    codelist = _codelist(codes)
    assert certain_code(codelist, value) == code
    if codelist.reader().read(value).code is None:
        assert allowed_values_hint(codelist, value) == (
            f" The closest allowed value is '{codelist.labels()[code]}'."
        )


def test_a_number_is_never_a_slip() -> None:
    # "RC2" and "RC8" differ by one character, and mean a death and no further action.
    assert certain_code(_codelist("closure_reason"), "RC 82") is None
    assert certain_code(_codelist("primary_need"), "N91") is None


def _corpus(name: str) -> list[dict[str, str]]:
    with (CORPUS / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_no_ambiguous_real_spelling_gets_a_suggestion() -> None:
    """Every spelling that must not be read as a code (tests/data/real_world/ambiguous_spellings.csv)
    and that the reader does not read gets the allowed values and no suggestion."""
    catalogue = load_catalogue()
    suggested = []
    for row in _corpus("ambiguous_spellings.csv"):
        codelist = catalogue.codelists[row["field"]]
        if codelist.reader().read(row["value"]).code is not None:
            continue  # read by the reader: no finding, so nothing to suggest (counted elsewhere)
        if certain_code(codelist, row["value"]) is not None:
            suggested.append((row["field"], row["value"]))
    assert suggested == []


def test_a_real_spelling_is_never_suggested_a_wrong_code() -> None:
    """Real spellings of one clear code (code_spellings.csv) that the reader does not read: any
    suggestion is that code."""
    catalogue = load_catalogue()
    wrong = []
    for row in _corpus("code_spellings.csv"):
        codelist = catalogue.codelists[row["field"]]
        if codelist.reader().read(row["value"]).code is not None:
            continue
        got = certain_code(codelist, row["value"])
        if got is not None and got != row["code"]:
            wrong.append((row["field"], row["value"], row["code"], got))
    assert wrong == []
