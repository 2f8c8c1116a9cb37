"""Run a batch: every area's indicators, then every area's pack, on a Dask cluster.

Two passes. The first validates each area and computes its indicators (no notebooks) and writes
the cross-area table, ``areas_indicators.parquet``. The second builds each pack with that table
available, so each pack can show its area beside the others. An area whose fingerprint (inputs,
parameters, contracts, workbench) matches the one recorded when its pack was built is skipped in
both passes; its indicators are read back from its pack.

A failure belongs to its area: it is tried again once, then recorded with its reason, and the
other areas go on. State lives in ``DIR/.jtai-batch/`` (fingerprints of built packs, one log per
area); ``DIR/batch_summary.csv`` says what happened to each area in the last run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.batch.fingerprint import area_fingerprint
from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.common.spreadsheet import write_csv

STATE_FOLDER = ".jtai-batch"
PACK_FILE = "briefing-pack.html"
CROSS_AREA_CSV = "areas_indicators.csv"
CROSS_AREA_PARQUET = "areas_indicators.parquet"
SUMMARY_CSV = "batch_summary.csv"
SUMMARY_JSON = "batch_summary.json"
ATTEMPTS = 2  # a failing step is tried again once
# Memory a worker needs for a `typical` area at its peak: the worker and two notebook kernels
# (benchmarks/results/pack.json measured about 0.8 GB for a lone pack; doubled for headroom).
MEMORY_PER_WORKER = 1_600_000_000
# The columns of indicators.csv as `indicator_table` types them (the CSV holds them as text).
_INDICATOR_TYPES = {
    "value": pl.Float64,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
    "national_value": pl.Float64,
}


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler given with ``--scheduler`` could not be reached, or has no workers."""


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


