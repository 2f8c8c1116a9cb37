"""`jtai clean --degrade`: the same lists, each date of birth the first of its month (issue 22, item 7).

Run as the command a user runs, beside `jtai clean` without it: the same files, rows and columns;
every date of birth written `YYYY-MM-01` of its own month; every other cell as it was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow]


def _clean(data: Path, out: Path, *options: str) -> None:
    command = [sys.executable, "-m", "jtai_analysis.cli", "clean", str(data), "--out", str(out)]
    command += ["--reference-date", REFERENCE_DATE.isoformat(), *options]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr  # 1: the dirty lists have error findings


def test_degraded_copy_differs_only_in_the_day_of_birth(
    small_dirty_csv: Path, tmp_path: Path
) -> None:
    _clean(small_dirty_csv, tmp_path / "full")
    _clean(small_dirty_csv, tmp_path / "shared", "--degrade")
    full = {p.name: p for p in (tmp_path / "full").glob("*.csv")}
    shared = {p.name: p for p in (tmp_path / "shared").glob("*.csv")}
    assert full.keys() == shared.keys()
    with_birth_dates = 0
    for name, path in full.items():
        before = pl.read_csv(path, infer_schema=False)
        after = pl.read_csv(shared[name], infer_schema=False)
        assert after.columns == before.columns and after.height == before.height
        if "date_of_birth" in before.columns:
            with_birth_dates += 1
            # The month kept, the day made the 1st, by hand: "2020-04-17" -> "2020-04-01".
            expected = [
                None if value is None else value[:8] + "01"
                for value in before["date_of_birth"].to_list()
            ]
            assert after["date_of_birth"].to_list() == expected, name
            assert any(value and not value.endswith("-01") for value in before["date_of_birth"])
        assert after.drop("date_of_birth", strict=False).equals(
            before.drop("date_of_birth", strict=False)
        ), name
    assert with_birth_dates >= 6
