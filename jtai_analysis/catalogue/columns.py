"""Columns of a list, the columns that carry names, and the rules every column gets by what it is."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator

from jtai_analysis.catalogue.checked_yaml import FrozenModel, KeyProblem, Prose, Words
from jtai_analysis.catalogue.rule_kinds import Severity
from jtai_analysis.common.text import normalise_header

ColumnType = Literal["id", "date", "integer", "number", "code", "codes", "text"]
COLUMN_TYPES = frozenset(get_args(ColumnType))
WhenShared = Literal["first_of_month", "postcode_sector"]
CODED_TYPES = frozenset({"code", "codes"})


class ColumnSpec(FrozenModel):
    """A column as written in ``_shared.yml``'s ``columns:`` (its key is the key it is filed under)."""

    header: str
    type: ColumnType
    blank: bool = True
    aliases: Words = ()
    codes: str | None = None  # the code list of a `code` or `codes` column
    # The column must be in the list's header row (apart from whether its cells may be blank).
    # Missing a required column is an error for the list; missing an optional one, a warning.
    required: bool = True
    # asked for by the JTAI only: a standard Annex A lacks it
    is_jtai_addition: bool = Field(False, alias="jtai_addition")
    # How a copy that leaves the inspection team degrades it (`jtai clean --degrade`, applied by
    # privacy/degrade.py): a date to the first of its month, a postcode to its sector.
    when_shared: WhenShared | None = None

    @model_validator(mode="after")
    def _codes_of_a_coded_column(self, info: ValidationInfo) -> ColumnSpec:
        codelists = (info.context or {}).get("codelists")
        if self.type in CODED_TYPES and codelists is not None and self.codes not in codelists:
            known = ", ".join(sorted(codelists))
            if self.codes is None:
                raise KeyProblem(
                    "codes", f"a {self.type} column names its code list (one of {known})"
                )
            raise KeyProblem("codes", f"unknown code list {self.codes!r} (one of {known})")
        if self.type not in CODED_TYPES and self.codes is not None:
            raise KeyProblem(
                "codes", f"only code and codes columns have one, not a {self.type} column"
            )
        return self

    def accepted_headers(self) -> tuple[str, ...]:
        """Return the official header and aliases, folded by :func:`normalise_header`."""
        return tuple(dict.fromkeys(normalise_header(h) for h in (self.header, *self.aliases)))


class Column(ColumnSpec):
    """One column of a list: canonical key, official header, accepted aliases, type and code list.

    A list contract writes a column in full (``key:``, ``header:``, ...) or as ``use: KEY`` (the
    shared column filed under KEY, with any key written beside ``use`` in place of the shared one's).
    """

    key: str

    @model_validator(mode="before")
    @classmethod
    def _shared_column(cls, spec: Any, info: ValidationInfo) -> Any:
        if not isinstance(spec, dict) or "use" not in spec:
            return spec
        shared = (info.context or {}).get("shared_columns", {})
        name = spec["use"]
        if name not in shared:
            raise ValueError(f"`use: {name}` names no shared column (one of {', '.join(shared)})")
        return {**shared[name], "key": name, **{k: v for k, v in spec.items() if k != "use"}}


class PersonalColumn(FrozenModel):
    """A column that holds names or addresses: recognised only so ingest can drop it."""

    header: str
    kind: str
    aliases: Words = ()

    def accepted_headers(self) -> tuple[str, ...]:
        return tuple(normalise_header(h) for h in (self.header, *self.aliases))


class Policy(FrozenModel):
    """How serious a column's failing a check is, and why it matters."""

    severity: Severity
    reason: Prose


class PatternPolicy(Policy):
    """A check that a column's text matches a pattern (a child's ID: letters, digits, - _ / .)."""

    pattern: str


# What a column is, for the rules it gets: its type, or a Yes/No code, or the list's key date.
NOT_BLANK_KINDS = ("id", "key_date", "date", "other")
READABLE_KINDS = ("yes_no", "key_date", *sorted(COLUMN_TYPES))


class ColumnRules(FrozenModel):
    """``column_rules:`` in ``_shared.yml``: the checks every column gets from its contract entry."""

    present: Policy
    present_optional: Policy
    not_blank: dict[str, Policy]  # by NOT_BLANK_KINDS, every one
    readable: dict[str, Policy]  # by READABLE_KINDS: a kind not named is not checked
    not_negative: Policy
    plausible_id: PatternPolicy | None = None

    @field_validator("not_blank", "readable")
    @classmethod
    def _by_kind(cls, policies: dict[str, Policy], info: ValidationInfo) -> dict[str, Policy]:
        kinds = NOT_BLANK_KINDS if info.field_name == "not_blank" else READABLE_KINDS
        unknown = [kind for kind in policies if kind not in kinds]
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r} (one of {', '.join(kinds)})")
        missing = [kind for kind in kinds if kind not in policies]
        if info.field_name == "not_blank" and missing:
            raise ValueError(f"lacks {', '.join(missing)} (every column is one of these)")
        return policies
