"""Each rule of the contracts: a good list passes; a crafted bad list fails with the expected finding.

Lists are written as CSV files with official headers and read back through ingest, so the checks
run exactly as they do on a local authority's files, through Great Expectations.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.validation.results import Finding
from jtai_analysis.validation.validate import validate_submission

pytestmark = pytest.mark.xdist_group("gx")
CATALOGUE = load_catalogue()
R = dt.date(2026, 11, 16)
COMMON = {
    "child_id": "1001",
    "sex": "a) Male",
    "ethnicity": "a) WBRI",
    "date_of_birth": "01/02/2022",
    "age": "4",
    "disability": "No",
}
GOOD = {
    "contacts": {"contact_date": "03/11/2026", "contact_source": "q) 6: Police"},
    "referrals": {
        "referral_date": "03/11/2026",
        "referral_source": "Police",
        "referral_nfa": "N",
        "referrals_last_12m_count": "0",
        "allocated_team": "Team 1",
    },
    "assessments": {
        "assessment_start_date": "03/11/2026",
        "child_seen": "Yes",
        "assessment_authorised_date": "10/11/2026",
        "needs_csc_support": "Yes",
        "allocated_team": "Team 1",
        "da_victim": "Y",
    },
    "s47": {
        "strategy_date": "02/11/2026",
        "icpc_unnecessary": "No",
        "icpc_date": "12/11/2026",
        "icpc_resulted_in_cpp": "Yes",
        "s47_last_12m_count": "0",
        "icpc_last_12m_count": "1",
        "allocated_team": "CP Team",
    },
    "cin": {
        "cin_start_date": "01/11/2026",
        "primary_need": "N1",
        "last_seen_date": "13/11/2026",
        "cin_closure_date": "",
        "closure_reason": "",
        "case_status": "b) Child Protection plan",
        "allocated_team": "CIN Team",
        "da_victim": "Yes",
    },
    "cp": {
        "cpp_start_date": "12/11/2026",
        "initial_abuse_category": "d) Emotional abuse",
        "latest_abuse_category": "d) Emotional abuse",
        "last_visit_date": "13/11/2026",
        "seen_alone": "No",
        "latest_review_date": "",
        "cpp_end_date": "",
        "epo_or_police_protection": "No",
        "previous_cpp_count": "0",
        "allocated_team": "CP Team",
    },
    "early_help": {
        "eh_assessment_start_date": "02/11/2026",
        "eh_assessment_completion_date": "09/11/2026",
        "eh_organisation": "Family hub",
    },
    "nominations": {
        "nomination_list": "A",
        "agencies_involved": "Police; Health",
        "child_status": "Child in need",
        "da_current_factor": "Yes",
        "positive_engagement": "No",
        "probation_relevant_adult": "No",
    },
    "candidate_info": {
        "school_or_setting": "Oak Primary",
        "child_health_services": "Health visitor",
        "adults_known_to_police": "Yes",
        "adult_health_services": "",
        "adult_active_probation": "No",
    },
    "not_in_fte": {
        "provision_type": "Home tuition",
        "hours_per_week": "10",
        "exclusion_type": "Not excluded",
        "ap_start_date": "",
        "early_years_setting": "",
    },
    "requests": {
        "item_number": "1.1",
        "agency": "Police",
        "item_title": "Lists 1 to 7",
        "received_date": "17/11/2026",
        "file_name": "annex_a.xlsx",
        "notes": "",
        "is_out_of_scope": "No",
    },
    "week2_tracker": {
        "agency": "Police",
        "week2_item": "Police incident logs",
        "done_date": "17/11/2026",
        "tracker_note": "",
    },
    "meetings": {
        "meeting_date": "20/11/2026",
        "meeting_time": "10:00",
        "meeting_type": "ICPC",
        "agencies_invited": "Police; Health",
    },
}


def _write(
    folder: Path, list_key: str, rows: list[dict[str, str]], drop: tuple[str, ...] = ()
) -> None:
    contract = CATALOGUE.lists[list_key]
    keys = [c.key for c in contract.columns if c.key not in drop]
    with (folder / f"{list_key}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([contract.column(k).header for k in keys])
        for row in rows:
            writer.writerow([row.get(k, "") for k in keys])


def _row(list_key: str, **changes: str) -> dict[str, str]:
    contract = CATALOGUE.lists[list_key]
    common = {k: v for k, v in COMMON.items() if any(c.key == k for c in contract.columns)}
    return {**common, **GOOD[list_key], **changes}


def _validate(
    tmp_path: Path, gx_runner, lists: dict[str, list[dict[str, str]]], drop: tuple[str, ...] = ()
) -> list[Finding]:  # type: ignore[no-untyped-def]
    for key, rows in lists.items():
        _write(tmp_path, key, rows, drop if key == next(iter(lists)) else ())
    result = validate_submission(ingest([tmp_path]), R, runner=gx_runner)
    for item in result.lists.values():
        assert item.rows_in == item.rows_valid + item.rows_quarantined
    return result.findings


def test_good_lists_pass_every_rule(tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    for key in GOOD:
        _write(tmp_path, key, [_row(key)])
    result = validate_submission(ingest([tmp_path]), R, runner=gx_runner)
    assert result.findings == []
    # every list was recognised and its one row kept (a list not recognised would pass vacuously)
    assert {k: (r.rows_in, r.rows_valid) for k, r in result.lists.items()} == {
        k: (1, 1) for k in GOOD
    }


def test_every_list_in_scope_has_a_good_list_here() -> None:
    """A good-list-passes case for every list the workbench analyses (Lists 8-11 are out of scope)."""
    assert set(GOOD) == {c.key for c in CATALOGUE.in_scope()}


# (list, cell changes, rule, severity, column header or None, sheet row). Row 2 is the first data row.
BAD = [
    ("contacts", {"child_id": ""}, "contacts.child_id.not_blank", "error", "Child Unique ID"),
    (
        "contacts",
        {"contact_source": ""},
        "contacts.contact_source.not_blank",
        "warning",
        "Contact Source",
    ),
    (
        "contacts",
        {"contact_date": "31/02/2026"},
        "contacts.contact_date.readable",
        "error",
        "Date of Contact",
    ),
    (
        "contacts",
        {"contact_date": "32/10/2026"},
        "contacts.contact_date.readable",
        "error",
        "Date of Contact",
    ),
    ("contacts", {"ethnicity": "Zebra"}, "contacts.ethnicity.readable", "warning", "Ethnicity"),
    (
        "contacts",
        {"contact_date": "17/11/2026"},
        "contact_dates_not_after_reference",
        "error",
        "Date of Contact",
    ),
    (
        "contacts",
        {"age": "9"},
        "contact_age_matches_date_of_birth",
        "warning",
        "Age of Child (Years)",
    ),
    (
        "referrals",
        {"referrals_last_12m_count": "two"},
        "referrals.referrals_last_12m_count.readable",
        "warning",
        "Number of Referrals in Last 12 Months",
    ),
    (
        "referrals",
        {"referrals_last_12m_count": "-1"},
        "referrals.referrals_last_12m_count.not_negative",
        "warning",
        "Number of Referrals in Last 12 Months",
    ),
    (
        "referrals",
        {"referral_nfa": "Maybe"},
        "referrals.referral_nfa.readable",
        "warning",
        "Referral NFA?",
    ),
    (
        "referrals",
        {"date_of_birth": "20/08/2027", "age": "", "referral_date": "03/11/2026"},
        "unborn_referral_within_40_weeks_of_birth",
        "warning",
        "Date of referral",
    ),
    (
        "assessments",
        {"assessment_authorised_date": "01/11/2026"},
        "assessment_authorised_after_start",
        "error",
        "Continuous Assessment Date of Authorisation",
    ),
    (
        "assessments",
        {"da_victim": "Unsure"},
        "assessments.da_victim.readable",
        "warning",
        "Has the child been a victim of domestic abuse? (Y/N)",
    ),
    (
        "s47",
        {"icpc_date": "14/11/2026"},
        "icpc_not_on_a_weekend",
        "error",
        "Date of Initial Child Protection Conference",
    ),
    (
        "s47",
        {"icpc_date": "30/10/2026"},
        "icpc_after_strategy_discussion",
        "error",
        "Date of Initial Child Protection Conference",
    ),
    (
        "cin",
        {"cin_closure_date": "30/10/2026", "closure_reason": "RC7"},
        "cin_closed_after_start",
        "error",
        "CIN Closure Date",
    ),
    (
        "cin",
        {"last_seen_date": "20/11/2026"},
        "cin_dates_not_after_reference",
        "error",
        "Date Child Was Last Seen",
    ),
    (
        "cp",
        {"cpp_end_date": "11/11/2026"},
        "cp_plan_ended_after_start",
        "error",
        "Child Protection Plan End Date",
    ),
    # Dates after the reference date (16/11/2026), one list at a time.
    (
        "early_help",
        {"eh_assessment_completion_date": "17/11/2026"},
        "early_help_dates_not_after_reference",
        "error",
        "Assessment completion date",
    ),
    (
        "referrals",
        {"referral_date": "17/11/2026"},
        "referral_dates_not_after_reference",
        "error",
        "Date of referral",
    ),
    (
        "assessments",
        {"assessment_authorised_date": "17/11/2026"},
        "assessment_dates_not_after_reference",
        "error",
        "Continuous Assessment Date of Authorisation",
    ),
    (
        "s47",
        {"icpc_date": "17/11/2026"},
        "s47_dates_not_after_reference",
        "error",
        "Date of Initial Child Protection Conference",
    ),
    (
        "cp",
        {"last_visit_date": "20/11/2026"},
        "cp_dates_not_after_reference",
        "error",
        "Date of the Last Statutory Visit",
    ),
    (
        "early_help",
        {"eh_assessment_completion_date": "01/11/2026"},
        "early_help_completed_after_start",
        "error",
        "Assessment completion date",
    ),
    # Born 01/02/2022, so 4 at the reference date: an age of 9 is more than a year out.
    *[
        (
            key,
            {"age": "9"},
            f"{prefix}_age_matches_date_of_birth",
            "warning",
            "Age of Child (Years)",
        )
        for key, prefix in (
            ("early_help", "early_help"),
            ("referrals", "referral"),
            ("assessments", "assessment"),
            ("s47", "s47"),
            ("cin", "cin"),
            ("cp", "cp"),
        )
    ],
]


@pytest.mark.parametrize(
    ("list_key", "changes", "rule", "severity", "column"),
    BAD,
    ids=[b[2] + "-" + "-".join(b[1].values()) for b in BAD],
)
def test_bad_cell_gives_the_expected_finding(
    tmp_path: Path,
    gx_runner,
    list_key: str,
    changes: dict[str, str],
    rule: str,
    severity: str,
    column: str,
) -> None:  # type: ignore[no-untyped-def]
    findings = _validate(
        tmp_path,
        gx_runner,
        {
            list_key: [
                _row(list_key),
                _row(list_key, **{"child_id": "1002", **changes}),
            ]
        },
    )
    assert [(f.rule, f.severity, f.sheet, f.row, f.column) for f in findings] == [
        (rule, severity, f"{list_key}.csv", 3, column)
    ]
    assert findings[0].message.endswith(".") and ":" in findings[0].message


def test_duplicate_rows_quarantine_only_the_copy(tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    for key in ("contacts",):
        _write(tmp_path, key, [_row(key), _row(key, child_id="7"), _row(key)])
    result = validate_submission(ingest([tmp_path]), R, runner=gx_runner)
    findings = result.findings
    assert [(f.rule, f.row, f.column) for f in findings] == [("contacts_not_duplicated", 4, None)]
    assert (result.lists["contacts"].rows_valid, result.lists["contacts"].rows_quarantined) == (
        2,
        1,
    )
    assert result.lists["contacts"].quarantined["_row"].to_list() == [4]
    assert findings[0].message.startswith("This row repeats row 2:")


def test_rows_that_differ_in_any_column_or_lack_an_id_are_not_duplicates(
    tmp_path: Path, gx_runner
) -> None:  # type: ignore[no-untyped-def]
    rows = [
        _row("contacts"),
        _row("contacts", ethnicity="b) WIRI"),  # same child, date and source, but not a copy
        _row("contacts", child_id=""),
        _row("contacts", child_id=""),  # two blank IDs never make each other duplicates
    ]
    _write(tmp_path, "contacts", rows)
    result = validate_submission(ingest([tmp_path]), R, runner=gx_runner)
    assert [f.rule for f in result.findings if "duplicated" in f.rule] == []


@pytest.mark.parametrize(
    ("list_key", "severity"),
    [
        ("early_help", "error"),
        ("referrals", "error"),
        ("assessments", "error"),
        ("s47", "error"),
        ("cin", "error"),
        ("cp", "error"),
        ("nominations", "error"),
        ("not_in_fte", "error"),
        ("candidate_info", "warning"),  # the same child twice on the information-on-the-20 return
        ("week2_tracker", "warning"),  # the same child, agency and item twice in the week 2 tracker
    ],
)
def test_a_repeated_row_is_found_in_every_list(
    tmp_path: Path, gx_runner, list_key: str, severity: str
) -> None:  # type: ignore[no-untyped-def]
    rows = [_row(list_key), _row(list_key, child_id="7"), _row(list_key)]
    findings = _validate(tmp_path, gx_runner, {list_key: rows})
    assert [(f.rule, f.severity, f.row, f.column) for f in findings] == [
        (f"{list_key}_not_duplicated", severity, 4, None)
    ]


def test_every_rule_id_is_made_to_fire_by_a_test_here() -> None:
    """Each table rule of every contract is named by a test above that breaks it on purpose."""
    fired = {bad[2] for bad in BAD} | {
        "contacts_not_duplicated",  # test_duplicate_rows_quarantine_only_the_copy
        "icpc_plan_in_list_7",  # test_conference_plan_must_be_in_list_7
        "cp_child_in_list_6",  # test_child_on_a_plan_must_be_in_list_6
    }
    fired |= {
        f"{key}_not_duplicated"
        for key in (
            "early_help",
            "referrals",
            "assessments",
            "s47",
            "cin",
            "cp",
            "nominations",
            "not_in_fte",
            "candidate_info",
            "week2_tracker",
        )  # fmt: skip
    }
    every_rule = {rule.id for contract in CATALOGUE.lists.values() for rule in contract.rules}
    assert sorted(every_rule - fired) == []


def test_conference_plan_must_be_in_list_7(tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    s47 = [
        _row("s47"),
        _row("s47", child_id="2002"),
    ]  # 2002's conference resulted in a plan that List 7 lacks
    findings = _validate(
        tmp_path, gx_runner, {"s47": s47, "cp": [_row("cp")], "cin": [_row("cin")]}
    )
    assert [(f.rule, f.severity, f.row) for f in findings] == [
        ("icpc_plan_in_list_7", "warning", 3)
    ]


def test_child_on_a_plan_must_be_in_list_6(tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    findings = _validate(
        tmp_path, gx_runner, {"cp": [_row("cp"), _row("cp", child_id="3003")], "cin": [_row("cin")]}
    )
    assert [(f.rule, f.severity, f.row, f.value) for f in findings] == [
        ("cp_child_in_list_6", "warning", 3, "3003")
    ]


def test_a_missing_plan_points_to_where_list_7_holds_the_child_or_the_day(
    tmp_path: Path, gx_runner
) -> None:  # type: ignore[no-untyped-def]
    """The finding follows from List 7 as much as from this row: it says where to look there."""
    s47 = [_row("s47"), _row("s47", child_id="2002")]  # conferences on 12/11/2026
    cp = [
        _row("cp", cpp_start_date="13/11/2026"),  # 1001's plan, a day out
        _row("cp", child_id=""),  # a plan starting 12/11/2026 with no child ID
        _row("cp", child_id="1001", cpp_start_date="31/02/2026"),  # unreadable start
    ]
    findings = _validate(tmp_path, gx_runner, {"s47": s47, "cp": cp, "cin": [_row("cin")]})
    messages = {f.row: f.message for f in findings if f.rule == "icpc_plan_in_list_7"}
    assert set(messages) == {2, 3}  # the two conferences that resulted in a plan
    reason = _rule_reason("s47", "icpc_plan_in_list_7")
    for message in messages.values():
        assert message.startswith("Conference on '12/11/2026' resulted in a plan; ")
        assert message.endswith(f": {reason}")  # the contract's reason, as written there
        assert "a plan with no child ID starts that day at row 3 of 'cp.csv'" in message
    # 1001's own plans in List 7, each with its row and start date; 2002 has none
    assert (
        "this child's plans are at row 2 (starting 13/11/2026), row 4 (no readable start "
        in (messages[2])
    )
    assert "this child is in no row of 'cp.csv'" in messages[3]


def test_a_child_missing_from_list_6_points_to_an_unnamed_row_born_the_same_day(
    tmp_path: Path, gx_runner
) -> None:  # type: ignore[no-untyped-def]
    cp = [_row("cp", child_id="3003"), _row("cp", child_id="3004", date_of_birth="09/09/2019")]
    cin = [
        _row("cin"),
        _row("cin", child_id="", date_of_birth="05/05/2020"),
        _row("cin", child_id=""),  # born 01/02/2022, as child 3003
    ]
    findings = _validate(tmp_path, gx_runner, {"cp": cp, "cin": cin})
    messages = {f.value: f.message for f in findings if f.rule == "cp_child_in_list_6"}
    assert set(messages) == {"3003", "3004"}
    reason = _rule_reason("cp", "cp_child_in_list_6")
    assert all(m.endswith(f": {reason}") for m in messages.values())
    # 3003 was born on the day of the unnamed row 4 of List 6; 3004 on no unnamed row's day
    assert messages["3003"].startswith("Child '3003' is in no row of 'cin.csv'; ")
    assert (
        "a row with no child ID and the same date of birth is at row 4 of 'cin.csv'"
        in (messages["3003"])
    )
    assert messages["3004"] == f"Child '3004' is in no row of 'cin.csv': {reason}"


def _rule_reason(list_key: str, rule_id: str) -> str:
    """A rule's reason as its contract (data_contracts/*.yml) writes it."""
    return next(r.reason for r in CATALOGUE.lists[list_key].rules if r.id == rule_id)


