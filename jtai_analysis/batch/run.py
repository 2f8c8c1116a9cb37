"""Run a batch: every area's indicators, then every area's pack, on a Dask cluster.

Two passes. The first validates each area and computes its indicators (no notebooks) and writes
the cross-area table, ``areas_indicators.parquet``. The second builds each pack with that table
available, so each pack can show its area beside the others. An area whose fingerprint (inputs,
parameters, contracts, workbench) matches the one recorded when its pack was built is skipped in
both passes; its indicators are read back from its pack.

A run is its plan (:mod:`~jtai_analysis.batch.plan`), its two passes on the cluster (here, each
pass a :func:`~jtai_analysis.batch.steps.run_step`) and its report
(:mod:`~jtai_analysis.batch.report`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.batch.cluster import dask_client, default_workers
from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.batch.plan import BatchPlan, plan_batch
from jtai_analysis.batch.report import (
    CROSS_AREA_PARQUET,
    BatchResult,
    read_pack_indicators,
    report_batch,
    write_cross_area_table,
    write_json_atomically,
)
from jtai_analysis.batch.steps import run_step


@dataclass
class _ClusterRun:
    """What the passes on the cluster found out: the workers' count and warm-up, each stage's time."""

    workers: int
    warm_up_s: list[float] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _build_on_cluster(
    plan: BatchPlan,
    frames: dict[str, pl.DataFrame],
    scheduler: str | None,
    size: int,
    cluster: str,
    pseudonym_key: str | None,
    say: Callable[[str], None],
) -> _ClusterRun:
    """Both passes over the areas to build; ``frames`` gains each area's indicators."""
    from jtai_analysis.batch.worker import build_area_pack, compute_area_indicators, warm_up

    out_dir, outcomes, to_build = plan.out_dir, plan.outcomes, plan.to_build
    comparison = out_dir / CROSS_AREA_PARQUET
    run = _ClusterRun(workers=size)
    say(f"Starting Dask ({cluster})")
    mark = time.perf_counter()
    with dask_client(scheduler, size) as client:
        run.workers = len(client.scheduler_info()["workers"])
        # Heavy imports and the contracts, once per worker, before any area is given out.
        try:
            run.warm_up_s = [r["seconds"] for r in client.run(warm_up).values()]
        except Exception as error:  # the first area will then pay for its worker's imports
            say(f"The workers could not warm up ({type(error).__name__}: {error})")
        say(f"{run.workers} workers ready (warm-up {max(run.warm_up_s, default=0):.0f} s)")
        run.phases["cluster_and_warm_up"] = round(time.perf_counter() - mark, 2)
        mark = time.perf_counter()

        def indicators_done(area: AreaSpec, table: pl.DataFrame) -> str:
            frames[area.folder] = table
            return f"{area.area_name}: indicators computed"

        run_step(
            client,
            "indicators",
            to_build,
            outcomes,
            compute_area_indicators,
            lambda a: (a, plan.log_path(a)),
            say,
            indicators_done,
        )
        write_cross_area_table(
            [frames[a.folder] for a in plan.areas if a.folder in frames], comparison
        )
        run.phases["indicators"] = round(time.perf_counter() - mark, 2)
        mark = time.perf_counter()

        def pack_done(area: AreaSpec, result: dict[str, Any]) -> str:
            outcome = outcomes[area.folder]
            outcome.status, outcome.seconds = "built", float(result["seconds"])
            has_errors = bool(result["has_error_findings"])
            plan.state[area.folder] = {
                "fingerprint": plan.fingerprints[area.folder],
                "built": _now(),
                "has_error_findings": has_errors,
            }
            # after each area: a stopped batch keeps its progress
            write_json_atomically(plan.state_path, plan.state)
            if area.is_strict and has_errors:
                outcome.status, outcome.step = "failed", "strict"
                outcome.reason = "built, but its data have error findings (strict)"
            return f"{area.area_name}: pack built in {outcome.seconds:.0f} s"

        run_step(
            client,
            "packs",
            [a for a in to_build if a.folder in frames],
            outcomes,
            build_area_pack,
            lambda a: (
                a,
                str(out_dir / a.folder),
                str(comparison),
                plan.log_path(a),
                pseudonym_key,
            ),
            say,
            pack_done,
        )
        run.phases["packs"] = round(time.perf_counter() - mark, 2)
        mark = time.perf_counter()
    run.phases["cluster_close"] = round(time.perf_counter() - mark, 2)
    return run


def run_batch(
    areas: list[AreaSpec],
    out_dir: Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    is_forced: bool = False,
    pseudonym_key: str | None = None,
    say: Callable[[str], None] = print,
) -> BatchResult:
    """Build one pack per area under ``out_dir``, in parallel on Dask, and the cross-area tables.

    Parameters
    ----------
    areas
        The areas, as :func:`~jtai_analysis.batch.manifest.read_manifest` reads them.
    out_dir
        The batch's folder: ``AREA/`` per area, ``areas_indicators.csv`` and ``.parquet``, the summary.
    scheduler
        The address of an existing Dask scheduler; ``None`` starts a local cluster.
    workers
        Workers of the local cluster (default: :func:`~jtai_analysis.batch.cluster.default_workers`).
    is_forced
        Rebuild every area, changed or not.
    pseudonym_key
        The key for areas that ask for pseudonymised child IDs.
    say
        Where progress lines go.

    Returns
    -------
    BatchResult
        Every area's outcome; the run failed for the areas in ``failed``.
    """
    started = time.perf_counter()
    started_at = _now()
    out_dir = out_dir.resolve()
    plan = plan_batch(areas, out_dir, is_forced, pseudonym_key)
    say(
        f"{len(areas)} areas: {len(plan.to_build)} to build, {len(plan.unchanged)} unchanged "
        f"(skipped{'; --force rebuilds them' if plan.unchanged else ''})"
    )
    frames = {
        a.folder: read_pack_indicators(out_dir / a.folder, a.area_name) for a in plan.unchanged
    }
    size = 0 if scheduler else (workers or default_workers())
    cluster = scheduler or f"local, {size} worker processes"
    phases: dict[str, float] = {"checks": round(time.perf_counter() - started, 2)}
    run = _ClusterRun(workers=size)
    if plan.to_build:
        run = _build_on_cluster(plan, frames, scheduler, size, cluster, pseudonym_key, say)
    else:
        write_cross_area_table([frames[a.folder] for a in areas], out_dir / CROSS_AREA_PARQUET)
    result = BatchResult(
        outcomes=[plan.outcomes[a.folder] for a in areas],
        seconds=time.perf_counter() - started,
        workers=run.workers,
        started=started_at,
        cluster=cluster,
        warm_up_s=run.warm_up_s,
        phases_s={**phases, **run.phases},
    )
    report_batch(areas, plan.outcomes, out_dir, result)
    return result
