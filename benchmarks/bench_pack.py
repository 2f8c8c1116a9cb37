"""Benchmark: `jtai pack` end to end for `typical` and `large` areas, beside the in-process floor.

Floor (``design/targets.md``): the same inputs read, validated, every figure computed (the cohort,
the 20 and the 6, every figure and the rows behind it) and the HTML written once, in one process,
with no notebook kernels: ``--floor DATA OUT`` below, run as its own process like the pack, so both
pay for their imports. Measured in the same run, interleaved with the pack. Peak memory is the sum of
resident memory over the whole process tree (the command and its notebook kernels), sampled every
50 ms. Targets: the pack within 2x the floor for `typical` and `large`; HTML at most 7 MB; peak
memory at most 2 GB. ``--name`` records under another name (``pack_before``) so a before and an
after on the same machine the same day sit side by side.
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

import psutil

from _common import record, summary
from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission

TARGET_RATIO = {"small": 2.0, "typical": 2.0, "large": 2.0}


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


def in_process_floor(data: Path, out: Path) -> None:
    """The floor itself: read and validate, compute every figure once, write the figures' files
    and one HTML page carrying every figure value and the rows behind them. No kernels."""
    from jtai_analysis.analysis.figures import indicator_definitions
    from jtai_analysis.analysis.indicators import by_group_from, table_from, write_by_group_csv
    from jtai_analysis.analysis.indicators import write_csv as write_indicators
    from jtai_analysis.model.prepared import prepare
    from jtai_analysis.pack.build import PackRequest, Section, render_pack
    from jtai_analysis.pack.figure_rows import ROWS_FILE
    from jtai_analysis.presentation.figure_html import Cell, figure_table
    from jtai_analysis.presentation.prepared_run import RunOptions, prepare_run

    out.mkdir(parents=True, exist_ok=True)
    request = PackRequest(
        (data,), "Benchmark Borough", DEFAULT_REFERENCE_DATE, DEFAULT_REFERENCE_DATE, out
    )
    prepared, _ = prepare([data], DEFAULT_REFERENCE_DATE)
    run = prepare_run(prepared, RunOptions(request.notebook_parameters()))
    run.figures.write_figures_csv(out / "figures.csv")
    run.figures.write_rows_file(out / ROWS_FILE)
    write_indicators(table_from(run.figures), out / "indicators.csv")
    write_by_group_csv(by_group_from(run.figures), out / "indicators_by_group.csv")
    figures = run.figures
    rows = [
        [f"{figure_id} {group}", Cell(figure_id, group)]
        for figure_id in figures.ids()
        for group in figures.groups(figure_id)
    ]
    body = figure_table(figures, ["Figure", "Value"], rows, "Every figure")
    indicators = figure_table(
        figures,
        ["Indicator", "Value"],
        [[d.title, Cell(d.id)] for d in indicator_definitions()],
        "Indicators",
    )
    sections = [Section("Every figure", "every-figure", f"<h2>Every figure</h2>{indicators}{body}")]
    page = render_pack(request, sections, "", [], "benchmark", figures)
    (out / "briefing-pack.html").write_text(page, encoding="utf-8")


def measure(command: list[str], out: Path) -> tuple[float, int, int]:
    wall, peak = peak_tree_rss(command)
    return wall, peak, (out / "briefing-pack.html").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["typical", "large"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--name", default="pack", help="record as results/NAME.json")
    parser.add_argument("--floor", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        in_process_floor(Path(args.floor[0]), Path(args.floor[1]))
        return
    work = Path(tempfile.mkdtemp(prefix="jtai-bench-pack-"))
    results: dict[str, object] = {}
    try:
        for size in args.sizes:
            data = work / f"{size}-data"
            write_submission(data, size=size, seed=1)
            floors, walls, peaks, floor_peaks, sizes, floor_sizes, rows_mb = ([] for _ in range(7))
            for run in range(args.runs):
                floor_out = work / f"{size}-floor-{run}"
                wall, peak, html = measure(
                    [sys.executable, __file__, "--floor", str(data), str(floor_out)], floor_out
                )
                floors.append(wall)
                floor_peaks.append(peak)
                floor_sizes.append(html)
                out = work / f"{size}-pack-{run}"
                command = [sys.executable, "-m", "jtai_analysis.cli", "pack", "--data", str(data), "--la", "Benchmark Borough",
                           "--notification-date", DEFAULT_REFERENCE_DATE.isoformat(), "--out", str(out)]  # fmt: skip
                wall, peak, html = measure(command, out)
                walls.append(wall)
                peaks.append(peak)
                sizes.append(html)
                rows_file = out / "figure_rows.parquet"
                rows_mb.append(rows_file.stat().st_size / 1e6 if rows_file.exists() else 0.0)
            ratio = round(statistics.median(walls) / statistics.median(floors), 2)
            results[size] = {
                "pack": summary(walls),
                "floor": summary(floors),
                "pack_over_floor": ratio,
                "peak_memory_mb": round(max(peaks) / 2**20),
                "floor_peak_memory_mb": round(max(floor_peaks) / 2**20),
                "html_mb": round(max(sizes) / 1e6, 2),
                "floor_html_mb": round(max(floor_sizes) / 1e6, 2),
                "figure_rows_mb": round(max(rows_mb), 2),
                "meets_targets": {
                    f"within {TARGET_RATIO.get(size, 2.0)}x floor": ratio
                    <= TARGET_RATIO.get(size, 2.0),
                    "html <= 7 MB": max(sizes) <= 7e6,
                    "peak memory <= 2 GB": max(peaks) <= 2 * 2**30,
                },
            }
        results["run_date"] = dt.date.today().isoformat()
        path = record(args.name, results)
        print(path.read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
