"""SIGTERM and SIGHUP unwind a command like Ctrl-C, and a held step finishes before it stops.

Each case is a real Python process sent a real signal by its PID.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = """
import sys, time
from pathlib import Path
from jtai_analysis.common.stop_signals import StopRequested, signals_held, stop_on_signals

folder = Path(sys.argv[1])
try:
    with stop_on_signals():
        try:
            if sys.argv[2] == "held":
                with signals_held():
                    (folder / "ready").touch()
                    time.sleep(2)
                    (folder / "held step done").touch()
            else:
                (folder / "ready").touch()
                time.sleep(60)
        finally:
            (folder / "cleaned up").touch()
except StopRequested as stop:
    sys.exit(stop.exit_code)
"""


def _run_and_signal(folder: Path, mode: str, signum: int) -> int:
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder), mode])
    deadline = time.monotonic() + 60
    while not (folder / "ready").exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signum)
    return process.wait(timeout=30)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_unwinds_so_clean_up_runs(signum: int, tmp_path: Path) -> None:
    assert _run_and_signal(tmp_path, "wait", signum) == 128 + signum
    assert (tmp_path / "cleaned up").exists()


def test_a_held_step_finishes_before_the_stop(tmp_path: Path) -> None:
    assert _run_and_signal(tmp_path, "held", signal.SIGTERM) == 128 + signal.SIGTERM
    assert (tmp_path / "held step done").exists()
    assert (tmp_path / "cleaned up").exists()
