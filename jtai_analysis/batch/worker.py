"""What runs on a Dask worker: an area's indicators, an area's pack, and the warm-up that keeps
heavy imports and the compiled contracts in the worker between areas.

A worker process lives for the whole batch, so Great Expectations, papermill, nbconvert and plotly
are imported once, the contracts are read once, one Great Expectations context checks every area
the worker is given, and the notebook kernels (with their imports) are kept from one area's pack to
the next, their namespace emptied before each notebook. A lone ``jtai pack`` pays all of that for
its one area.

Failures cross the network as :class:`AreaFailed` with one plain sentence: the workbench's own
exceptions do not all survive pickling, and the batch summary wants the sentence, not the object.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.pack.build import PackRequest, build_pack

_STATE: dict[str, Any] = {}  # this worker process's Great Expectations runner, made on first use


class AreaFailed(Exception):
    """One area could not be done; the message is the reason in one or two plain sentences."""


def _kernels() -> Any:
    """This worker's notebook kernels, kept from one area's pack to the next (see KernelPool)."""
    if "kernels" not in _STATE:
        from jtai_analysis.pack.kernels import KernelPool

        _STATE["kernels"] = KernelPool()
    return _STATE["kernels"]


def _runner() -> Any:
    if "runner" not in _STATE:
        from jtai_analysis.validation.gx_runner import GxRunner

        _STATE["runner"] = GxRunner()
    return _STATE["runner"]


def warm_up() -> dict[str, object]:
    """Import the heavy libraries and compile the contracts once in this worker process.

    Returns
    -------
    dict
        The worker's process id and how long the warm-up took, in seconds.
    """
    started = time.perf_counter()
    import nbconvert  # noqa: F401  (imported for its side effect: loaded once per worker)
    import papermill  # noqa: F401
    import plotly.offline  # noqa: F401

    from jtai_analysis.analysis.indicators import registry
    from jtai_analysis.catalogue.lists import load_catalogue

    load_catalogue()
    registry()
    _runner()
    return {"pid": os.getpid(), "seconds": round(time.perf_counter() - started, 2)}


def _reason(error: BaseException) -> str:
    """One plain sentence for the batch summary."""
    from jtai_analysis.ingest.readers import UnusableInputError
    from jtai_analysis.pack.build import NotebookFailed

    if isinstance(error, UnusableInputError | NotebookFailed | AreaFailed):
        return str(error).strip()
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ") + "."
    return f"{type(error).__name__}: {error}".strip()


def _log(log_path: Path, message: str) -> None:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(f"{stamp} pid {os.getpid()} {message}\n")


def compute_area_indicators(area: AreaSpec, log_path: str) -> pl.DataFrame:
    """Validate ``area``'s data and compute its indicators (no notebooks): the batch's first pass.

    Parameters
    ----------
    area
        The area from the manifest.
    log_path
        The area's batch log, where each attempt is noted.

    Returns
    -------
    polars.DataFrame
        ``area`` and the columns of :func:`~jtai_analysis.analysis.indicators.indicator_table`.

    Raises
    ------
    AreaFailed
        The data could not be read or checked; the message says why.
    """
    from jtai_analysis.analysis.indicators import indicator_table
    from jtai_analysis.model.prepared import prepare

    _log(Path(log_path), "indicators: started")
    try:
        data, _ = prepare(
            list(area.data_paths),
            area.reference_date,
            _runner(),
            fallback=area.notification_date,
        )
        table = indicator_table(data, data.reference_date)
    except Exception as error:  # any failure belongs to this area alone
        reason = _reason(error)
        _log(Path(log_path), f"indicators: failed: {reason}")
        raise AreaFailed(reason) from None
    _log(Path(log_path), "indicators: done")
    return table.select(pl.lit(area.area_name).alias("area"), pl.all())


def _has_error_findings(out_dir: Path) -> bool:
    content = json.loads((out_dir / "validation.json").read_text(encoding="utf-8"))
    return any(
        f["severity"] == "error" for item in content["lists"].values() for f in item["findings"]
    )


def build_area_pack(
    area: AreaSpec,
    out_dir: str,
    comparison_path: str,
    log_path: str,
    pseudonym_key: str | None = None,
) -> dict[str, object]:
    """Build and publish ``area``'s pack in ``out_dir`` with the batch's comparison available.

    Parameters
    ----------
    area
        The area from the manifest.
    out_dir
        The area's folder (the pack is published there as ``jtai pack --out`` would).
    comparison_path
        The batch's ``areas_indicators.parquet``.
    log_path
        The area's batch log, where each attempt and the pack's progress are noted.
    pseudonym_key
        The key for pseudonymised child IDs when the area asks for them.

    Returns
    -------
    dict
        ``seconds`` the build took and ``has_error_findings`` (for areas marked ``strict``).

    Raises
    ------
    AreaFailed
        The pack could not be built; the message says why. The area's previous pack is untouched.
    """
    log = Path(log_path)
    _log(log, "pack: started")
    started = time.perf_counter()
    request = PackRequest(
        **{
            **area.values(),
            "out_dir": Path(out_dir),
            "pseudonym_key": pseudonym_key if area.is_pseudonymised else None,
            "comparison_path": comparison_path,
        }
    )
    try:
        build_pack(request, lambda message: _log(log, f"pack: {message}"), _kernels(), _runner())
    except Exception as error:  # any failure belongs to this area alone
        reason = _reason(error)
        _log(log, f"pack: failed: {reason}")
        raise AreaFailed(reason) from None
    seconds = round(time.perf_counter() - started, 2)
    _log(log, f"pack: done in {seconds} s")
    return {"seconds": seconds, "has_error_findings": _has_error_findings(Path(out_dir))}
