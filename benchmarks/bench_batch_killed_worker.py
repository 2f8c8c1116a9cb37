"""Benchmark: what a worker killed part-way costs a `jtai batch` on a cluster run as clusters are.

A Dask scheduler and two `dask worker` processes (one thread each, no nanny, so a killed worker
stays dead), over TLS with certificates made for the run, as `tests/e2e/test_batch_cluster.py`
starts them. Each run starts a fresh cluster and times `jtai batch --scheduler` over N areas:
undisturbed, then disturbed, interleaved. In a disturbed run the worker building the first pack
is killed with SIGKILL a few seconds after that pack's notebook kernels start; Dask gives the
area to the other worker, which builds it from the start.

Recorded: the wall time of each kind of run (median), the extra wall of a disturbed run beside the
time one pack of the killed area took in the undisturbed run (targets.md: "a killed worker costs
at most its area's time again"; the lost worker's share of the remaining areas also moves to the
survivor, so with few areas the extra can exceed one pack), whether every area was built and its
outputs equal the undisturbed run's, and the load on the machine (shared machines are noisy).

Run: ``cd benchmarks && ../.venv/bin/python bench_batch_killed_worker.py --areas 4 --size typical``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import psutil

from _common import record, summary
from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the cluster is started as the test starts it (one implementation)
from tests.e2e.dask_cluster import (  # noqa: E402
    Cluster,
    start_cluster,
    write_dask_config,
    write_tls_files,
)

JTAI = str(Path(sys.executable).with_name("jtai"))
COMPARED = ("indicators.csv", "indicators_by_group.csv", "validation.json", "timeline.csv")


def make_areas(root: Path, count: int, size: str) -> Path:
    lines = ["areas:"]
    for index in range(1, count + 1):
        folder = root / f"area_{index:02d}"
        write_submission(
            folder,
            size=size,
            seed=100 + index,
            reference_date=DEFAULT_REFERENCE_DATE,
            file_format="csv",
        )
        lines.append(
            f"  - {{name: Area {index:02d}, data: [{folder.name}], "
            f"notification_date: {DEFAULT_REFERENCE_DATE}}}"
        )
    manifest = root / "areas.yml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def _first_pack_worker(
    out: Path, cluster: Cluster, batch: subprocess.Popen[bytes]
) -> tuple[str, int]:
    """The area whose pack started first and the worker's PID, once its kernels run."""
    pids = {process.pid for process in cluster.workers.values()}
    while batch.poll() is None:
        for log in sorted((out / ".jtai-batch" / "logs").glob("*.log")):
            started = re.findall(r"pid (\d+) pack: started", log.read_text(encoding="utf-8"))
            if started and int(started[0]) in pids:
                pid = int(started[0])
                if psutil.Process(pid).children(recursive=True):
                    return log.stem, pid
        time.sleep(0.2)
    raise SystemExit("the batch ended before any pack started")


def run_batch(
    manifest: Path, out: Path, cluster_dir: Path, dask_config: Path, kill_after_s: float | None
) -> dict[str, object]:
    cluster = start_cluster(cluster_dir, dask_config, workers=2)
    try:
        command = [JTAI, "batch", "--manifest", str(manifest), "--out", str(out)]
        command += ["--scheduler", cluster.address]
        started = time.perf_counter()
        with (cluster_dir / "batch.log").open("wb") as log:
            batch = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=cluster.environment
            )
        killed: dict[str, object] = {}
        if kill_after_s is not None:
            area, pid = _first_pack_worker(out, cluster, batch)
            time.sleep(kill_after_s)
            os.kill(pid, signal.SIGKILL)
            killed = {"area": area, "at_s": round(time.perf_counter() - started, 1)}
        code = batch.wait()
        wall = time.perf_counter() - started
    finally:
        cluster.stop()
    if code != 0:
        raise SystemExit(f"batch exited {code}; see {cluster_dir / 'batch.log'}")
    outcomes = pl.read_csv(out / "batch_summary.csv", infer_schema=False)
    return {
        "wall_s": round(wall, 1),
        "built": int((outcomes["status"] == "built").sum()),
        "pack_s": dict(zip(outcomes["folder"], map(float, outcomes["seconds"]), strict=True)),
        "killed": killed,
    }


def outputs_equal(first: Path, second: Path, folders: list[str]) -> bool:
    return all(
        (first / folder / name).read_bytes() == (second / folder / name).read_bytes()
        for folder in folders
        for name in COMPARED
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--areas", type=int, default=4)
    parser.add_argument("--size", default="typical")
    parser.add_argument("--runs", type=int, default=2, help="runs of each kind, interleaved")
    parser.add_argument("--kill-after", type=float, default=5.0, help="seconds into the first pack")
    parser.add_argument("--machine-note", default="", help="what else ran on the machine")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jtai-bench-killed-"))
    try:
        dask_config = write_dask_config(work / "dask", write_tls_files(work / "tls"))
        manifest = make_areas(work / "areas", args.areas, args.size)
        load_before = [round(x, 2) for x in os.getloadavg()]
        runs: dict[str, list[dict[str, object]]] = {"undisturbed": [], "disturbed": []}
        for number in range(args.runs):
            for kind in ("undisturbed", "disturbed"):
                name = f"{kind}_{number}"
                kill = args.kill_after if kind == "disturbed" else None
                result = run_batch(
                    manifest, work / name, work / f"cluster_{name}", dask_config, kill
                )
                result["outputs_equal_first_undisturbed"] = outputs_equal(
                    work / "undisturbed_0",
                    work / name,
                    list(result["pack_s"]),  # type: ignore[arg-type]
                )
                runs[kind].append(result)
                print(
                    f"{name}: {result['wall_s']} s, built {result['built']}, killed {result['killed']}",
                    flush=True,
                )
        plain = [float(r["wall_s"]) for r in runs["undisturbed"]]  # type: ignore[arg-type]
        hit = [float(r["wall_s"]) for r in runs["disturbed"]]  # type: ignore[arg-type]
        killed_area_pack_s = statistics.median(
            r["pack_s"][str(d["killed"]["area"])]  # type: ignore[index]
            for r, d in zip(runs["undisturbed"], runs["disturbed"], strict=True)
        )
        extra = statistics.median(hit) - statistics.median(plain)
        payload = {
            "size": args.size,
            "areas": args.areas,
            "workers": 2,
            "cluster": "dask scheduler + 2 dask worker processes (--nthreads 1, --no-nanny) over TLS, 127.0.0.1",
            "kill": f"SIGKILL to the worker building the first pack, {args.kill_after:g} s after its kernels started",
            "undisturbed": summary(plain),
            "disturbed": summary(hit),
            "extra_wall_s": round(extra, 1),
            "killed_area_pack_s_undisturbed": round(killed_area_pack_s, 1),
            "extra_over_one_pack_of_the_area": round(extra / killed_area_pack_s, 2),
            "every_area_built": all(r["built"] == args.areas for r in runs["disturbed"]),
            "outputs_equal_undisturbed": all(
                r["outputs_equal_first_undisturbed"] for rs in runs.values() for r in rs
            ),
            "runs": runs,
            "load_average_1_5_15": {
                "before": load_before,
                "after": [round(x, 2) for x in os.getloadavg()],
            },
            "machine_note": args.machine_note
            or "shared machine: other sessions' work ran meanwhile (see the load averages)",
        }
        print(f"recorded {record('batch_killed_worker', payload)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
