"""The dashboard's server follows the command that started it: killed outright (SIGKILL), the
command cannot stop it, so the server sees its parent gone and stops itself, by the kernel's
parent-death signal on Linux or by its own watch on the parent's PID. Real processes, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# The "command": starts the "server" as `jtai dashboard` does, says its PID, then waits to be killed.
COMMAND = """
import os, sys, time
from jtai_analysis.dashboards.server_process import start_server
server = start_server([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]], dict(os.environ))
print(server.pid, flush=True)
time.sleep(300)
"""
# The "server": stops cleanly on SIGTERM (as Voilà does, shutting its kernels down), noting it.
SERVER = """
import signal, sys, time
from pathlib import Path
from jtai_analysis.dashboards import server_process

def stop(signum, frame):
    Path(sys.argv[1]).write_text(signal.Signals(signum).name)
    sys.exit(0)

signal.signal(signal.SIGTERM, stop)
if sys.argv[2] == "watch only":
    server_process._ask_for_signal_on_parent_death = lambda signum: False
server_process.follow_parent()
Path(sys.argv[1] + ".following").touch()
time.sleep(300)
"""


@pytest.mark.parametrize("how", ["parent-death signal", "watch only"])
def test_a_server_stops_when_its_command_is_killed(how: str, tmp_path: Path) -> None:
    if how == "parent-death signal" and not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    note = tmp_path / "stopped"
    command = subprocess.Popen(
        [sys.executable, "-c", COMMAND, SERVER, str(note), how], stdout=subprocess.PIPE, text=True
    )
    assert command.stdout is not None
    server = int(command.stdout.readline())
    deadline = time.monotonic() + 60
    while not Path(f"{note}.following").exists():
        assert time.monotonic() < deadline, "the server never started following"
        time.sleep(0.05)
    os.kill(command.pid, signal.SIGKILL)
    command.wait(timeout=30)
    # (the watch looks each second; a loaded 2-core machine, running the suite, may take longer)
    deadline = time.monotonic() + 30
    while not note.exists():
        assert time.monotonic() < deadline, f"the server ({server}) outlived its command"
        time.sleep(0.05)
    assert note.read_text() == "SIGTERM"  # asked to stop, so it could shut its kernels down


def test_a_server_not_started_by_the_command_follows_no_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jtai_analysis.dashboards import server_process

    monkeypatch.delenv(server_process.PARENT_PID_VARIABLE, raising=False)
    server_process.follow_parent()  # nothing to follow: returns, starts no watch
    assert all(t.name != "jtai-follow-parent" for t in threading.enumerate())
