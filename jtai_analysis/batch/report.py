"""A batch's report: each area's outcome, the summary files and the cross-area tables.

``DIR/batch_summary.csv`` and ``.json`` say what happened to each area in the last run;
``areas_indicators.csv`` holds each built pack's own ``indicators.csv`` with ``area`` first, and
``areas_indicators.parquet`` the same figures typed, from which the packs draw their comparison.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.common.column_types import schema_of
from jtai_analysis.common.spreadsheet import write_csv

CROSS_AREA_CSV = "areas_indicators.csv"
CROSS_AREA_PARQUET = "areas_indicators.parquet"
SUMMARY_CSV = "batch_summary.csv"
SUMMARY_JSON = "batch_summary.json"
# The columns of indicators.csv as `indicator_table` types them (the CSV holds them as text).
_INDICATOR_TYPES = schema_of("value", "numerator", "denominator", "national_value")


@dataclass
class AreaOutcome:
    """What happened to one area in a batch run."""

    area: str
    folder: str
    status: str = "pending"  # built, skipped, failed
    step: str = ""  # the step that failed: indicators or pack
    attempts: int = 0
    seconds: float | None = None
    reason: str = ""

    @property
    def is_failed(self) -> bool:
        return self.status == "failed"


@dataclass
class BatchResult:
    """Every area's outcome and the run's wall time."""

    outcomes: list[AreaOutcome]
    seconds: float
    workers: int
    started: str
    cluster: str
    warm_up_s: list[float] = field(default_factory=list)
    phases_s: dict[str, float] = field(default_factory=dict)  # wall time of each stage of the run

    @property
    def failed(self) -> list[AreaOutcome]:
        return [o for o in self.outcomes if o.is_failed]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def write_json_atomically(path: Path, content: object) -> None:
    """Write JSON atomically: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    temporary.write_text(json.dumps(content, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def read_pack_indicators(pack_dir: Path, area: str) -> pl.DataFrame:
    """An area's ``indicators.csv`` typed like :func:`indicator_table`, with ``area`` first."""
    table = pl.read_csv(pack_dir / "indicators.csv", infer_schema=False)
    typed = table.with_columns(
        pl.col(name).cast(dtype) for name, dtype in _INDICATOR_TYPES.items() if name in table
    )
    return typed.select(pl.lit(area).alias("area"), pl.all())


def write_cross_area_table(frames: list[pl.DataFrame], path: Path) -> None:
    """The typed cross-area table, replaced atomically; removed when no area has indicators."""
    if not frames:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    pl.concat(frames, how="vertical").write_parquet(temporary)
    os.replace(temporary, path)


def write_areas_csv(areas: list[AreaSpec], out_dir: Path, path: Path) -> int:
    """``areas_indicators.csv``: ``area`` and each pack's own ``indicators.csv``, exactly as written."""
    frames = [
        pl.read_csv(out_dir / a.folder / "indicators.csv", infer_schema=False).select(
            pl.lit(a.area_name).alias("area"), pl.all()
        )
        for a in areas
    ]
    if frames:
        write_csv(pl.concat(frames, how="vertical"), path)
    else:
        path.unlink(missing_ok=True)
    return len(frames)


def write_summary(result: BatchResult, out_dir: Path) -> None:
    """``batch_summary.csv`` (one row an area) and ``batch_summary.json`` (the run's totals too)."""
    rows = [asdict(o) for o in result.outcomes]
    schema = {
        "area": pl.String,
        "folder": pl.String,
        "status": pl.String,
        "step": pl.String,
        "attempts": pl.Int64,
        "seconds": pl.Float64,
        "reason": pl.String,
    }
    write_csv(pl.DataFrame(rows, schema=schema), out_dir / SUMMARY_CSV)
    write_json_atomically(
        out_dir / SUMMARY_JSON,
        {
            "started": result.started,
            "seconds": round(result.seconds, 1),
            "cluster": result.cluster,
            "workers": result.workers,
            "worker_warm_up_s": result.warm_up_s,
            "phases_s": result.phases_s,
            "built": result.count("built"),
            "skipped": result.count("skipped"),
            "failed": len(result.failed),
            "areas": rows,
        },
    )


def report_batch(
    areas: list[AreaSpec], outcomes: dict[str, AreaOutcome], out_dir: Path, result: BatchResult
) -> None:
    """Write ``areas_indicators.csv`` from every area with a pack, then the summary files."""
    with_pack = [a for a in areas if outcomes[a.folder].status in {"built", "skipped"}]
    with_pack += [a for a in areas if outcomes[a.folder].step == "strict" and a not in with_pack]
    write_areas_csv([a for a in areas if a in with_pack], out_dir, out_dir / CROSS_AREA_CSV)
    write_summary(result, out_dir)
