"""Reading what local areas actually send: headers, identifying columns, codes, Yes/No/Unknown, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.parsing import day_month_order, parse_date
from jtai_analysis.ingest.readers import UnusableInputError
from jtai_analysis.ingest.submission import ingest

CATALOGUE = load_catalogue()
REFERRALS = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
]
ROW = [
    "C1",
    "a) Male",
    "a) WBRI",
    "01/02/2020",
    "6",
    "01/10/2026",
    "q) 6: Police",
    "NFA",
    "0",
    "T1",
]


def _csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(f'"{c}"' for c in headers)] + [",".join(f'"{c}"' for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_suffixed_and_camel_case_headers_are_read(tmp_path: Path) -> None:
    headers = list(REFERRALS)
    headers[0] = "ChildUniqueID"
    headers[5] = "Date of referral (DD/MM/YYYY)"
    headers[6] = "Referral source (CIN code)"
    headers[8] = "number_of_referrals_in_last_12_months"
    part = ingest([_csv(tmp_path / "r.csv", headers, [ROW])]).parts["referrals"][0]
    assert part.missing_columns == []
    assert part.frame.row(0, named=True)["referral_date"] == dt.date(2026, 10, 1)
    assert part.frame.row(0, named=True)["referral_source"] == "6"


def test_pivot_headers_are_read_and_named(tmp_path: Path) -> None:
    headers = list(REFERRALS)
    headers[8] = "Sum of Number of Referrals in Last 12 Months"
    part = ingest([_csv(tmp_path / "r.csv", headers, [ROW])]).parts["referrals"][0]
    assert part.pivot_headers == {
        "referrals_last_12m_count": "Sum of Number of Referrals in Last 12 Months"
    }
    assert part.frame["referrals_last_12m_count"].to_list() == [0]


def test_a_misspelt_optional_column_never_drops_the_list(tmp_path: Path) -> None:
    headers = list(REFERRALS)
    headers[4] = "Age of Chlid"  # misspelt optional column
    submission = ingest([_csv(tmp_path / "r.csv", headers, [ROW])])
    part = submission.parts["referrals"][0]
    assert part.missing_columns == ["age"]
    assert part.closest_columns == {"Age of Chlid": "Age of Child (Years)"}
    assert part.frame["age"].dtype == pl.Float64 and part.frame["age"].null_count() == 1


def test_a_list_missing_an_identifying_column_is_an_error_naming_it(tmp_path: Path) -> None:
    headers = [h for h in REFERRALS if h != "Referral NFA?"]
    row = [c for h, c in zip(REFERRALS, ROW, strict=True) if h != "Referral NFA?"]
    _csv(tmp_path / "r.csv", headers, [row])
    contacts = ["Child Unique ID", "Date of Contact", "Contact Source"]
    _csv(tmp_path / "c.csv", contacts, [["C1", "01/10/2026", "q) 6: Police"]])
    submission = ingest([tmp_path])
    assert "referrals" not in submission.parts
    (near,) = submission.incomplete
    assert near.list_key == "referrals" and near.missing_identifying == ["referral_nfa"]
    assert "'Referral NFA?'" in near.reason


def test_only_a_near_miss_gives_one_sentence_naming_the_column(tmp_path: Path) -> None:
    headers = [h for h in REFERRALS if h != "Date of referral"]
    row = [c for h, c in zip(REFERRALS, ROW, strict=True) if h != "Date of referral"]
    with pytest.raises(UnusableInputError, match="'Date of referral'"):
        ingest([_csv(tmp_path / "r.csv", headers, [row])])


def test_a_standard_annex_a_carries_the_jtai_column_as_all_null(tmp_path: Path) -> None:
    headers = [c.header for c in CATALOGUE.lists["cin"].columns if c.key != "da_victim"]
    row = [
        "C1",
        "M",
        "WBRI",
        "01/02/2020",
        "6",
        "No",
        "01/10/2026",
        "N1",
        "",
        "",
        "",
        "c) Child in need plan",
        "T1",
    ]
    submission = ingest([_csv(tmp_path / "cin.csv", headers, [row])])
    assert submission.missing_columns("cin") == ["da_victim"]
    frame = submission.frame("cin")
    assert frame is not None and frame["da_victim"].dtype == pl.String
    assert frame["da_victim"].to_list() == [None]


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
    assert CATALOGUE.codelists[field].reader().read(value).code == code


@pytest.mark.parametrize(
    "text",
    ["16/09/2020 00:00", "16-Sep-2020", "16 Sep 2020", "20200916", "Wed 16/09/2020", "16.09.2020"],
)
def test_real_date_spellings(text: str) -> None:
    parsed = pl.DataFrame({"v": [text]}).select(parse_date(pl.col("v"))).item()
    assert parsed == dt.date(2020, 9, 16)


def test_day_month_order_is_decided_by_the_column_evidence() -> None:
    assert day_month_order(pl.Series(["09/16/2020", "01/02/2020"])) == "mdy"
    assert day_month_order(pl.Series(["16/09/2020", "01/02/2020"])) == "dmy"
    assert day_month_order(pl.Series(["01/02/2020", "03/04/2020"])) == "dmy"  # no evidence: UK
    us = pl.DataFrame({"v": ["09/16/2020"]}).select(parse_date(pl.col("v"), "mdy")).item()
    assert us == dt.date(2020, 9, 16)


def test_period_end_in_title_rows_is_found(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    lines = [
        "List 3 Referrals",
        "Period: 16/05/2026 to 16/11/2026",
        "",
        ",".join(REFERRALS),
        ",".join(ROW),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ingest([path]).period_end() == dt.date(2026, 11, 16)


def test_formulas_without_saved_values_and_excel_errors_are_named(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(REFERRALS)
    sheet.append(ROW)
    sheet.append(["C2", *ROW[1:]])
    sheet["F2"] = "=DATE(2026,10,1)"  # openpyxl saves no value for a formula
    sheet["G3"].value = "#N/A"
    sheet["G3"].data_type = "e"
    book.save(tmp_path / "r.xlsx")
    part = ingest([tmp_path / "r.xlsx"]).parts["referrals"][0]
    assert part.hidden_blanks == [
        (2, "referral_date", "a formula with no saved value (=DATE(2026,10,1))"),
        (3, "referral_source", "the Excel error #N/A"),
    ]


def _referrals_with_period(tmp_path: Path, title: str | None) -> Path:
    path = tmp_path / "r.csv"
    lines = ["List 3 Referrals", title, ""] if title else []
    path.write_text(
        "\n".join([*lines, ",".join(REFERRALS), ",".join(ROW)]) + "\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("title", "given", "expected", "source"),
    [
        ("Period: 16/05/2026 to 16/11/2026", None, dt.date(2026, 11, 20), "notification date"),
        ("Period: 16/05/2026 to 16/11/2026", dt.date(2026, 11, 10), dt.date(2026, 11, 10), "given"),
        (None, None, dt.date(2026, 11, 20), "notification date"),
    ],
)
def test_pack_reference_date_rule(
    tmp_path: Path, title: str | None, given: dt.date | None, expected: dt.date, source: str
) -> None:
    """The pack's rule (issue 21, item 1, which replaces issue 9's): the date given, else the
    notification date (passed as the fallback); a title row's period end is the date the lists
    point to, which the pack compares with the date used."""
    from jtai_analysis.model.prepared import prepare

    data, result = prepare(
        [_referrals_with_period(tmp_path, title)], given, fallback=dt.date(2026, 11, 20)
    )
    assert data.reference_date == expected
    assert source in result.reference_source
