"""One holder at a time: a second process is refused and told who holds it; a killed holder frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jtai_analysis.common.exclusive_lock import LockHeld, exclusive_lock

HOLDER = """
import sys, time
from pathlib import Path
from jtai_analysis.common.exclusive_lock import exclusive_lock

with exclusive_lock(Path(sys.argv[1])):
    Path(sys.argv[2]).touch()
    time.sleep(120)
"""


def test_a_held_lock_names_its_holder_and_is_freed_when_the_holder_is_killed(
    tmp_path: Path,
) -> None:
    lock, ready = tmp_path / ".out.lock", tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        with pytest.raises(LockHeld) as held, exclusive_lock(lock):
            pass
        assert held.value.holder == holder.pid
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # no clean-up of its own: the system frees the lock
        holder.wait(timeout=30)
    with exclusive_lock(lock):
        assert lock.read_text().strip() == str(os.getpid())
    assert not lock.exists()  # removed by its last holder


def test_the_lock_is_exclusive_within_one_process_too(tmp_path: Path) -> None:
    lock = tmp_path / ".out.lock"
    with exclusive_lock(lock), pytest.raises(LockHeld), exclusive_lock(lock):
        pass
