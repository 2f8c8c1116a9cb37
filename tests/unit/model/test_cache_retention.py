"""The prepared-data cache is bounded: by age and size, cleared on demand, never under a running
dashboard, and never read for inputs whose bytes changed (even with the same size and mtime)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.model import cache
from jtai_analysis.model.prepared import PreparedData

R = dt.date(2026, 11, 16)
DAY = 86400


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JTAI_CACHE_DIR", str(folder))
    monkeypatch.delenv(cache.MAX_MB_VARIABLE, raising=False)
    monkeypatch.delenv(cache.MAX_DAYS_VARIABLE, raising=False)
    return folder


def _entry(folder: Path, name: str, size: int, days_unused: float) -> Path:
    """A cache entry of ``size`` bytes last used ``days_unused`` days ago."""
    entry = folder / name
    entry.mkdir(parents=True)
    (entry / "valid_contacts.parquet").write_bytes(b"x" * size)
    used = time.time() - days_unused * DAY
    os.utime(entry, (used, used))
    return entry


def _prepared() -> PreparedData:
    return PreparedData(
        reference_date=R,
        valid={"contacts": pl.DataFrame({"child_id": ["1"], "_sheet": ["S"], "_row": [2]})},
        reconciliation=pl.DataFrame({"list_key": ["contacts"], "rows_in": [1]}),
        findings=pl.DataFrame({"rule": []}, schema={"rule": pl.String}),
    )


def test_the_defaults_are_a_month_and_a_gigabyte(cache_folder: Path) -> None:
    assert cache.cache_limits() == cache.CacheLimits(max_bytes=1_000_000_000, max_unused_s=30 * DAY)


def test_limits_come_from_the_environment_and_a_bad_value_keeps_the_default(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.MAX_MB_VARIABLE, "250")
    monkeypatch.setenv(cache.MAX_DAYS_VARIABLE, "0.5")
    assert cache.cache_limits() == cache.CacheLimits(max_bytes=250_000_000, max_unused_s=DAY / 2)
    monkeypatch.setenv(cache.MAX_DAYS_VARIABLE, "never")
    assert cache.cache_limits().max_unused_s == 30 * DAY


def test_pruning_removes_the_unused_then_the_least_recently_used(cache_folder: Path) -> None:
    stale = _entry(cache_folder, "prepared-stale", 10, days_unused=8)
    oldest = _entry(cache_folder, "prepared-oldest", 400, days_unused=3)
    older = _entry(cache_folder, "prepared-older", 400, days_unused=2)
    kept = _entry(cache_folder, "dashboard-kept", 300, days_unused=1)
    just_stored = _entry(cache_folder, "prepared-new", 300, days_unused=0)
    # 7 days unused at most, 1,000 bytes at most: the stale one goes for its age; then the total
    # (400 + 400 + 300 + 300 = 1,400) is over by 400, so the least recently used (oldest) goes.
    limits = cache.CacheLimits(max_bytes=1_000, max_unused_s=7 * DAY)
    removed = cache.prune_cache(limits, keep=just_stored)
    assert (removed.entries, removed.bytes, removed.in_use) == (2, 410, 0)
    assert not stale.exists() and not oldest.exists()
    assert older.exists() and kept.exists() and just_stored.exists()


def test_the_entry_just_stored_is_kept_even_over_the_limit(cache_folder: Path) -> None:
    big = _entry(cache_folder, "prepared-big", 5_000, days_unused=0)
    removed = cache.prune_cache(cache.CacheLimits(max_bytes=1_000, max_unused_s=DAY), keep=big)
    assert removed.entries == 0 and big.exists()


def test_clear_removes_all_or_the_unused(cache_folder: Path) -> None:
    old = _entry(cache_folder, "prepared-old", 10, days_unused=10)
    recent = _entry(cache_folder, "dashboard-recent", 20, days_unused=1)
    unrelated = cache_folder / "notes.txt"
    unrelated.write_text("not the cache's")
    assert cache.clear_cache(older_than_days=5).entries == 1
    assert not old.exists() and recent.exists()
    assert cache.clear_cache().bytes == 20
    assert not recent.exists() and unrelated.exists()


def test_a_folder_in_use_is_never_removed(cache_folder: Path) -> None:
    session = _entry(cache_folder, "dashboard-serving", 10, days_unused=40)
    with cache.cache_in_use(session):
        removed = cache.clear_cache()
        assert (removed.entries, removed.in_use) == (0, 1)
        assert session.exists()
    assert cache.clear_cache().entries == 1 and not session.exists()


def test_storing_prunes_and_a_new_entry_survives(
    cache_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.MAX_DAYS_VARIABLE, "7")
    stale = _entry(cache_folder, "prepared-stale", 10, days_unused=8)
    source = tmp_path / "list_1.csv"
    source.write_text("Child Unique ID\n1\n", encoding="utf-8")
    stored = cache.store(_prepared(), [source], R)
    assert stored is not None and stored.exists() and not stale.exists()


def test_an_input_changed_with_the_same_size_and_mtime_is_not_read_from_the_cache(
    cache_folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "list_1.csv"
    source.write_text("Child Unique ID\n1001\n", encoding="utf-8")
    cache.store(_prepared(), [source], R)
    assert cache.read_cached([source], R) is not None
    before = source.stat()
    source.write_text("Child Unique ID\n1002\n", encoding="utf-8")  # same length
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = source.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert cache.read_cached([source], R) is None
