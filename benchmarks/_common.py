"""Shared helpers for benchmark scripts: timing medians and recording results with the machine."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    versions = {}
    for name in (
        "polars",
        "fastexcel",
        "xlsxwriter",
        "numpy",
        "great-expectations",
        "pandas",
        "papermill",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return {
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "versions": versions,
    }


def time_runs(action: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each of ``runs`` calls, in seconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return timings


def summary(timings: list[float]) -> dict[str, object]:
    return {
        "median_s": round(statistics.median(timings), 3),
        "runs_s": [round(t, 3) for t in timings],
    }


def record(name: str, payload: dict[str, object]) -> Path:
    """Write ``results/NAME.json`` with the machine and the date."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    body = {
        "benchmark": name,
        "recorded": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **payload,
    }
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path
