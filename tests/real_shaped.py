"""A List 3 (referrals) as local areas send it, for tests that read real-shaped files: the official
headers, and a CSV writer that quotes every cell as exports do."""

from __future__ import annotations

from pathlib import Path

REFERRAL_HEADERS = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
]
# One referral as an export spells it: list-letter prefixes, a code with its label, "NFA" for Yes.
REFERRAL_ROW = [
    "C1",
    "a) Male",
    "a) WBRI",
    "01/02/2020",
    "6",
    "01/10/2026",
    "q) 6: Police",
    "NFA",
    "0",
]


def write_quoted_csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    """Write ``headers`` and ``rows`` to ``path`` (its folder made if needed), every cell quoted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(f'"{c}"' for c in r) for r in [headers, *rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
