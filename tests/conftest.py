"""Shared fixtures: synthetic submissions written once per test session (per xdist worker)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jtai_analysis.synth import write_submission

REFERENCE_DATE = dt.date(2026, 11, 16)


@pytest.fixture(scope="session")
def small_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small_xlsx")
    write_submission(out, size="small", seed=11, reference_date=REFERENCE_DATE, file_format="xlsx")
    return out


@pytest.fixture(scope="session")
def small_dirty_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small_dirty_xlsx")
    write_submission(
        out, size="small", seed=12, reference_date=REFERENCE_DATE, file_format="xlsx", is_dirty=True
    )
    return out


@pytest.fixture(scope="session")
def small_dirty_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small_dirty_csv")
    write_submission(
        out, size="small", seed=13, reference_date=REFERENCE_DATE, file_format="csv", is_dirty=True
    )
    return out


@pytest.fixture(scope="session")
def typical_area(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mid-size area (about 8,000 contacts), for rate checks. CSV is the quicker format to write."""
    out = tmp_path_factory.mktemp("typical")
    write_submission(out, size="typical", seed=21, reference_date=REFERENCE_DATE, file_format="csv")
    return out


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
