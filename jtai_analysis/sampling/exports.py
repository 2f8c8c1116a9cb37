"""Exports for the local area: the 20, the 6 and dip samples as ``.csv`` and ``.xlsx``.

Everything goes through ``common.spreadsheet``: a cell a spreadsheet could run as a formula is made
inert, numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jtai_analysis.common.spreadsheet import write_csv, write_xlsx
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.dip import preset_samples
from jtai_analysis.sampling.selection import Sample, choose, sample_table


@dataclass(frozen=True)
class SampleChoices:
    """What the lead inspector decided: locks and exclusions for the 20 and for the 6."""

    lock: Sequence[str] = ()
    exclude: Sequence[str] = ()
    lock_6: Sequence[str] = ()
    exclude_6: Sequence[str] = ()
    selected_20: Sequence[str] | None = None


def sample_files(
    folder: Path, sample: Sample, dips: Sequence[tuple[str, pl.DataFrame]] = ()
) -> list[Path]:
    """Write the 20, the 6 (and dip samples) for the local area as ``.csv`` and ``.xlsx``.

    Every cell a spreadsheet could run as a formula is made inert (``common.spreadsheet``).
    ``selected_20.csv`` and ``selected_6.csv`` keep the interface's columns; ``sample.xlsx`` has one
    sheet per table; each dip sample is ``dip_<id>.csv`` too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    twenty, six = sample_table(sample.twenty), sample_table(sample.six)
    written = [
        write_csv(twenty, folder / "selected_20.csv"),
        write_csv(six, folder / "selected_6.csv"),
    ]
    sheets = {"The 20": twenty, "The 6": six}
    if sample.proposed_twenty is not None:
        sheets["Proposed 20"] = sample_table(sample.proposed_twenty)
    if not sample.return_issues.is_empty():
        sheets["Return issues"] = sample.return_issues
        written.append(write_csv(sample.return_issues, folder / "return_issues.csv"))
    for name, table in dips:
        sheets[f"Dip {name}"[:31]] = table
        written.append(write_csv(table, folder / f"dip_{name}.csv"))
    written.append(write_xlsx(sheets, folder / "sample.xlsx"))
    return written


def write_sample_files(
    folder: Path,
    data: PreparedData,
    reference_date: dt.date,
    seed: int,
    choices: SampleChoices = SampleChoices(),
) -> Sample:
    """Choose the 20 and the 6 (:func:`choose`), draw the dip presets, and write them all.

    Raises :class:`~jtai_analysis.sampling.selection.SelectionInfeasible` naming the rule.
    """
    sample = choose(
        data,
        reference_date,
        seed,
        choices.lock,
        choices.exclude,
        choices.lock_6,
        choices.exclude_6,
        choices.selected_20,
    )
    dips = [
        (preset.id, result.table)
        for preset, result, _ in preset_samples(data, reference_date, seed)
        if result is not None
    ]
    sample_files(folder, sample, dips)
    return sample