def test_cross_list_rules_wait_for_the_other_list(tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    """Before List 6 or 7 arrives, nothing can be said about them: no findings, no failures."""
    (tmp_path / "tuesday").mkdir()
    (tmp_path / "thursday").mkdir()
    assert _validate(tmp_path / "tuesday", gx_runner, {"cp": [_row("cp", child_id="3003")]}) == []
    assert _validate(tmp_path / "thursday", gx_runner, {"s47": [_row("s47")]}) == []


def test_missing_required_column_is_reported_at_the_header(tmp_path: Path, gx_runner) -> None:  # type: ignore[no-untyped-def]
    findings = _validate(tmp_path, gx_runner, {"contacts": [_row("contacts")]}, drop=("ethnicity",))
    assert [(f.rule, f.severity, f.row, f.column) for f in findings] == [
        ("contacts.ethnicity.present", "error", 1, "Ethnicity")
    ]


def test_every_rule_kind_of_the_contracts_is_covered_here() -> None:
    kinds = {rule.kind for contract in CATALOGUE.lists.values() for rule in contract.rules}
    covered = {
        "not_after_reference",
        "order",
        "not_weekend",
        "not_more_than_weeks_before_birth",
        "age_matches_date_of_birth",
        "no_duplicate_rows",
        "plan_starts_on_conference",
        "child_in_list",
    }
    assert kinds <= covered
