"""Normalising free text typed by people: headers and code spellings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


def typo_distance(a: str, b: str) -> int:
    """Edits between two strings: a letter added, dropped, changed, or two neighbours swapped.

    >>> typo_distance("neglcet", "neglect")
    1
    """
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def slip_distance(typed: str, meant: str) -> int | None:
    """How many typing slips turn ``meant`` into ``typed``, when it could be a slip at all.

    Both are folded first (case, spacing and punctuation never count). None when they cannot be
    the same word mistyped: different numbers (``RC2`` is not a slip of ``RC8``), a different
    first letter (``Other`` is not a slip of ``Mother``), fewer than 6 letters, or more slips
    than the length allows (one below 15 letters, two from 15).
    """
    a, b = fold_words(typed), fold_words(meant)
    if a == b:
        return 0
    shorter = min(len(a), len(b))
    if re.findall(r"\d+", a) != re.findall(r"\d+", b) or shorter < 6 or a[0] != b[0]:
        return None
    allowed = 1 if shorter < 15 else 2
    if abs(len(a) - len(b)) > allowed:
        return None
    distance = typo_distance(a, b)
    return distance if distance <= allowed else None


def slip_of(typed: str, candidates: Iterable[tuple[str, str]]) -> str | None:
    """The one target whose text ``typed`` is a slip of (see :func:`slip_distance`), or None.

    ``candidates`` are (text, target) pairs; several texts may share a target. A second target
    as close, or only one slip further, leaves doubt: then None.
    """
    best: dict[str, int] = {}
    for text, target in candidates:
        distance = slip_distance(typed, text)
        if distance is not None:
            best[target] = min(distance, best.get(target, distance))
    ranked = sorted(best.items(), key=lambda item: item[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] <= ranked[0][1] + 1):
        return None
    return ranked[0][0]
