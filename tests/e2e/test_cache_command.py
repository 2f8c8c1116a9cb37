"""`jtai cache clear` empties the prepared-data cache, and a dashboard never starts from an entry
whose inputs changed, even when the change keeps the file's size and modification time (issue 22,
item 6). Real `jtai` processes, each with a cache folder of its own."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from jtai_analysis.synth import write_submission
from tests.conftest import REFERENCE_DATE
from tests.e2e.real_processes import run_jtai, start_jtai, wait_for_text

pytestmark = [pytest.mark.slow]
JTAI = [sys.executable, "-m", "jtai_analysis.cli"]


@pytest.fixture
def area(tmp_path: Path) -> Path:
    folder = tmp_path / "area"
    write_submission(
        folder, size="small", seed=61, reference_date=REFERENCE_DATE, file_format="csv"
    )
    return folder


def _validate(area: Path, environment: dict[str, str]) -> None:
    run = run_jtai(
        "validate", str(area), "--reference-date", REFERENCE_DATE.isoformat(), env=environment
    )
    assert run.returncode in (0, 1), run.stderr


def test_cache_clear_removes_what_validate_kept(area: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    environment = {"JTAI_CACHE_DIR": str(cache)}
    _validate(area, environment)
    kept = [p.name for p in cache.iterdir() if p.name.startswith("prepared-")]
    assert len(kept) == 1

    recent = run_jtai("cache", "clear", "--older-than", "30", env=environment)
    assert recent.returncode == 0
    assert recent.stdout.startswith("Removed 0 cache entries not used for more than 30 days")
    assert [p.name for p in cache.iterdir()] == kept

    everything = run_jtai("cache", "clear", env=environment)
    assert everything.returncode == 0, everything.stderr
    assert everything.stdout.startswith("Removed 1 cache entry (")
    assert list(cache.iterdir()) == []


def test_a_dashboard_does_not_start_from_an_entry_whose_input_bytes_changed(
    area: Path, tmp_path: Path
) -> None:
    environment = {"JTAI_CACHE_DIR": str(tmp_path / "cache")}
    _validate(area, environment)
    contacts = area / "list_1_contacts.csv"
    before = contacts.stat()
    data = contacts.read_bytes()
    changed = data.replace(b"b) Female", b"a) Female", 1)  # one byte, the length kept
    assert changed != data and len(changed) == len(data)
    contacts.write_bytes(changed)
    os.utime(contacts, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (contacts.stat().st_size, contacts.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )

    log = tmp_path / "dashboard.log"
    command = ["dashboard", "--data", str(area), "--no-browser"]
    dashboard = start_jtai(
        [*command, "--notification-date", REFERENCE_DATE.isoformat()], log, environment
    )
    try:
        wait_for_text(log, "Starting the web app", dashboard, 600)
        first = log.read_text(encoding="utf-8").splitlines()[0]
        assert first == "Data read and checked once; kept in the cache for the next start."
    finally:
        dashboard.send_signal(signal.SIGTERM)
        dashboard.wait(timeout=60)
