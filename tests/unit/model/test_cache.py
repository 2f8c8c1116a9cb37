"""The prepared-data cache: keyed by inputs, reference date, contracts and package; read instead of
validating again; rebuilt when anything changes; private to its owner."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.model import cache
from jtai_analysis.model.prepared import PreparedData

R = dt.date(2026, 11, 16)


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JTAI_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "area"
    folder.mkdir()
    (folder / "list_1.csv").write_text("Child Unique ID\n1\n", encoding="utf-8")
    return folder


def _prepared(child: str = "1") -> PreparedData:
    return PreparedData(
        reference_date=R,
        valid={"contacts": pl.DataFrame({"child_id": [child], "_sheet": ["S"], "_row": [2]})},
        reconciliation=pl.DataFrame({"list_key": ["contacts"], "Rows in": [1]}),
        findings=pl.DataFrame({"rule": []}, schema={"rule": pl.String}),
        files=["list_1.csv"],
        quarantined=pl.DataFrame(
            {"list": ["contacts"], "child_id": ["2"], "sheet": ["S"], "row": [3], "reasons": ["x"]}
        ),
    )


def test_the_key_changes_with_inputs_date_and_contracts(
    area: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.cache_key([area], R)
    assert cache.cache_key([area], R) == first  # stable
    assert cache.cache_key([area], R + dt.timedelta(days=1)) != first
    (area / "list_1.csv").write_text("Child Unique ID\n2\n", encoding="utf-8")
    changed_input = cache.cache_key([area], R)
    assert changed_input != first
    contracts = tmp_path / "contracts"
    shutil.copytree(contracts_dir(), contracts)
    monkeypatch.setenv("JTAI_CONTRACTS_DIR", str(contracts))
    assert cache.cache_key([area], R) == changed_input  # the same contracts, copied
    with (contracts / "contacts.yml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a reviewed change\n")
    assert cache.cache_key([area], R) != changed_input
    assert cache.package_fingerprint().startswith(cache.__version__ + "+")


def test_a_stored_entry_is_read_back_whole_and_kept_private(area: Path) -> None:
    assert cache.read_cached([area], R) is None
    folder = cache.store(_prepared(), [area], R)
    assert folder is not None and stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    back = cache.read_cached([area], R)
    assert back is not None
    assert back.valid["contacts"]["child_id"].to_list() == ["1"]
    assert back.quarantined["child_id"].to_list() == ["2"]
    assert back.files == ["list_1.csv"] and back.reference_date == R
    assert not list(folder.parent.glob(".writing-*"))  # nothing left half-written


def test_load_prepares_once_then_reads_and_rebuilds_after_a_change(
    area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[Path]] = []

    def fake_prepare(paths: list[Path], reference_date: dt.date) -> tuple[PreparedData, None]:
        calls.append(paths)
        return _prepared(str(len(calls))), None

    monkeypatch.setattr(cache, "prepare", fake_prepare)
    data, was_cached = cache.load_prepared([area], R)
    assert (was_cached, len(calls), data.valid["contacts"]["child_id"][0]) == (False, 1, "1")
    data, was_cached = cache.load_prepared([area], R)
    assert (was_cached, len(calls), data.valid["contacts"]["child_id"][0]) == (True, 1, "1")
    (area / "list_1.csv").write_text("Child Unique ID\n3\n", encoding="utf-8")
    data, was_cached = cache.load_prepared([area], R)
    assert (was_cached, len(calls), data.valid["contacts"]["child_id"][0]) == (False, 2, "2")


def test_a_damaged_entry_is_rebuilt_not_trusted(area: Path) -> None:
    folder = cache.store(_prepared(), [area], R)
    assert folder is not None
    (folder / "valid_contacts.parquet").write_bytes(b"not parquet")
    assert cache.read_cached([area], R) is None
    assert not folder.exists()


def test_a_cache_that_cannot_be_written_is_skipped(
    area: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("JTAI_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file
    assert cache.store(_prepared(), [area], R) is None
