"""The list contracts as typed models: what the rest of the workbench reads from them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jtai_analysis.catalogue.columns import Column
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.paths import contracts_dir

CATALOGUE = load_catalogue()


def test_a_contract_knows_its_file_label_and_scope() -> None:
    referrals = CATALOGUE.lists["referrals"]
    assert referrals.path == contracts_dir().resolve() / "referrals.yml"
    assert referrals.label == "List 3 Referrals"
    assert referrals.is_in_scope and not referrals.is_template
    assert not CATALOGUE.lists["children_in_care"].is_in_scope  # `scope: out`
    assert CATALOGUE.lists["nominations"].is_template  # `template: true`


def test_a_shared_column_is_used_under_its_own_key() -> None:
    age = CATALOGUE.lists["contacts"].column("age")  # `- use: age`
    assert (age.header, age.type, age.required) == ("Age of Child (Years)", "number", False)


def test_keys_written_beside_use_replace_the_shared_ones() -> None:
    shared = {"age": {"header": "Age", "type": "number", "required": False}}
    column = Column.model_validate(
        {"use": "age", "required": True}, context={"shared_columns": shared}
    )
    assert (column.key, column.header, column.required) == ("age", "Age", True)


def test_a_code_list_written_as_its_codes_alone_is_named_by_its_key() -> None:
    nomination = CATALOGUE.codelists["nomination_list"]
    assert nomination.name == "nomination_list"
    assert [code.code for code in nomination.codes] == ["A", "B", "C"]
    assert nomination.reading == "tolerant"


def test_a_code_lists_reader_is_built_once() -> None:
    sex = CATALOGUE.codelists["sex"]
    assert sex.reader() is sex.reader()


def test_column_rules_are_typed_by_what_a_column_is() -> None:
    rules = CATALOGUE.column_rules
    assert rules.not_blank["id"].severity == "error"
    assert rules.readable["date"].severity == "warning"
    assert rules.plausible_id is not None and rules.plausible_id.pattern.startswith("^")


def test_a_read_contract_cannot_be_changed() -> None:
    with pytest.raises(ValidationError):
        CATALOGUE.lists["contacts"].title = "Changed"  # type: ignore[misc]
