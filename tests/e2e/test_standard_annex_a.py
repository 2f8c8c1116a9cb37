"""A standard Annex A (no JTAI domestic abuse column) builds a full pack in which every domestic
abuse measure is "not available", never 0 (issue 9, Done when; interfaces.md "Not available")."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jtai_analysis.synth import write_submission
from tests.conftest import REFERENCE_DATE
from tests.e2e.domestic_abuse_figures import DOMESTIC_ABUSE_INDICATORS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack")]

# Measures that do not depend on it: they must still have values, or the test could pass on an
# empty pack.
OTHER_MEASURES = {
    "contacts_count",
    "referrals_count",
    "assessments_completed_count",
    "cin_children",
}


@pytest.fixture(scope="module")
def standard_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("standard")
    write_submission(
        root / "data", size="small", seed=7, reference_date=REFERENCE_DATE, is_standard=True
    )
    out = root / "pack"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "jtai_analysis.cli",
            "pack",
            "--data",
            str(root / "data"),
            "--la",
            "Standard Borough",
            "--notification-date",
            REFERENCE_DATE.isoformat(),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert completed.returncode == 0, completed.stderr
    return out


def test_domestic_abuse_measures_are_not_available_never_zero(standard_pack: Path) -> None:
    with (standard_pack / "indicators.csv").open(encoding="utf-8") as handle:
        rows = {row["indicator_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) >= DOMESTIC_ABUSE_INDICATORS | OTHER_MEASURES
    for indicator in sorted(DOMESTIC_ABUSE_INDICATORS):
        row = rows[indicator]
        assert row["value"] == "", (
            f"{indicator} shows {row['value']!r} for data that was never sent"
        )
        assert row["numerator"] in ("", None) and row["note"].strip(), indicator
    for indicator in sorted(OTHER_MEASURES):
        assert rows[indicator]["value"] not in ("", None), indicator


def test_the_pack_says_not_available_for_domestic_abuse(standard_pack: Path) -> None:
    page = (standard_pack / "briefing-pack.html").read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert re.search(r"not available", text, flags=re.I)
    validation = (standard_pack / "validation.json").read_text(encoding="utf-8")
    assert "da_victim" in validation or "domestic abuse" in validation.lower()
