"""The contract codes named once: a truth as the code a Yes/No field holds."""

from __future__ import annotations

from jtai_analysis.catalogue.codes import yes_no


def test_a_truth_reads_as_the_yes_no_code() -> None:
    assert yes_no(True) == "Yes"
    assert yes_no(False) == "No"
    assert yes_no(bool(0)) == "No"
