"""Ingest: list recognition by headers (every alias), title rows, blank rows, names dropped, encodings;
and what local areas actually send: suffixed, camel-case and pivot headers, misspelt optional
columns, missing identifying columns, a standard Annex A, period ends in title rows, formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.readers import UnusableInputError
from jtai_analysis.ingest.submission import ingest
from tests.conftest import UNUSABLE_INPUTS
from tests.real_shaped import REFERRAL_HEADERS, REFERRAL_ROW, write_quoted_csv

CATALOGUE = load_catalogue()
ALIAS_CASES = [
    (contract.key, column.key, header)
    for contract in CATALOGUE.in_scope()
    for column in contract.columns
    for header in (column.header, *column.aliases)
]

# A referral as local areas send it (tests/real_shaped.py), changed a header or a cell at a time.
REFERRALS, ROW = [*REFERRAL_HEADERS, "Allocated Team"], [*REFERRAL_ROW, "T1"]


def _write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    text = (
        "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in row) for row in rows)
        + "\r\n"
    )
    path.write_bytes(text.encode(encoding))
    return path


def _official_headers(list_key: str) -> list[str]:
    return [c.header for c in CATALOGUE.lists[list_key].columns]


@pytest.mark.parametrize(
    ("list_key", "column_key", "header"),
    ALIAS_CASES,
    ids=[f"{a}-{b}-{c[:30]}" for a, b, c in ALIAS_CASES],
)
def test_each_header_and_alias_is_recognised(
    tmp_path: Path, list_key: str, column_key: str, header: str
) -> None:
    contract = CATALOGUE.lists[list_key]
    headers = [header if c.key == column_key else c.header for c in contract.columns]
    # Upper case and padding must not matter (camelCase spellings keep their humps: they are the word breaks).
    is_camel = header != header.upper() and " " not in header.strip()
    headers = [
        (f"  {h} " if is_camel else f"  {h.upper()} ") if c.key == column_key else h
        for c, h in zip(contract.columns, headers, strict=True)
    ]
    _write_csv(tmp_path / "table.csv", [headers, ["x"] * len(headers)])
    submission = ingest([tmp_path / "table.csv"])
    assert list(submission.parts) == [list_key]
    part = submission.parts[list_key][0]
    assert column_key in part.headers and part.missing_columns == []


def test_title_rows_blank_rows_and_row_numbers_in_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "lists.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Referrals May to Nov")
    sheet.write_string(0, 0, "List 3: referrals in the six months before the inspection")
    headers = _official_headers("referrals")[:9] + [
        "Allocated Team",
        "Allocated Worker",
        "Notes from team",
    ]
    sheet.write_row(3, 0, headers)
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(4, 0, ["101", "a) Male", "a) WBRI", "01/02/2020", 6])
    sheet.write_datetime(4, 5, dt.datetime(2026, 10, 1), date)
    sheet.write_row(4, 6, ["q) 6: Police", "b) No", 0, "Team 1", "Jo Bloggs", "called mum"])
    sheet.write_row(
        6,
        0,
        ["102", "F", "WBRI", "", "", "02/10/2026", "Police", "Y", "1", "Team 2", "Al Smith", ""],
    )
    book.close()
    submission = ingest([path])
    part = submission.parts["referrals"][0]
    assert part.header_row == 4 and part.blank_rows == 1
    assert part.frame["_row"].to_list() == [5, 7]
    assert part.frame["referral_date"].to_list() == [dt.date(2026, 10, 1), dt.date(2026, 10, 2)]
    assert part.frame["referral_nfa"].to_list() == ["No", "Yes"]
    assert part.frame["referral_source"].to_list() == ["6", "6"]
    assert part.dropped_personal_headers == ["Allocated Worker"]
    assert part.unrecognised_headers == ["Notes from team"]
    assert not any(
        "Bloggs" in str(v) or "called mum" in str(v)
        for v in part.frame.to_dicts()
        for v in v.values()
    )
    assert part.problems.is_empty()


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    headers = _official_headers("contacts")
    _write_csv(
        tmp_path / "contacts.csv",
        [
            ["Contacts, May to November"],
            headers,
            ["7", "Male", "Any other White background", "", "", "03/11/2026", "Schools"],
        ],
        encoding=encoding,
        delimiter=delimiter,
    )
    part = ingest([tmp_path / "contacts.csv"]).parts["contacts"][0]
    assert part.header_row == 2
    assert part.frame.select("child_id", "ethnicity", "contact_date", "contact_source").row(0) == (
        "7",
        "WOTH",
        dt.date(2026, 11, 3),
        "2A",
    )


def test_cell_problems_keep_sheet_row_column_and_value(tmp_path: Path) -> None:
    headers = _official_headers("contacts")
    _write_csv(
        tmp_path / "c.csv", [headers, ["1", "M", "WBRI", "", "", "31/02/2026", "Carrier pigeon"]]
    )
    part = ingest([tmp_path / "c.csv"]).parts["contacts"][0]
    problems = part.problems.sort("column").select("sheet", "row", "column", "value").rows()
    assert problems == [
        ("c.csv", 2, "Contact Source", "Carrier pigeon"),
        ("c.csv", 2, "Date of Contact", "31/02/2026"),
    ]
    assert part.rows_in == 1  # the row is kept, never dropped


def test_out_of_scope_and_unrecognised_tables_are_reported(tmp_path: Path) -> None:
    _write_csv(
        tmp_path / "a.csv",
        [_official_headers("contacts"), ["1", "M", "WBRI", "", "", "03/11/2026", "Police"]],
    )
    _write_csv(
        tmp_path / "b.csv",
        [
            ["Child Unique ID", "Date Started to be Looked After", "Child's Legal Status"],
            ["1", "01/01/2026", "C2"],
        ],
    )
    _write_csv(tmp_path / "c.csv", [["Shopping", "List"], ["eggs", "milk"]])
    submission = ingest([tmp_path])
    assert list(submission.parts) == ["contacts"]
    assert [(t.file, t.list_key) for t in submission.out_of_scope] == [
        ("b.csv", "children_in_care")
    ]
    assert [t.file for t in submission.unrecognised] == ["c.csv"]


@pytest.mark.parametrize(
    ("name", "content", "message"), UNUSABLE_INPUTS, ids=[c[0] for c in UNUSABLE_INPUTS]
)
def test_unusable_input_gives_one_plain_sentence(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(UnusableInputError, match=message):
        ingest([tmp_path / name])


def test_truncated_workbook_is_unusable(tmp_path: Path, small_xlsx: Path) -> None:
    data = (small_xlsx / "annex_a.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(UnusableInputError, match="cut.xlsx"):
        ingest([tmp_path / "cut.xlsx"])


def test_xlsx_and_csv_of_the_same_area_give_the_same_frames(tmp_path: Path) -> None:
    from jtai_analysis.synth import write_submission

    write_submission(tmp_path / "x", size="small", seed=5, file_format="xlsx")
    write_submission(tmp_path / "c", size="small", seed=5, file_format="csv")
    from_xlsx, from_csv = ingest([tmp_path / "x"]), ingest([tmp_path / "c"])
    assert from_xlsx.row_counts() == from_csv.row_counts()
    for key in from_xlsx.parts:
        drop = ["_file", "_sheet", "_row"]
        left, right = from_xlsx.frame(key).drop(drop), from_csv.frame(key).drop(drop)  # type: ignore[union-attr]
        assert left.equals(right), key
    assert isinstance(from_xlsx.frame("contacts"), pl.DataFrame)


def test_formulas_are_read_as_their_values(tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("List 3")
    sheet.write_row(0, 0, _official_headers("referrals"))
    sheet.write_row(1, 0, ["101", "Male", "WBRI", "01/02/2020", 6, "02/10/2026", "Police", "No"])
    sheet.write_formula(
        1, 8, "=1+1", None, 2
    )  # Number of referrals in the last 12 months, as a formula
    sheet.write_formula(1, 9, '="Team "&"1"', None, "Team 1")
    book.close()
    part = ingest([path]).parts["referrals"][0]
    assert part.frame.select("referrals_last_12m_count", "allocated_team").row(0) == (2, "Team 1")
    assert part.problems.is_empty()


def test_suffixed_and_camel_case_headers_are_read(tmp_path: Path) -> None:
    headers = list(REFERRALS)
    headers[0] = "ChildUniqueID"
    headers[5] = "Date of referral (DD/MM/YYYY)"
    headers[6] = "Referral source (CIN code)"
    headers[8] = "number_of_referrals_in_last_12_months"
    part = ingest([write_quoted_csv(tmp_path / "r.csv", headers, [ROW])]).parts["referrals"][0]
    assert part.missing_columns == []
    assert part.frame.row(0, named=True)["referral_date"] == dt.date(2026, 10, 1)
    assert part.frame.row(0, named=True)["referral_source"] == "6"


def test_pivot_headers_are_read_and_named(tmp_path: Path) -> None:
    headers = list(REFERRALS)
    headers[8] = "Sum of Number of Referrals in Last 12 Months"
    part = ingest([write_quoted_csv(tmp_path / "r.csv", headers, [ROW])]).parts["referrals"][0]
    assert part.pivot_headers == {
        "referrals_last_12m_count": "Sum of Number of Referrals in Last 12 Months"
    }
    assert part.frame["referrals_last_12m_count"].to_list() == [0]


def test_a_misspelt_optional_column_never_drops_the_list(tmp_path: Path) -> None:
    headers = list(REFERRALS)
    headers[4] = "Age of Chlid"  # misspelt optional column
    submission = ingest([write_quoted_csv(tmp_path / "r.csv", headers, [ROW])])
    part = submission.parts["referrals"][0]
    assert part.missing_columns == ["age"]
    assert part.closest_columns == {"Age of Chlid": "Age of Child (Years)"}
    assert part.frame["age"].dtype == pl.Float64 and part.frame["age"].null_count() == 1


def test_a_list_missing_an_identifying_column_is_an_error_naming_it(tmp_path: Path) -> None:
    headers = [h for h in REFERRALS if h != "Referral NFA?"]
    row = [c for h, c in zip(REFERRALS, ROW, strict=True) if h != "Referral NFA?"]
    write_quoted_csv(tmp_path / "r.csv", headers, [row])
    contacts = ["Child Unique ID", "Date of Contact", "Contact Source"]
    write_quoted_csv(tmp_path / "c.csv", contacts, [["C1", "01/10/2026", "q) 6: Police"]])
    submission = ingest([tmp_path])
    assert "referrals" not in submission.parts
    (near,) = submission.incomplete
    assert near.list_key == "referrals" and near.missing_identifying == ["referral_nfa"]
    assert "'Referral NFA?'" in near.reason


def test_only_a_near_miss_gives_one_sentence_naming_the_column(tmp_path: Path) -> None:
    headers = [h for h in REFERRALS if h != "Date of referral"]
    row = [c for h, c in zip(REFERRALS, ROW, strict=True) if h != "Date of referral"]
    with pytest.raises(UnusableInputError, match="'Date of referral'"):
        ingest([write_quoted_csv(tmp_path / "r.csv", headers, [row])])


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
    submission = ingest([write_quoted_csv(tmp_path / "cin.csv", headers, [row])])
    assert submission.missing_columns("cin") == ["da_victim"]
    frame = submission.frame("cin")
    assert frame is not None and frame["da_victim"].dtype == pl.String
    assert frame["da_victim"].to_list() == [None]


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
