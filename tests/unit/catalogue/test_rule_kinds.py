"""The kinds of table rule: a contract's `check: {KIND: VALUE}` read into the kind's typed model."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jtai_analysis.catalogue import rule_kinds as kinds
from jtai_analysis.catalogue.lists import load_catalogue


def _rule(check: Any) -> kinds.Rule:
    raw = {"id": "r", "severity": "warning", "check": check, "reason": "why.\n"}
    return kinds.Rule.model_validate(raw)


def test_a_one_word_value_fills_the_field_its_kind_names() -> None:
    rule = _rule({"not_weekend": "icpc_date"})
    assert rule.check == kinds.NotWeekend(date="icpc_date")
    assert rule.kind == "not_weekend"
    assert rule.check.columns() == ("icpc_date",)
    assert rule.reason == "why."  # the line break a YAML block leaves is dropped


def test_a_list_value_fills_the_field_its_kind_names() -> None:
    assert _rule({"not_after_reference": ["a", "b"]}).check.columns() == ("a", "b")


def test_a_mapping_value_gives_the_kinds_fields() -> None:
    check = _rule({"order": {"start": "cin_start_date", "end": "cin_closure_date"}}).check
    assert check == kinds.Order(start="cin_start_date", end="cin_closure_date")
    assert check.columns() == ("cin_start_date", "cin_closure_date")


def test_a_rule_on_another_list_names_that_list_and_its_columns() -> None:
    check = _rule(
        {
            "plan_starts_on_conference": {
                "conference_date": "icpc_date",
                "resulted_in_plan": "icpc_resulted_in_cpp",
                "plans_in": "cp",
                "plan_start": "cpp_start_date",
            }
        }
    ).check
    assert check.lists() == ("cp",)
    assert check.other_columns() == (("cp", "cpp_start_date"), ("cp", "child_id"))
    assert _rule({"child_in_list": "cin"}).check.lists() == ("cin",)


def test_defaults_fill_what_a_kind_leaves_out() -> None:
    assert _rule({"age_matches_date_of_birth": {}}).check == kinds.AgeMatchesDateOfBirth(
        tolerance_years=1
    )
    assert _rule({"no_duplicate_rows": True}).check.columns() == ()


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        ({"not_weekend": "a", "order": {"start": "a", "end": "b"}}, "one `kind: value` pair"),
        ("not_weekend", "one `kind: value` pair"),
        ({"order": "a"}, "takes keys and values"),
        ({"no_such_kind": "a"}, "no_such_kind"),
        ({"no_duplicate_rows": False}, "True"),
    ],
)
def test_a_check_not_of_a_known_shape_is_refused(check: Any, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        _rule(check)


def test_a_rule_gives_its_check_only_as_its_own_kind() -> None:
    rule = _rule({"not_weekend": "icpc_date"})
    assert rule.check_of(kinds.NotWeekend).date == "icpc_date"
    with pytest.raises(TypeError, match="not_weekend"):
        rule.check_of(kinds.Order)


def test_every_rule_of_the_contracts_is_of_a_declared_kind() -> None:
    catalogue = load_catalogue()
    used = {type(rule.check) for c in catalogue.lists.values() for rule in c.rules}
    assert used <= set(kinds.RULE_KINDS.values())
    assert kinds.Order in used  # the contracts order start and end dates (Lists 2, 4, 5, 6, 7)
