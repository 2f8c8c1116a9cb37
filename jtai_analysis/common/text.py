"""Normalising free text typed by people: headers and code spellings."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})
# En and em dashes, odd hyphens, and the mojibake a dash becomes in real returns (U+FFFD, cp1252 0x96).
_DASHES = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\ufffd": "-", "\x96": "-", "\x97": "-"}
)
# Word breaks in camelCase ("ChildUniqueID"), but not inside "ICPCs" or "CiC".
_CAMEL = re.compile(r"(?<=[a-z][a-z])(?=[A-Z])|(?<=[0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})")
_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*[)\]]+\s*$")
# Pivot-table exports prefix each value column with its summary ("Sum of Number of ...").
PIVOT_PREFIXES = ("sum of ", "count of ", "average of ", "max of ", "min of ")


# A lost apostrophe (U+FFFD or cp1252 0x92) before "s": "Child\ufffds disability" is "Child's".
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[\ufffd\x92](?=s\b)")


def _clean(text: object) -> str:
    text = _LOST_APOSTROPHE.sub("'", str(text))
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)


def fold_words(text: object) -> str:
    """Lower-case words of letters and digits only, single-spaced (``&`` reads as ``and``).

    >>> fold_words("Health services – A&E")
    'health services a and e'
    """
    folded = _clean(text).replace("'", "").replace("&", " and ").lower()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def split_header(text: object) -> tuple[str, str | None]:
    """Fold a header and say which pivot-export prefix it carried, if any.

    Case, spacing, punctuation, underscores and camelCase do not matter; bracketed suffixes such as
    ``(DD/MM/YYYY)``, ``(Y/N)`` or ``(CIN code)`` are dropped.

    >>> split_header("Sum of Number of ICPCs in the last 12 months")
    ('number of icpcs in the last 12 months', 'Sum of')
    >>> split_header("ChildUniqueID")
    ('child unique id', None)
    """
    cleaned = _clean(text).replace("_", " ").strip()
    cleaned = _CAMEL.sub(" ", cleaned)
    previous = None
    while previous != cleaned:  # several suffixes: "Date (DD/MM/YYYY) (required)"
        previous, cleaned = cleaned, _SUFFIX.sub("", cleaned)
    if not cleaned.strip():  # a header that is only brackets keeps its words
        cleaned = _clean(text)
    folded = fold_words(cleaned)
    for prefix in PIVOT_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix) :], cleaned.strip()[: len(prefix) - 1]
    return folded, None


def normalise_header(text: object) -> str:
    """Fold a column header so that case, spacing, punctuation, camelCase and bracketed suffixes do not matter.

    >>> normalise_header("  Has the child been a victim of ‘domestic abuse’? (Y/N)) ")
    'has the child been a victim of domestic abuse'
    >>> normalise_header("Child_Unique_ID")
    'child unique id'
    """
    return split_header(text)[0]


def normalise_code(text: object) -> str:
    """Fold a coded value so that case, spacing and dash or colon style do not matter.

    >>> normalise_code("a)  Male ")
    'a) male'
    >>> normalise_code("RC8 – Case closed")
    'rc8-case closed'
    """
    folded = _clean(text).replace("\xa0", " ")
    folded = re.sub(r"\s*([-:/])\s*", r"\1", folded)
    folded = re.sub(r"\s+", " ", folded).strip().rstrip(".").lower()
    return folded
