"""`jtai pack` interrupted, crowded or out of room loses nothing and leaves nothing behind (issue 22).

Every test runs `jtai pack` as a real process: a real SIGTERM or SIGINT sent to its PID while its
notebooks run, a second `jtai pack` started into the same `--out` while the first builds, a limit on
file size (RLIMIT_FSIZE, what `ulimit -f` sets) that the pack's 5 MB page cannot fit in. Each time the
previous pack must be there byte for byte, the only things beside it the ones that were there, the
run's temporary folder (TMPDIR) empty, no kernel left running, and the command's last words one
sentence on stderr with its exit code.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import polars as pl
import psutil
import pytest

from tests.conftest import REFERENCE_DATE
from tests.e2e.real_processes import JTAI, start_jtai, stderr_lines, tree_digest, wait_for_text

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack_faults")]
NOTIFIED = REFERENCE_DATE.isoformat()
RUN_S = 600  # a whole small pack on a loaded 2-core machine, with room to spare
FILE_SIZE_LIMIT = 2_000_000  # bytes: the pack's HTML alone is about 5 MB (plotly.js)


@pytest.fixture(scope="module")
def area(small_dirty_csv: Path) -> Path:
    """A small dirty submission (so the pack has a quarantine), as CSVs."""
    return small_dirty_csv


def _pack_args(area: Path, out: Path) -> list[str]:
    pack = ["pack", "--data", str(area), "--la", "Fault Test", "--notification-date", NOTIFIED]
    return [*pack, "--out", str(out)]


@pytest.fixture(scope="module")
def previous_pack(area: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack built undisturbed: what each test starts from and must find again."""
    out = tmp_path_factory.mktemp("previous") / "pack"
    log = out.parent / "pack.log"
    process = start_jtai(_pack_args(area, out), log)
    assert process.wait(timeout=RUN_S) == 0, log.read_text() + "\n".join(stderr_lines(log))
    return out


class Run:
    """A folder holding a copy of the previous pack, and a private temporary folder for the run."""

    def __init__(self, previous: Path, tmp_path: Path) -> None:
        self.root = tmp_path / "reports"
        self.out = self.root / "pack"
        shutil.copytree(previous, self.out)
        self.before = tree_digest(self.out)
        self.tmp = tmp_path / "tmp"
        self.tmp.mkdir()
        self.environment = {"TMPDIR": str(self.tmp)}

    def assert_nothing_lost_or_left(self) -> None:
        assert tree_digest(self.out) == self.before  # the previous pack, whole
        assert sorted(p.name for p in self.root.iterdir()) == ["pack"]  # no staging, no lock
        assert list(self.tmp.iterdir()) == []  # no jtai-prepared-*, no kernel sockets


def _kernels_of(process: subprocess.Popen[bytes], timeout_s: float = 120) -> list[psutil.Process]:
    """The processes ``process`` started (its notebook kernels), once there are two of them."""
    deadline = time.monotonic() + timeout_s
    while len(children := psutil.Process(process.pid).children(recursive=True)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "no kernel started"
        time.sleep(0.2)
    time.sleep(1)  # busy in a notebook, not only started
    return children


def test_the_pack_keeps_its_quarantine_and_its_counts_match_the_rows(previous_pack: Path) -> None:
    counts = json.loads((previous_pack / "validation.json").read_text(encoding="utf-8"))["lists"]
    rows = {
        path.stem: pl.read_csv(path, infer_schema=False).height
        for path in (previous_pack / "quarantine").glob("*.csv")
    }
    assert rows == {key: item["rows_quarantined"] for key, item in counts.items()}
    assert sum(rows.values()) > 0  # the dirty area set rows aside


@pytest.mark.parametrize(
    ("stop", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"]
)
def test_a_pack_stopped_while_its_notebooks_run_leaves_the_previous_pack_whole(
    stop: signal.Signals, exit_code: int, area: Path, previous_pack: Path, tmp_path: Path
) -> None:
    run = Run(previous_pack, tmp_path)
    log = tmp_path / "pack.log"
    process = start_jtai(_pack_args(area, run.out), log, run.environment)
    wait_for_text(log, "running", process, RUN_S)  # validated; the notebooks are given out
    started = _kernels_of(process)
    assert (run.root / ".pack.staging").is_dir()  # the run was under way
    process.send_signal(stop)
    assert process.wait(timeout=60) == exit_code
    gone, alive = psutil.wait_procs(started, timeout=15)
    assert alive == []  # every kernel it started has stopped
    assert stderr_lines(log) == [
        f"Stopped ({stop.name}) before the pack was published; the previous pack was left as it was."
    ]
    run.assert_nothing_lost_or_left()


def test_a_second_pack_into_the_same_folder_is_refused_and_the_first_is_whole(
    area: Path, previous_pack: Path, tmp_path: Path
) -> None:
    run = Run(previous_pack, tmp_path)
    first_log = tmp_path / "first.log"
    first = start_jtai(_pack_args(area, run.out), first_log, run.environment)
    wait_for_text(first_log, "Reading and checking", first, RUN_S)  # it holds the folder
    second = subprocess.run(
        [*JTAI, *_pack_args(area, run.out)],
        capture_output=True,
        text=True,
        timeout=RUN_S,
        env={**os.environ, **run.environment},
    )
    assert second.returncode == 75
    assert second.stderr.strip().splitlines() == [
        f"Another jtai pack (process {first.pid}) is building into {run.out.resolve()}; this one "
        "was not started. Run it again when that one has finished, or choose another --out."
    ]
    assert first.wait(timeout=RUN_S) == 0, stderr_lines(first_log)
    # The first run's pack, whole and new (its provenance has its own times), from one run only.
    after = tree_digest(run.out)
    assert set(after) == set(run.before)
    assert after["provenance.json"] != run.before["provenance.json"]
    assert (run.out / "run.log").read_text(encoding="utf-8").count("Reading and checking") == 1
    assert sorted(p.name for p in run.root.iterdir()) == ["pack"]
    assert list(run.tmp.iterdir()) == []


def _limit_file_size() -> None:
    """In the child, before jtai starts: no file may grow past FILE_SIZE_LIMIT (``ulimit -f``)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, resource.RLIM_INFINITY))


def test_a_disk_that_fills_gives_one_sentence_and_no_partial_pack(
    area: Path, previous_pack: Path, tmp_path: Path
) -> None:
    run = Run(previous_pack, tmp_path)
    log = tmp_path / "pack.log"
    process = start_jtai(_pack_args(area, run.out), log, run.environment, _limit_file_size)
    assert process.wait(timeout=RUN_S) == 74
    assert stderr_lines(log) == [
        f"There was no room to write the pack for {run.out.resolve()} (the disk, or a limit on "
        "file size, is full); nothing was published and the previous pack was left as it was."
    ]
    run.assert_nothing_lost_or_left()


def test_a_disk_that_fills_on_a_first_pack_leaves_no_folder(area: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "pack"
    (tmp_path / "tmp").mkdir()
    log = tmp_path / "pack.log"
    environment = {"TMPDIR": str(tmp_path / "tmp")}
    process = start_jtai(_pack_args(area, out), log, environment, _limit_file_size)
    assert process.wait(timeout=RUN_S) == 74
    assert len(stderr_lines(log)) == 1
    assert list((tmp_path / "reports").iterdir()) == []
    assert list((tmp_path / "tmp").iterdir()) == []
