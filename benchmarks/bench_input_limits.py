"""Bounded inputs: decompression bombs are refused with exit 2, in seconds and small memory; the size
check costs little beside reading a genuine large workbook.

Bombs (streamed into the zip, so making them needs no memory either):
- ``rows``: the issue's case, a few MB expanding to about 600 MB of sheet XML, 1.95 million rows;
- ``bytes``: 1.2 GB of sheet XML in 700,000 wide rows (under the row limit, past the byte limit).
Each is given to ``jtai validate`` in a fresh process; wall time and the peak memory of that process
(``ru_maxrss`` of a parent that ran only it) are recorded, median of three runs. Then the check alone
is timed on the ``large`` synthetic workbook beside the raw calamine read of it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from _common import record, summary, time_runs

RUNS = 3
NARROW_ROW = b"<row>" + b'<c t="s"><v>1</v></c><c><v>42</v></c>' * 8 + b"</row>"  # 308 bytes
WIDE_ROW = b"<row>" + b'<c t="s"><v>1</v></c><c><v>42</v></c>' * 45 + b"</row>"  # 1,701 bytes


def write_bomb(path: Path, rows: int, row: bytes) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for _ in range(rows // 10_000):
                sheet.write(row * 10_000)
            sheet.write(row * (rows % 10_000) + b"</sheetData></worksheet>")
    return path


MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "r = subprocess.run([sys.executable, '-m', 'jtai_analysis.cli', 'validate', sys.argv[1]],"
    " capture_output=True, text=True)\n"
    "print(json.dumps({'exit': r.returncode, 'stderr': r.stderr.strip(),"
    " 'seconds': time.perf_counter() - start,"
    " 'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def refuse(path: Path) -> dict[str, object]:
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", MEASURE, str(path)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(RUNS)
    ]
    with zipfile.ZipFile(path) as book:
        expanded = sum(i.file_size for i in book.infolist())
    return {
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "expands_to_mb": round(expanded / 1e6),
        "exit_codes": sorted({r["exit"] for r in runs}),
        "message": runs[0]["stderr"],
        "median_s": round(statistics.median(r["seconds"] for r in runs), 2),
        "runs_s": [round(r["seconds"], 2) for r in runs],
        "peak_mb": round(max(r["peak_mb"] for r in runs)),
    }


def check_cost_on_large() -> dict[str, object]:
    import fastexcel

    from jtai_analysis.ingest.input_limits import oversize_reason
    from jtai_analysis.synth import write_submission

    with tempfile.TemporaryDirectory() as folder:
        write_submission(Path(folder), size="large", seed=3, file_format="xlsx")
        workbook = max(Path(folder).glob("*.xlsx"), key=lambda p: p.stat().st_size)

        def raw_read() -> None:
            reader = fastexcel.read_excel(str(workbook))
            for name in reader.sheet_names:
                reader.load_sheet(name, header_row=None, dtypes="string").to_polars()

        check, read = [], []
        for _ in range(RUNS):  # interleaved: the two share whatever the machine is doing
            check += time_runs(lambda: oversize_reason(workbook), 1)
            read += time_runs(raw_read, 1)
        assert oversize_reason(workbook) is None
        return {
            "workbook_mb": round(workbook.stat().st_size / 1e6, 2),
            "size_check": summary(check),
            "raw_calamine_read": summary(read),
            "check_over_read": round(statistics.median(check) / statistics.median(read), 3),
        }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows_bomb = write_bomb(Path(folder) / "rows_bomb.xlsx", 1_950_000, NARROW_ROW)
        bytes_bomb = write_bomb(Path(folder) / "bytes_bomb.xlsx", 700_000, WIDE_ROW)
        results = {"rows_bomb": refuse(rows_bomb), "bytes_bomb": refuse(bytes_bomb)}
    results["large_workbook"] = check_cost_on_large()
    path = record("input_limits", results)
    print(json.dumps(results, indent=2))
    print(f"Recorded in {path}")


if __name__ == "__main__":
    main()
