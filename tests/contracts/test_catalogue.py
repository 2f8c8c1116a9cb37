"""The contracts themselves: complete, consistent, and rejected when malformed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jtai_analysis.catalogue.lists import ContractError, load_catalogue
from jtai_analysis.common.paths import contracts_dir

CATALOGUE = load_catalogue()
INTERFACE_LIST_KEYS = {
    "contacts",
    "early_help",
    "referrals",
    "assessments",
    "s47",
    "cin",
    "cp",
    "not_in_fte",
    "nominations",
    "candidate_info",
    "requests",
}


def test_every_list_of_the_interface_has_a_contract() -> None:
    assert set(CATALOGUE.lists) >= INTERFACE_LIST_KEYS
    assert [c.annex_a for c in CATALOGUE.annex_a_lists()] == ["1", "2", "3", "4", "5", "6", "7"]
    assert {c.key for c in CATALOGUE.lists.values() if not c.is_in_scope} == {
        "children_in_care",
        "care_leavers",
        "adoption",
        "adopters",
    }


def test_jtai_domestic_abuse_field_is_on_lists_4_and_6_only() -> None:
    with_field = {c.key for c in CATALOGUE.annex_a_lists() if "da_victim" in c.column_keys}
    assert with_field == {"assessments", "cin"}
    assert (
        CATALOGUE.lists["assessments"].column("da_victim").header
        == "Has the child been a victim of domestic abuse? (Y/N)"
    )


def test_signatures_tell_the_lists_apart() -> None:
    # No list's signature headers are all accepted by another list: recognition is unambiguous.
    for contract in CATALOGUE.lists.values():
        needed = [set(contract.column(k).accepted_headers()) for k in contract.signature]
        for other in CATALOGUE.lists.values():
            if other.key == contract.key:
                continue
            others = {h for c in other.columns for h in c.accepted_headers()}
            assert not all(headers & others for headers in needed), (contract.key, other.key)


def test_staff_names_are_not_columns_of_any_list() -> None:
    personal = {h for p in CATALOGUE.personal_columns for h in p.accepted_headers()}
    assert "allocated worker" in personal
    for contract in CATALOGUE.lists.values():
        for column in contract.columns:
            assert not personal & set(column.accepted_headers()), (contract.key, column.key)


def _copy_contracts(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    shutil.copytree(contracts_dir(), folder)
    return folder


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("contacts.yml", "type: code\n", "type: colour\n", "unknown type"),
        ("contacts.yml", "codes: source", "codes: sources", "unknown code list"),
        (
            "contacts.yml",
            "signature: [contact_date, contact_source]",
            "signature: [contact_date, contact_time]",
            "unknown columns",
        ),
        (
            "contacts.yml",
            "aliases: [Source of Contact]",
            "aliases: [Date of Contact]",
            "accepted by both",
        ),
        ("contacts.yml", "  - use: age\n", "  - use: shoe_size\n", "names no shared column"),
        (
            "_shared.yml",
            'spellings: ["Female", "F", "2", "b) F"]',
            'spellings: ["Female", "M", "2", "b) F"]',
            "would mean both",
        ),
    ],
)
def test_malformed_contracts_are_rejected(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = _copy_contracts(tmp_path)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContractError, match=message):
        load_catalogue(folder)


def test_committed_expectation_suites_are_up_to_date(tmp_path: Path) -> None:
    """data_contracts/suites/ holds every list's suite as JSON for Great Expectations users; it must
    match what the contracts compile to (regenerate with `make suites`)."""
    from jtai_analysis.validation.suites import write_suites

    committed = contracts_dir() / "suites"
    fresh = write_suites(tmp_path)
    assert sorted(p.name for p in committed.glob("*.json")) == sorted(p.name for p in fresh)
    for path in fresh:
        assert (committed / path.name).read_text() == path.read_text(), path.name


def test_suites_load_into_great_expectations(tmp_path: Path) -> None:
    import json

    import great_expectations as gx

    from jtai_analysis.validation.suites import write_suites

    for path in write_suites(tmp_path):
        suite = gx.ExpectationSuite(**json.loads(path.read_text()))
        assert suite.expectations and all(e.meta.get("rule_id") for e in suite.expectations)
