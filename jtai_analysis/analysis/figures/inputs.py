"""What every figure is computed from, built once per run: one row table per list, the child
attributes, the named child sets and code sets.

A list's **row table** is its valid rows in their order, numbered by ``_index`` (0, 1, ...), with
where each came from (``_file``, ``_sheet``, ``_row``: the row the local area sees) and the child's
attributes from the cohort (``_child_<name>``: one value a child, so one child has one age
everywhere). Figures refer to rows by ``(list, _index)``: the rows are referenced, never copied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from jtai_analysis.analysis.figures.availability import Arrived
from jtai_analysis.analysis.figures.conditions import Scope, child_attribute_column
from jtai_analysis.catalogue.codes import NO, UNKNOWN, YES
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.catalogue.theme import Theme, load_theme
from jtai_analysis.common.derive import FOCUS_AGE_GROUPS, window_start
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData

INDEX = "_index"
PROVENANCE = ("_file", "_sheet", "_row")
# The child attributes every row table carries (the cohort's, one value a child).
CHILD_ATTRIBUTES = (
    "flag",
    "focus",
    "age_group",
    "date_of_birth",
    "sex",
    "ethnic_group",
    "disability",
    "known_to_csc",
    "focus_age",  # Yes when the age group is one of the theme's focus age groups (issue 25)
)


def child_attributes(
    cohort: pl.DataFrame,
    catalogue: Catalogue,
    focus_age_groups: tuple[str, ...] = FOCUS_AGE_GROUPS,
) -> pl.DataFrame:
    """One row a child: ``child_id`` and each of :data:`CHILD_ATTRIBUTES` as ``_child_<name>``.

    ``flag`` and ``focus`` are Yes / No (whether they can be known is for availability to say);
    ``age_group`` is null where the date of birth is unknown; ``ethnic_group`` is the census group
    of the child's ethnicity code; ``focus_age`` is Yes when the age group is one of
    ``focus_age_groups`` (the theme's), No otherwise (an unknown age included).
    """
    ethnic_groups = {c.code: c.group or UNKNOWN for c in catalogue.codelists["ethnicity"].codes}
    yes_no = {True: YES, False: NO}

    def text(column: str) -> pl.Expr:
        if column not in cohort.columns:
            return pl.lit(None, pl.String)
        return pl.col(column).cast(pl.String)

    age = pl.col("age_group").cast(pl.String)
    return cohort.select(
        pl.col("child_id").cast(pl.String),
        pl.col("is_da").replace_strict(yes_no, return_dtype=pl.String).alias("flag"),
        pl.col("is_focus").replace_strict(yes_no, return_dtype=pl.String).alias("focus"),
        pl.when(age == "unknown").then(None).otherwise(age).alias("age_group"),
        pl.col("date_of_birth").cast(pl.Date).alias("date_of_birth"),
        text("sex").alias("sex"),
        (
            pl.col("ethnicity").replace_strict(ethnic_groups, default=UNKNOWN)
            if "ethnicity" in cohort.columns
            else pl.lit(None, pl.String)
        ).alias("ethnic_group"),
        text("disability").alias("disability"),
        pl.lit(YES).alias("known_to_csc"),
        age.is_in(list(focus_age_groups))
        .fill_null(False)
        .replace_strict(yes_no, return_dtype=pl.String)
        .alias("focus_age"),
    ).rename({name: child_attribute_column(name) for name in CHILD_ATTRIBUTES})


def row_table(frame: pl.DataFrame, attributes: pl.DataFrame) -> pl.DataFrame:
    """A list's valid rows numbered by ``_index``, with provenance and the child's attributes."""
    numbered = frame.with_row_index(INDEX)
    missing = [
        pl.lit(None, pl.Int64 if name == "_row" else pl.String).alias(name)
        for name in PROVENANCE
        if name not in numbered.columns
    ]
    if "child_id" not in numbered.columns:
        missing.append(pl.lit(None, pl.String).alias("child_id"))
    numbered = numbered.with_columns(missing).with_columns(pl.col("child_id").cast(pl.String))
    joined = numbered.join(attributes, on="child_id", how="left")
    # A child in no list of 1-7 (a child only in the under-8s report, say) is known not to be
    # flagged and not known to children's social care; a row with no child ID says nothing.
    filled = [child_attribute_column(name) for name in ("flag", "focus", "known_to_csc")]
    return joined.with_columns(
        pl.when(pl.col("child_id").is_null()).then(None).otherwise(pl.col(c).fill_null(NO)).alias(c)
        for c in filled
    ).sort(INDEX)


@dataclass(frozen=True)
class FigureInputs(Arrived):
    """The run's valid rows as figures read them, built once (:func:`figure_inputs`)."""

    reference_date: dt.date
    cohort: pl.DataFrame
    tables: Mapping[str, pl.DataFrame]
    code_sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Named sets of children computed for the run (the 20, the 6 ...), or why each is missing.
    child_sets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    child_set_reasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def window_start(self) -> dt.date:
        return window_start(self.reference_date)

    def for_children(self, child_ids: Iterable[str]) -> FigureInputs:
        """The same inputs with only these children's rows (a filtered cohort, as a dashboard
        filters it): figures computed from them count those children only, and their rows keep
        pointing at the run's row tables (``_index`` is unchanged)."""
        wanted = sorted(set(child_ids))
        keep = pl.col("child_id").is_in(wanted)
        return dataclasses.replace(
            self,
            cohort=self.cohort.filter(keep),
            tables={key: table.filter(keep) for key, table in self.tables.items()},
        )

    def scope(self) -> Scope:
        return Scope(
            self.window_start, self.reference_date, self.code_sets, self.child_sets, self.tables
        )


def figure_inputs(
    data: PreparedData,
    reference_date: dt.date | None = None,
    *,
    cohort: pl.DataFrame | None = None,
    catalogue: Catalogue | None = None,
    theme: Theme | None = None,
    code_sets: Mapping[str, tuple[str, ...]] | None = None,
    child_sets: Mapping[str, frozenset[str]] | None = None,
    child_set_reasons: Mapping[str, str] | None = None,
) -> FigureInputs:
    """Build the row tables once from the prepared data (and the cohort, built here if not given).

    Parameters
    ----------
    data
        The valid rows per list.
    reference_date
        R; default the data's own.
    cohort
        The run's cohort (:func:`jtai_analysis.model.cohort.children`), when already built.
    code_sets
        Named code sets conditions may use (``{one_of: {contact_source: police}}``); default the
        registry's.
    child_sets, child_set_reasons
        Named sets of children (``{child_in_set: selected_20}``), and why a set is not there.
    """
    from jtai_analysis.analysis.figures.definitions import registry_code_sets

    reference_date = reference_date or data.reference_date
    catalogue = catalogue or load_catalogue()
    theme = theme or load_theme()
    cohort = cohort if cohort is not None else children(data, reference_date, theme)
    attributes = child_attributes(cohort, catalogue, theme.focus.age_groups)
    tables = {key: row_table(frame, attributes) for key, frame in data.valid.items()}
    # Alike in shape to synth.layout's SheetLayout(...) only: keyword-built records, no shared logic.
    return FigureInputs(
        data=data,
        reference_date=reference_date,
        catalogue=catalogue,
        theme=theme,
        cohort=cohort,
        tables=tables,
        code_sets=dict(code_sets if code_sets is not None else registry_code_sets()),
        child_sets=dict(child_sets or {}),
        child_set_reasons=dict(child_set_reasons or {}),
    )
