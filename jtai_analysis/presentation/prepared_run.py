"""The prepared run: everything a pack's sections read, computed once per run.

``jtai pack`` prepares one folder: the run's options (``options.json``), the valid rows
(:class:`~jtai_analysis.model.prepared.PreparedData`), the cohort, the 20 and the 6 (or why there
are none) and every figure with the rows behind it. Every notebook, the exports and (later) the
dashboards read that folder; none builds the cohort, chooses the sample or computes a figure again.
A notebook opened on its own prepares the same run in its kernel from its ``options``.

The options are :class:`~jtai_analysis.common.run_options.RunOptions`, kept as the plain JSON the
notebooks are given (``options.json``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.analysis.figures import FigureSet, compute_figures, figure_inputs
from jtai_analysis.common.derive import window_start
from jtai_analysis.common.run_options import RunOptions, notebook_options
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.presentation.notebook_context import ParameterError
from jtai_analysis.sampling.candidates import Candidate
from jtai_analysis.sampling.sample import Sample, choose
from jtai_analysis.sampling.twenty_and_six import Chosen, SelectionInfeasible

OPTIONS_FILE = "options.json"
SAMPLE_FILE = "sample.json"
COHORT_FILE = "cohort.parquet"
FIGURES_FOLDER = "figures"
# Named sets of children the figures may count (``{child_in_set: selected_20}``).
SELECTED_20, SELECTED_6 = "selected_20", "selected_6"


def _chosen_record(chosen: Chosen) -> dict[str, Any]:
    return {
        **dataclasses.asdict(chosen.candidate),
        "why": chosen.why,
        "by_inspector": chosen.by_inspector,
    }


def _chosen(record: Mapping[str, Any]) -> Chosen:
    fields = {f.name for f in dataclasses.fields(Candidate)}
    values = {k: v for k, v in record.items() if k in fields}
    values["lists"], values["agencies"] = tuple(values["lists"]), tuple(values["agencies"])
    return Chosen(Candidate(**values), str(record["why"]), bool(record.get("by_inspector")))


def sample_to_json(sample: Sample) -> dict[str, Any]:
    """The 20 and the 6 as plain JSON (read back by :func:`sample_from_json`)."""
    return {
        "source": sample.source,
        "twenty": [_chosen_record(c) for c in sample.twenty],
        "six": [_chosen_record(c) for c in sample.six],
        "proposed_twenty": None
        if sample.proposed_twenty is None
        else [_chosen_record(c) for c in sample.proposed_twenty],
        "return_issues": sample.return_issues.to_dicts(),
    }


def sample_from_json(content: Mapping[str, Any]) -> Sample:
    proposed = content.get("proposed_twenty")
    return Sample(
        twenty=[_chosen(r) for r in content["twenty"]],
        six=[_chosen(r) for r in content["six"]],
        source=str(content["source"]),
        proposed_twenty=None if proposed is None else [_chosen(r) for r in proposed],
        return_issues=pl.DataFrame(
            content.get("return_issues") or [],
            schema={"child_id": pl.String, "issue": pl.String},
        ),
    )


@dataclass
class PreparedRun:
    """One run's options, valid rows, cohort, sample and figures (see the module docstring)."""

    options: RunOptions
    data: PreparedData
    cohort: pl.DataFrame
    figures: FigureSet
    sample: Sample | None
    sample_note: str  # why there is no sample ("" when there is one)

    @property
    def area_name(self) -> str:
        return self.options.area_name

    @property
    def notification_date(self) -> dt.date:
        if self.options.notification_date is None:
            raise ParameterError("notification_date must be a date written YYYY-MM-DD, not ''.")
        return self.options.notification_date

    @property
    def reference_date(self) -> dt.date:
        return self.data.reference_date

    @property
    def window_start(self) -> dt.date:
        return window_start(self.reference_date)

    def write(self, folder: Path) -> None:
        """Keep the run in ``folder`` for every section to read (:meth:`read`)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.data.write(folder)
        self.cohort.write_parquet(folder / COHORT_FILE)
        self.figures.write(folder / FIGURES_FOLDER)
        sample = {"note": self.sample_note}
        if self.sample is not None:
            sample["sample"] = sample_to_json(self.sample)  # type: ignore[assignment]
        (folder / SAMPLE_FILE).write_text(json.dumps(sample, default=str), encoding="utf-8")
        (folder / OPTIONS_FILE).write_text(
            json.dumps(self.options.notebook_parameters(), indent=2), encoding="utf-8"
        )

    @classmethod
    def read(cls, folder: Path) -> PreparedRun:
        sample = json.loads((folder / SAMPLE_FILE).read_text(encoding="utf-8"))
        return cls(
            options=_kept_options(folder),
            data=PreparedData.read(folder),
            cohort=pl.read_parquet(folder / COHORT_FILE),
            figures=FigureSet.read(folder / FIGURES_FOLDER),
            sample=sample_from_json(sample["sample"]) if "sample" in sample else None,
            sample_note=str(sample.get("note", "")),
        )

    @staticmethod
    def is_kept_in(folder: Path) -> bool:
        return (folder / OPTIONS_FILE).exists() and (folder / SAMPLE_FILE).exists()


def choose_as_asked(
    data: PreparedData,
    options: RunOptions,
    selected_20: list[str] | None = None,
    cohort: pl.DataFrame | None = None,
) -> Sample:
    """The 20 and the 6 with the options' seed, locks and exclusions (raises SelectionInfeasible)."""
    return choose(
        data,
        data.reference_date,
        options.seed,
        options.lock,
        options.exclude,
        options.lock_6,
        options.exclude_6,
        selected_20,
        cohort=cohort,
    )