def default_workers() -> int:
    """Workers for a local cluster: one per core, fewer if memory would not hold them."""
    import psutil

    by_memory = psutil.virtual_memory().available // MEMORY_PER_WORKER
    return int(max(1, min(os.cpu_count() or 1, by_memory)))


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Dask client on an existing scheduler, or on a local cluster of ``workers`` processes.

    Local workers run one task at a time (a pack already runs two notebook kernels of its own) and
    stay up for the whole batch, which is what lets them keep imports and contracts between areas.
    """
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise SchedulerUnreachable(
                f"The Dask scheduler at {scheduler} could not be reached ({error})."
            ) from error
        try:
            client.wait_for_workers(1, timeout=120)
        except TimeoutError as error:
            client.close()
            raise SchedulerUnreachable(
                f"The Dask scheduler at {scheduler} has no workers (waited 2 minutes)."
            ) from error
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        # Any free port: Dask's fixed 8787 warns when another cluster (a parallel test, a second
        # batch) already has it. The batch does not use the dashboard.
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _read_state(path: Path) -> dict[str, dict[str, Any]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, content: object) -> None:
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


def _reason(error: BaseException) -> str:
    from jtai_analysis.batch.worker import AreaFailed

    if isinstance(error, AreaFailed):
        return str(error)
    return f"the Dask task failed ({type(error).__name__}: {error})".strip()


class _Progress:
    """Counts of a pass and a time-left estimate from the pace so far, printed as each area ends."""

    def __init__(self, say: Callable[[str], None], step: str, total: int):
        self.say, self.step, self.total = say, step, total
        self.started = time.perf_counter()
        self.done = self.failed = 0

    def report(self, text: str) -> None:
        finished = self.done + self.failed
        left = self.total - finished
        elapsed = time.perf_counter() - self.started
        estimate = ""
        if finished and left:
            seconds = elapsed / finished * left
            estimate = (
                f", about {seconds / 60:.0f} min left"
                if seconds >= 90
                else f", about {seconds:.0f} s left"
            )
        self.say(
            f"[{self.step} {finished}/{self.total}] {text} · {self.done} done, "
            f"{self.failed} failed{estimate}"
        )


def _run_step(
    client: Any,
    step: str,
    areas: list[AreaSpec],
    outcomes: dict[str, AreaOutcome],
    task: Callable[..., Any],
    arguments: Callable[[AreaSpec], tuple[Any, ...]],
    say: Callable[[str], None],
    on_done: Callable[[AreaSpec, Any], str],
) -> None:
    """Submit ``task`` for every area, try a failed area again once, record each outcome.

    ``on_done`` receives the area and the task's result and returns the progress text.
    """
    from distributed import as_completed

    if not areas:
        return
    progress = _Progress(say, step, len(areas))
    pending: dict[Any, AreaSpec] = {}
    for area in areas:
        outcomes[area.folder].attempts = 1
        future = client.submit(
            task, *arguments(area), key=f"{step}-{area.folder}-{uuid.uuid4().hex[:8]}", pure=False
        )
        pending[future] = area
    queue = as_completed(list(pending))
    for future in queue:
        area = pending.pop(future)
        outcome = outcomes[area.folder]
        if future.status == "finished":
            progress.done += 1
            progress.report(on_done(area, future.result()))
        else:
            try:
                error = future.exception()
            except BaseException as cancelled:  # a cancelled task has no exception to give
                error = cancelled
            reason = _reason(error)
            if outcome.attempts < ATTEMPTS:
                outcome.attempts += 1
                say(f"[{step}] {area.name} failed ({reason}); trying once more")
                retry = client.submit(
                    task,
                    *arguments(area),
                    key=f"{step}-{area.folder}-{uuid.uuid4().hex[:8]}",
                    pure=False,
                )
                pending[retry] = area
                queue.add(retry)
            else:
                outcome.status, outcome.step, outcome.reason = "failed", step, reason
                progress.failed += 1
                progress.report(f"{area.name} FAILED: {reason}")
        future.release()


def _write_cross_area_table(frames: list[pl.DataFrame], path: Path) -> None:
    """The typed cross-area table, replaced atomically; removed when no area has indicators."""
    if not frames:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    pl.concat(frames, how="vertical").write_parquet(temporary)
    os.replace(temporary, path)


def _write_areas_csv(areas: list[AreaSpec], out_dir: Path, path: Path) -> int:
    """``areas_indicators.csv``: ``area`` and each pack's own ``indicators.csv``, exactly as written."""
    frames = [
        pl.read_csv(out_dir / a.folder / "indicators.csv", infer_schema=False).select(
            pl.lit(a.name).alias("area"), pl.all()
        )
        for a in areas
    ]
    if frames:
        write_csv(pl.concat(frames, how="vertical"), path)
    else:
        path.unlink(missing_ok=True)
    return len(frames)


