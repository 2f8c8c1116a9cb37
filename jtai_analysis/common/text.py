"""Normalising free text typed by people: headers and code spellings."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def normalise_header(text: object) -> str:
    """Fold a column header so that case, spacing, quotes and doubled brackets do not matter.

    >>> normalise_header("  Has the child been a victim of ‘domestic abuse’? (Y/N)) ")
    'has the child been a victim of domestic abuse? (y/n)'
    """
    folded = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).translate(_DASHES)
    folded = folded.replace("'", "").replace('"', "")
    folded = re.sub(r"\)+", ")", folded)
    folded = re.sub(r"\(+", "(", folded)
    return re.sub(r"\s+", " ", folded).strip().lower()


def normalise_code(text: object) -> str:
    """Fold a coded value so that case, spacing and dash or colon style do not matter.

    >>> normalise_code("a)  Male ")
    'a) male'
    >>> normalise_code("RC8 – Case closed")
    'rc8-case closed'
    """
    folded = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).translate(_DASHES)
    folded = re.sub(r"\s*([-:/])\s*", r"\1", folded)
    folded = re.sub(r"\s+", " ", folded).strip().rstrip(".").lower()
    return folded
