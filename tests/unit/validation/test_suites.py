"""Expectation suites say what the contracts say: each table rule once, with the contract's severity
and reason, and bounds worked out by hand from the contract's words (not a copy of earlier output)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.validation.rules import CheckContext, checks_for
from jtai_analysis.validation.suites import expectation_suite

CATALOGUE = load_catalogue()
# Great Expectations' names for our severities: an error quarantines the row, a warning keeps it.
GX_SEVERITY = {"error": "critical", "warning": "warning"}


def _by_rule(list_key: str) -> dict[str, list[dict[str, Any]]]:
    contract = CATALOGUE.lists[list_key]
    checks = checks_for(contract, CATALOGUE, CheckContext(dt.date(2026, 11, 16)))
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for expectation in expectation_suite(contract, checks)["expectations"]:
        by_rule.setdefault(expectation["meta"]["rule_id"], []).append(expectation)
    return by_rule


def test_each_table_rule_is_one_expectation_with_the_contracts_severity_and_reason() -> None:
    for contract in CATALOGUE.in_scope():
        by_rule = _by_rule(contract.key)
        for rule in contract.rules:
            (expectation,) = by_rule[rule.id]
            assert expectation["severity"] == GX_SEVERITY[rule.severity], rule.id
            meta = expectation["meta"]
            if "columns" in meta:  # one expectation for several columns: each column's reason
                assert set(meta["columns"]) == set(rule.check.columns()), rule.id
                assert set(meta["columns"].values()) == {rule.reason}, rule.id
            else:
                assert meta["reason"] == rule.reason, rule.id


def test_bounds_are_the_contracts_own() -> None:
    referrals = _by_rule("referrals")
    # referrals.yml: an unborn child's referral at most 40 weeks before birth: 40 x 7 = 280 days
    (weeks,) = referrals["unborn_referral_within_40_weeks_of_birth"]
    assert weeks["type"] == "expect_column_values_to_be_between"
    assert weeks["kwargs"]["max_value"] == 280 and weeks["severity"] == "warning"
    # the age may differ from the date of birth's by at most 1 year (tolerance_years: 1)
    (age,) = referrals["referral_age_matches_date_of_birth"]
    assert age["kwargs"]["max_value"] == 1
    # a referral dated after the reference date is an error: the row is quarantined
    (after,) = referrals["referral_dates_not_after_reference"]
    assert after["severity"] == "critical" and after["meta"]["columns"] == {
        "referral_date": "a referral cannot be dated after the lists were extracted."
    }
