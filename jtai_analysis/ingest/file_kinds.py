"""What a file really is, from its first bytes, whatever its name says; and how to decode text.

Case-management systems export lists in many shapes: a CSV in UTF-8 with a byte order mark, or
UTF-16 ("Unicode text" from Excel, tab separated), an HTML table saved with a ``.xls`` name, the
old binary ``.xls``. Those are read. Anything else gets one sentence saying what the file is and
what to send instead.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, Word .doc, and an encrypted .xlsx
SEND_INSTEAD = "send the lists as an Excel workbook (.xlsx) or CSV files instead"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_ZIP_CONTENTS: tuple[tuple[str, str], ...] = (
    ("word/", "a Word document (.docx)"),
    ("ppt/", "a PowerPoint presentation"),
)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S
)
_SPREADSHEET_2003 = "urn:schemas-microsoft-com:office:spreadsheet"


def kind_by_signature(head: bytes) -> str | None:
    """A known file type that is not a spreadsheet, from its first bytes, in words; else None."""
    for signature, words in _SIGNATURES:
        if head.startswith(signature):
            return words
    return None


def zip_kind(path: Path) -> str | None:
    """For a zip file: None when it holds a workbook (.xlsx, .ods), else what it is, in words."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return None  # the workbook reader reports a damaged file in its own words
    if any(n.startswith("xl/") for n in names) or "content.xml" in names:
        return None
    for prefix, words in _ZIP_CONTENTS:
        if any(n.startswith(prefix) for n in names):
            return words
    return "a zip archive"


def ole_kind(data: bytes) -> str:
    """What an OLE compound file that is not a readable workbook is, in words."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "a password-protected (encrypted) workbook"
    if "WordDocument".encode("utf-16-le") in data:
        return "a Word document (.doc)"
    return "an Office file that is not a readable workbook"


def text_encoding(data: bytes) -> str | None:
    """The encoding of a text file: from its byte order mark, or UTF-16 recognised by its zero
    bytes; None when the bytes are not text (zero bytes that are not UTF-16)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if b"\x00" not in sample:
        return "utf-8"
    pairs = len(sample) // 2
    if pairs:
        odd_zero = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
        even_zero = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
        if odd_zero >= 0.9 * pairs and even_zero == 0:
            return "utf-16-le"
        if even_zero >= 0.9 * pairs and odd_zero == 0:
            return "utf-16-be"
    return None


def is_html(text: str) -> bool:
    """Whether text is an HTML document (a table export named ``.xls``, or a web page)."""
    return bool(_HTML_START.match(text[:4096]))


def is_spreadsheet_2003(text: str) -> bool:
    """Whether text is an Excel 2003 XML spreadsheet (SpreadsheetML), which this reader refuses."""
    head = text[:4096]
    return head.lstrip().startswith("<?xml") and _SPREADSHEET_2003 in head


def refusal(path: Path, what: str, instead: str = SEND_INSTEAD) -> str:
    """One sentence: what the file is, and what to send instead."""
    return f"{path.name} is {what}, not a list this workbench can read: {instead}."
