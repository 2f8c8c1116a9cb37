"""Reading a cell to a code of the contracts: Yes/No/Unknown spellings, codes with their labels, the
issue's real examples, and values that name two codes (never read as either)."""

from __future__ import annotations

import pytest

from jtai_analysis.catalogue.lists import load_catalogue

CATALOGUE = load_catalogue()


def _code(field: str, value: str) -> str | None:
    """The code the field's code list reads ``value`` to (None: not read, a finding)."""
    return CATALOGUE.codelists[field].reader().read(value).code


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("referral_nfa", "NFA", "Yes"),
        ("referral_nfa", "No further action", "Yes"),
        ("referral_nfa", "FA", "No"),
        ("referral_nfa", "Further action", "No"),
        ("referral_nfa", "1 - Yes", "Yes"),
        ("referral_nfa", "0 - No", "No"),
        ("yes_no", "Unknown", "Unknown"),
        ("yes_no", "Not known", "Unknown"),
        ("yes_no", "c) Unknown", "Unknown"),
        ("yes_no", "TRUE", "Yes"),
        ("yes_no", "No further action", None),  # not a Yes/No answer: a finding, never "No"
        ("source", "7 - Police", None),  # token and label disagree: ambiguous
        ("source", "Health services", None),  # a group, not a code
        ("ethnicity", "Asian / Asian British", None),
        ("abuse_category", "Neglect, Physical", "MUL"),
        ("primary_need", "N1; N2", None),
    ],
)
def test_codes_and_yes_no_unknown(field: str, value: str, code: str | None) -> None:
    assert _code(field, value) == code


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("ethnicity", "White - British [WBRI]", "WBRI"),
        ("ethnicity", "APKN: Pakistani", "APKN"),
        ("source", "3C - Health services - School Nurse", "3C"),
        ("source", "g) 3A: Health services", "3A"),
        ("source", "p1) 5D: LA services", "5D"),
        ("primary_need", "N1 (Abuse or Neglect)", "N1"),
        ("closure_reason", "RC2 Died", "RC2"),
        ("closure_reason", "RC5 - Transferred to services of another local authority", "RC5"),
        ("referral_nfa", "No further action", "Yes"),
        ("referral_nfa", "FA", "No"),
        ("referral_nfa", "1 - Yes", "Yes"),
        ("sex", "1 - Male", "M"),
        ("sex", "0 - Not known", "U"),
    ],
)
def test_the_issue_examples_are_read(field: str, value: str, code: str) -> None:
    assert _code(field, value) == code


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ethnicity", "Black or Black British - African and Caribbean"),  # two names joined
        ("ethnicity", "Gypsy or Irish Traveller"),
        ("source", "Health - Health Visitor/School Nurse"),
        ("ethnicity", "Black / African / Caribbean / Black British"),  # a group label alone
        ("ethnicity", "White - Not yet obtained"),  # a group, and a vague code of another
        ("ethnicity", "White Not yet obtained"),
        (
            "ethnicity",
            "Asian / Asian British (Iraqi)",
        ),  # AOTH as grouped, OOTH as the census has it
        ("source", "Other (including Hospice, Hospital ward discharges)"),  # 8 or 3F
        ("ethnicity", "E4 - Not Known"),  # a token (NOBT) beside another code's spelling
        ("case_status", "CLA&CP"),
        ("ethnicity", "AFRIND - African Indian"),  # the contract's unclear words
        ("closure_reason", "RC8 School Leaving Age"),  # a local sub-code whose words are not RC8's
        ("closure_reason", "h) Child not in need after assessment"),  # RC8 or RC9
    ],
)
def test_values_that_name_two_codes_are_not_read(field: str, value: str) -> None:
    assert _code(field, value) is None  # a finding: "ambiguous" (or, for a group alone, "unknown")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("ethnicity", "Asian/Asian Brit Chinese", "CHNE"),  # a specific code under another group
        ("ethnicity", "Asian or Asian British > Any other mixed background", "MOTH"),
        ("ethnicity", "Other White British", "WOTH"),  # "Other" then a space is not a group heading
        ("ethnicity", "Not Stated - Refused", "REFU"),  # a heading with its own sub-label
        ("ethnicity", "White and Black Caribbean", "MWBC"),
        ("ethnicity", "Mixed Black and Asian", "MOTH"),
        ("ethnicity", "Black / African / Caribbean / Black British (Zairean)", "BAFR"),
        ("ethnicity", "E4 Undeclared/Not Known", "NOBT"),  # the words are not, whole, a spelling
        (
            "closure_reason",
            "RC9 - De-escalation to Early Help - NFA at Referral or Activity after assessment",
            "RC9",
        ),
        ("source", "Housing - External", "4"),  # no joiner: the first name decides
    ],
)
def test_values_near_those_rules_still_read_to_their_one_code(
    field: str, value: str, code: str
) -> None:
    assert _code(field, value) == code
