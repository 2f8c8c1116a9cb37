"""`jtai validate` on exports as case systems send them (issue 21, item 6): read, or exit 2 with
one sentence saying what the file is and what to send instead."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

HEADER = "Child Unique ID\tGender\tEthnicity\tDate of Birth\tAge\tDate of Contact\tContact Source"
ROW = "C1\tMale\ta) WBRI\t25/01/2015\t6\t16/09/2020\tq) 6: Police"


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jtai_analysis.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_unicode_text_from_excel_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "List 1.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + f"{HEADER}\r\n{ROW}\r\n".encode("utf-16-le"))
    result = _validate(path)
    assert result.returncode == 0, result.stderr
    assert "List 1 Contacts" in result.stdout and "in       1" in result.stdout


def test_a_pdf_named_xls_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "Annex A.xls"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    result = _validate(path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Annex A.xls is a PDF document, not a list this workbench can read: send the lists as "
        "an Excel workbook (.xlsx) or CSV files instead."
    )
