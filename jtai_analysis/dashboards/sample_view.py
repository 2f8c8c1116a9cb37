"""The sampling workbench as plain functions: candidates in words, the adjusted 20 and 6, their
balance against the focus children, saving, and the ``jtai sample`` command that gives the same
children.

Selection itself is ``jtai_analysis.sampling``; nothing here chooses a child. The balance is the
pack's (``sampling.balance``), for the 20 and 6 as adjusted here: nothing here counts children.
"""

from __future__ import annotations

import datetime as dt
import html
import inspect
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS
from jtai_analysis.common.spreadsheet import write_table
from jtai_analysis.dashboards.words import code_words
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.balance import (
    balance_for_readers,
    balance_heading,
    balance_rule,
    balance_table,
)
from jtai_analysis.sampling.candidates import Candidate
from jtai_analysis.sampling.rules import load_rules
from jtai_analysis.sampling.sample import Given20, Sample, choose_from
from jtai_analysis.sampling.sample_labels import six_heading, twenty_heading
from jtai_analysis.sampling.sample_tables import age_coverage, for_readers, sample_table
from jtai_analysis.sampling.twenty_and_six import SelectionInfeasible, select_6

LOCK, EXCLUDE, PROPOSED = "lock", "exclude", "proposed"


def can_lock_into_6() -> bool:
    """Whether the sampling room's ``select_6`` takes locks (the lead may lock a child into the 6)."""
    return "lock" in inspect.signature(select_6).parameters


