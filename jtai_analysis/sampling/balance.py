"""The balance of the 20 and the 6 against the focus population, with skews flagged.

Para 64: selection takes into account the child's age, sex, ethnicity, disability and stage of
involvement with the agencies. For each of those (status: child in need, on a plan, in care) the
table sets the children of the 20 and of the 6 beside the focus children (interfaces.md), and the
nomination lists beside the nominated children. A group is flagged by the rule in
``data_contracts/rules/sampling.yml`` (``balance``; :func:`skew_flag`): the yardstick is a random
sample of the same size, which a reader can check by hand; the sample is chosen on purpose, so a
flag is a question for the lead inspector, not an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from math import comb
from typing import TYPE_CHECKING, Any

import polars as pl

from jtai_analysis.catalogue.codes import ListKey
from jtai_analysis.catalogue.labels import caption
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS, AGE_GROUPS, FOCUS_AGE_GROUPS
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.rules import SamplingRules, load_rules
from jtai_analysis.sampling.sample_labels import sheet_names, six_heading, twenty_heading
from jtai_analysis.sampling.sample_tables import sex_words
from jtai_analysis.sampling.twenty_and_six import Chosen

if TYPE_CHECKING:  # sample.py makes the Sample; this module weighs it
    from jtai_analysis.sampling.sample import Sample

DIMENSIONS = ("age_group", "sex", "ethnic_group", "disability", "status", "nomination_list")
COLUMNS: dict[str, type[pl.DataType]] = {
    "dimension": pl.String,
    "dimension_label": pl.String,
    "group": pl.String,
    "group_label": pl.String,
    "compared_with": pl.String,
    "population_children": pl.Int64,
    "population_pct": pl.Float64,
    "expected_in_20": pl.Float64,
    "in_20": pl.Int64,
    "flag_20": pl.String,
    "expected_in_6": pl.Float64,
    "in_6": pl.Int64,
    "flag_6": pl.String,
    "note": pl.String,
}
# A float product such as 20 x 0.05 may land a hair under 1.
_TOLERANCE = 1e-9


def _binomial(k: int, n: int, p: float) -> float:
    return comb(n, k) * p**k * (1 - p) ** (n - k)


def skew_flag(
    count: int, size: int, share: float | None, rules: SamplingRules | None = None
) -> str | None:
    """The flag for ``count`` children of a group in a sample of ``size``, or None.

    Parameters
    ----------
    count
        Children of the group in the sample.
    size
        Children in the sample (20 or 6).
    share
        The group's share of the population compared with (0 to 1); None when not available.

    Returns
    -------
    str or None
        The rules' words for "none in the sample" (``size x share`` at least
        ``min_expected_for_none`` and ``count`` 0), "fewer" or "more than expected" (the
        two-sided binomial probability, twice the smaller tail, below ``significance``), or None.
    """
    if share is None or size == 0:
        return None
    words = (rules or load_rules()).balance
    expected = size * share
    if count == 0 and expected >= words["min_expected_for_none"] - _TOLERANCE:
        return str(words["flags"]["none"])
    at_most = sum(_binomial(k, size, share) for k in range(count + 1))
    at_least = sum(_binomial(k, size, share) for k in range(count, size + 1))
    if min(1.0, 2 * min(at_most, at_least)) >= words["significance"]:
        return None
    return str(words["flags"]["fewer" if count < expected else "more"])


def _as_date(frame: pl.DataFrame, column: str) -> pl.Expr:
    if column not in frame.columns:
        return pl.lit(None, dtype=pl.Date)
    if frame.schema[column] == pl.Date:
        return pl.col(column)
    return pl.col(column).cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def _open_at(frame: pl.DataFrame, start: str, end: str, reference_date: dt.date) -> pl.Expr:
    ended = (_as_date(frame, end) <= reference_date).fill_null(False)
    return (_as_date(frame, start) <= reference_date).fill_null(False) & ~ended


def focus_statuses(
    data: PreparedData, reference_date: dt.date, rules: SamplingRules | None = None
) -> dict[str, str] | None:
    """Child ID -> status code at R (the nominations' codes), or None when Lists 6 or 7 are missing.

    CPP: a List 7 plan open at R; CIC: a List 6 episode open at R whose case status is the rules'
    ``in_care_case_status``; CIN: any other List 6 episode open at R; most involved first
    (``status_order``). A child with none of these is absent (status NONE).
    """
    balance = (rules or load_rules()).balance
    cin, cp = data.frame(ListKey.CIN), data.frame(ListKey.CP)
    if cin is None or cp is None:
        return None
    found: dict[str, set[str]] = {}
    on_plan = cp.filter(_open_at(cp, "cpp_start_date", "cpp_end_date", reference_date))
    for child_id in on_plan["child_id"].drop_nulls().cast(pl.String):
        found.setdefault(child_id, set()).add("CPP")
    in_care = (
        pl.col("case_status") == balance["in_care_case_status"]
        if "case_status" in cin.columns
        else pl.lit(False)
    )
    episodes = cin.filter(_open_at(cin, "cin_start_date", "cin_closure_date", reference_date))
    for row in episodes.select(
        pl.col("child_id").cast(pl.String), in_care.fill_null(False).alias("c")
    ).iter_rows():
        if row[0] is not None:
            found.setdefault(row[0], set()).add("CIC" if row[1] else "CIN")
    order = list(balance["status_order"])
    return {child: min(codes, key=order.index) for child, codes in found.items()}


def _ethnic_groups(catalogue: Catalogue) -> dict[str, str]:
    return {c.code: c.group or c.code for c in catalogue.codelists["ethnicity"].codes}


def focus_population(
    data: PreparedData,
    reference_date: dt.date,
    rules: SamplingRules | None = None,
    catalogue: Catalogue | None = None,
) -> pl.DataFrame:
    """One row per focus child: ``child_id, age_group, sex, ethnic_group, disability, status``.

    Characteristics as the cohort resolves them (:func:`jtai_analysis.model.cohort.children`);
    ``status`` null for every child when Lists 6 or 7 are missing.
    """
    rules = rules or load_rules()
    cohort = children(data, reference_date).filter(pl.col("is_focus"))
    statuses = focus_statuses(data, reference_date, rules)
    groups = _ethnic_groups(catalogue or load_catalogue())

    def text(column: str) -> pl.Expr:
        if column not in cohort.columns:
            return pl.lit(None, dtype=pl.String).alias(column)
        return pl.col(column).cast(pl.String)

    return cohort.select(
        pl.col("child_id").cast(pl.String),
        text("age_group"),
        text("sex"),
        text("ethnicity").replace_strict(groups, default=None).alias("ethnic_group"),
        text("disability"),
        pl.col("child_id")
        .cast(pl.String)
        .replace_strict(statuses or {}, default="NONE" if statuses is not None else None)
        .alias("status"),
    )


def _sample_values(
    chosen: Sequence[Chosen], catalogue: Catalogue
) -> dict[str, list[tuple[str | None, ...]]]:
    """Dimension -> one tuple of groups per child (a child may be on several nomination lists)."""
    groups = _ethnic_groups(catalogue)
    out: dict[str, list[tuple[str | None, ...]]] = {d: [] for d in DIMENSIONS}
    for c in chosen:
        child = c.candidate
        out["age_group"].append((child.age_group,))
        out["sex"].append((child.sex,))
        out["ethnic_group"].append((groups.get(child.ethnicity) if child.ethnicity else None,))
        out["disability"].append((child.disability,))
        out["status"].append((child.status,))
        out["nomination_list"].append(child.lists)
    return out


def _counts(values: Iterable[tuple[str | None, ...]], not_recorded: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for groups in values:
        for group in groups or (None,):
            key = not_recorded if group is None else group
            counts[key] = counts.get(key, 0) + 1
    return counts


def _group_order(dimension: str, balance: dict[str, Any]) -> Callable[[str], tuple[int, int, str]]:
    not_known = set(balance["not_known"].get(dimension, [])) | {balance["not_recorded"]}
    fixed = {"age_group": list(AGE_GROUPS), "status": list(balance["status_order"])}.get(dimension)

    def key(group: str) -> tuple[int, int, str]:
        position = fixed.index(group) if fixed and group in fixed else len(fixed or ())
        return (group in not_known, position, group)

    return key


def _group_label(dimension: str, group: str, rules: SamplingRules) -> str:
    if dimension == "age_group":
        return AGE_GROUP_LABELS.get(group, group)
    if dimension == "sex":
        return sex_words().get(group, group)
    if dimension == "status":
        words = str(rules.reasons["status"].get(group, group))
        return words[:1].upper() + words[1:]
    if dimension == "nomination_list":
        return f"List {group}"
    return group


def balance_table(
    data: PreparedData,
    reference_date: dt.date,
    sample: Sample,
    rules: SamplingRules | None = None,
    catalogue: Catalogue | None = None,
    focus: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The 20 and the 6 beside the focus population, group by group, skews flagged.

    ``focus`` is :func:`focus_population` when already made (the workbench makes it once a
    session and weighs each 20 and 6 the inspector tries against it); None makes it here.

    Returns
    -------
    polars.DataFrame
        One row per dimension (``DIMENSIONS``) and group: ``dimension``, ``dimension_label``,
        ``group`` (the code), ``group_label``, ``compared_with`` (focus children; nominated
        children for the nomination lists), ``population_children``, ``population_pct`` (0-100,
        one decimal), then for the 20 and the 6 ``expected_in_*`` (size x share, one decimal),
        ``in_*`` and ``flag_*`` (:func:`skew_flag`), and ``note`` (why the population is not
        available). Groups that only say a characteristic is not known are never flagged.
    """
    rules = rules or load_rules()
    catalogue = catalogue or load_catalogue()
    balance = rules.balance
    not_recorded = str(balance["not_recorded"])
    if focus is None:
        focus = focus_population(data, reference_date, rules, catalogue)
    nominations = data.frame(ListKey.NOMINATIONS)
    nominated = (
        pl.DataFrame(schema={"child_id": pl.String, "nomination_list": pl.String})
        if nominations is None
        else nominations.select(pl.col("child_id").cast(pl.String), "nomination_list")
        .drop_nulls()
        .unique()
    )
    twenty = _sample_values(sample.twenty, catalogue)
    six = _sample_values(sample.six, catalogue)
    records = []
    for dimension in DIMENSIONS:
        is_lists = dimension == "nomination_list"
        if is_lists:
            population: dict[str, int] | None = _counts(
                ((g,) for g in nominated["nomination_list"]), not_recorded
            )
            total = nominated["child_id"].n_unique()
            note = None
        else:
            population = _counts(((g,) for g in focus[dimension]), not_recorded)
            total = focus.height
            note = None if total else str(balance["not_available"])
            if dimension == "status" and total and focus["status"].null_count() == total:
                note = str(balance["status_not_available"])
        if note is not None:
            population, total = None, 0
        in_20 = _counts(twenty[dimension], not_recorded)
        in_6 = _counts(six[dimension], not_recorded)
        always = {
            "age_group": FOCUS_AGE_GROUPS,
            "status": balance["status_order"],
            "nomination_list": rules.letters,
        }.get(dimension, ())
        groups = set(always) | set(population or {}) | set(in_20) | set(in_6)
        not_known = set(balance["not_known"].get(dimension, [])) | {not_recorded}
        for group in sorted(groups, key=_group_order(dimension, balance)):
            count = None if population is None else population.get(group, 0)
            share = None if count is None or not total else count / total
            flaggable = share if group not in not_known else None
            record: dict[str, object] = {
                "dimension": dimension,
                "dimension_label": balance["dimensions"][dimension],
                "group": group,
                "group_label": _group_label(dimension, group, rules),
                "compared_with": balance["compared_with"]["nominated" if is_lists else "focus"],
                "population_children": count,
                "population_pct": None if share is None else round(100 * share, 1),
                "note": note,
            }
            for name, chosen, counts in (("20", sample.twenty, in_20), ("6", sample.six, in_6)):
                size = len(chosen)
                record[f"expected_in_{name}"] = None if share is None else round(size * share, 1)
                record[f"in_{name}"] = counts.get(group, 0)
                record[f"flag_{name}"] = skew_flag(counts.get(group, 0), size, flaggable, rules)
            records.append(record)
    return pl.DataFrame(records, schema=COLUMNS)


def balance_for_readers(
    table: pl.DataFrame, sample: Sample, rules: SamplingRules | None = None
) -> pl.DataFrame:
    """:func:`balance_table` with the rules' headings, naming the 20 and the 6 as proposed or chosen
    (``In the proposed 20``, ``In the chosen 20``)."""
    words = (rules or load_rules()).balance["headings"]
    twenty, six, _ = sheet_names(sample, rules)
    names = {"twenty": twenty.lower(), "six": six.lower()}
    return table.select(
        pl.col(column).alias(str(heading).format(**names)) for column, heading in words.items()
    )


def balance_heading(sample: Sample, rules: SamplingRules | None = None) -> str:
    """The table's caption, the same in the pack and the workbench: ``The proposed 20 and the
    proposed 6 beside the focus children, skews flagged``."""
    twenty, six = twenty_heading(sample, rules), six_heading(sample, rules)
    return caption("balance", twenty=twenty, six=six.lower())


def balance_rule(rules: SamplingRules | None = None) -> str:
    """The flagging rule in words, for a note beside the table."""
    return str((rules or load_rules()).balance["rule"]).strip()