def choose_sample(
    data: PreparedData, options: RunOptions, cohort: pl.DataFrame
) -> tuple[Sample | None, str]:
    """The 20 and the 6 for the run, once; or None and why not (no nominations, or infeasible)."""
    if not data.has("nominations"):
        return None, "The nomination lists have not arrived yet (due Tuesday of week 1, 17:00)."
    try:
        sample = choose_as_asked(data, options, cohort=cohort)
    except SelectionInfeasible as error:
        return None, f"No selection possible: {error}"
    return sample, ""


def prepare_run(data: PreparedData, options: RunOptions) -> PreparedRun:
    """Build the run once from the prepared data: cohort, sample, then every figure.

    The 20 and the 6 are sets of children figures may count (``selected_20``, ``selected_6``).
    """
    cohort = children(data, data.reference_date)
    sample, note = choose_sample(data, options, cohort)
    sets: dict[str, frozenset[str]] = {}
    if sample is not None:
        sets[SELECTED_20] = frozenset(c.candidate.child_id for c in sample.twenty)
        sets[SELECTED_6] = frozenset(c.candidate.child_id for c in sample.six)
    reason = f"Not available: {note}" if note else ""
    inputs = figure_inputs(
        data,
        data.reference_date,
        cohort=cohort,
        child_sets=sets,
        child_set_reasons={SELECTED_20: reason, SELECTED_6: reason} if reason else {},
    )
    return PreparedRun(
        options=options,
        data=data,
        cohort=cohort,
        figures=compute_figures(inputs),
        sample=sample,
        sample_note=note,
    )


def _kept_options(folder: Path) -> RunOptions:
    kept = json.loads((folder / OPTIONS_FILE).read_text(encoding="utf-8"))
    return notebook_options(kept, str(folder / OPTIONS_FILE))


def read_options(run_dir: str = "", options: Mapping[str, Any] | None = None) -> RunOptions:
    """The run's options only: those ``jtai pack`` kept in ``run_dir``, else ``options``."""
    if str(run_dir).strip():
        return _kept_options(Path(run_dir))
    return notebook_options(options)


def open_run(run_dir: str = "", options: Mapping[str, Any] | None = None) -> PreparedRun:
    """What a section notebook starts from: the run ``jtai pack`` prepared in ``run_dir``, or, for
    a notebook opened on its own (blank ``run_dir``), the same run prepared here from ``options``
    (``area_name``, ``notification_date``, ``data_paths`` ...; validated data come from the
    prepared-data cache when unchanged). Small counts are hidden from here on when the options
    say ``suppress_below``.
    """
    from jtai_analysis.model.cache import load_prepared
    from jtai_analysis.privacy.suppression import set_suppression

    if str(run_dir).strip():
        run = PreparedRun.read(Path(run_dir))
    else:
        chosen = notebook_options(options)
        data, _ = load_prepared(list(chosen.data_paths), chosen.reference_or_notification_date)
        run = prepare_run(data, chosen)
    set_suppression(run.options.suppress_below)
    return run
