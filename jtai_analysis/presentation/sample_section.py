"""The sampling section: nomination checks, the 20 and the 6 (chosen once per run), dip presets."""

from __future__ import annotations

from typing import Any

import polars as pl

from jtai_analysis.catalogue.codes import NO, YES, ListKey
from jtai_analysis.catalogue.labels import caption, headings
from jtai_analysis.presentation import charts
from jtai_analysis.presentation.prepared_run import PreparedRun
from jtai_analysis.presentation.tables import show_note, show_table
from jtai_analysis.sampling import dip
from jtai_analysis.sampling.balance import (
    balance_for_readers,
    balance_heading,
    balance_rule,
    balance_table,
)
from jtai_analysis.sampling.nomination_checks import nomination_checks
from jtai_analysis.sampling.sample_labels import (
    group_standing,
    sample_note,
    six_heading,
    twenty_heading,
)
from jtai_analysis.sampling.sample_tables import (
    age_coverage,
    for_readers,
    information_on_20,
    sample_table,
    twenty_beside_proposal,
)


def show_nomination_checks(run: PreparedRun) -> int | None:
    """Each nomination list against paras 112-114; returns how many checks are not met (None
    before the nominations arrive)."""
    if not run.data.has(ListKey.NOMINATIONS):
        show_note(
            "The nomination lists have not arrived yet (due Tuesday of week 1, 17:00).",
            kind="warning",
        )
        return None
    checks = nomination_checks(run.data, run.reference_date)
    show_table(checks, caption("nomination_checks"), max_rows=None)
    return checks.filter(pl.col(headings("nomination_checks")["met"]) == NO).height


def show_sample(run: PreparedRun) -> dict[str, Any]:
    """The run's 20 and 6 (chosen once), with why each is there; returns what a test or a
    scheduled run reads (``sample_source``, ``selected_20``, ``selected_6``, ...), empty when
    there is no sample and the note says why."""
    sample = run.sample
    if sample is None:
        if run.data.has(ListKey.NOMINATIONS):
            show_note(run.sample_note, kind="warning")
        return {}
    twenty, six = sample_table(sample.twenty), sample_table(sample.six)
    twenty_title, six_title = twenty_heading(sample), six_heading(sample)
    show_note(
        sample_note(sample)
        + (
            " All 6 are among the 20 (paragraph 116)."
            if sample.six_all_in_twenty
            else " Not all of the 6 are among the 20: check the locks for the 6 (paragraph 116)."
        )
    )
    coverage = age_coverage(twenty, six)
    heading = headings("age_coverage")
    charts.show_chart(
        charts.bar_chart(
            coverage,
            heading["age_group"],
            [heading["in_20"], heading["in_6"]],
            x_title=heading["age_group"],
            y_title="Children",
        ),
        caption=caption("age_coverage", twenty=twenty_title, six=six_title.lower()),
        description="How many of the 20 and the 6 children fall in each age group.",
        numbers=coverage,
    )
    show_table(for_readers(six), caption("six", six=six_title), max_rows=None)
    show_table(
        for_readers(twenty).join(
            information_on_20(run.data, sample.twenty),
            on=headings("sample")["child_id"],
            how="left",
        ),
        caption("twenty", twenty=twenty_title),
        max_rows=None,
    )
    return {
        "twenty_standing": group_standing(sample.twenty),
        "six_standing": group_standing(sample.six),
        "sample_source": sample.source,
        "selected_20": twenty["child_id"].to_list(),
        "selected_6": six["child_id"].to_list(),
        "six_all_in_twenty": sample.six_all_in_twenty,
    }


def show_balance(run: PreparedRun) -> dict[str, int]:
    """The 20 and the 6 beside the focus children (para 64), skews flagged by the stated rule;
    returns how many groups are flagged for each (empty when there is no sample)."""
    sample = run.sample
    if sample is None:
        return {}
    balance = balance_table(run.data, run.reference_date, sample)
    show_note(balance_rule())
    show_table(balance_for_readers(balance, sample), balance_heading(sample), max_rows=None)
    return {
        "balance_flags_20": balance["flag_20"].drop_nulls().len(),
        "balance_flags_6": balance["flag_6"].drop_nulls().len(),
    }


def show_twenty_beside_proposal(run: PreparedRun) -> None:
    """The 20 the lead inspector chose beside the 20 the tool would have proposed."""
    sample = run.sample
    if sample is None:
        return
    if sample.source == "proposed":
        show_note("Nothing to compare yet: the information on the 20 has not arrived.")
        return
    beside = twenty_beside_proposal(sample)
    agree = beside.filter((pl.col("in_20") == YES) & (pl.col("proposed") == YES)).height
    show_note(
        f"{agree} of the 20 chosen are also among the 20 the tool would have proposed."
        if sample.proposed_twenty is not None
        else "The tool could not have proposed a 20 from these nominations."
    )
    show_table(
        beside.rename(headings("twenty_beside_proposal")),
        caption("twenty_beside_proposal"),
        max_rows=None,
    )
    if sample.return_issues.is_empty():
        show_note(
            "Every child on the information on the 20 is nominated and known in Lists 1 to 7."
        )
    else:
        show_table(
            sample.return_issues.rename(headings("return_issues")),
            caption("return_issues"),
            max_rows=None,
        )


def show_dip_presets(run: PreparedRun) -> None:
    """Each dip preset's sample (para 72), or why it is not available."""
    for preset, result, message in dip.preset_samples(
        run.data, run.reference_date, run.options.seed
    ):
        heading = dip.preset_heading(preset)
        if result is None or result.table.is_empty():
            show_note(f"{heading}: {message if result is None else 'no rows match.'}")
            continue
        show_table(result.table, f"{heading}. {message}", max_rows=None)
