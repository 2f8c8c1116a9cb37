"""The kinds of table rule a list contract may state, declared once.

A contract's rule reads ``check: {KIND: VALUE}``: ``{order: {start: referral_date, end: ...}}``,
``{not_weekend: icpc_date}``. Each kind below is a model of its value (a one-word or list value
fills the field its class names in ``bare``) and says which columns and lists it names, so a
contract that names a column or list that does not exist fails at load. ``validation/rules.py``
implements each kind once (a test checks that every kind here has exactly one implementation).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args

from pydantic import Field, field_validator

from jtai_analysis.catalogue.checked_yaml import FrozenModel, Prose

Severity = Literal["error", "warning"]
Kind = TypeVar("Kind", bound="RuleCheck")


class RuleCheck(FrozenModel):
    """What one kind of rule checks. Subclasses set ``kind`` and their value's fields."""

    kind: str
    # The field a one-word or list value fills (`not_weekend: icpc_date`); None: a mapping only.
    bare: ClassVar[str | None] = None

    def columns(self) -> tuple[str, ...]:
        """Columns of the rule's own list that the rule reads."""
        return ()

    def lists(self) -> tuple[str, ...]:
        """Other lists (by key) that the rule compares with."""
        return ()

    def other_columns(self) -> tuple[tuple[str, str], ...]:
        """(list key, column key) of the other lists' columns that the rule reads."""
        return ()


class NotAfterReference(RuleCheck):
    """Dates not after the reference date (the day the lists were extracted)."""

    kind: Literal["not_after_reference"] = "not_after_reference"
    bare: ClassVar[str | None] = "dates"
    dates: tuple[str, ...]

    def columns(self) -> tuple[str, ...]:
        return self.dates


class Order(RuleCheck):
    """One date not before another in the same row (an end not before its start)."""

    kind: Literal["order"] = "order"
    start: str
    end: str

    def columns(self) -> tuple[str, ...]:
        return (self.start, self.end)


class NotWeekend(RuleCheck):
    """A date that is not a Saturday or Sunday."""

    kind: Literal["not_weekend"] = "not_weekend"
    bare: ClassVar[str | None] = "date"
    date: str

    def columns(self) -> tuple[str, ...]:
        return (self.date,)


class NotMoreThanWeeksBeforeBirth(RuleCheck):
    """A date at most ``weeks`` weeks before the date of birth (a pregnancy, not earlier)."""

    kind: Literal["not_more_than_weeks_before_birth"] = "not_more_than_weeks_before_birth"
    column: str
    weeks: int

    def columns(self) -> tuple[str, ...]:
        return (self.column, "date_of_birth")


class AgeMatchesDateOfBirth(RuleCheck):
    """The age column agrees with the date of birth at the reference date, within a tolerance."""

    kind: Literal["age_matches_date_of_birth"] = "age_matches_date_of_birth"
    tolerance_years: int = 1

    def columns(self) -> tuple[str, ...]:
        return ("age", "date_of_birth")


class NoDuplicateRows(RuleCheck):
    """No row repeats an earlier one (Annex A lists: in every column; templates: in their key)."""

    kind: Literal["no_duplicate_rows"] = "no_duplicate_rows"
    bare: ClassVar[str | None] = "enabled"
    enabled: Literal[True] = True


class PlanStartsOnConference(RuleCheck):
    """A conference that resulted in a plan has a plan in another list starting that day."""

    kind: Literal["plan_starts_on_conference"] = "plan_starts_on_conference"
    conference_date: str
    resulted_in_plan: str
    plans_in: str  # the list of plans
    plan_start: str  # its plan start date column

    def columns(self) -> tuple[str, ...]:
        return (self.conference_date, self.resulted_in_plan, "child_id")

    def lists(self) -> tuple[str, ...]:
        return (self.plans_in,)

    def other_columns(self) -> tuple[tuple[str, str], ...]:
        return ((self.plans_in, self.plan_start), (self.plans_in, "child_id"))


class ChildInList(RuleCheck):
    """The row's child is also in another list."""

    kind: Literal["child_in_list"] = "child_in_list"
    bare: ClassVar[str | None] = "list_key"
    list_key: str

    def columns(self) -> tuple[str, ...]:
        return ("child_id",)

    def lists(self) -> tuple[str, ...]:
        return (self.list_key,)

    def other_columns(self) -> tuple[tuple[str, str], ...]:
        return ((self.list_key, "child_id"),)


# The one declaration of the kinds: a rule's check is one of these, told apart by its kind.
AnyRuleCheck = Annotated[
    NotAfterReference
    | Order
    | NotWeekend
    | NotMoreThanWeeksBeforeBirth
    | AgeMatchesDateOfBirth
    | NoDuplicateRows
    | PlanStartsOnConference
    | ChildInList,
    Field(discriminator="kind"),
]
RULE_KINDS: dict[str, type[RuleCheck]] = {
    get_args(kind.model_fields["kind"].annotation)[0]: kind
    for kind in get_args(get_args(AnyRuleCheck)[0])
}


class Rule(FrozenModel):
    """A table rule of a list: what it checks, how serious a breach is, and why it matters."""

    id: str
    severity: Severity
    check: AnyRuleCheck
    reason: Prose

    @property
    def kind(self) -> str:
        return self.check.kind

    def check_of(self, kind: type[Kind]) -> Kind:
        """The rule's check, typed as ``kind`` (a rule implementation asks for the kind it implements)."""
        if not isinstance(self.check, kind):
            raise TypeError(f"rule {self.id!r} checks {self.check.kind!r}, not {kind.__name__}")
        return self.check

    @field_validator("check", mode="before")
    @classmethod
    def _kind_and_value(cls, check: Any) -> Any:
        """``{order: {start: a, end: b}}`` -> ``{kind: order, start: a, end: b}``."""
        if not isinstance(check, dict) or len(check) != 1:
            raise ValueError(
                "a check is one `kind: value` pair, such as `{not_weekend: icpc_date}`"
            )
        ((kind, value),) = check.items()
        if isinstance(value, dict):
            return {**value, "kind": kind}
        known = RULE_KINDS.get(kind)
        if known is None:  # refused by the union, which names the kinds there are
            return {"kind": kind}
        if known.bare is None:
            raise ValueError(f"a `{kind}` check takes keys and values, not {value!r}")
        return {"kind": kind, known.bare: value}
