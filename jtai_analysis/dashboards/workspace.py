"""What both dashboard pages share in one session: the cohort in words, every child's dated events,
the proposed sample, and where exports and saved samples go."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from jtai_analysis.analysis.figures import FigureInputs, figure_inputs
from jtai_analysis.common.paths import project_root
from jtai_analysis.dashboards import cohort_view, explore, sample_view
from jtai_analysis.presentation.notebook_context import InspectionContext
from jtai_analysis.sampling.balance import focus_population
from jtai_analysis.sampling.candidates import Candidate, candidates
from jtai_analysis.sampling.sample import Given20, given_20


def exports_dir() -> Path:
    """Where exports and saved samples go: ``JTAI_EXPORT_DIR`` or ``reports/exports``."""
    override = os.environ.get("JTAI_EXPORT_DIR")
    return Path(override) if override else project_root() / "reports" / "exports"


@dataclass
class Workspace:
    """What every view shares, built once per session: the cohort in words, events, the sample."""

    context: InspectionContext
    seed: int
    lock: tuple[str, ...]
    exclude: tuple[str, ...]
    lock_6: tuple[str, ...]
    exclude_6: tuple[str, ...]
    events: pl.DataFrame
    pool: list[Candidate]
    sample: sample_view.AdjustedSample
    table: pl.DataFrame
    data_paths: tuple[str, ...] = ()
    # The 20 the lead inspector already chose (the information-on-the-20 return), if it arrived:
    # then the workbench's 20 are those, as in the pack, and its choices change the 6.
    given_20: Given20 | None = None
    listeners: list[Callable[[], None]] = field(default_factory=list)

    @cached_property
    def figure_inputs(self) -> FigureInputs:
        """The run's row tables, built once: every figure a view shows is computed from them
        (for the children a view shows, ``FigureInputs.for_children``)."""
        return figure_inputs(self.context.data, cohort=self.context.cohort)

    @cached_property
    def focus_population(self) -> pl.DataFrame:
        """The focus children the balance of the 20 and 6 weighs them against, made once a session
        (each choice in the workbench weighs a new 20 and 6 against the same children)."""
        return focus_population(self.context.data, self.context.reference_date)


def open_workspace(
    context: InspectionContext,
    seed: int = 1,
    lock: list[str] | tuple[str, ...] = (),
    exclude: list[str] | tuple[str, ...] = (),
    data_paths: list[str] | tuple[str, ...] = (),
    lock_6: list[str] | tuple[str, ...] = (),
    exclude_6: list[str] | tuple[str, ...] = (),
) -> Workspace:
    """Build the shared state from a loaded context and the parameters' seed, locks and exclusions."""
    events = explore.all_events(context.data)
    pool = candidates(context.data, context.reference_date)
    given = given_20(context.data)
    sample = sample_view.adjust(pool, seed, lock, exclude, lock_6, exclude_6, given)
    table = cohort_view.cohort_table(
        context.cohort,
        context.data,
        events,
        tuple(sample.twenty["child_id"].to_list()),
        tuple(sample.six["child_id"].to_list()),
    )
    return Workspace(
        context,
        seed,
        tuple(lock),
        tuple(exclude),
        tuple(lock_6),
        tuple(exclude_6),
        events,
        pool,
        sample,
        table,
        tuple(data_paths),
        given_20=given,
    )
