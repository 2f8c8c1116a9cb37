"""Load the declarative list contracts (``data_contracts/*.yml``) into typed models.

The contracts are the single source of truth for every list's columns, header aliases, types and
code lists. Ingest, the synthetic generator, templates and documentation read them through here.
Each file is read into a model that refuses unknown keys (:mod:`.checked_yaml`): a typo fails at
load with the file and the key at fault, never later as a missing column or an empty figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from jtai_analysis.catalogue.checked_yaml import (
    ContractError,
    FrozenModel,
    KeyProblem,
    OptionalItems,
    Prose,
    Words,
    read_yaml,
    validated,
)
from jtai_analysis.catalogue.code_lists import Code, CodeList, named_code_lists
from jtai_analysis.catalogue.columns import (
    COLUMN_TYPES,
    Column,
    ColumnRules,
    ColumnSpec,
    PersonalColumn,
)
from jtai_analysis.catalogue.rule_kinds import RULE_KINDS, Rule
from jtai_analysis.common.paths import contracts_dir

__all__ = [
    "COLUMN_TYPES",
    "RULE_KINDS",
    "SHARED_FILE",
    "TEMPLATE_GUIDANCE_SHEET",
    "Catalogue",
    "Code",
    "CodeList",
    "Column",
    "ColumnRules",
    "ContractError",
    "ListContract",
    "PersonalColumn",
    "Rule",
    "SharedFile",
    "load_catalogue",
]

SHARED_FILE = "_shared.yml"
# The sheet of guidance notes in this workbench's templates; ingest skips it.
TEMPLATE_GUIDANCE_SHEET = "How to fill this in"


class SharedFile(FrozenModel):
    """``_shared.yml``: code lists, the columns lists share, personal columns and column rules."""

    codelists: Annotated[dict[str, CodeList], Field(default_factory=dict)]
    columns: dict[str, ColumnSpec] = Field(default_factory=dict)
    personal_columns: Annotated[tuple[PersonalColumn, ...], OptionalItems] = ()
    column_rules: ColumnRules

    @field_validator("codelists", mode="before")
    @classmethod
    def _named(cls, raw: Any) -> Any:
        return named_code_lists(raw)


class ListContract(FrozenModel):
    """The contract of one list (Annex A List 1-11, or a JTAI template)."""

    key: str = Field(alias="list")
    annex_a: str = ""
    title: str
    description: Prose = ""
    columns: tuple[Column, ...]
    signature: Words
    duplicate_key: Words = ()
    due: str | None = None  # the timeline milestone the list is due by
    is_template: bool = Field(False, alias="template")
    scope: Literal["in", "out"] = "in"
    rules: Annotated[tuple[Rule, ...], OptionalItems] = ()
    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The contract file (None for a contract not read from a file)."""
        return self._path

    @property
    def is_in_scope(self) -> bool:
        """Whether the JTAI analyses this list (Lists 8-11 of Annex A are out of scope)."""
        return self.scope == "in"

    def column(self, key: str) -> Column:
        """Return the column with canonical ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"list {self.key!r} has no column {key!r}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def key_date(self) -> str | None:
        """The list's own key date (its first identifying date column): unreadable, the row is quarantined."""
        for key in self.signature:
            if self.column(key).type == "date":
                return key
        return None

    @property
    def label(self) -> str:
        """A short human name, e.g. ``List 3 Referrals`` or ``Nominated children (lists A, B and C)``."""
        return f"List {self.annex_a} {self.title}" if self.annex_a.isdigit() else self.title

    @model_validator(mode="after")
    def _names_what_exists(self, info: ValidationInfo) -> ListContract:
        keys = self.column_keys
        repeated = _first_repeat(keys)
        if repeated:
            raise KeyProblem(f"columns[{repeated}]", "the column key appears twice")
        seen_headers: dict[str, str] = {}
        for column in self.columns:
            for header in column.accepted_headers():
                if seen_headers.setdefault(header, column.key) != column.key:
                    raise KeyProblem(
                        f"columns[{column.key}]",
                        f"header {header!r} is accepted by both {seen_headers[header]!r} "
                        f"and {column.key!r}",
                    )
        for listed in ("signature", "duplicate_key"):
            unknown = [key for key in getattr(self, listed) if key not in keys]
            if unknown:
                raise KeyProblem(listed, f"names unknown columns {unknown}")
        optional = [key for key in self.signature if not self.column(key).required]
        if optional:
            # A list is recognised by its identifying columns only; an optional one would let a
            # misspelt optional header drop the whole list.
            raise KeyProblem("signature", f"names optional columns {optional}")
        lists = (info.context or {}).get("lists")
        for rule in self.rules:
            where = f"rules[{rule.id}].check"
            unknown = [key for key in rule.check.columns() if key not in keys]
            if unknown:
                raise KeyProblem(where, f"names unknown columns {unknown}")
            strangers = [
                key for key in rule.check.lists() if lists is not None and key not in lists
            ]
            if strangers:
                raise KeyProblem(where, f"names unknown list {strangers[0]!r}")
        return self


