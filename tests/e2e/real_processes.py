"""Helpers for fault tests that run the workbench as real processes: start, watch, signal, compare."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

JTAI = [sys.executable, "-m", "jtai_analysis.cli"]


def run_jtai(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> subprocess.CompletedProcess[str]:
    """``jtai ARGS`` run to its end as a user runs it: its output and exit code, never raising on
    a failing exit (the tests judge it); ``env`` is added to this process's environment."""
    return subprocess.run(
        [*JTAI, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def start_jtai(
    args: list[str],
    log: Path,
    environment: dict[str, str] | None = None,
    before_exec: Callable[[], None] | None = None,
) -> subprocess.Popen[bytes]:
    """``jtai ARGS`` as a process of its own: stdout to ``log``, stderr to :func:`stderr_of` it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(environment or {})}
    with log.open("wb") as out, stderr_of(log).open("wb") as err:
        return subprocess.Popen(
            [*JTAI, *args], stdout=out, stderr=err, env=env, preexec_fn=before_exec
        )


def stderr_of(log: Path) -> Path:
    """Where :func:`start_jtai` writes the stderr of the process logging to ``log``."""
    return log.with_name(f"{log.name}.stderr")


def stderr_lines(log: Path) -> list[str]:
    """The non-blank lines the process logging to ``log`` wrote on stderr."""
    text = stderr_of(log).read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def wait_for_text(
    log: Path, text: str, process: subprocess.Popen[bytes], timeout_s: float = 300
) -> None:
    """Wait until ``text`` shows in ``log``; fail with the log if the process ends first."""
    deadline = time.monotonic() + timeout_s
    while text not in log.read_text(encoding="utf-8", errors="replace"):
        assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        assert time.monotonic() < deadline, f"no {text!r} after {timeout_s} s"
        time.sleep(0.2)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
