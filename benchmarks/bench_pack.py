"""Benchmark: `jtai pack` end to end for `typical` and `large` areas, beside the in-process floor.

Floor (``design/targets.md``): the same inputs read, validated, every figure computed (the cohort,
the 20 and the 6, every figure and the rows behind it) and the HTML written once, in one process,
with no notebook kernels: ``--floor DATA OUT`` below, run as its own process like the pack, so both
pay for their imports. Measured in the same run, interleaved with the pack. Peak memory is the sum of
resident memory over the whole process tree (the command and its notebook kernels), sampled every
50 ms. Targets: the pack within 2x the floor for `typical` and `large`; HTML at most 7 MB; peak
memory at most 2 GB. ``--name`` records under another name (``pack_before``) so a before and an
after on the same machine the same day sit side by side. ``--before PYTHON`` builds, in the same
runs and interleaved, the pack with another checkout's interpreter too (its virtual environment,
e.g. the commit before the figures model), and records this pack's time over that one's.

``--front-door`` measures instead the pack with and without the front door over time (issue 23),
interleaved, each run as its own process through the same entry (``--one-pack``): without it, the
pack leaves out its section (``08_front_door_over_time``) and its figures (the weekly flows, the
30-day conversions, the journey patterns), so the overview draws no weekly chart. Target (design
``targets.md``): the pack within 1.1x of its time without them. Recorded as
``results/pack_front_door.json``.
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
FRONT_DOOR_RATIO = 1.1
FRONT_DOOR_SECTION = "08_front_door_over_time.ipynb"


def peak_tree_rss(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run ``command``; return (wall seconds, peak summed RSS in bytes of it and its children)."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
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
    from jtai_analysis.presentation.prepared_run import prepare_run

    out.mkdir(parents=True, exist_ok=True)
    request = PackRequest(
        (data,), "Benchmark Borough", DEFAULT_REFERENCE_DATE, DEFAULT_REFERENCE_DATE, out
    )
    prepared, _ = prepare([data], DEFAULT_REFERENCE_DATE)
    run = prepare_run(prepared, request)
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


def front_door_figures() -> set[str]:
    """The figures the front door over time adds to the registry."""
    from jtai_analysis.analysis import front_door

    return {
        *front_door.WEEKLY_FIGURES,
        *front_door.CONVERSION_FIGURES,
        front_door.PATTERNS_FIGURE,
        front_door.RETURNS_FIGURE,
    }


def one_pack(data: Path, out: Path, *, with_front_door: bool) -> None:
    """One pack as ``jtai pack`` builds it; without the front door, its section and its figures
    are left out (the figures of the registry less the front door's are computed)."""
    from jtai_analysis.analysis.figures import compute_figures, definitions
    from jtai_analysis.pack.build import PackRequest, build_pack, notebook_sources
    from jtai_analysis.presentation import prepared_run

    notebooks = tuple(
        p for p in notebook_sources() if with_front_door or p.name != FRONT_DOOR_SECTION
    )
    if not with_front_door:
        left_out = front_door_figures()

        def without(inputs: object, only: object = None) -> object:
            kept = [i for i in definitions() if i not in left_out]
            return compute_figures(inputs, only=kept)  # type: ignore[arg-type]

        prepared_run.compute_figures = without  # type: ignore[assignment]
    request = PackRequest(
        (data,),
        "Benchmark Borough",
        DEFAULT_REFERENCE_DATE,
        DEFAULT_REFERENCE_DATE,
        out,
        notebooks=notebooks,
    )
    build_pack(request, progress=lambda _: None)


def front_door_comparison(sizes: list[str], runs: int, work: Path) -> dict[str, object]:
    """The pack with and without the front door over time, interleaved, ``runs`` times a size."""
    results: dict[str, object] = {}
    for size in sizes:
        data = work / f"{size}-data"
        write_submission(data, size=size, seed=1)
        timings: dict[str, list[float]] = {"with": [], "without": []}
        html: dict[str, list[int]] = {"with": [], "without": []}
        peaks: dict[str, list[int]] = {"with": [], "without": []}
        for run in range(runs):
            for arm in ("without", "with"):
                out = work / f"{size}-{arm}-{run}" / "pack"
                command = [sys.executable, __file__, "--one-pack", str(data), str(out)]
                if arm == "without":
                    command.append("--without-front-door")
                wall, peak, size_bytes = measure(command, out)
                timings[arm].append(wall)
                peaks[arm].append(peak)
                html[arm].append(size_bytes)
        ratio = round(statistics.median(timings["with"]) / statistics.median(timings["without"]), 3)
        results[size] = {
            "with_front_door": summary(timings["with"]),
            "without_front_door": summary(timings["without"]),
            "with_over_without": ratio,
            "html_mb": {arm: round(max(sizes) / 1e6, 2) for arm, sizes in html.items()},
            "peak_memory_mb": {arm: round(max(p) / 2**20) for arm, p in peaks.items()},
            "meets_targets": {
                f"within {FRONT_DOOR_RATIO}x without": ratio <= FRONT_DOOR_RATIO,
                "html <= 7 MB": max(html["with"]) <= 7e6,
            },
        }
    return results


def measure(command: list[str], out: Path, cwd: Path | None = None) -> tuple[float, int, int]:
    wall, peak = peak_tree_rss(command, cwd)
    return wall, peak, (out / "briefing-pack.html").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["typical", "large"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--name", default="pack", help="record as results/NAME.json")
    parser.add_argument(
        "--before",
        metavar="PYTHON",
        help="also build each pack with this interpreter (another checkout's venv), interleaved",
    )
    parser.add_argument(
        "--front-door",
        action="store_true",
        help="the pack with and without the front door over time (section 08 and its figures)",
    )
    parser.add_argument("--floor", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--one-pack", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--without-front-door", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        in_process_floor(Path(args.floor[0]), Path(args.floor[1]))
        return
    if args.one_pack:
        data, out = (Path(p) for p in args.one_pack)
        one_pack(data, out, with_front_door=not args.without_front_door)
        return
    work = Path(tempfile.mkdtemp(prefix="jtai-bench-pack-"))
    if args.front_door:
        try:
            found = front_door_comparison(args.sizes, args.runs, work)
            found["run_date"] = dt.date.today().isoformat()
            name = args.name if args.name != "pack" else "pack_front_door"
            print(record(name, found).read_text())
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    results: dict[str, object] = {}
    try:
        for size in args.sizes:
            data = work / f"{size}-data"
            write_submission(data, size=size, seed=1)
            floors, walls, peaks, floor_peaks, sizes, floor_sizes, rows_mb = ([] for _ in range(7))
            befores, before_peaks, before_sizes = [], [], []
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
                if args.before:
                    # run from the work folder: from this checkout, `-m` would import its package
                    before_out = work / f"{size}-before-{run}"
                    wall, peak, html = measure(
                        [args.before, *command[1:-1], str(before_out)],
                        before_out,
                        cwd=work,
                    )
                    befores.append(wall)
                    before_peaks.append(peak)
                    before_sizes.append(html)
                rows_file = out / "figure_rows.parquet"
                rows_mb.append(rows_file.stat().st_size / 1e6 if rows_file.exists() else 0.0)
            ratio = round(statistics.median(walls) / statistics.median(floors), 2)
            before: dict[str, object] = {}
            if befores:
                over = round(statistics.median(walls) / statistics.median(befores), 2)
                before = {
                    "before": {
                        "python": args.before,
                        "pack": summary(befores),
                        "peak_memory_mb": round(max(before_peaks) / 2**20),
                        "html_mb": round(max(before_sizes) / 1e6, 2),
                    },
                    "pack_over_before": over,
                    "within 1.2x before": over <= 1.2,
                }
            results[size] = {
                **before,
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
