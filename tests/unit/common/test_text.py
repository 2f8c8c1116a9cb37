import pytest

from jtai_analysis.common.text import normalise_code, normalise_header, split_header


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Sum of Number of ICPCs in the last 12 months",
            ("number of icpcs in the last 12 months", "Sum of"),
        ),
        ("Count of Child Unique ID", ("child unique id", "Count of")),
        ("Date of Referral", ("date of referral", None)),
    ],
)
def test_split_header_reports_pivot_prefix(raw: str, expected: tuple[str, str | None]) -> None:
    assert split_header(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Child Unique ID", "child unique id"),
        ("  child   unique  ID ", "child unique id"),
        (
            "Number of Episodes the Child has been ‘Missing’",
            "number of episodes the child has been missing",
        ),
        ('"Date of Birth"', "date of birth"),
        ("Return Interview (Y/N))", "return interview"),
        ("Date of Adoption Order ", "date of adoption order"),
        ("Age\u00a0of Child (Years)", "age of child"),
        ("ChildUniqueID", "child unique id"),
        ("Child_Unique_ID", "child unique id"),
        ("Date of contact (DD/MM/YYYY)", "date of contact"),
        ("Contact source (CIN code)", "contact source"),
        ("Referral NFA?", "referral nfa"),
        (
            "Was the child assessed as requiring LA childrens social care support?",
            "was the child assessed as requiring la childrens social care support",
        ),
        (
            "Was the child assessed as requiring LA children's social care support?",
            "was the child assessed as requiring la childrens social care support",
        ),
    ],
)
def test_normalise_header(raw: str, expected: str) -> None:
    assert normalise_header(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a) Male", "a) male"),
        ("A)  MALE ", "a) male"),
        (
            "RC8 – Case closed after assessment, no further action.",
            "rc8-case closed after assessment, no further action",
        ),
        ("q) 6 : Police", "q) 6:police"),
        ("White - British", "white-british"),
    ],
)
def test_normalise_code(raw: str, expected: str) -> None:
    assert normalise_code(raw) == expected
