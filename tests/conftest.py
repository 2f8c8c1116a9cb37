"""Shared fixtures: synthetic submissions written once per test session (per xdist worker)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from jtai_analysis.synth import write_submission

REFERENCE_DATE = dt.date(2026, 11, 16)

# Files no submission can use: (file name, bytes, what the one-sentence message says). Ingest must
# raise UnusableInputError with it; every command must exit 2 with it and no traceback.
UNUSABLE_INPUTS = [
    ("empty.csv", b"", "is empty"),
    ("empty.xlsx", b"", "is empty"),
    ("fake.xlsx", b"this is not a workbook", "is not an Excel workbook"),
    ("cut.xlsx", b"PK\x03\x04 truncated zip", "could not be opened as a workbook"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
    ("notes.csv", b"Shopping,List\neggs,milk\n", "No Annex A list was recognised"),
    ("image.csv", b"\x00\x01\x02binary", "not a text file"),
    ("picture.png", b"\x89PNG", "neither a workbook"),
]


@pytest.fixture(scope="session", autouse=True)
def _private_prepared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test process (and the kernels it starts) caches prepared data in its own temporary folder."""
    os.environ["JTAI_CACHE_DIR"] = str(tmp_path_factory.mktemp("prepared-cache"))


def _synthesise(factory: pytest.TempPathFactory, name: str, **options: object) -> Path:
    out = factory.mktemp(name)
    write_submission(out, reference_date=REFERENCE_DATE, **options)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="session")
def small_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synthesise(tmp_path_factory, "small_xlsx", size="small", seed=11, file_format="xlsx")


@pytest.fixture(scope="session")
def wednesday_xlsx(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small area as it stands on Wednesday of week 1, when the lead inspector chooses the 20
    (para 115): every list but the information on the 20, which comes on Thursday. (With it, the
    20 are those it names, in the pack and the workbench alike.)"""
    wednesday = tmp_path_factory.mktemp("wednesday") / "area"
    shutil.copytree(small_xlsx, wednesday, ignore=shutil.ignore_patterns("jtai_information_on_20*"))
    return wednesday


@pytest.fixture(scope="session")
def small_dirty_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synthesise(
        tmp_path_factory,
        "small_dirty_xlsx",
        size="small",
        seed=12,
        file_format="xlsx",
        is_dirty=True,
    )


@pytest.fixture(scope="session")
def small_dirty_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synthesise(
        tmp_path_factory, "small_dirty_csv", size="small", seed=13, file_format="csv", is_dirty=True
    )


@pytest.fixture(scope="session")
def tuesday_lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What has arrived by Tuesday of week 1: Lists 4, 6 and 7 and the nominations (CSV files of a
    small synthetic area, with its manifest.json); the other lists come on Thursday."""
    everything = _synthesise(tmp_path_factory, "all_lists", size="small", seed=3, file_format="csv")
    tuesday = tmp_path_factory.mktemp("tuesday")
    for name in (
        "list_4_assessments.csv",
        "list_6_cin.csv",
        "list_7_cp.csv",
        "jtai_nominations.csv",
        "manifest.json",  # read by tests only, to count what the files hold
    ):
        shutil.copy(everything / name, tuesday / name)
    return tuesday


@pytest.fixture(scope="session")
def typical_area(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mid-size area (about 8,000 contacts), for rate checks. CSV is the quicker format to write."""
    return _synthesise(tmp_path_factory, "typical", size="typical", seed=21, file_format="csv")


@pytest.fixture(scope="session")
def small_pack(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The briefing pack of the small clean area (papermill, kernels), built once per test process:
    the end-to-end and the browser tests of the pack read the same one (both in xdist group "pack")."""
    from jtai_analysis.pack.build import PackRequest, build_pack

    out = tmp_path_factory.mktemp("pack") / "out"
    request = PackRequest((small_xlsx,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out)
    return build_pack(request, progress=lambda _: None)


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gx_runner():  # type: ignore[no-untyped-def]
    """One Great Expectations context per test process (its import alone takes seconds)."""
    from jtai_analysis.validation.gx_runner import GxRunner

    return GxRunner()


def _browser_setup_missing() -> list[str]:
    """What a local machine lacks for the browser tests, each with what to install."""
    missing = []
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        missing.append(
            "no chromium on PATH: install it with `sudo apt-get install chromium` (Debian/Ubuntu)"
        )
    axe = Path(__file__).resolve().parents[1] / ".venv/node/node_modules/axe-core/axe.min.js"
    if not axe.exists():
        missing.append("axe-core is not installed: install npm, then run `make env` again")
    return missing


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"browser tests will be SKIPPED: {reason}" for reason in _browser_setup_missing()]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    """Say plainly, at the end of the run, that the browser checks did not run and why."""
    missing = _browser_setup_missing()
    if missing and terminalreporter.stats.get("skipped"):
        terminalreporter.section("browser tests skipped")
        for reason in missing:
            terminalreporter.write_line(f"The pack was not opened in a browser: {reason}.")
