"""`jtai batch` on a cluster run as clusters are: `dask scheduler` and two `dask worker` processes,
over TLS with certificates named in Dask's own configuration (issue 22, item 4).

The same two areas are built twice on the cluster: once undisturbed, then with the worker building
an area's pack killed with SIGKILL while its notebooks run. The area must run again on the other
worker and the batch end with every area built, each output equal to the undisturbed run's, nothing
left behind. A scheduler that cannot be used is one sentence and exit 2. A local cluster, scheduler,
workers and diagnostics dashboard, listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import psutil
import pytest

from jtai_analysis.synth import write_submission
from tests.conftest import REFERENCE_DATE
from tests.e2e.dask_cluster import Cluster, start_cluster, write_dask_config, write_tls_files

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cluster")]
AREAS = {"East Fen": 51, "West Wold": 52}  # area -> synthetic seed
BATCH_S = 900  # two small areas, twice, on a loaded 2-core machine
SAME_OUTPUTS = ("indicators.csv", "indicators_by_group.csv", "validation.json", "timeline.csv")
JTAI = [sys.executable, "-m", "jtai_analysis.cli"]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cluster_areas")
    lines = ["areas:"]
    for name, seed in AREAS.items():
        folder = root / name.replace(" ", "_")
        write_submission(
            folder, size="small", seed=seed, reference_date=REFERENCE_DATE, file_format="csv"
        )
        lines += [
            f"  - {{name: {name}, data: [{folder.name}], notification_date: {REFERENCE_DATE}}}"
        ]
    path = root / "areas.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("cluster")
    dask_config = write_dask_config(root / "dask", write_tls_files(root / "tls"))
    running = start_cluster(root / "processes", dask_config, workers=2)
    try:
        yield running
    finally:
        running.stop()


def _batch(manifest: Path, out: Path, cluster: Cluster) -> list[str]:
    return [
        *JTAI,
        "batch",
        "--manifest",
        str(manifest),
        "--out",
        str(out),
        "--scheduler",
        cluster.address,
    ]


def _folder(name: str) -> str:
    return name.lower().replace(" ", "-")


def _pack_started(log: Path) -> list[int]:
    """The worker PIDs that started the area's pack, in order (from the area's batch log)."""
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return [int(pid) for pid in re.findall(r"pid (\d+) pack: started", text)]


def _kill_a_worker_mid_pack(
    out: Path, cluster: Cluster, batch: subprocess.Popen[bytes]
) -> tuple[str, int, list[psutil.Process]]:
    """SIGKILL the worker building an area's pack once its notebook kernels run; return the area,
    the worker's PID and the kernels it had started."""
    workers = {process.pid for process in cluster.workers.values()}
    deadline = time.monotonic() + BATCH_S
    while True:
        assert batch.poll() is None and time.monotonic() < deadline, "no pack started"
        for name in AREAS:
            log = out / ".jtai-batch" / "logs" / f"{_folder(name)}.log"
            started = _pack_started(log)
            if started and "pack: done" not in log.read_text(encoding="utf-8"):
                pid = started[0]
                assert pid in workers
                kernels = psutil.Process(pid).children(recursive=True)
                if kernels:
                    time.sleep(1)  # the kernels busy in a notebook
                    kernels = psutil.Process(pid).children(recursive=True)
                    os.kill(pid, signal.SIGKILL)
                    return name, pid, kernels
        time.sleep(0.2)


def test_a_worker_killed_mid_area_costs_nothing_but_time(
    manifest: Path, cluster: Cluster, tmp_path: Path
) -> None:
    undisturbed, disturbed = tmp_path / "undisturbed", tmp_path / "disturbed"
    first = subprocess.run(
        _batch(manifest, undisturbed, cluster),
        env=cluster.environment,
        capture_output=True,
        text=True,
        timeout=BATCH_S,
    )
    assert first.returncode == 0, first.stdout + first.stderr

    with (tmp_path / "batch.log").open("wb") as log:
        batch = subprocess.Popen(
            _batch(manifest, disturbed, cluster),
            env=cluster.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    area, killed, kernels = _kill_a_worker_mid_pack(disturbed, cluster, batch)
    assert batch.wait(timeout=BATCH_S) == 0, (tmp_path / "batch.log").read_text()

    # The area ran again, on the other worker; the killed worker's kernels ended with it.
    survivor = next(p.pid for p in cluster.workers.values() if p.pid != killed)
    log = disturbed / ".jtai-batch" / "logs" / f"{_folder(area)}.log"
    assert _pack_started(log) == [killed, survivor]
    _, alive = psutil.wait_procs(kernels, timeout=30)
    assert alive == []

    # Every area built, each output as the undisturbed run wrote it, nothing left beside them.
    summary = pl.read_csv(disturbed / "batch_summary.csv", infer_schema=False)
    assert summary["status"].to_list() == ["built"] * len(AREAS)
    for name in AREAS:
        for file in SAME_OUTPUTS:
            before = (undisturbed / _folder(name) / file).read_bytes()
            assert (disturbed / _folder(name) / file).read_bytes() == before, (name, file)
        assert (disturbed / _folder(name) / "briefing-pack.html").is_file()
    assert (disturbed / "areas_indicators.csv").read_bytes() == (
        undisturbed / "areas_indicators.csv"
    ).read_bytes()
    assert sorted(p.name for p in disturbed.iterdir()) == sorted(
        p.name for p in undisturbed.iterdir()
    )


def _one_sentence(run: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return lines[0]


def test_tls_without_certificates_in_the_configuration_is_one_sentence(
    manifest: Path, cluster: Cluster, tmp_path: Path
) -> None:
    without = {k: v for k, v in cluster.environment.items() if k != "DASK_CONFIG"}
    without["DASK_CONFIG"] = str(tmp_path)  # a configuration that names no certificates
    run = subprocess.run(
        _batch(manifest, tmp_path / "out", cluster),
        env=without,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2
    assert _one_sentence(run) == (
        f"The Dask scheduler at {cluster.address} uses TLS, but Dask's configuration names no "
        "certificates (distributed.comm.tls: ca-file, client.cert and client.key)."
    )


def test_an_unreachable_scheduler_is_one_sentence_and_exit_2(
    manifest: Path, tmp_path: Path
) -> None:
    from jtai_analysis.dashboards.app import free_port

    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    command = [*JTAI, "batch", "--manifest", str(manifest), "--out", str(tmp_path / "out")]
    run = subprocess.run(
        [*command, "--scheduler", address], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 2
    assert _one_sentence(run) == (
        f"The Dask scheduler at {address} could not be reached within 20 s (Connection refused)."
    )


def test_a_local_cluster_listens_on_this_machine_only() -> None:
    from jtai_analysis.batch.cluster import dask_client

    here = psutil.Process()
    before = {process.pid for process in here.children(recursive=True)}  # other tests' processes
    with dask_client(None, 1) as client:
        assert client.dashboard_link.startswith("http://127.0.0.1:")
        started = [p for p in here.children(recursive=True) if p.pid not in before]
        assert started  # the local cluster's worker (and its nanny)
        listening = {
            connection.laddr.ip
            for process in [here, *started]
            for connection in process.net_connections(kind="inet")
            if connection.status == psutil.CONN_LISTEN
        }
    assert listening == {"127.0.0.1"}