@dataclass(frozen=True)
class AdjustedSample:
    """The 20 and 6 after the inspector's locks and exclusions, or why there is none."""

    twenty: pl.DataFrame  # sample_table
    six: pl.DataFrame
    problem: str = ""  # the rule no selection can meet; blank when a sample was found
    # The same 20 and 6 as the sampling room holds them (what the pack weighs); None when infeasible.
    chosen: Sample | None = None

    @property
    def is_feasible(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class Balance:
    """The 20 and 6 beside the focus children, as the pack shows them (``sampling.balance``).

    ``rule`` is the flagging rule in words, ``caption`` the table's caption, ``table`` the
    readers' table (``balance_for_readers``); ``flags_20`` and ``flags_6`` count the groups flagged.
    """

    rule: str
    caption: str
    table: pl.DataFrame
    flags_20: int
    flags_6: int


DA_CURRENT_WORDS = {True: "domestic abuse a current factor", False: "no current domestic abuse"}


def candidate_table(pool: Sequence[Candidate]) -> pl.DataFrame:
    """The nominated children beside which the lock / exclude controls sit, in words (by data
    key: the page shows each as a line, :func:`candidate_line`, never under headings)."""
    statuses = load_rules().reasons["status"]
    return pl.DataFrame(
        [
            {
                "child_id": c.child_id,
                "lists": ", ".join(f"List {x}" for x in c.lists),
                "age_group": AGE_GROUP_LABELS.get(c.age_group, c.age_group),
                "status": statuses.get(c.status, c.status).capitalize(),
                "agencies": len(c.agencies),
                "domestic_abuse": DA_CURRENT_WORDS[bool(c.is_da_current)],
            }
            for c in pool
        ],
        schema={
            "child_id": pl.String,
            "lists": pl.String,
            "age_group": pl.String,
            "status": pl.String,
            "agencies": pl.Int64,
            "domestic_abuse": pl.String,
        },
    )


def candidate_line(record: dict[str, object]) -> str:
    """One nominated child (a row of :func:`candidate_table`) as the line a reader scans."""
    agencies = int(record["agencies"])  # type: ignore[call-overload]
    return " · ".join(
        [
            str(record["lists"]),
            str(record["age_group"]),
            str(record["status"]),
            f"{agencies} agenc{'y' if agencies == 1 else 'ies'}",
            str(record["domestic_abuse"]),
        ]
    )


def sample_for_readers(table: pl.DataFrame) -> pl.DataFrame:
    """The 20 or the 6 as a reader sees them: the sampling room's words, ethnicity in words too."""
    ethnicities = code_words(load_catalogue().codelists["ethnicity"])
    readers = for_readers(table)
    return readers.with_columns(
        pl.col("Ethnicity").replace_strict(ethnicities, default=pl.col("Ethnicity")),
        pl.col("Lists").str.split(", ").list.eval(pl.lit("List ") + pl.element()).list.join(", "),
    )


# adjust() and sample_command() take the inspector's four choices (lock, exclude, lock_6,
# exclude_6) as choose_from and `jtai sample` take them: the same parameters on purpose,
# so a choice on the page is the same choice on the command line.
def adjust(
    pool: Sequence[Candidate],
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
    lock_6: Sequence[str] = (),
    exclude_6: Sequence[str] = (),
    given: Given20 | None = None,
) -> AdjustedSample:
    """The 20 and 6 with these choices, chosen as the pack and ``jtai sample`` choose them
    (``choose_from``); an infeasible choice comes back with its rule in words.

    ``lock_6`` are children the 6 must include (a proposed 20 includes them too); ``given`` the 20
    the lead inspector already chose (the information-on-the-20 return), if any.
    """
    if (lock_6 or exclude_6) and not can_lock_into_6():
        empty = sample_table([])
        return AdjustedSample(
            empty, empty, "This version of the sampling rules cannot lock into the 6."
        )
    try:
        chosen = choose_from(pool, seed, lock, exclude, lock_6, exclude_6, given)
    except SelectionInfeasible as error:
        empty = sample_table([])
        return AdjustedSample(empty, empty, str(error))
    return AdjustedSample(sample_table(chosen.twenty), sample_table(chosen.six), chosen=chosen)


def given_20_words(sample: AdjustedSample) -> str:
    """What the page's choices change once the lead inspector has chosen the 20 (the pack keeps
    those 20 too): the 6 only. Blank while the 20 are proposed."""
    if sample.chosen is None or sample.chosen.source == "proposed":
        return ""
    return (
        f" {html.escape(twenty_heading(sample.chosen))} (the information on them has arrived), "
        "as in the pack: Lock and Exclude do not change these 20; the boxes for the 6 choose "
        "among them."
    )


def by_age_group(sample: AdjustedSample) -> tuple[str, pl.DataFrame]:
    """The pack's chart of the 20 and the 6 by age group (``age_coverage``) and its caption."""
    if sample.chosen is None:
        return "", age_coverage(sample.twenty, sample.six)
    twenty, six = twenty_heading(sample.chosen), six_heading(sample.chosen)
    return f"{twenty} and {six.lower()} by age group", age_coverage(sample.twenty, sample.six)


def balance(
    data: PreparedData,
    reference_date: dt.date,
    sample: AdjustedSample,
    focus: pl.DataFrame | None = None,
) -> Balance | None:
    """The adjusted 20 and 6 beside the focus children, skews flagged, in the pack's words and by
    the pack's functions (None when no selection is possible). ``focus``: the focus children
    (``sampling.balance.focus_population``) when already made, as the workspace keeps them."""
    if sample.chosen is None:
        return None
    table = balance_table(data, reference_date, sample.chosen, focus=focus)
    return Balance(
        rule=balance_rule(),
        caption=balance_heading(sample.chosen),
        table=balance_for_readers(table, sample.chosen),
        flags_20=table["flag_20"].drop_nulls().len(),
        flags_6=table["flag_6"].drop_nulls().len(),
    )


def save(sample: AdjustedSample, folder: Path, file_format: str = "csv") -> list[Path]:
    """Write ``selected_20`` and ``selected_6`` as ``.csv`` or ``.xlsx`` (formula-safe) in ``folder``."""
    if not sample.is_feasible:
        raise SelectionInfeasible(sample.problem)
    suffix = ".xlsx" if file_format == "xlsx" else ".csv"
    return [
        write_table(sample.twenty, folder / f"selected_20{suffix}", sheet_name="The 20"),
        write_table(sample.six, folder / f"selected_6{suffix}", sheet_name="The 6"),
    ]


def sample_command(  # (its choices as adjust() takes them: see the comment there)
    data_paths: Sequence[str],
    reference_date: dt.date,
    out_dir: str,
    seed: int,
    lock: Sequence[str] = (),
    exclude: Sequence[str] = (),
    lock_6: Sequence[str] = (),
    exclude_6: Sequence[str] = (),
) -> str:
    """The ``jtai sample`` command line that proposes the same 20 and 6 (for the record)."""
    words = [
        "jtai",
        "sample",
        "--data",
        *data_paths,
        "--reference-date",
        reference_date.isoformat(),
    ]
    words += ["--out", out_dir, "--seed", str(seed)]
    for child in lock:
        words += ["--lock", child]
    for child in exclude:
        words += ["--exclude", child]
    for child in lock_6:
        words += ["--lock-6", child]
    for child in exclude_6:
        words += ["--exclude-6", child]
    return shlex.join(words)
