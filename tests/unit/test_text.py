import pytest

from jtai_analysis.common.text import normalise_code, normalise_header


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
        ("Return Interview (Y/N))", "return interview (y/n)"),
        ("Date of Adoption Order ", "date of adoption order"),
        ("Age\u00a0of Child (Years)", "age of child (years)"),
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
