"""The checks compiled from the contracts' rules."""

from __future__ import annotations


def test_the_ungrouped_form_has_its_own_helper_column() -> None:
    """The hand-written GX form (one expectation per column, the benchmark's baseline) does not
    reuse the helper name of the `readable` check of the same column."""
    from jtai_analysis.catalogue.lists import load_catalogue
    from jtai_analysis.validation.rules import column_checks

    contract = load_catalogue().lists["contacts"]
    checks = column_checks(contract, load_catalogue(), grouped=False)
    plausible = [c for c in checks if c.rule_id == "contacts.child_id.plausible_id"]
    assert len(plausible) == 1 and plausible[0].helper is not None
    assert plausible[0].helper[0] == "plausible_id__child_id"