def _write_summary(result: BatchResult, out_dir: Path) -> None:
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
    _write_json(
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


def _plan(
    areas: list[AreaSpec],
    out_dir: Path,
    state: dict[str, dict[str, Any]],
    fingerprints: dict[str, str],
    is_forced: bool,
) -> tuple[list[AreaSpec], list[AreaSpec]]:
    """Split the areas into those to build and those unchanged since their pack was built."""
    to_build: list[AreaSpec] = []
    unchanged: list[AreaSpec] = []
    for area in areas:
        is_same = state.get(area.folder, {}).get("fingerprint") == fingerprints[area.folder]
        folder = out_dir / area.folder
        has_pack = (folder / PACK_FILE).is_file() and (folder / "indicators.csv").is_file()
        (unchanged if is_same and has_pack and not is_forced else to_build).append(area)
    return to_build, unchanged


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
        Workers of the local cluster (default: :func:`default_workers`).
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
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    out_dir = out_dir.resolve()
    state_dir = out_dir / STATE_FOLDER
    (state_dir / "logs").mkdir(parents=True, exist_ok=True)
    state_path = state_dir / "state.json"
    state = _read_state(state_path)
    outcomes = {a.folder: AreaOutcome(a.name, a.folder) for a in areas}
    fingerprints = {a.folder: area_fingerprint(a, pseudonym_key) for a in areas}
    to_build, unchanged = _plan(areas, out_dir, state, fingerprints, is_forced)
    for area in unchanged:
        outcomes[area.folder].status = "skipped"
        if area.is_strict and state[area.folder].get("has_error_findings"):
            outcomes[area.folder].status = "failed"
            outcomes[area.folder].step = "strict"
            outcomes[area.folder].reason = "unchanged, and its data have error findings (strict)"
    say(
        f"{len(areas)} areas: {len(to_build)} to build, {len(unchanged)} unchanged "
        f"(skipped{'; --force rebuilds them' if unchanged else ''})"
    )
    frames = {a.folder: read_pack_indicators(out_dir / a.folder, a.name) for a in unchanged}
    logs = {a.folder: str(state_dir / "logs" / f"{a.folder}.log") for a in areas}
    size = 0 if scheduler else (workers or default_workers())
    cluster = scheduler or f"local, {size} worker processes"
    warm_up_s: list[float] = []
    phases: dict[str, float] = {"checks": round(time.perf_counter() - started, 2)}
    comparison = out_dir / CROSS_AREA_PARQUET
    if to_build:
        from jtai_analysis.batch.worker import (
            build_area_pack,
            compute_area_indicators,
            warm_up,
        )

        say(f"Starting Dask ({cluster})")
        mark = time.perf_counter()
        with dask_client(scheduler, size) as client:
            size = len(client.scheduler_info()["workers"])
            # Heavy imports and the contracts, once per worker, before any area is given out.
            try:
                warm_up_s = [r["seconds"] for r in client.run(warm_up).values()]
            except Exception as error:  # the first area will then pay for its worker's imports
                say(f"The workers could not warm up ({type(error).__name__}: {error})")
            say(f"{size} workers ready (warm-up {max(warm_up_s, default=0):.0f} s)")
            phases["cluster_and_warm_up"] = round(time.perf_counter() - mark, 2)
            mark = time.perf_counter()

            def indicators_done(area: AreaSpec, table: pl.DataFrame) -> str:
                frames[area.folder] = table
                return f"{area.name}: indicators computed"

            _run_step(
                client,
                "indicators",
                to_build,
                outcomes,
                compute_area_indicators,
                lambda a: (a, logs[a.folder]),
                say,
                indicators_done,
            )
            ordered = [frames[a.folder] for a in areas if a.folder in frames]
            _write_cross_area_table(ordered, comparison)
            phases["indicators"] = round(time.perf_counter() - mark, 2)
            mark = time.perf_counter()

            def pack_done(area: AreaSpec, result: dict[str, Any]) -> str:
                outcome = outcomes[area.folder]
                outcome.status, outcome.seconds = "built", float(result["seconds"])
                has_errors = bool(result["has_error_findings"])
                state[area.folder] = {
                    "fingerprint": fingerprints[area.folder],
                    "built": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                    "has_error_findings": has_errors,
                }
                _write_json(
                    state_path, state
                )  # after each area: a stopped batch keeps its progress
                if area.is_strict and has_errors:
                    outcome.status, outcome.step = "failed", "strict"
                    outcome.reason = "built, but its data have error findings (strict)"
                return f"{area.name}: pack built in {outcome.seconds:.0f} s"

            buildable = [a for a in to_build if a.folder in frames]
            _run_step(
                client,
                "packs",
                buildable,
                outcomes,
                build_area_pack,
                lambda a: (
                    a,
                    str(out_dir / a.folder),
                    str(comparison),
                    logs[a.folder],
                    pseudonym_key,
                ),
                say,
                pack_done,
            )
            phases["packs"] = round(time.perf_counter() - mark, 2)
            mark = time.perf_counter()
        phases["cluster_close"] = round(time.perf_counter() - mark, 2)
    else:
        _write_cross_area_table([frames[a.folder] for a in areas], comparison)
    with_pack = [a for a in areas if outcomes[a.folder].status in {"built", "skipped"}]
    with_pack += [a for a in areas if outcomes[a.folder].step == "strict" and a not in with_pack]
    _write_areas_csv([a for a in areas if a in with_pack], out_dir, out_dir / CROSS_AREA_CSV)
    result = BatchResult(
        outcomes=[outcomes[a.folder] for a in areas],
        seconds=time.perf_counter() - started,
        workers=size,
        started=started_at,
        cluster=cluster,
        warm_up_s=warm_up_s,
        phases_s=phases,
    )
    _write_summary(result, out_dir)
    return result
