"""Turn a list's contract into checks: a Great Expectations expectation per check, the polars helper
column it reads (where the check needs one), and how to word a finding in plain English.

Column checks come from each column's contract entry (``column_rules`` in ``_shared.yml``: the
column is present, not blank, readable, not negative); table checks from the list's ``rules``.
Helper columns are computed once in polars (vectorised); Great Expectations then checks them,
so every rule runs through GX and its result maps back to a row by ``_row_id``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from jtai_analysis.catalogue import rule_kinds as kinds
from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.lists import Catalogue, Column, ListContract, Rule
from jtai_analysis.common.derive import age_years_expr

ROW_ID = "_row_id"
HELPER_VALUE = "_helper_value"  # a check's helper value for the row, when a message names it
RAW_PREFIX = "raw__"
REFERENCE_PARAMETER = "reference_date"
FAMILY_SEPARATOR = "|"
# Findings name a row's value with these phrasings; {value} is the cell as the local area typed it.
Describe = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class CheckContext:
    """What checks may look at beyond the list itself."""

    reference_date: dt.date
    other_lists: dict[str, pl.DataFrame] = field(default_factory=dict)  # typed frames by list key
    # column key -> header as the local area wrote it
    headers: dict[str, str] = field(default_factory=dict)
    absent: frozenset[str] = frozenset()  # columns missing from the list's header row
    grouped: bool = True  # False: one expectation per column and date (the hand-written GX form)

    def header(self, contract: ListContract, key: str) -> str:
        """The header a person will recognise: as written in their sheet, else the official one."""
        return self.headers.get(key, contract.column(key).header)


@dataclass(frozen=True)
class Member:
    """One column of a grouped check: why it matters and how serious a failure is."""

    reason: str
    severity: str


@dataclass(frozen=True)
class Check:
    """One check of one list, ready for Great Expectations.

    A grouped check covers several columns with one expectation: its helper column names the
    columns that fail in each row (``members`` says why each matters and how serious it is).
    """

    rule_id: str
    severity: str
    reason: str
    column: str | None  # the column a finding points at (None: the whole row, or a grouped check)
    expectation: dict[str, Any]  # {"type": ..., "kwargs": {...}}
    helper: tuple[str, pl.Expr] | None = None  # helper column name and how to compute it
    describe: Describe | None = None  # the start of a finding's message, from the row's raw values
    members: dict[str, Member] = field(default_factory=dict)  # grouped check: column key -> member
    member_rule: Callable[[str], str] | None = None  # grouped check: column key -> rule id
    opening: Callable[[str, str, dict[str, Any]], str] | None = (
        None  # (key, header, row) -> opening
    )

    @property
    def is_grouped(self) -> bool:
        return bool(self.members)

    def split(
        self, failing: str, row: dict[str, Any], headers: dict[str, str]
    ) -> list[tuple[str, str, str, Member]]:
        """For a grouped check: (rule id, column key, opening, member) per failing column of a row."""
        assert self.member_rule is not None and self.opening is not None
        out = []
        for key in failing.split(FAMILY_SEPARATOR):
            out.append(
                (
                    self.member_rule(key),
                    key,
                    self.opening(key, headers[key], row),
                    self.members[key],
                )
            )
        return out

    def uses_columns(self) -> list[str]:
        kwargs = self.expectation["kwargs"]
        return [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]


def _raw(key: str) -> str:
    return f"{RAW_PREFIX}{key}"


def _quoted(value: Any) -> str:
    return f"'{value}'" if value not in (None, "") else "(blank)"


def _kind_of(column: Column, contract: ListContract | None = None) -> str:
    if column.type == "code" and column.codes in ("yes_no", "yes_no_unknown", "referral_nfa"):
        return "yes_no"
    if contract is not None and column.key == contract.key_date:
        return "key_date"
    return column.type


def _failing_columns(conditions: dict[str, pl.Expr]) -> pl.Expr:
    """The keys whose condition holds in a row, joined by ``|``; null when none holds."""
    parts = [pl.when(condition).then(pl.lit(key)) for key, condition in conditions.items()]
    joined = pl.concat_str(parts, separator=FAMILY_SEPARATOR, ignore_nulls=True)
    return pl.when(joined != "").then(joined)


def column_checks(
    contract: ListContract,
    catalogue: Catalogue,
    *,
    grouped: bool = True,
    absent: frozenset[str] = frozenset(),
) -> list[Check]:
    """Checks every column gets from its contract entry: present values, readable values, no negatives.

    Grouped (the default), each family is one expectation over a helper column naming the columns
    that fail in a row: GX's cost is per expectation, so this keeps validation fast while findings
    still name each column with its own reason and severity (see :meth:`Check.split`).
    """
    rules = catalogue.column_rules
    families: dict[str, dict[str, tuple[pl.Expr, Member]]] = {}
    for column in contract.columns:
        key = column.key
        if key in absent:  # reported once, at the header row, as a missing column
            continue
        kind = _kind_of(column, contract)
        if not column.blank:
            policy = rules.not_blank[
                kind if kind in ("id", "key_date") else "date" if column.type == "date" else "other"
            ]
            families.setdefault("not_blank", {})[key] = (
                pl.col(_raw(key)).is_null(),
                Member(policy.reason, policy.severity),
            )
        if kind in rules.readable:
            policy = rules.readable[kind]
            condition = pl.col(_raw(key)).is_not_null() & pl.col(key).is_null()
            families.setdefault("readable", {})[key] = (
                condition,
                Member(policy.reason, policy.severity),
            )
        if column.type == "id" and rules.plausible_id is not None:
            id_policy = rules.plausible_id
            families.setdefault("plausible_id", {})[key] = (
                pl.col(_raw(key)).is_not_null()
                & ~pl.col(_raw(key)).str.contains(id_policy.pattern),
                Member(id_policy.reason, id_policy.severity),
            )
        if column.type == "integer":
            policy = rules.not_negative
            families.setdefault("not_negative", {})[key] = (
                pl.col(key) < 0,
                Member(policy.reason, policy.severity),
            )
    checks = []
    for family, members in families.items():
        if not grouped:
            checks.extend(_single_column_checks(contract, family, members))
            continue
        checks.append(
            _grouped_check(
                rule_id=f"{contract.key}.{family}",
                helper=family,
                members=members,
                member_rule=lambda key, f=family: f"{contract.key}.{key}.{f}",
                opening=lambda key, header, row, f=family: _FAMILY_OPENINGS[f](header, row, key),
            )
        )
    return checks


def _grouped_check(
    rule_id: str,
    helper: str,
    members: dict[str, tuple[pl.Expr, Member]],
    member_rule: Callable[[str], str],
    opening: Callable[[str, str, dict[str, Any]], str],
) -> Check:
    """One expectation for several columns: the helper names the failing columns (null: none fail)."""
    is_error = any(member.severity == "error" for _, member in members.values())
    return Check(
        rule_id=rule_id,
        severity="error" if is_error else "warning",
        reason="each failing column is named in the helper column; reasons per column in meta.columns",
        column=None,
        expectation={"type": "expect_column_values_to_be_null", "kwargs": {"column": helper}},
        helper=(
            helper,
            _failing_columns({key: condition for key, (condition, _) in members.items()}),
        ),
        members={key: member for key, (_, member) in members.items()},
        member_rule=member_rule,
        opening=opening,
    )


def _single_column_checks(
    contract: ListContract, family: str, members: dict[str, tuple[pl.Expr, Member]]
) -> list[Check]:
    """The same checks one expectation per column, as they would be written by hand in GX."""
    checks = []
    for key, (condition, member) in members.items():
        header = contract.column(key).header
        helper: tuple[str, pl.Expr] | None = None
        if family == "not_blank":
            expectation = {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": _raw(key)},
            }
        elif family == "not_negative":
            expectation = {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": key, "min_value": 0},
            }
        else:
            name = f"unreadable__{key}" if family == "readable" else f"{family}__{key}"
            expectation = {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": name, "value_set": [False]},
            }
            helper = (name, condition)
        checks.append(
            Check(
                rule_id=f"{contract.key}.{key}.{family}",
                severity=member.severity,
                reason=member.reason,
                column=key,
                expectation=expectation,
                helper=helper,
                describe=lambda row, h=header, k=key, f=family: _FAMILY_OPENINGS[f](h, row, k),
            )
        )
    return checks


_FAMILY_OPENINGS: dict[str, Callable[[str, dict[str, Any], str], str]] = {
    "not_blank": lambda header, row, key: f"{header} is blank",
    "readable": lambda header, row, key: f"{header} {_quoted(row.get(_raw(key)))}",
    "not_negative": lambda header, row, key: f"{header} {_quoted(row.get(_raw(key)))}",
    "plausible_id": lambda header, row, key: f"{header} {_quoted(row.get(_raw(key)))}",
}


def _rule_check(rule: Rule, **fields: Any) -> Check:
    """A check that carries its contract rule's id, severity and reason."""
    return Check(rule_id=rule.id, severity=rule.severity, reason=rule.reason, **fields)


