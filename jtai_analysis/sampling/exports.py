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

from jtai_analysis.catalogue.codes import ListKey
from jtai_analysis.common.spreadsheet import write_csv, write_xlsx
from jtai_analysis.inspection.meeting_links import link_meetings
from jtai_analysis.inspection.week2_tracker import week2_status
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.dip import preset_samples
from jtai_analysis.sampling.sample import Sample, choose
from jtai_analysis.sampling.sample_labels import sheet_names
from jtai_analysis.sampling.sample_tables import sample_table


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
    ``selected_20.csv`` and ``selected_6.csv`` keep the interface's columns (each child
    ``proposed`` or ``chosen``); ``sample.xlsx`` has one sheet per table, the 20 and the 6 named
    proposed until the lead inspector has confirmed them all; each dip sample is ``dip_<id>.csv`` too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    twenty, six = sample_table(sample.twenty), sample_table(sample.six)
    written = [
        write_csv(twenty, folder / "selected_20.csv"),
        write_csv(six, folder / "selected_6.csv"),
    ]
    twenty_sheet, six_sheet, proposal_sheet = sheet_names(sample)
    sheets = {twenty_sheet: twenty, six_sheet: six}
    if sample.proposed_twenty is not None:
        sheets[proposal_sheet] = sample_table(sample.proposed_twenty)
    if not sample.return_issues.is_empty():
        sheets["Return issues"] = sample.return_issues
        written.append(write_csv(sample.return_issues, folder / "return_issues.csv"))
    for name, table in dips:
        sheets[f"Dip {name}"[:31]] = table
        written.append(write_csv(table, folder / f"dip_{name}.csv"))
    written.append(write_xlsx(sheets, folder / "sample.xlsx"))
    return written


def six_agencies(sample: Sample) -> dict[str, tuple[str, ...]]:
    """Each of the 6 children's ID -> the agencies involved (nominations and the return)."""
    return {c.candidate.child_id: c.candidate.agencies for c in sample.six}


def week2_tables(
    data: PreparedData,
    sample: Sample,
    reference_date: dt.date,
    notification_date: dt.date,
    as_of: dt.date,
    cohort: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The week 2 status of the 6, and the fieldwork-week meetings linked to the sample
    (None when the meetings list has not arrived). ``cohort``: the run's, if already built."""
    status = week2_status(
        six_agencies(sample), data.frame(ListKey.WEEK2_TRACKER), notification_date, as_of
    )
    meetings = data.frame(ListKey.MEETINGS)
    nominations = data.frame(ListKey.NOMINATIONS)
    links = (
        None
        if meetings is None
        else link_meetings(
            meetings,
            cohort if cohort is not None else children(data, reference_date),
            data.frame(ListKey.CP),
            set() if nominations is None else set(nominations["child_id"].drop_nulls()),
            {c.candidate.child_id for c in sample.twenty},
            {c.candidate.child_id for c in sample.six},
        )
    )
    return status, links


def write_sample_files(
    folder: Path,
    data: PreparedData,
    reference_date: dt.date,
    seed: int,
    choices: SampleChoices = SampleChoices(),
    notification_date: dt.date | None = None,
    as_of: dt.date | None = None,
    sample: Sample | None = None,
    cohort: pl.DataFrame | None = None,
) -> Sample:
    """Choose the 20 and the 6 (:func:`choose`; or take the run's ``sample``, chosen once), draw
    the dip presets, and write them all; with a notification date, also the week 2 status of the
    6 (``week2_status.csv`` / ``.xlsx``) and the meetings linked to the sample
    (``meeting_links.csv``), judged at ``as_of`` (default today).

    Raises :class:`~jtai_analysis.sampling.twenty_and_six.SelectionInfeasible` naming the rule.
    """
    if sample is None:
        sample = choose(
            data,
            reference_date,
            seed,
            choices.lock,
            choices.exclude,
            choices.lock_6,
            choices.exclude_6,
            choices.selected_20,
            cohort=cohort,
        )
    dips = [
        (preset.id, result.table)
        for preset, result, _ in preset_samples(data, reference_date, seed)
        if result is not None
    ]
    sample_files(folder, sample, dips)
    if notification_date is not None:
        status, links = week2_tables(
            data, sample, reference_date, notification_date, as_of or dt.date.today(), cohort
        )
        write_csv(status, folder / "week2_status.csv")
        sheets = {"Week 2 status": status}
        if links is not None:
            write_csv(links, folder / "meeting_links.csv")
            sheets["Meetings"] = links
        write_xlsx(sheets, folder / "week2_status.xlsx")
    return sample
