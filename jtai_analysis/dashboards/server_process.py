"""The web app's server as a process that stops with the command that started it, however it ends.

``jtai dashboard`` starts Voilà, and Voilà starts a kernel per page; the kernels hold child-level
data and the server answers anyone with the token. So nothing may outlive the command:

- stopped by Ctrl-C, ``kill`` or a closed terminal, the command sends the server SIGTERM (Voilà
  then shuts its kernels down) and kills whatever of it is left after a grace period;
- killed outright (SIGKILL, a crash), the command cannot do that, so the server watches it: on
  Linux the kernel sends the server SIGTERM when its parent dies (``PR_SET_PDEATHSIG``), and
  everywhere a thread in the server checks every second that its parent is still the command.

The server runs in a session of its own, so a terminal's Ctrl-C or hang-up reaches the command
only, and the command stops the server in order.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import threading
import time

PARENT_PID_VARIABLE = "JTAI_DASHBOARD_PARENT_PID"
STOP_GRACE_S = 10.0  # Voilà's own shutdown of its kernels, before what is left is killed
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def start_server(command: list[str], environment: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the server in a session of its own, told which process to follow."""
    followed = {**environment, PARENT_PID_VARIABLE: str(os.getpid())}
    return subprocess.Popen(command, env=followed, start_new_session=True)


def stop_server(process: subprocess.Popen[bytes], grace_s: float = STOP_GRACE_S) -> None:
    """Stop the server and every process under it (its kernels): SIGTERM, then SIGKILL after ``grace_s``."""
    import psutil  # comes with Dask's distributed

    try:
        server = psutil.Process(process.pid)
        family = [server, *server.children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    _, alive = psutil.wait_procs(family, timeout=grace_s)
    for left in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            left.kill()
    psutil.wait_procs(alive, timeout=5)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def _ask_for_signal_on_parent_death(signum: int) -> bool:
    """Linux: have the kernel send this process ``signum`` when its parent dies."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int, interval_s: float) -> None:
    while os.getppid() == parent:
        time.sleep(interval_s)
    os.kill(os.getpid(), signal.SIGTERM)  # the server's own handler shuts its kernels down


def follow_parent(interval_s: float = 1.0) -> None:
    """In the server, at its start: end it with SIGTERM when the command that started it ends.

    Does nothing when the server was not started by :func:`start_server`. A parent already gone
    ends the server at once.
    """
    given = os.environ.pop(PARENT_PID_VARIABLE, None)  # not passed on to the kernels
    if not given:
        return
    parent = int(given)
    _ask_for_signal_on_parent_death(signal.SIGTERM)
    if os.getppid() != parent:  # it died before the request above was in place
        sys.exit(0)
    threading.Thread(
        target=_watch_parent, args=(parent, interval_s), name="jtai-follow-parent", daemon=True
    ).start()
