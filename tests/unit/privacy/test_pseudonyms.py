"""Pseudonyms: stable for a key, different between keys; small counts suppressed in tables and charts."""

from __future__ import annotations

import polars as pl
import pytest

from jtai_analysis.privacy.pseudonyms import (
    Pseudonymiser,
    check_key,
    pseudonym,
    pseudonymise_findings,
)
from jtai_analysis.privacy.suppression import (
    set_suppression,
    suppress_for_chart,
    suppress_for_table,
)

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


def test_small_counts_are_suppressed_only_when_asked() -> None:
    frame = pl.DataFrame(
        {"Group": ["a", "b", "c", "d"], "Children": [0, 3, 5, 12], "Per cent": [0.0, 2.5, 4.1, 9.9]}
    )
    try:
        set_suppression(0)
        assert suppress_for_table(frame).equals(frame)
        set_suppression(5)
        assert suppress_for_table(frame)["Children"].to_list() == ["0", "<5", "5", "12"]
        assert suppress_for_chart(frame)["Children"].to_list() == [0, None, 5, 12]
        assert suppress_for_table(frame)["Per cent"].to_list() == [0.0, 2.5, 4.1, 9.9]  # not counts
    finally:
        set_suppression(0)
