"""The dashboards' kernel: ipykernel at a lower CPU priority than the page's server and browser.

Voilà runs each dashboard notebook in a waiting kernel before anyone asks for it and, once a
visitor takes that kernel, starts the next one. The next one's run (imports, the cached data, the
widgets: seconds of CPU) falls exactly while the visitor's browser is loading the page and
answering the first clicks. On a 2-core machine it took a core from the browser: the explorer's
first widget came 1.3 s later (``benchmarks/bench_dashboard.py``). At a lower priority, a waiting
kernel uses only what the browser and the server leave. A visitor's kernel has the same priority
as a waiting one; its answer to a click is tens of milliseconds of work, and the browser, which
draws that answer, comes first.

On Linux a nice value ranks a process only against those of its own session ("autogroup"), and
Jupyter starts each kernel in a session of its own: there the session's nice value is the one that
counts, so both are lowered.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

KERNEL_NAME = "jtai-dashboard"
# Added to the kernel's nice value (POSIX: 0 is normal, 19 the lowest priority).
NICENESS = 10
# What a notebook's metadata says to have Voilà start this kernel.
KERNELSPEC = {
    "name": KERNEL_NAME,
    "display_name": "Python 3 (JTAI dashboard)",
    "language": "python",
}


def write_kernel_spec(jupyter_dir: Path) -> Path:
    """Write the kernel's spec under ``jupyter_dir`` (a ``JUPYTER_PATH`` entry); return its folder."""
    folder = jupyter_dir / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", __name__, "-f", "{connection_file}"],
        "display_name": KERNELSPEC["display_name"],
        "language": KERNELSPEC["language"],
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return folder


AUTOGROUP = Path("/proc/self/autogroup")


def lower_priority(niceness: int = NICENESS, autogroup: Path = AUTOGROUP) -> None:
    """Lower this process's CPU priority, and its session's where Linux ranks sessions.

    Where the system has no nice values (Windows), or no session ranking, nothing changes there.
    """
    if hasattr(os, "nice"):
        os.nice(niceness)
    # Only a session leader: raising the nice value of a session shared with others would slow them.
    if autogroup.exists() and os.getsid(0) == os.getpid():
        with contextlib.suppress(OSError):  # e.g. a kernel built without autogroup scheduling
            autogroup.write_text(str(niceness), encoding="ascii")


def main() -> None:
    """Start ipykernel as ``python -m ipykernel_launcher`` would, at the lower priority."""
    from ipykernel import kernelapp

    lower_priority()
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
