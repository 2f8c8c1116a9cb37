"""Files as case systems and Excel export them (issue 21, items 4 and 6): each shape built here as
those systems write it, then read, or refused in one sentence saying what it is."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from jtai_analysis.ingest.readers import UnusableInputError
from jtai_analysis.ingest.submission import ingest

HEADER = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Date of Contact",
    "Contact Source",
]
ROWS = [
    ["C1", "Male", "a) WBRI", "25/01/2015", "6", "16/09/2020", "q) 6: Police"],
    ["C2", "Female", "Écossaise", "27/06/2015", "5", "17/09/2020", "e) 2A: Schools"],
]


def _contacts_read(path: Path) -> list[tuple[str, str, int]]:
    part = ingest([path]).parts["contacts"][0]
    return list(zip(part.raw["child_id"], part.raw["sex"], part.frame["_row"], strict=True))


def _text(separator: str) -> str:
    return "\r\n".join(separator.join(row) for row in [HEADER, *ROWS]) + "\r\n"


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path: Path) -> None:
    # Excel's "Unicode Text (*.txt)": UTF-16 little-endian with a byte order mark, tabs, CRLF.
    path = tmp_path / "contacts.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + _text("\t").encode("utf-16-le"))
    assert _contacts_read(path) == [("C1", "Male", 2), ("C2", "Female", 3)]
    assert ingest([path]).parts["contacts"][0].raw["ethnicity"][1] == "Écossaise"


def test_utf16_big_endian_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(codecs.BOM_UTF16_BE + _text(",").encode("utf-16-be"))
    assert _contacts_read(path) == [("C1", "Male", 2), ("C2", "Female", 3)]


def test_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(codecs.BOM_UTF8 + _text(",").encode("utf-8"))
    part = ingest([path]).parts["contacts"][0]
    assert part.headers["child_id"] == "Child Unique ID"  # no stray mark before the header
    assert part.raw["ethnicity"][1] == "Écossaise"


def _html_report(rows: str) -> str:
    """An HTML table as case-management systems save it with an .xls name."""
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta '
        'http-equiv="Content-Type" content="application/vnd.ms-excel; charset=utf-8"></head>\n'
        f'<body><table border="1">\n<tr>{head}</tr>\n{rows}</table></body></html>\n'
    )


def test_an_html_table_saved_as_xls_is_read(tmp_path: Path) -> None:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>\n" for row in ROWS)
    path = tmp_path / "Contacts report.xls"
    path.write_text(_html_report(body.replace("Écossaise", "&Eacute;cossaise")), encoding="utf-8")
    assert _contacts_read(path) == [("C1", "Male", 2), ("C2", "Female", 3)]
    assert ingest([path]).parts["contacts"][0].raw["ethnicity"][1] == "Écossaise"


def test_a_cell_spanning_rows_in_an_html_export_is_read_for_each_row(tmp_path: Path) -> None:
    body = (
        '<tr><td>C1</td><td rowspan="2">Male</td><td>a) WBRI</td><td>25/01/2015</td><td>6</td>'
        "<td>16/09/2020</td><td>q) 6: Police</td></tr>\n"
        "<tr><td>C2</td><td>a) WBRI</td><td>27/06/2015</td><td>5</td><td>17/09/2020</td>"
        "<td>e) 2A: Schools</td></tr>\n"
    )
    path = tmp_path / "report.xls"
    path.write_text(_html_report(body), encoding="utf-8")
    part = ingest([path]).parts["contacts"][0]
    assert part.raw["sex"].to_list() == ["Male", "Male"]
    assert part.raw["ethnicity"].to_list() == ["a) WBRI", "a) WBRI"]
    assert part.merged == [(2, 3, "sex", "B2:B3", "Male")]


def test_a_real_binary_xls_is_read(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")  # writes BIFF8, the Excel 97-2003 format
    book = xlwt.Workbook()
    sheet = book.add_sheet("List 1")
    for c, text in enumerate(HEADER):
        sheet.write(0, c, text)
    for r, row in enumerate(ROWS, start=1):
        for c, text in enumerate(row):
            sheet.write(r, c, text)
    path = tmp_path / "annex_a.xls"
    book.save(str(path))
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert _contacts_read(path) == [("C1", "Male", 2), ("C2", "Female", 3)]


def test_a_value_merged_over_rows_of_a_workbook_is_read_for_each_and_said(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "merged.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("List 1")
    sheet.write_row(0, 0, HEADER)
    for r, child in enumerate(["C1", "C2", "C3"], start=1):
        sheet.write_row(
            r, 0, [child, "", "a) WBRI", "25/01/2015", "6", "16/09/2020", "q) 6: Police"]
        )
    sheet.merge_range(1, 1, 3, 1, "Female")  # B2:B4, as a person merges a repeated value
    book.close()
    part = ingest([path]).parts["contacts"][0]
    assert part.raw["sex"].to_list() == ["Female"] * 3
    assert part.merged == [(2, 4, "sex", "B2:B4", "Female")]
    from jtai_analysis.validation.validate import validate_submission

    result = validate_submission(ingest([path]), __import__("datetime").date(2021, 3, 16))
    merged = [f for f in result.findings if f.rule == "contacts.sex.merged_cells"]
    assert [(f.sheet, f.row, f.value) for f in merged] == [("List 1", 2, "Female")]
    assert merged[0].message.startswith("Gender is merged over rows 2 to 4 (cells B2:B4)")


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("lists.xls", b"%PDF-1.7\n1 0 obj", "lists.xls is a PDF document"),
        ("lists.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "lists.csv is a PNG image"),
        (
            "lists.xls",
            b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook '
            b'xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
            "lists.xls is an Excel 2003 XML spreadsheet",
        ),
        (
            "page.html",
            b"<html><body><p>No data</p></body></html>",
            "a web page (HTML) with no table",
        ),
        (
            "lists.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "lists.xls is a password-protected (encrypted) workbook",
        ),
    ],
)
def test_anything_else_is_refused_in_one_sentence(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnusableInputError) as refused:
        ingest([path])
    message = str(refused.value)
    assert says in message
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence
    assert "instead" in message or "save it as" in message


def test_a_word_document_named_xlsx_is_named_for_what_it_is(tmp_path: Path) -> None:
    path = _docx(tmp_path / "lists.xlsx")
    with pytest.raises(UnusableInputError, match=r"lists.xlsx is a Word document \(.docx\)"):
        ingest([path])
