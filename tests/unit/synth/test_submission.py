"""The synthetic generator as a whole: the same seed gives the same bytes, and the manifest counts
what ingest reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtai_analysis.ingest.submission import ingest
from jtai_analysis.synth import write_submission
from tests.conftest import read_manifest


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_same_seed_same_bytes(tmp_path: Path, file_format: str) -> None:
    first = write_submission(
        tmp_path / "a", size="small", seed=7, file_format=file_format, is_dirty=True
    )
    second = write_submission(
        tmp_path / "b", size="small", seed=7, file_format=file_format, is_dirty=True
    )
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    other = write_submission(tmp_path / "c", size="small", seed=8, file_format=file_format)
    assert (
        other.rows_per_list != first.rows_per_list
        or first.files[0].read_bytes() != other.files[0].read_bytes()
    )
    assert second.defects == first.defects


def test_manifest_counts_match_what_ingest_reads(small_xlsx: Path) -> None:
    manifest = read_manifest(small_xlsx)
    counts = ingest([small_xlsx]).row_counts()
    assert counts == {key: entry["rows"] for key, entry in manifest["lists"].items()}
    assert all(
        counts[key] > 0
        for key in ("contacts", "referrals", "assessments", "s47", "cin", "cp", "nominations")
    )
