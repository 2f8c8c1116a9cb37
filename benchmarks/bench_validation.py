"""Benchmark: contract validation of a submission (default `large`), against a plain Great Expectations run.

Both runs check the same rules on the same rows in the same process (after GX is imported):

* **workbench**: the suites as the workbench compiles them (column checks grouped into one
  expectation per family and severity), dates cast to ``datetime64[ns]``, one ``BOOLEAN_ONLY``
  pass; the failing rows are named by the same predicates in polars, checked against GX's verdict
  (``COMPLETE`` results only where the two disagree).
* **plain**: what a GX user would write by hand: one expectation per column check, frames
  converted to pandas with default dtypes, ``COMPLETE`` results for every expectation.

Target (``design/targets.md``): the workbench at least 5x faster than plain, and under 5 s for the
whole `large` submission, clean and dirty (559 findings, where failing rows must be named).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _common import record, summary
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission
from jtai_analysis.validation.gx_runner import GxRunner, gx_frame
from jtai_analysis.validation.rules import ROW_ID, CheckContext, checks_for
from jtai_analysis.validation.suites import expectation_suite
from jtai_analysis.validation.validate import validate_submission


def plain_run(runner: GxRunner, submission, reference: dt.date) -> int:  # type: ignore[no-untyped-def]
    """The same rules, one expectation per column check, pandas default dtypes, COMPLETE results."""
    catalogue = load_catalogue()
    context = CheckContext(reference, {k: submission.frame(k) for k in submission.parts})
    failing_rows = 0
    parameters = {"reference_date": dt.datetime.combine(reference, dt.time()).isoformat()}
    complete = {
        "result_format": "COMPLETE",
        "unexpected_index_column_names": [ROW_ID],
        "return_unexpected_index_query": False,
    }
    for key in submission.parts:
        contract = catalogue.lists[key]
        headers = {k: v for part in submission.parts[key] for k, v in part.headers.items()}
        checks = checks_for(contract, catalogue, replace(context, headers=headers), grouped=False)
        frame = gx_frame(
            submission.frame(key), submission.raw(key), checks
        ).to_pandas()  # default dtypes
        for item in runner.validate(
            expectation_suite(contract, checks), frame, complete, parameters
        ):
            failing_rows += len((item.result or {}).get("unexpected_index_list") or [])
    return failing_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jtai-bench-validate-"))
    try:
        runner = GxRunner()  # the import and context are paid once, outside the timings
        results = {}
        for variant in ("clean", "dirty"):
            folder = work / variant
            write_submission(folder, size=args.size, seed=1, is_dirty=variant == "dirty")
            submission = ingest([folder])
            rows = sum(submission.row_counts().values())
            ours, plain = [], []
            # One untimed run of each first: both then start from the same warm caches.
            validate_submission(submission, DEFAULT_REFERENCE_DATE, runner=runner)
            plain_run(runner, submission, DEFAULT_REFERENCE_DATE)
            for _ in range(args.runs):  # interleaved, so machine noise hits both alike
                start = time.perf_counter()
                result = validate_submission(submission, DEFAULT_REFERENCE_DATE, runner=runner)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                plain_run(runner, submission, DEFAULT_REFERENCE_DATE)
                plain.append(time.perf_counter() - start)
            ours_s, plain_s = summary(ours), summary(plain)
            results[variant] = {
                "rows": rows,
                "findings": len(result.findings),
                "workbench": ours_s,
                "plain_gx": plain_s,
                "speedup": round(plain_s["median_s"] / ours_s["median_s"], 2),  # type: ignore[operator]
            }
        clean, dirty = results["clean"], results["dirty"]
        path = record(
            f"validation_{args.size}",
            {
                **results,
                "target": "workbench >= 5x faster than plain GX, and <= 5 s for the large submission",
                "meets_time_target": all(r["workbench"]["median_s"] <= 5.0 for r in (clean, dirty)),
                "meets_speedup_target": all(r["speedup"] >= 5.0 for r in (clean, dirty)),
            },
        )
        print(path.read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
