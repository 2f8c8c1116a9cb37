"""Overview tables for the pack: which lists have arrived, the meetings listed.

Children by age group are figures (``children_count``, ``flagged_children`` ...) of
:mod:`jtai_analysis.analysis.figures`; so is activity week by week (``contacts_by_week`` ...)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.catalogue.codes import ListKey
from jtai_analysis.catalogue.labels import headings, word
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.inspection.timeline import milestone_dates
from jtai_analysis.model.prepared import PreparedData

_ROW_COUNTS = ("rows_in", "rows_valid", "rows_quarantined")


def list_status(
    data: PreparedData, notification_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame:
    """Each list the JTAI asks for: when it is due, whether it has arrived, rows in, valid, quarantined."""
    catalogue = catalogue or load_catalogue()
    due = milestone_dates(notification_date)
    counts = {row["list_key"]: row for row in data.reconciliation.iter_rows(named=True)}
    heading = headings("list_status")
    records = []
    for contract in catalogue.in_scope():
        milestone = due.get(contract.due or "")
        row = counts.get(contract.key, {})
        records.append(
            {
                heading["list"]: contract.label,
                heading["due"]: f"{milestone.date:%a %d/%m/%Y} {milestone.time or ''}".strip()
                if milestone
                else "",
                heading["received"]: word("received" if data.has(contract.key) else "not_yet"),
                **{heading[key]: row.get(key, 0) for key in _ROW_COUNTS},
                heading["source"]: "; ".join(data.sources.get(contract.key, [])),
            }
        )
    return pl.DataFrame(records, schema_overrides={heading[key]: pl.Int64 for key in _ROW_COUNTS})


def submission_summary(data: PreparedData, catalogue: Catalogue | None = None) -> pl.DataFrame:
    """A few lines for the cover: lists received and every row accounted for."""
    catalogue = catalogue or load_catalogue()
    in_scope = catalogue.in_scope()
    received = sum(1 for c in in_scope if data.has(c.key))
    totals = data.reconciliation.select(
        pl.col("rows_in", "rows_valid", "rows_quarantined", "warnings").sum()
    )
    total = (
        totals.row(0, named=True) if data.reconciliation.height else {k: 0 for k in totals.columns}
    )
    heading = headings("submission_summary")
    return pl.DataFrame(
        {
            heading["measure"]: [
                "Lists received",
                "Files read",
                "Rows in",
                "Valid rows (used in every figure)",
                "Rows quarantined (errors)",
                "Warnings",
                "Sheets not analysed",
            ],
            heading["value"]: [
                f"{received} of {len(in_scope)}",
                f"{len(data.files):,}",
                f"{total['rows_in'] or 0:,}",
                f"{total['rows_valid'] or 0:,}",
                f"{total['rows_quarantined'] or 0:,}",
                f"{total['warnings'] or 0:,}",
                f"{len(data.skipped):,}",
            ],
        }
    )


def missing_lists(data: PreparedData, catalogue: Catalogue | None = None) -> list[str]:
    """Labels of the lists that have not arrived yet."""
    catalogue = catalogue or load_catalogue()
    return [c.label for c in catalogue.in_scope() if not data.has(c.key)]


def meetings_table(data: PreparedData, catalogue: Catalogue | None = None) -> pl.DataFrame | None:
    """The fieldwork-week meetings the local area listed, with codes as words; None if not arrived."""
    catalogue = catalogue or load_catalogue()
    frame = data.frame(ListKey.MEETINGS)
    if frame is None:
        return None
    types = catalogue.codelists["meeting_type"].labels()
    heading = headings("meetings")
    return frame.sort("meeting_date", "meeting_time", nulls_last=True).select(
        pl.col("meeting_date").dt.strftime("%a").alias(heading["day"]),
        pl.col("meeting_date").alias(heading["date"]),
        pl.col("meeting_time").fill_null("").alias(heading["time"]),
        pl.col("meeting_type").replace_strict(types, default=None).alias(heading["meeting_type"]),
        pl.col("child_id").fill_null("").alias(heading["child_id"]),
        catalogue.codelists["agency"]
        .as_words("agencies_invited")
        .fill_null("")
        .alias(heading["agencies_invited"]),
    )