def _failing_where_set(
    rule: Rule,
    column: str | None,
    helper: str,
    flag: pl.Expr,
    describe: Describe,
) -> list[Check]:
    """The rule's one check: a row fails where ``flag`` (kept as the helper column ``helper``) is
    set; ``describe`` opens the finding, usually with the helper's value (where to look)."""
    return [
        _rule_check(
            rule,
            column=column,
            expectation={"type": "expect_column_values_to_be_null", "kwargs": {"column": helper}},
            helper=(helper, flag),
            describe=describe,
        )
    ]


def _reference_bound() -> dict[str, str]:
    return {"$PARAMETER": REFERENCE_PARAMETER}


def table_checks(contract: ListContract, context: CheckContext) -> list[Check]:
    """Checks from the list's own ``rules`` in its contract."""
    checks: list[Check] = []
    for rule in contract.rules:
        checks.extend(RULE_IMPLEMENTATIONS[type(rule.check)](contract, rule, context))
    return checks


def _not_after_reference(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    """One expectation per rule for all its date columns (GX's cost is per expectation)."""
    dates = rule.check_of(kinds.NotAfterReference).dates
    reference = f"{context.reference_date:%d/%m/%Y}"
    if not context.grouped:
        return [_date_not_after(contract, rule, context, key, reference) for key in dates]
    member = Member(rule.reason, rule.severity)
    members = {key: (pl.col(key) > pl.lit(context.reference_date), member) for key in dates}
    return [
        _grouped_check(
            rule_id=rule.id,
            helper=f"after_reference__{rule.id}",
            members=members,
            member_rule=lambda key: rule.id,
            opening=lambda key, header, row: (
                f"{header} {_quoted(row.get(_raw(key)))} is after the reference date {reference}"
            ),
        )
    ]


def _date_not_after(
    contract: ListContract, rule: Rule, context: CheckContext, key: str, reference: str
) -> Check:
    """The hand-written GX form: a native date bound on one column."""
    header = context.header(contract, key)
    return _rule_check(
        rule,
        column=key,
        expectation={
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": key, "max_value": _reference_bound()},
        },
        describe=lambda row: (
            f"{header} {_quoted(row.get(_raw(key)))} is after the reference date {reference}"
        ),
    )


def _order(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    order = rule.check_of(kinds.Order)
    start, end = order.start, order.end
    start_header, end_header = context.header(contract, start), context.header(contract, end)
    return [
        _rule_check(
            rule,
            column=end,
            expectation={
                "type": "expect_column_pair_values_a_to_be_greater_than_b",
                "kwargs": {
                    "column_A": end,
                    "column_B": start,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            },
            describe=lambda row: (
                f"{end_header} {_quoted(row.get(_raw(end)))} is before {start_header} {_quoted(row.get(_raw(start)))}"
            ),
        )
    ]


def _bounded_helper(
    rule: Rule, key: str, helper: str, expression: pl.Expr, describe: Describe, **bounds: int
) -> list[Check]:
    """A rule that bounds a helper column computed from the row (null helpers are not checked)."""
    return [
        _rule_check(
            rule,
            column=key,
            expectation={
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": helper, **bounds},
            },
            helper=(helper, expression),
            describe=describe,
        )
    ]


def _not_weekend(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    key = rule.check_of(kinds.NotWeekend).date
    header = context.header(contract, key)
    return _bounded_helper(
        rule,
        key,
        f"weekday__{key}",
        pl.col(key).dt.weekday(),  # Monday 1 ... Sunday 7
        lambda row: f"{header} {_quoted(row.get(_raw(key)))} is a Saturday or Sunday",
        min_value=1,
        max_value=5,
    )


def _weeks_before_birth(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    check = rule.check_of(kinds.NotMoreThanWeeksBeforeBirth)
    key, weeks = check.column, check.weeks
    header = context.header(contract, key)
    return _bounded_helper(
        rule,
        key,
        f"days_before_birth__{key}",
        (pl.col("date_of_birth") - pl.col(key)).dt.total_days(),
        lambda row: (
            f"{header} {_quoted(row.get(_raw(key)))} is more than {weeks} weeks before "
            f"the date of birth {_quoted(row.get(_raw('date_of_birth')))}"
        ),
        max_value=weeks * 7,
    )


def _age_matches(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    tolerance = rule.check_of(kinds.AgeMatchesDateOfBirth).tolerance_years
    r = context.reference_date
    header = context.header(contract, "age")
    # The unborn have no age yet: 0 (or -1, as some systems write) is within tolerance of 0.
    expected = (
        pl.when(pl.col("date_of_birth") > pl.lit(r))
        .then(0)
        .otherwise(age_years_expr("date_of_birth", r))
    )
    return _bounded_helper(
        rule,
        "age",
        "age_gap",
        (pl.col("age") - expected).abs(),
        lambda row: (
            f"{header} {_quoted(row.get(_raw('age')))} with date of birth {_quoted(row.get(_raw('date_of_birth')))}"
        ),
        max_value=tolerance,
    )


def _no_duplicates(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    """A row equal to an earlier row in every column; a blank child ID never makes a duplicate.

    The helper holds the earlier row's number (null when the row repeats nothing), so the finding
    can point to it.
    """
    # Annex A lists: equal in every column. The JTAI templates name their own key (one row a child).
    keys = list(contract.column_keys if contract.annex_a.isdigit() else contract.duplicate_key)
    is_repeat = ~pl.struct(keys).is_first_distinct() & pl.col("child_id").is_not_null()
    earlier = pl.col("_row").min().over(keys)
    return _failing_where_set(
        rule,
        None,
        "repeats_earlier_row",
        pl.when(is_repeat).then(earlier),
        lambda row: f"This row repeats row {row.get(HELPER_VALUE)}",
    )


# At most this many of another list's rows are named in one finding; more say "and N more".
_POINTED_ROWS_MAX = 5


def _where_rows_are(
    rows: pl.DataFrame, by: str, note: pl.Expr | None = None
) -> tuple[pl.Series, pl.Series]:
    """Per value of ``by`` in another list's ``rows``: where those rows are, in words.

    Returns (values, text) for ``replace_strict``; the text reads "row 14 (starting 10/03/2026)
    and row 20 of 'List 7'", a sheet at a time, at most ``_POINTED_ROWS_MAX`` rows.
    """
    each = rows.filter(pl.col(by).is_not_null()).select(
        pl.col(by).cast(pl.String).alias("value"),
        "_sheet",
        "_row",
        pl.concat_str(
            [pl.lit("row "), pl.col("_row").cast(pl.String)]
            + ([pl.lit(" ("), note, pl.lit(")")] if note is not None else []),
        ).alias("text"),
    )
    by_sheet = (
        each.sort("value", "_sheet", "_row")
        .group_by("value", "_sheet", maintain_order=True)
        .agg(pl.col("text").head(_POINTED_ROWS_MAX), pl.len().alias("count"))
        .with_columns(
            pl.concat_str(
                [
                    pl.col("text").list.join(", "),
                    pl.when(pl.col("count") > _POINTED_ROWS_MAX)
                    .then(pl.format(" and {} more", pl.col("count") - _POINTED_ROWS_MAX))
                    .otherwise(pl.lit("")),
                    pl.format(" of '{}'", pl.col("_sheet")),
                ]
            ).alias("text")
        )
    )
    joined = by_sheet.group_by("value", maintain_order=True).agg(pl.col("text").str.join("; "))
    return joined["value"], joined["text"]


def _sheets(rows: pl.DataFrame) -> str:
    """The sheets (or CSV files) another list came in, quoted: "'List 7'"."""
    sheets = " or ".join(f"'{sheet}'" for sheet in rows["_sheet"].unique(maintain_order=True))
    return sheets or "that list (it has no rows)"


def _looked_up(key: pl.Expr, found: tuple[pl.Series, pl.Series]) -> pl.Expr:
    values, texts = found
    return key.replace_strict(values, texts, default=None, return_dtype=pl.String)


def _plan_starts_on_conference(
    contract: ListContract, rule: Rule, context: CheckContext
) -> list[Check]:
    """A conference that resulted in a plan, with no plan for the child starting that day.

    The finding depends on another list, so its helper says where to look there (null when the
    plan is found, or the plans' list has not arrived): this child's plans in that list, with
    their start dates, and any plan starting that day whose child ID is blank. Either list may
    hold the mistake.
    """
    # The contract names the columns: the conference date and its outcome here, and the list
    # (and its start date column) where the plan must appear.
    check = rule.check_of(kinds.PlanStartsOnConference)
    conference, outcome = check.conference_date, check.resulted_in_plan
    plan_list, plan_start = check.plans_in, check.plan_start
    plans = context.other_lists.get(plan_list)
    applies = (pl.col(outcome) == YES) & pl.col(conference).is_not_null()
    helper = f"plan_missing_from__{plan_list}"
    if plans is None:  # the plans' list has not arrived: nothing to compare with
        pointer: pl.Expr = pl.lit(None, dtype=pl.String)
    else:
        starts = plans.select(
            pl.concat_str([pl.col("child_id"), pl.col(plan_start).cast(pl.String)], separator="|")
        ).to_series()
        key = pl.concat_str([pl.col("child_id"), pl.col(conference).cast(pl.String)], separator="|")
        is_missing = applies & ~key.is_in(starts.implode()).fill_null(False)
        started = (
            pl.when(pl.col(plan_start).is_not_null())
            .then(pl.lit("starting ") + pl.col(plan_start).dt.strftime("%d/%m/%Y"))
            .otherwise(pl.lit("no readable start date"))
        )
        childs_plans = _looked_up(pl.col("child_id"), _where_rows_are(plans, "child_id", started))
        unnamed = plans.filter(pl.col("child_id").is_null())
        unnamed_that_day = _looked_up(
            pl.col(conference).cast(pl.String), _where_rows_are(unnamed, plan_start)
        )
        pointer = pl.when(is_missing).then(
            pl.concat_str(
                [
                    pl.when(childs_plans.is_not_null())
                    .then(pl.lit("this child's plans are at ") + childs_plans)
                    .otherwise(pl.lit(f"this child is in no row of {_sheets(plans)}")),
                    pl.when(unnamed_that_day.is_not_null())
                    .then(
                        pl.lit("; a plan with no child ID starts that day at ") + unnamed_that_day
                    )
                    .otherwise(pl.lit("")),
                ]
            )
        )
    return _failing_where_set(
        rule,
        outcome,
        helper,
        pointer,
        lambda row: (
            f"Conference on {_quoted(row.get(_raw(conference)))} resulted in a plan; "
            f"{row.get(HELPER_VALUE)}"
        ),
    )


def _child_in_list(contract: ListContract, rule: Rule, context: CheckContext) -> list[Check]:
    """A child who should also be in another list and is not.

    The helper says what that list holds instead (null when the child is there, or the list has
    not arrived): rows with a blank child ID and this child's date of birth may be this child.
    """
    other_list = rule.check_of(kinds.ChildInList).list_key
    other = context.other_lists.get(other_list)
    helper = f"not_in__{other_list}"
    if other is None:
        pointer: pl.Expr = pl.lit(None, dtype=pl.String)
    else:
        ids = other["child_id"].drop_nulls().unique()
        is_missing = pl.col("child_id").is_not_null() & ~pl.col("child_id").is_in(ids.implode())
        unnamed = other.filter(pl.col("child_id").is_null())
        if "date_of_birth" in other.columns and "date_of_birth" in contract.column_keys:
            unnamed_same_birth = _looked_up(
                pl.col("date_of_birth").cast(pl.String),
                _where_rows_are(unnamed, "date_of_birth"),
            )
        else:
            unnamed_same_birth = pl.lit(None, dtype=pl.String)
        pointer = pl.when(is_missing).then(
            pl.concat_str(
                [
                    pl.lit(f"is in no row of {_sheets(other)}"),
                    pl.when(unnamed_same_birth.is_not_null())
                    .then(
                        pl.lit("; a row with no child ID and the same date of birth is at ")
                        + unnamed_same_birth
                    )
                    .otherwise(pl.lit("")),
                ]
            )
        )
    return _failing_where_set(
        rule,
        "child_id",
        helper,
        pointer,
        lambda row: f"Child {_quoted(row.get(_raw('child_id')))} {row.get(HELPER_VALUE)}",
    )


# How each kind of rule the catalogue declares (catalogue/rule_kinds.py) is checked: one function a
# kind (a test holds this to exactly the kinds declared).
RULE_IMPLEMENTATIONS: dict[
    type[kinds.RuleCheck], Callable[[ListContract, Rule, CheckContext], list[Check]]
] = {
    kinds.NotAfterReference: _not_after_reference,
    kinds.Order: _order,
    kinds.NotWeekend: _not_weekend,
    kinds.NotMoreThanWeeksBeforeBirth: _weeks_before_birth,
    kinds.AgeMatchesDateOfBirth: _age_matches,
    kinds.NoDuplicateRows: _no_duplicates,
    kinds.PlanStartsOnConference: _plan_starts_on_conference,
    kinds.ChildInList: _child_in_list,
}


def checks_for(
    contract: ListContract, catalogue: Catalogue, context: CheckContext, *, grouped: bool = True
) -> list[Check]:
    """Every check of a list, column checks first.

    ``grouped=False`` gives the checks one expectation per column and date, as they would be written
    by hand in GX (the benchmark's plain baseline); the findings are the same.
    """
    columns = column_checks(contract, catalogue, grouped=grouped, absent=context.absent)
    return columns + table_checks(contract, replace(context, grouped=grouped))
