"""Benchmark: `jtai pack` end to end for `typical` and `large` areas, beside the floor.

Floor (``design/targets.md``): papermill running an empty notebook once per section, plus reading
the inputs (ingest). Measured in the same run, interleaved with the pack. Peak memory is the sum
of resident memory over the whole process tree (the command and its notebook kernels), sampled
every 50 ms. Targets: `typical` within 2x the floor, `large` within 3x; HTML at most 7 MB; peak
memory at most 2 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

from _common import record, summary
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.pack.build import notebook_sources, run_notebook
from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

TARGET_RATIO = {"typical": 2.0, "large": 3.0}


def peak_tree_rss(command: list[str]) -> tuple[float, int]:
    """Run ``command``; return (wall seconds, peak summed RSS in bytes of it and its children)."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}")
    return time.perf_counter() - start, peak


def floor_seconds(data: Path, empty: Path, sections: int, out: Path) -> float:
    start = time.perf_counter()
    ingest([data])
    for index in range(sections):
        run_notebook(empty, out / f"empty_{index}.ipynb", {}, 600)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["typical", "large"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jtai-bench-pack-"))
    empty = work / "empty.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    }
    nbformat.write(notebook, empty)
    sections = len(notebook_sources())
    results: dict[str, object] = {"sections": sections}
    try:
        for size in args.sizes:
            data = work / f"{size}-data"
            write_submission(data, size=size, seed=1)
            rows = sum(ingest([data]).row_counts().values())
            floors, walls, peaks, sizes = [], [], [], []
            for run in range(args.runs):
                floors.append(floor_seconds(data, empty, sections, work))
                out = work / f"{size}-pack-{run}"
                command = [sys.executable, "-m", "jtai_analysis.cli", "pack", "--data", str(data), "--la", "Benchmark Borough",
                           "--notification-date", DEFAULT_REFERENCE_DATE.isoformat(), "--out", str(out)]  # fmt: skip
                wall, peak = peak_tree_rss(command)
                walls.append(wall)
                peaks.append(peak)
                sizes.append((out / "briefing-pack.html").stat().st_size)
            ratio = round(statistics.median(walls) / statistics.median(floors), 2)
            results[size] = {
                "rows": rows,
                "pack": summary(walls),
                "floor": summary(floors),
                "pack_over_floor": ratio,
                "peak_memory_mb": round(max(peaks) / 2**20),
                "html_mb": round(max(sizes) / 1e6, 2),
                "meets_targets": {
                    f"within {TARGET_RATIO[size]}x floor": ratio <= TARGET_RATIO[size],
                    "html <= 7 MB": max(sizes) <= 7e6,
                    "peak memory <= 2 GB": max(peaks) <= 2 * 2**30,
                },
            }
        results["run_date"] = dt.date.today().isoformat()
        path = record("pack", results)
        print(path.read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
