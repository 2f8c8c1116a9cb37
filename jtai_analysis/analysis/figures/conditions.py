"""The small vocabulary figure definitions are written in: conditions on a list's rows.

A condition is one YAML mapping with one key (``{in_window: referral_date}``,
``{equals: {referral_nfa: Yes}}``, ``{all: [...]}``). Each becomes a polars expression over a
list's row table (:mod:`.row_tables`) and says what it needs: the columns it reads (so availability
is computed, never written by hand), the child attributes, child sets and other lists it uses, the
dates that decide it (shown beside the children behind a figure) and its meaning in words.

Null is meaningful: a condition on a blank cell is null, not False. In ``rows`` a null row is not
counted; in ``hit`` it is left out and the figure's note says how many (``unreadable``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl

from jtai_analysis.common.derive import months_before
from jtai_analysis.common.workdays import working_days_series

REFERENCE = "reference"  # ``to: reference`` in a working-days condition: the reference date R


@dataclass(frozen=True)
class Need:
    """A column a condition reads: it must exist, and with ``has_values`` hold a readable value."""

    column: str
    has_values: bool = True


@dataclass(frozen=True)
class Scope:
    """What a condition is judged against: the window, the named code and child sets, other lists."""

    window_start: dt.date
    reference_date: dt.date
    code_sets: Mapping[str, tuple[str, ...]]
    child_sets: Mapping[str, frozenset[str]]
    tables: Mapping[str, pl.DataFrame]  # every list's row table (for ``child_on``)


class Condition:
    """Base of the vocabulary. Subclasses override what they use."""

    def expr(self, scope: Scope) -> pl.Expr:
        raise NotImplementedError

    def needs(self) -> tuple[Need, ...]:
        return ()

    def attributes(self) -> frozenset[str]:
        return frozenset()

    def child_sets(self) -> frozenset[str]:
        return frozenset()

    def other_lists(self) -> tuple[tuple[str, Condition | None], ...]:
        """Lists a condition looks into (``child_on``), with the condition on their rows."""
        return ()

    def dates(self) -> tuple[str, ...]:
        """Date columns of the list that decide the condition."""
        return tuple(n.column for n in self.needs() if n.column.endswith("_date"))

    def words(self, header: Any) -> str:
        raise NotImplementedError


def child_attribute_column(attribute: str) -> str:
    """The row-table column holding a child attribute (see :mod:`.row_tables`)."""
    return f"_child_{attribute}"


@dataclass(frozen=True)
class OnColumn(Condition):
    """A condition on one column of the row, which must hold a readable value (a blank cell makes
    the condition null), unless a blank is itself an answer (``is_blank_an_answer``)."""

    column: str
    is_blank_an_answer: ClassVar[bool] = False

    def needs(self) -> tuple[Need, ...]:
        return (Need(self.column, has_values=not self.is_blank_an_answer),)


@dataclass(frozen=True)
class Every(Condition):
    """Every valid row (the absent ``rows`` of a definition)."""

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.lit(True)

    def words(self, header: Any) -> str:
        return "every valid row"


@dataclass(frozen=True)
class InWindow(OnColumn):
    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column).is_between(scope.window_start, scope.reference_date)

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' is in the window"


@dataclass(frozen=True)
class OnOrBeforeReference(OnColumn):
    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column) <= scope.reference_date

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' on or before the reference date"


@dataclass(frozen=True)
class OpenAtReference(Condition):
    """Started on or before R and not ended on or before R (a blank end is open)."""

    start: str
    end: str

    def expr(self, scope: Scope) -> pl.Expr:
        return (pl.col(self.start) <= scope.reference_date) & (
            pl.col(self.end).is_null() | (pl.col(self.end) > scope.reference_date)
        )

    def needs(self) -> tuple[Need, ...]:
        return (Need(self.start), Need(self.end, has_values=False))

    def words(self, header: Any) -> str:
        return (
            f"open at the reference date ('{header(self.start)}' on or before it, "
            f"'{header(self.end)}' blank or after it)"
        )


@dataclass(frozen=True)
class NotEndedByReference(OnColumn):
    """No end on or before R (a blank end, or one after R)."""

    is_blank_an_answer = True

    def expr(self, scope: Scope) -> pl.Expr:
        return ~(pl.col(self.column) <= scope.reference_date).fill_null(False)

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' blank or after the reference date"


@dataclass(frozen=True)
class Blank(OnColumn):
    is_blank_an_answer = True

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column).is_null()

    def dates(self) -> tuple[str, ...]:
        return ()

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' blank"


@dataclass(frozen=True)
class NotBlank(OnColumn):
    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column).is_not_null()

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' given"


@dataclass(frozen=True)
class Equals(OnColumn):
    code: str

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column) == self.code

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' is {self.code}"


@dataclass(frozen=True)
class OneOf(OnColumn):
    """The column holds one of the codes (a named code set of the registry, or a list)."""

    codes: tuple[str, ...] = ()
    code_set: str = ""

    def expr(self, scope: Scope) -> pl.Expr:
        codes = list(scope.code_sets[self.code_set] if self.code_set else self.codes)
        # a blank cell stays null (left out), any other code is not one of them
        return (
            pl.when(pl.col(self.column).is_null())
            .then(None)
            .otherwise(pl.col(self.column).is_in(codes))
        )

    def words(self, header: Any) -> str:
        what = f"a {self.code_set} code" if self.code_set else f"one of {', '.join(self.codes)}"
        return f"'{header(self.column)}' is {what}"


_COMPARE = {
    "at_least": (lambda c, n: c >= n, "at least"),
    "at_most": (lambda c, n: c <= n, "at most"),
    "more_than": (lambda c, n: c > n, "more than"),
    "less_than": (lambda c, n: c < n, "less than"),
}


@dataclass(frozen=True)
class Compare(OnColumn):
    operator: str
    number: float

    def expr(self, scope: Scope) -> pl.Expr:
        return _COMPARE[self.operator][0](pl.col(self.column), self.number)

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' {_COMPARE[self.operator][1]} {self.number:g}"


def working_days_expr(start: str, end: str, scope: Scope) -> pl.Expr:
    """Working days from ``start`` to ``end`` (a column, or ``reference`` for R); null if a date is."""
    last = pl.lit(scope.reference_date).alias("_end") if end == REFERENCE else pl.col(end)
    return pl.struct(pl.col(start).alias("_start"), last.alias("_end")).map_batches(
        lambda s: working_days_series(
            s.struct.field("_start"), s.struct.field("_end").cast(pl.Date)
        ),
        return_dtype=pl.Int64,
    )


@dataclass(frozen=True)
class WorkingDays(Condition):
    """Working days from one date to another (or to R) compared with a number."""

    start: str
    end: str
    operator: str
    days: int

    def expr(self, scope: Scope) -> pl.Expr:
        return _COMPARE[self.operator][0](working_days_expr(self.start, self.end, scope), self.days)

    def needs(self) -> tuple[Need, ...]:
        ends = () if self.end == REFERENCE else (Need(self.end),)
        return (Need(self.start), *ends)

    def words(self, header: Any) -> str:
        end = "the reference date" if self.end == REFERENCE else f"'{header(self.end)}'"
        return (
            f"{_COMPARE[self.operator][1]} {self.days} working days from "
            f"'{header(self.start)}' to {end}"
        )


@dataclass(frozen=True)
class RowsPerChildAtLeast(Condition):
    """The child has at least ``count`` of the rows counted."""

    count: int

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.len().over("child_id") >= self.count

    def needs(self) -> tuple[Need, ...]:
        return (Need("child_id"),)

    def words(self, header: Any) -> str:
        return f"the child has {self.count} or more of these rows"


@dataclass(frozen=True)
class BeforeBirth(OnColumn):
    """The row's date is before the child's date of birth (work before the birth, issue 25)."""

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column) < pl.col(child_attribute_column("date_of_birth"))

    def attributes(self) -> frozenset[str]:
        return frozenset({"date_of_birth"})

    def words(self, header: Any) -> str:
        return f"'{header(self.column)}' is before the child's date of birth"


@dataclass(frozen=True)
class BornAfterWindowStart(Condition):
    """The child's date of birth is after the window's first day: a pregnancy in the window,
    whether or not the baby has been born by R."""

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(child_attribute_column("date_of_birth")) > scope.window_start

    def attributes(self) -> frozenset[str]:
        return frozenset({"date_of_birth"})

    def words(self, header: Any) -> str:
        return "the child's date of birth is after the window's first day"


@dataclass(frozen=True)
class FirstForChild(OnColumn):
    """The row carries the child's earliest date in the column (among all the list's rows)."""

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.column) == pl.col(self.column).min().over("child_id")

    def needs(self) -> tuple[Need, ...]:
        return (Need(self.column), Need("child_id"))

    def words(self, header: Any) -> str:
        return f"the child's earliest '{header(self.column)}'"


@dataclass(frozen=True)
class MonthsBeforeReference(OnColumn):
    """A date compared with R less some calendar months (same day number, or the month's last):
    ``within`` on or after it, ``more_than`` before it. Blank stays blank."""

    months: int
    is_within: bool

    def expr(self, scope: Scope) -> pl.Expr:
        edge = months_before(scope.reference_date, self.months)
        return pl.col(self.column) >= edge if self.is_within else pl.col(self.column) < edge

    def words(self, header: Any) -> str:
        how = "within the" if self.is_within else "more than"
        return f"'{header(self.column)}' is {how} {self.months} months before the reference date"


@dataclass(frozen=True)
class MonthsBetweenAtLeast(Condition):
    """At least ``months`` calendar months from one date to another (a plan's length)."""

    start: str
    end: str
    months: int

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col(self.end) >= pl.col(self.start).dt.offset_by(f"{self.months}mo")

    def needs(self) -> tuple[Need, ...]:
        return (Need(self.start), Need(self.end))

    def words(self, header: Any) -> str:
        return f"at least {self.months} months from '{header(self.start)}' to '{header(self.end)}'"


@dataclass(frozen=True)
class ChildIs(Condition):
    """The child's attributes (one value a child, from the cohort): each one of the values given.

    Null where an attribute is unknown for the child (no readable date of birth, say).
    """

    wanted: tuple[tuple[str, tuple[str, ...]], ...]

    def expr(self, scope: Scope) -> pl.Expr:
        parts = [
            pl.col(child_attribute_column(name)).is_in(list(values)) for name, values in self.wanted
        ]
        return pl.all_horizontal(parts) if len(parts) > 1 else parts[0]

    def attributes(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.wanted)

    def dates(self) -> tuple[str, ...]:
        return ()

    def words(self, header: Any) -> str:
        return " and ".join(
            f"the child's {n.replace('_', ' ')} is {' or '.join(v)}" for n, v in self.wanted
        )


@dataclass(frozen=True)
class ChildInSet(Condition):
    """The child is in a named set of children computed for the run (the 20, the 6, ...)."""

    name: str

    def expr(self, scope: Scope) -> pl.Expr:
        return pl.col("child_id").is_in(sorted(scope.child_sets[self.name]))

    def child_sets(self) -> frozenset[str]:
        return frozenset({self.name})

    def words(self, header: Any) -> str:
        return f"the child is in {self.name.replace('_', ' ')}"


@dataclass(frozen=True)
class ChildOn(Condition):
    """The child has a valid row of another list (meeting a condition on that list's rows)."""

    list_key: str
    where: Condition | None = None

    def expr(self, scope: Scope) -> pl.Expr:
        table = scope.tables[self.list_key]
        if self.where is not None:
            table = table.filter(self.where.expr(scope).fill_null(False))
        ids = table["child_id"].drop_nulls().unique().to_list()
        return pl.col("child_id").is_in(ids)

    def other_lists(self) -> tuple[tuple[str, Condition | None], ...]:
        return ((self.list_key, self.where),)

    def dates(self) -> tuple[str, ...]:
        return ()

    def words(self, header: Any) -> str:
        where = f" with {self.where.words(header)}" if self.where is not None else ""
        return f"the child has a row of {self.list_key}{where}"


@dataclass(frozen=True)
class Combined(Condition):
    """``all`` (every part holds) or ``any`` (at least one does), with polars' null logic."""

    parts: tuple[Condition, ...]
    is_all: bool = True

    def expr(self, scope: Scope) -> pl.Expr:
        exprs = [p.expr(scope) for p in self.parts]
        return pl.all_horizontal(exprs) if self.is_all else pl.any_horizontal(exprs)

    def needs(self) -> tuple[Need, ...]:
        return tuple(n for p in self.parts for n in p.needs())

    def attributes(self) -> frozenset[str]:
        return frozenset().union(*(p.attributes() for p in self.parts))

    def child_sets(self) -> frozenset[str]:
        return frozenset().union(*(p.child_sets() for p in self.parts))

    def other_lists(self) -> tuple[tuple[str, Condition | None], ...]:
        return tuple(o for p in self.parts for o in p.other_lists())

    def dates(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d for p in self.parts for d in p.dates()))

    def words(self, header: Any) -> str:
        joiner = " and " if self.is_all else " or "
        return joiner.join(p.words(header) for p in self.parts)


@dataclass(frozen=True)
class Negated(Condition):
    part: Condition

    def expr(self, scope: Scope) -> pl.Expr:
        return ~self.part.expr(scope)

    def needs(self) -> tuple[Need, ...]:
        return self.part.needs()

    def attributes(self) -> frozenset[str]:
        return self.part.attributes()

    def child_sets(self) -> frozenset[str]:
        return self.part.child_sets()

    def other_lists(self) -> tuple[tuple[str, Condition | None], ...]:
        return self.part.other_lists()

    def dates(self) -> tuple[str, ...]:
        return self.part.dates()

    def words(self, header: Any) -> str:
        return f"not ({self.part.words(header)})"


class ConditionError(ValueError):
    """A condition the vocabulary does not know, or written the wrong way."""


def _one_pair(value: Any, word: str) -> tuple[str, Any]:
    if not isinstance(value, Mapping) or len(value) != 1:
        raise ConditionError(f"'{word}' takes one COLUMN: VALUE pair, not {value!r}")
    ((column, item),) = value.items()
    return str(column), item


def _working_days(word: str, value: Any) -> Condition:
    operator = word.removeprefix("working_days_")
    if not isinstance(value, Mapping) or set(value) != {"from", "to", "days"}:
        raise ConditionError(f"'{word}' takes from, to and days, not {value!r}")
    return WorkingDays(str(value["from"]), str(value["to"]), operator, int(value["days"]))


def _one_of(value: Any) -> Condition:
    column, codes = _one_pair(value, "one_of")
    if isinstance(codes, str):
        return OneOf(column, code_set=codes)
    return OneOf(column, codes=tuple(str(c) for c in codes))


def _child(value: Any) -> Condition:
    if not isinstance(value, Mapping) or not value:
        raise ConditionError(f"'child' takes ATTRIBUTE: [VALUES] pairs, not {value!r}")
    return ChildIs(
        tuple(
            (str(name), tuple(str(v) for v in (vs if isinstance(vs, list) else [vs])))
            for name, vs in value.items()
        )
    )


def _child_on(value: Any) -> Condition:
    if isinstance(value, str):
        return ChildOn(value)
    if not isinstance(value, Mapping) or "list" not in value or set(value) - {"list", "where"}:
        raise ConditionError(f"'child_on' takes a list and an optional where, not {value!r}")
    where = value.get("where")
    return ChildOn(str(value["list"]), parse_condition(where) if where is not None else None)


def _combined(value: Any, is_all: bool) -> Condition:
    if not isinstance(value, list) or not value:
        raise ConditionError(f"'{'all' if is_all else 'any'}' takes a list of conditions")
    return Combined(tuple(parse_condition(v) for v in value), is_all)


def _months_before(value: Any, is_within: bool) -> Condition:
    word = "within_months_before_reference" if is_within else "more_than_months_before_reference"
    column, months = _one_pair(value, word)
    return MonthsBeforeReference(column, int(months), is_within)


def _months_between(value: Any) -> Condition:
    if not isinstance(value, Mapping) or set(value) != {"from", "to", "months"}:
        raise ConditionError(f"'months_between_at_least' takes from, to and months, not {value!r}")
    return MonthsBetweenAtLeast(str(value["from"]), str(value["to"]), int(value["months"]))


def _compare(word: str, value: Any) -> Condition:
    column, number = _one_pair(value, word)
    return Compare(column, word, float(number))


VOCABULARY: dict[str, Any] = {
    "in_window": lambda v: InWindow(str(v)),
    "on_or_before_reference": lambda v: OnOrBeforeReference(str(v)),
    "open_at_reference": lambda v: OpenAtReference(str(v["start"]), str(v["end"])),
    "not_ended_by_reference": lambda v: NotEndedByReference(str(v)),
    "blank": lambda v: Blank(str(v)),
    "not_blank": lambda v: NotBlank(str(v)),
    "equals": lambda v: Equals(*(str(x) for x in _one_pair(v, "equals"))),
    "one_of": _one_of,
    "at_least": lambda v: _compare("at_least", v),
    "at_most": lambda v: _compare("at_most", v),
    "more_than": lambda v: _compare("more_than", v),
    "less_than": lambda v: _compare("less_than", v),
    "working_days_at_most": lambda v: _working_days("working_days_at_most", v),
    "working_days_more_than": lambda v: _working_days("working_days_more_than", v),
    "rows_per_child_at_least": lambda v: RowsPerChildAtLeast(int(v)),
    "before_birth": lambda v: BeforeBirth(str(v)),
    "born_after_window_start": lambda v: BornAfterWindowStart(),
    "first_for_child": lambda v: FirstForChild(str(v)),
    "within_months_before_reference": lambda v: _months_before(v, True),
    "more_than_months_before_reference": lambda v: _months_before(v, False),
    "months_between_at_least": _months_between,
    "child": _child,
    "child_in_set": lambda v: ChildInSet(str(v)),
    "child_on": _child_on,
    "all": lambda v: _combined(v, True),
    "any": lambda v: _combined(v, False),
    "not": lambda v: Negated(parse_condition(v)),
}


def parse_condition(value: Any) -> Condition:
    """One condition from its YAML form (a mapping with one vocabulary word as its key)."""
    if isinstance(value, Condition):
        return value
    if not isinstance(value, Mapping) or len(value) != 1:
        raise ConditionError(
            f"a condition is one mapping with one of {', '.join(VOCABULARY)}; got {value!r}"
        )
    ((word, argument),) = value.items()
    if word not in VOCABULARY:
        raise ConditionError(f"'{word}' is not a condition (known: {', '.join(VOCABULARY)})")
    try:
        return VOCABULARY[word](argument)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ConditionError):
            raise
        raise ConditionError(f"'{word}' cannot read {argument!r} ({error})") from error
