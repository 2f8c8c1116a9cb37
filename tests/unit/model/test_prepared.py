"""Prepared data: the reference date a pack uses (given, else the sheets' period end, else the
notification date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.real_shaped import REFERRAL_HEADERS, REFERRAL_ROW


def _referrals_with_period(tmp_path: Path, title: str | None) -> Path:
    path = tmp_path / "r.csv"
    lines = ["List 3 Referrals", title, ""] if title else []
    path.write_text(
        "\n".join([*lines, ",".join(REFERRAL_HEADERS), ",".join(REFERRAL_ROW)]) + "\n",
        encoding="utf-8",
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
