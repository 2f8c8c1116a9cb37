"""The named codes of ``catalogue/codes.py`` are codes of the contracts, and list keys are contracts' keys."""

from __future__ import annotations

from jtai_analysis.catalogue import codes
from jtai_analysis.catalogue.lists import load_catalogue


def test_yes_no_unknown_are_codes_of_every_yes_no_code_list() -> None:
    catalogue = load_catalogue()
    for name in ("yes_no", "yes_no_unknown", "referral_nfa", "disability"):
        listed = {code.code for code in catalogue.codelists[name].codes}
        assert {codes.YES, codes.NO, codes.UNKNOWN} <= listed, name


def test_every_list_key_is_a_contract() -> None:
    catalogue = load_catalogue()
    assert {str(key) for key in codes.ListKey} <= set(catalogue.lists)


def test_child_lists_are_lists_1_to_7_in_order() -> None:
    catalogue = load_catalogue()
    annex_a = [catalogue.lists[key].annex_a for key in codes.CHILD_LISTS]
    assert annex_a == [str(n) for n in range(1, 8)]
