"""Benchmark: `jtai synth --size large` and the first ingest of what it wrote.

Ingest is compared, in the same run, with the raw calamine read of the same workbook
(`polars.read_excel(engine="calamine")` on every sheet): the target (``design/targets.md``) is
ingest within 2x of that raw read. Run: `make bench` (or `.venv/bin/python benchmarks/bench_synth_ingest.py`).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import fastexcel
import polars as pl

from _common import record, summary, time_runs
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.synth import write_submission


def raw_calamine_read(folder: Path) -> None:
    for workbook in sorted(folder.glob("*.xlsx")):
        for sheet in fastexcel.read_excel(str(workbook)).sheet_names:
            pl.read_excel(workbook, sheet_name=sheet, engine="calamine")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="large")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jtai-bench-"))
    try:
        folder = work / "area"

        def synth() -> None:
            shutil.rmtree(folder, ignore_errors=True)
            write_submission(folder, size=args.size, seed=1)

        synth_times = time_runs(synth, args.runs)
        submission = ingest([folder])
        rows = sum(submission.row_counts().values())
        size_mb = sum(p.stat().st_size for p in folder.glob("*.xlsx")) / 1e6
        # Interleave the two reads so machine noise hits both alike.
        ingest_times, raw_times = [], []
        for _ in range(args.runs):
            raw_times += time_runs(lambda: raw_calamine_read(folder), 1)
            ingest_times += time_runs(lambda: ingest([folder]), 1)
        ingest_summary, raw_summary = summary(ingest_times), summary(raw_times)
        ratio = round(ingest_summary["median_s"] / raw_summary["median_s"], 2)  # type: ignore[operator]
        path = record(
            f"synth_ingest_{args.size}",
            {
                "size": args.size,
                "rows": rows,
                "workbook_mb": round(size_mb, 1),
                "synth": summary(synth_times),
                "ingest": ingest_summary,
                "raw_calamine_read": raw_summary,
                "ingest_over_raw_read": ratio,
                "target": "ingest <= 2x the raw calamine read of the same workbook",
                "meets_target": ratio <= 2.0,
            },
        )
        print(path.read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
