"""Benchmark: `jtai batch` over many synthetic areas on a local Dask cluster, beside a lone `jtai pack`.

Measures, on this machine:
- a lone `jtai pack` of one `typical` area (wall, peak memory of the command and its kernels);
- `jtai batch` over N `typical` areas (wall, the run's stages from `batch_summary.json`, peak
  memory summed over the whole process tree: client, Dask workers and their notebook kernels);
- a second run of the same batch (every area unchanged, so skipped);
- the cost of an area in the batch (machine wall / N) against the lone pack.

When N is smaller than the 153 areas of the target, the 153-area wall is extrapolated from the
measured per-area cost of each stage, plus the fixed start-up, and recorded as an estimate. The same
per-area cost gives, on paper, the wall on a cluster of K workers (each like one worker here).

Run: ``cd benchmarks && ../.venv/bin/python bench_batch.py --areas 24``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from _common import record, summary
from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

TARGET_AREAS = 153
TARGET_WALL_S = 30 * 60
JTAI = str(Path(sys.executable).with_name("jtai"))


def run_measured(command: list[str], log: Path) -> tuple[float, int, int]:
    """Run ``command``; return (wall seconds, peak summed RSS of it and all its children, exit code)."""
    start = time.perf_counter()
    with log.open("w") as output:
        process = psutil.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        peak = 0
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                total = 0
                for member in tree:
                    with contextlib.suppress(psutil.Error):  # a kernel may end between calls
                        total += member.memory_info().rss
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.2)
    return time.perf_counter() - start, peak, process.returncode


def quiet_machine_estimate(results: dict) -> dict[str, object]:
    """The 153-area wall on a quiet machine, scaled from this run by the lone pack's slowdown.

    Times drift with the load other sessions put on a shared machine (``targets.md``: compare
    ratios taken in one run). The ratio of an area in the batch to a lone pack is taken here; the
    lone pack's quiet time is the one recorded by ``bench_pack.py`` (``results/pack.json``).
    """
    reference = json.loads((Path(__file__).parent / "results" / "pack.json").read_text())
    quiet_lone_s = float(reference["typical"]["pack"]["median_s"])
    slowdown = results["cost_per_area"]["lone_pack_s"] / quiet_lone_s
    fixed_s = results["batch"]["wall_s"] - sum(
        results["batch"]["phases_s"][k] for k in ("indicators", "packs")
    )
    marginal_s = results["cost_per_area"]["batch_marginal_s"]
    wall_s = (fixed_s + marginal_s * TARGET_AREAS) / slowdown
    return {
        "quiet_lone_pack_s": quiet_lone_s,
        "slowdown_of_this_run": round(slowdown, 2),
        "wall_s": round(wall_s),
        "meets_30_min": wall_s <= TARGET_WALL_S,
        "how": "(fixed + 153 x marginal wall per area) / (lone pack here / lone pack quiet)",
        "on_paper_153_areas_with_k_workers_s": {
            k: round(v / slowdown)
            for k, v in results["on_paper_153_areas_with_k_workers_s"].items()
        },
    }


def make_areas(root: Path, count: int, size: str) -> tuple[Path, float]:
    """Write ``count`` synthetic areas and their manifest; return the manifest and seconds taken.

    Areas already written in ``root`` (a ``--areas-dir`` kept from an earlier run) are reused.
    """
    start = time.perf_counter()
    lines = ["areas:"]
    for index in range(1, count + 1):
        folder = root / f"area_{index:03d}"
        if not (folder / "manifest.json").exists():
            write_submission(
                folder,
                size=size,
                seed=index,
                reference_date=DEFAULT_REFERENCE_DATE,
                file_format="csv",
                is_dirty=index % 3 == 0,  # a third of the areas carry planted data problems
            )
        lines += [
            f"  - name: Area {index:03d}",
            f"    data: [{folder.name}]",
            f"    notification_date: {DEFAULT_REFERENCE_DATE}",
        ]
    manifest = root / "areas.yml"
    manifest.write_text("\n".join(lines) + "\n")
    return manifest, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--areas", type=int, default=TARGET_AREAS)
    parser.add_argument("--size", default="typical")
    parser.add_argument("--workers", type=int, default=0, help="0: the batch's own default")
    parser.add_argument("--lone-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--areas-dir",
        type=Path,
        help="write the synthetic areas here, or reuse those already there (kept afterwards)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jtai-bench-batch-"))
    try:
        areas_dir = args.areas_dir or work
        areas_dir.mkdir(parents=True, exist_ok=True)
        manifest, synth_s = make_areas(areas_dir, args.areas, args.size)
        print(f"{args.areas} {args.size} areas written in {synth_s:.0f} s", flush=True)

        lone_walls, lone_peaks = [], []
        for run in range(args.lone_runs):
            out = work / f"lone_{run}"
            command = [JTAI, "pack", "--data", str(areas_dir / "area_001"), "--la", "Area 001"]
            command += ["--notification-date", str(DEFAULT_REFERENCE_DATE), "--out", str(out)]
            wall, peak, code = run_measured(command, work / f"lone_{run}.log")
            if code != 0:
                raise SystemExit(f"lone pack exited {code}; see {work / f'lone_{run}.log'}")
            lone_walls.append(wall)
            lone_peaks.append(peak)
            print(f"lone pack {run + 1}: {wall:.1f} s, {peak / 1e6:.0f} MB", flush=True)

        out = work / "batch"
        command = [JTAI, "batch", "--manifest", str(manifest), "--out", str(out)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        wall, peak, code = run_measured(command, work / "batch.log")
        print(f"batch of {args.areas}: {wall:.1f} s, {peak / 1e6:.0f} MB, exit {code}", flush=True)
        if code != 0:
            raise SystemExit(f"batch exited {code}; see {work / 'batch.log'}")
        batch = json.loads((out / "batch_summary.json").read_text())
        rerun_wall, _, rerun_code = run_measured(command, work / "batch_rerun.log")
        rerun = json.loads((out / "batch_summary.json").read_text())
        print(f"second run: {rerun_wall:.1f} s, {rerun['skipped']} skipped", flush=True)

        phases = batch["phases_s"]
        workers = batch["workers"]
        fixed_s = wall - phases["indicators"] - phases["packs"]  # start-up, warm-up, close, tables
        per_area_s = (phases["indicators"] + phases["packs"]) / args.areas  # machine wall per area
        worker_s_per_area = per_area_s * workers  # one worker's time for one area
        lone_s = statistics.median(lone_walls)
        estimate_153 = fixed_s + per_area_s * TARGET_AREAS
        pack_seconds = [a["seconds"] for a in batch["areas"] if a["seconds"] is not None]
        on_paper = {
            str(k): round(fixed_s + math.ceil(TARGET_AREAS / k) * worker_s_per_area)
            for k in (2, 4, 8, 16, 32, 64, TARGET_AREAS)
        }
        payload = {
            "size": args.size,
            "load_average_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()],
            "load_note": (
                "the load average counts the benchmark's own processes (the batch's workers "
                "and their notebook kernels); on a shared machine other sessions' work adds to "
                "it, so every time here is an upper bound for a quiet machine"
            ),
            "areas_measured": args.areas,
            "synthetic_data_s": round(synth_s, 1),
            "lone_pack": {
                **summary(lone_walls),
                "peak_memory_mb": round(max(lone_peaks) / 1e6),
            },
            "batch": {
                "wall_s": round(wall, 1),
                "workers": workers,
                "phases_s": phases,
                "worker_warm_up_s": batch["worker_warm_up_s"],
                "built": batch["built"],
                "failed": batch["failed"],
                "peak_memory_mb": round(peak / 1e6),
                "pack_step_per_area_s": {
                    "median": round(statistics.median(pack_seconds), 2),
                    "min": round(min(pack_seconds), 2),
                    "max": round(max(pack_seconds), 2),
                },
            },
            "second_run_all_unchanged": {
                "wall_s": round(rerun_wall, 1),
                "skipped": rerun["skipped"],
                "exit": rerun_code,
            },
            "cost_per_area": {
                "batch_machine_wall_s": round(wall / args.areas, 2),
                "batch_marginal_s": round(per_area_s, 2),
                "lone_pack_s": round(lone_s, 2),
                "batch_over_lone": round((wall / args.areas) / lone_s, 2),
            },
            "target_153_areas": {
                "wall_s": round(wall if args.areas == TARGET_AREAS else estimate_153, 0),
                "is_estimate": args.areas != TARGET_AREAS,
                "how": "fixed start-up + 153 x measured marginal wall per area"
                if args.areas != TARGET_AREAS
                else "measured",
                "meets_30_min": (wall if args.areas == TARGET_AREAS else estimate_153)
                <= TARGET_WALL_S,
            },
            "on_paper_153_areas_with_k_workers_s": on_paper,
            "on_paper_assumes": (
                "each worker no faster than one worker here (one area at a time; here two "
                "workers shared 2 cores under other sessions' load), a shared file system and "
                "the same fixed start-up; wall = fixed + ceil(153 / k) x one worker's time per area"
            ),
        }
        if args.areas < TARGET_AREAS:  # measured in full otherwise: nothing to scale
            payload["target_153_areas_quiet_machine_estimate"] = quiet_machine_estimate(payload)
        path = record("batch", payload)
        print(f"recorded {path}")
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
