"""`jtai dashboard` stops everything it started, however it is stopped (issue 22, item 2).

A real `jtai dashboard` process serves the app (Voilà and a kernel per page); it is then sent a
real SIGINT, SIGTERM or SIGHUP, or killed with SIGKILL so it can clean nothing up itself. Each time
the address refuses connections within seconds and every process under the command has ended. While
it serves: a page without the token is refused, and every socket of the server and its kernels
listens on 127.0.0.1 only, unless `--ip` asks otherwise (then with a warning).
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.conftest import REFERENCE_DATE
from tests.e2e.real_processes import start_jtai, stderr_lines, wait_for_text

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboard")]
STARTUP_S = 240  # the app and its kernels, on a loaded 2-core CI machine
REFUSED_WITHIN_S = 15  # "the URL refuses within seconds"


@pytest.fixture(scope="module")
def cached_area(small_xlsx: Path) -> Path:
    """The submission, validated once so every dashboard here starts from the cache."""
    validate = [sys.executable, "-m", "jtai_analysis.cli", "validate", str(small_xlsx)]
    validate += ["--reference-date", REFERENCE_DATE.isoformat()]
    subprocess.run(validate, capture_output=True, timeout=600, check=False)
    return small_xlsx


class Dashboard:
    def __init__(self, area: Path, tmp_path: Path, *options: str) -> None:
        self.log = tmp_path / "dashboard.log"
        command = ["dashboard", "--data", str(area), "--no-browser", *options]
        command += ["--notification-date", REFERENCE_DATE.isoformat()]
        self.process = start_jtai(command, self.log)
        wait_for_text(self.log, "Press Ctrl-C to stop.", self.process, STARTUP_S)
        explorer = re.search(r"Explorer:\s+(\S+)", self.log.read_text(encoding="utf-8"))
        assert explorer
        self.page = explorer.group(1)
        self.port = int(re.search(r":(\d+)/", self.page).group(1))  # type: ignore[union-attr]
        self.token = self.page.split("token=")[1]

    def family(self, kernels: int = 2, timeout_s: float = STARTUP_S) -> list[psutil.Process]:
        """Everything under the command (the server, its kernels), once the kernels have started.

        The command itself is left out: it is this test's child, reaped by ``Popen.wait``.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            below = psutil.Process(self.process.pid).children(recursive=True)
            if len(below) >= 1 + kernels:
                return below
            assert self.process.poll() is None and time.monotonic() < deadline, below
            time.sleep(0.5)

    def is_answering(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def close(self) -> None:
        """Stop whatever a failed test left running (by the PIDs it started, never by name)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


def _listening(processes: list[psutil.Process]) -> set[str]:
    addresses = set()
    for process in processes:
        for connection in process.net_connections(kind="inet"):
            if connection.status == psutil.CONN_LISTEN:
                addresses.add(connection.laddr.ip)
    return addresses


def _status(url: str) -> int:
    class Refuse(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None  # the redirect to the login page comes back as an error to inspect

    try:
        with urllib.request.build_opener(Refuse).open(url, timeout=60) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        if error.code == 302:
            assert "login" in error.headers["Location"]
        return error.code


@pytest.mark.parametrize(
    ("stop", "exit_code"),
    [(signal.SIGINT, 0), (signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGKILL, -9)],
    ids=["SIGINT", "SIGTERM", "SIGHUP", "SIGKILL"],
)
def test_a_stopped_dashboard_leaves_nothing_serving(
    stop: signal.Signals, exit_code: int, cached_area: Path, tmp_path: Path
) -> None:
    dashboard = Dashboard(cached_area, tmp_path)
    try:
        family = dashboard.family()
        base = f"http://127.0.0.1:{dashboard.port}"
        assert _status(f"{base}/?token={dashboard.token}") == 200
        assert _status(f"{base}/voila/render/explorer.ipynb") in (302, 401, 403)  # no token
        assert _listening([psutil.Process(dashboard.process.pid), *family]) == {"127.0.0.1"}
        assert stderr_lines(dashboard.log) == []  # no warning on this machine only

        dashboard.process.send_signal(stop)
        deadline = time.monotonic() + REFUSED_WITHIN_S
        while dashboard.is_answering():
            assert time.monotonic() < deadline, (
                f"still answering {REFUSED_WITHIN_S} s after {stop.name}"
            )
            time.sleep(0.2)
        assert dashboard.process.wait(timeout=REFUSED_WITHIN_S) == exit_code
        _, alive = psutil.wait_procs(family, timeout=REFUSED_WITHIN_S)
        assert alive == []  # the server and every kernel
    finally:
        dashboard.close()


def test_another_address_is_used_only_when_asked_and_with_a_warning(
    cached_area: Path, tmp_path: Path
) -> None:
    dashboard = Dashboard(cached_area, tmp_path, "--ip", "0.0.0.0")
    try:
        family = dashboard.family(kernels=0)
        assert "0.0.0.0" in _listening(family)
        warning = stderr_lines(dashboard.log)
        assert len(warning) == 1 and warning[0].startswith(
            "Warning: the dashboards listen on 0.0.0.0"
        )
    finally:
        dashboard.close()
