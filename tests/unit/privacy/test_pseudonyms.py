"""Pseudonyms: stable for a key, different between keys; frames, messages and sample choices mapped."""

from __future__ import annotations

import polars as pl
import pytest

from jtai_analysis.privacy.pseudonyms import (
    Pseudonymiser,
    check_key,
    pseudonym,
    pseudonymise_choices,
    pseudonymise_findings,
)
from jtai_analysis.sampling.exports import SampleChoices

KEY_A, KEY_B = b"first-key-of-the-area-2026", b"second-key-of-the-area-2026"


def test_pseudonyms_are_stable_for_a_key_and_differ_between_keys() -> None:
    assert pseudonym("1001", KEY_A) == pseudonym("1001", KEY_A)
    assert pseudonym("1001", KEY_A) != pseudonym("1001", KEY_B)
    assert pseudonym("1001", KEY_A) != pseudonym("1002", KEY_A)
    assert pseudonym("1001", KEY_A).startswith("P-") and len(pseudonym("1001", KEY_A)) == 14


def test_short_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 16"):
        check_key("short")


def test_frames_and_messages_are_pseudonymised() -> None:
    p = Pseudonymiser(KEY_A)
    frame = p.frame(pl.DataFrame({"child_id": ["1001", None, "1001"], "x": [1, 2, 3]}))
    assert frame["child_id"].to_list() == [pseudonym("1001", KEY_A), None, pseudonym("1001", KEY_A)]
    findings = pl.DataFrame(
        {
            "column": ["Child Unique ID", "Gender"],
            "value": ["2002", "ZZ9"],
            "message": ["Child '2002': missing from List 6.", "Gender 'ZZ9': not allowed."],
        }
    )
    out = pseudonymise_findings(findings, p, {"child unique id"})
    assert out["value"].to_list() == [pseudonym("2002", KEY_A), "ZZ9"]
    assert out["message"].to_list() == [
        f"Child '{pseudonym('2002', KEY_A)}': missing from List 6.",
        "Gender 'ZZ9': not allowed.",
    ]


def test_locks_given_as_real_ids_are_mapped_before_use() -> None:
    pseudonymiser = Pseudonymiser(b"a-key-of-sixteen-chars")
    mapped = pseudonymise_choices(SampleChoices(lock=["N001"], exclude_6=["N002"]), pseudonymiser)
    assert mapped.lock == (pseudonymiser.map("N001"),) and mapped.exclude_6 == (
        pseudonymiser.map("N002"),
    )
    assert mapped.lock[0].startswith("P-") and mapped.selected_20 is None