def _first_repeat(values: Iterable[str]) -> str | None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


@dataclass(frozen=True)
class Catalogue:
    """Every list contract and code list."""

    lists: dict[str, ListContract]
    codelists: dict[str, CodeList]
    column_rules: ColumnRules
    personal_columns: tuple[PersonalColumn, ...] = field(default=())

    def in_scope(self) -> list[ListContract]:
        """Lists the JTAI analyses, in Annex A order then the JTAI templates."""
        return [c for c in self.lists.values() if c.is_in_scope]

    def annex_a_lists(self) -> list[ListContract]:
        """Lists 1-7 of Annex A (the ILACS child-level lists the JTAI asks for)."""
        return [c for c in self.in_scope() if c.annex_a.isdigit()]

    def templates(self) -> list[ListContract]:
        """The JTAI extras that arrive in this workbench's own templates."""
        return [c for c in self.in_scope() if c.is_template]

    def codelist_for(self, column: Column) -> CodeList:
        if column.codes is None:
            raise KeyError(f"column {column.key!r} has no code list")
        return self.codelists[column.codes]


def _list_order(contract: ListContract) -> tuple[int, int, str]:
    # Annex A lists by number first, then the JTAI templates in alphabetical order.
    if contract.annex_a.isdigit():
        return (0, int(contract.annex_a), contract.key)
    return (1, 0, contract.key)


def _read_lists(paths: list[Path], context: dict[str, Any]) -> list[ListContract]:
    """Each list file, read once; every file's ``list`` key is known before any is checked."""
    raws = [(path, read_yaml(path)) for path in paths]
    context["lists"] = {str(raw.get("list")) for _, raw in raws if isinstance(raw, dict)}
    contracts = []
    for path, raw in raws:
        contract = validated(ListContract, raw, path.name, context)
        contract._path = path
        contracts.append(contract)
    return contracts


def _check_across_files(contracts: list[ListContract]) -> None:
    """What no one file can see: list keys and rule ids unique, other lists' columns there."""
    by_key: dict[str, ListContract] = {}
    for contract in contracts:
        earlier = by_key.setdefault(contract.key, contract)
        if earlier is not contract:
            raise ContractError(
                f"{_name(contract)}: list: {contract.key!r} is also the list of {_name(earlier)}"
            )
    rule_files: dict[str, ListContract] = {}
    for contract in contracts:
        for rule in contract.rules:
            earlier = rule_files.setdefault(rule.id, contract)
            if earlier is not contract or sum(r.id == rule.id for r in contract.rules) > 1:
                raise ContractError(
                    f"{_name(contract)}: rules[{rule.id}]: the id is used twice (also in "
                    f"{_name(earlier)}); rule ids name findings and must be unique"
                )
            for list_key, column in rule.check.other_columns():
                if column not in by_key[list_key].column_keys:
                    raise ContractError(
                        f"{_name(contract)}: rules[{rule.id}].check: {_name(by_key[list_key])} "
                        f"has no column {column!r}"
                    )


def _name(contract: ListContract) -> str:
    return contract.path.name if contract.path else contract.key


@cache
def _load(folder: Path) -> Catalogue:
    shared_path = folder / SHARED_FILE
    if not shared_path.exists():
        raise ContractError(f"no {SHARED_FILE} in {folder}")
    raw_shared = read_yaml(shared_path)
    codelist_names = (
        set(raw_shared.get("codelists") or {}) if isinstance(raw_shared, dict) else set()
    )
    shared = validated(SharedFile, raw_shared, SHARED_FILE, {"codelists": codelist_names})
    context: dict[str, Any] = {
        "codelists": shared.codelists,
        # `use: KEY` columns are resolved from the file as written (already checked above)
        "shared_columns": raw_shared.get("columns") or {},
    }
    paths = [path for path in sorted(folder.glob("*.yml")) if path.name != SHARED_FILE]
    contracts = _read_lists(paths, context)
    _check_across_files(contracts)
    return Catalogue(
        lists={contract.key: contract for contract in sorted(contracts, key=_list_order)},
        codelists=dict(shared.codelists),
        personal_columns=shared.personal_columns,
        column_rules=shared.column_rules,
    )


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Read every contract in ``folder`` (default: the project's ``data_contracts/``), cached per folder.

    Raises
    ------
    ContractError
        A file is malformed: the message names the file, the key and the problem.
    """
    return _load((folder or contracts_dir()).resolve())
