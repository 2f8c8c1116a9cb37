"""Load the declarative list contracts (``data_contracts/*.yml``) into typed objects.

The contracts are the single source of truth for every list's columns, header aliases, types and
code lists. Ingest, the synthetic generator, templates and documentation read them through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from jtai_analysis.catalogue.code_reading import CodeReader, WholeCellReader
from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.common.text import fold_words, normalise_code, normalise_header

COLUMN_TYPES = frozenset({"id", "date", "integer", "number", "code", "codes", "text"})
SEVERITIES = frozenset({"error", "warning"})
# How a column is degraded in copies that leave the inspection team (`jtai clean --degrade`):
# a date to the first of its month, a postcode to its sector (``privacy/degrade.py`` applies them).
WHEN_SHARED = frozenset({"first_of_month", "postcode_sector"})
# Table rule kinds and, for each, how to find the columns it names in its `check` value.
RULE_KINDS = {
    "not_after_reference": lambda v: list(v),
    "order": lambda v: [v["start"], v["end"]],
    "not_weekend": lambda v: [v],
    "not_more_than_weeks_before_birth": lambda v: [v["column"], "date_of_birth"],
    "age_matches_date_of_birth": lambda v: ["age", "date_of_birth"],
    "no_duplicate_rows": lambda v: [],
    "plan_starts_on_conference": lambda v: [v["conference_date"], v["resulted_in_plan"]],
    "child_in_list": lambda v: ["child_id"],
}
SHARED_FILE = "_shared.yml"
# The sheet of guidance notes in this workbench's templates; ingest skips it.
TEMPLATE_GUIDANCE_SHEET = "How to fill this in"


class ContractError(ValueError):
    """A data contract file is malformed (a developer error, caught by the contract tests)."""


@dataclass(frozen=True)
class Code:
    """One allowed value: its canonical ``code``, the Annex A template ``label`` and other spellings."""

    code: str
    label: str
    spellings: tuple[str, ...] = ()
    group: str | None = None
    descriptions: tuple[str, ...] = ()  # the census description(s) of the code
    # other codes that mean this one (old DfE ethnicity codes A1 ... E5)
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeList:
    """A named set of allowed values."""

    name: str
    codes: tuple[Code, ...]
    # "tolerant": codes read from tokens and words inside longer labels; "whole": only whole-cell
    # spellings (Yes/No lists, where "No further action" must never read as "No").
    reading: str = "tolerant"
    several: str | None = None  # the code for a cell naming several codes (abuse category MUL)
    # group names that say nothing about the code ("Asian or Asian British")
    ignore: tuple[str, ...] = ()
    # group name -> its "any other" code, for a group followed by a sub-label no code names
    residual: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    residual_stop: tuple[str, ...] = ()  # words that make a sub-label say nothing definite
    # phrases that name more than one code ("Gypsy or Irish Traveller" aside, "Kashmiri" is
    # Pakistani or any other Asian): a cell holding one is read only when it is, whole, a spelling
    unclear: tuple[str, ...] = ()

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling, folded by :func:`normalise_code`, to its canonical code."""
        table: dict[str, str] = {}
        for code in self.codes:
            for spelling in (code.code, code.label, *code.descriptions, *code.spellings):
                table.setdefault(normalise_code(spelling), code.code)
        return table

    def reader(self) -> CodeReader:
        """The reader that turns a local area's spelling into a code (one per code list, cached)."""
        return _reader(self)

    def labels(self) -> dict[str, str]:
        """Map each canonical code to its Annex A template label."""
        return {code.code: code.label for code in self.codes}

    def as_words(self, column: str, separator: str = ", ") -> pl.Expr:
        """Polars expression: a column of codes (several joined by ``;``) as their labels."""
        labels = self.labels()
        words = (
            pl.col(column)
            .str.split(";")
            .list.eval(pl.element().replace_strict(labels, default=pl.element()))
        )
        return words.list.join(separator)


@dataclass(frozen=True)
class Column:
    """One column of a list: canonical key, official header, accepted aliases, type and code list."""

    key: str
    header: str
    type: str
    blank: bool
    aliases: tuple[str, ...] = ()
    codes: str | None = None
    # The column must be in the list's header row (apart from whether its cells may be blank).
    # Missing a required column is an error for the list; missing an optional one, a warning.
    required: bool = True
    is_jtai_addition: bool = False  # asked for by the JTAI only: a standard Annex A lacks it
    when_shared: str | None = None  # one of WHEN_SHARED: how a copy for sharing degrades it

    def accepted_headers(self) -> tuple[str, ...]:
        """Return the official header and aliases, folded by :func:`normalise_header`."""
        return tuple(dict.fromkeys(normalise_header(h) for h in (self.header, *self.aliases)))


@dataclass(frozen=True)
class Rule:
    """A table rule of a list: what it checks, how serious a breach is, and why it matters."""

    id: str
    severity: str
    kind: str
    value: Any
    reason: str


@dataclass(frozen=True)
class ListContract:
    """The contract of one list (Annex A List 1-11, or a JTAI template)."""

    key: str
    annex_a: str
    title: str
    description: str
    columns: tuple[Column, ...]
    signature: tuple[str, ...]
    duplicate_key: tuple[str, ...] = ()
    due: str | None = None
    is_template: bool = False
    is_in_scope: bool = True
    rules: tuple[Rule, ...] = ()
    path: Path | None = None

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


@dataclass(frozen=True)
class PersonalColumn:
    """A column that holds names or addresses: recognised only so ingest can drop it."""

    header: str
    kind: str
    aliases: tuple[str, ...] = ()

    def accepted_headers(self) -> tuple[str, ...]:
        return tuple(normalise_header(h) for h in (self.header, *self.aliases))


@dataclass(frozen=True)
class Catalogue:
    """Every list contract and code list."""

    lists: dict[str, ListContract]
    codelists: dict[str, CodeList]
    personal_columns: tuple[PersonalColumn, ...] = field(default=())
    column_rules: dict[str, Any] = field(default_factory=dict)

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


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@cache
def _reader(codelist: CodeList) -> CodeReader:
    if codelist.reading == "whole":
        return WholeCellReader(codelist)
    return CodeReader(codelist)


def _check_spellings(codelist: CodeList) -> None:
    owner: dict[str, str] = {}
    for code in codelist.codes:
        for spelling in (code.code, code.label, *code.descriptions, *code.spellings):
            folded = fold_words(spelling)
            if owner.setdefault(folded, code.code) != code.code:
                raise ContractError(
                    f"code list {codelist.name!r}: {spelling!r} would mean both {owner[folded]!r} and {code.code!r}"
                )


def _parse_codelists(raw: dict[str, Any]) -> dict[str, CodeList]:
    codelists = {}
    for name, spec in raw.items():
        entries = spec["codes"] if isinstance(spec, dict) else spec
        reading = spec.get("reading", "tolerant") if isinstance(spec, dict) else "tolerant"
        if reading not in ("tolerant", "whole"):
            raise ContractError(f"code list {name!r}: reading is 'tolerant' or 'whole'")
        codes = tuple(
            Code(
                code=str(e["code"]),
                label=str(e["label"]),
                spellings=_as_tuple(e.get("spellings")),
                group=e.get("group"),
                descriptions=_as_tuple(e.get("description")),
                tokens=_as_tuple(e.get("tokens")),
            )
            for e in entries
        )
        several = spec.get("several") if isinstance(spec, dict) else None
        ignore = _as_tuple(spec.get("ignore")) if isinstance(spec, dict) else ()
        residual = dict(spec.get("residual") or {}) if isinstance(spec, dict) else {}
        codelists[name] = CodeList(
            name=name,
            codes=codes,
            reading=reading,
            several=several,
            ignore=ignore,
            residual=residual,
            residual_stop=_as_tuple(spec.get("residual_stop")) if isinstance(spec, dict) else (),
            unclear=_as_tuple(spec.get("unclear")) if isinstance(spec, dict) else (),
        )
        _check_spellings(codelists[name])
    return codelists


def _parse_column(spec: dict[str, Any], shared: dict[str, Any], where: str) -> Column:
    if "use" in spec:
        base_key = spec["use"]
        if base_key not in shared:
            raise ContractError(f"{where}: `use: {base_key}` names no shared column")
        merged = {
            **shared[base_key],
            "key": base_key,
            **{k: v for k, v in spec.items() if k != "use"},
        }
    else:
        merged = dict(spec)
    missing = {"key", "header", "type"} - merged.keys()
    if missing:
        raise ContractError(f"{where}: column {merged.get('key')!r} lacks {sorted(missing)}")
    if merged["type"] not in COLUMN_TYPES:
        raise ContractError(
            f"{where}: column {merged['key']!r} has unknown type {merged['type']!r}"
        )
    when_shared = merged.get("when_shared")
    if when_shared is not None and when_shared not in WHEN_SHARED:
        raise ContractError(
            f"{where}: column {merged['key']!r} has when_shared {when_shared!r} "
            f"(one of {', '.join(sorted(WHEN_SHARED))})"
        )
    return Column(
        key=str(merged["key"]),
        header=str(merged["header"]),
        type=str(merged["type"]),
        blank=bool(merged.get("blank", True)),
        aliases=_as_tuple(merged.get("aliases")),
        codes=merged.get("codes"),
        required=bool(merged.get("required", True)),
        is_jtai_addition=bool(merged.get("jtai_addition", False)),
        when_shared=when_shared,
    )


def _parse_rule(spec: dict[str, Any], keys: list[str], lists: set[str], where: str) -> Rule:
    for required in ("id", "severity", "check", "reason"):
        if required not in spec:
            raise ContractError(f"{where}: a rule lacks `{required}`")
    if spec["severity"] not in SEVERITIES:
        raise ContractError(
            f"{where}: rule {spec['id']!r} has severity {spec['severity']!r} (error or warning)"
        )
    check = spec["check"]
    if not isinstance(check, dict) or len(check) != 1:
        raise ContractError(f"{where}: rule {spec['id']!r} needs exactly one check")
    kind, value = next(iter(check.items()))
    if kind not in RULE_KINDS:
        raise ContractError(f"{where}: rule {spec['id']!r} has unknown check {kind!r}")
    unknown = [c for c in RULE_KINDS[kind](value) if c not in keys]
    if unknown:
        raise ContractError(f"{where}: rule {spec['id']!r} names unknown columns {unknown}")
    if kind == "child_in_list" and value not in lists:
        raise ContractError(f"{where}: rule {spec['id']!r} names unknown list {value!r}")
    return Rule(
        id=str(spec["id"]),
        severity=spec["severity"],
        kind=kind,
        value=value,
        reason=str(spec["reason"]).strip(),
    )


def _parse_list(
    path: Path, shared_columns: dict[str, Any], codelists: dict[str, CodeList], lists: set[str]
) -> ListContract:
    raw = _read_yaml(path.read_text(encoding="utf-8"))
    where = path.name
    for required in ("list", "title", "columns", "signature"):
        if required not in raw:
            raise ContractError(f"{where}: missing `{required}`")
    columns = tuple(_parse_column(spec, shared_columns, where) for spec in raw["columns"])
    keys = [c.key for c in columns]
    if len(set(keys)) != len(keys):
        raise ContractError(f"{where}: a column key appears twice")
    seen_headers: dict[str, str] = {}
    for column in columns:
        if column.type in {"code", "codes"} and column.codes not in codelists:
            raise ContractError(
                f"{where}: column {column.key!r} names unknown code list {column.codes!r}"
            )
        for header in column.accepted_headers():
            if header in seen_headers and seen_headers[header] != column.key:
                raise ContractError(
                    f"{where}: header {header!r} is accepted by both {seen_headers[header]!r} and {column.key!r}"
                )
            seen_headers[header] = column.key
    for listed in ("signature", "duplicate_key"):
        unknown = set(_as_tuple(raw.get(listed))) - set(keys)
        if unknown:
            raise ContractError(f"{where}: `{listed}` names unknown columns {sorted(unknown)}")
    optional = [c.key for c in columns if c.key in _as_tuple(raw["signature"]) and not c.required]
    if optional:
        # A list is recognised by its identifying columns only; an optional one would let a
        # misspelt optional header drop the whole list.
        raise ContractError(f"{where}: signature names optional columns {optional}")
    return ListContract(
        key=str(raw["list"]),
        annex_a=str(raw.get("annex_a", "")),
        title=str(raw["title"]),
        description=str(raw.get("description", "")).strip(),
        columns=columns,
        signature=_as_tuple(raw["signature"]),
        duplicate_key=_as_tuple(raw.get("duplicate_key")),
        due=raw.get("due"),
        is_template=bool(raw.get("template", False)),
        is_in_scope=raw.get("scope", "in") != "out",
        rules=tuple(_parse_rule(spec, keys, lists, where) for spec in raw.get("rules") or ()),
        path=path,
    )


def _list_order(contract: ListContract) -> tuple[int, int, str]:
    # Annex A lists by number first, then the JTAI templates in alphabetical order.
    if contract.annex_a.isdigit():
        return (0, int(contract.annex_a), contract.key)
    return (1, 0, contract.key)


def _read_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml's C parser when present (ten times faster; dashboards start
    by loading the catalogue, so its parse time is time before the first widget)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def _load(folder: Path) -> Catalogue:
    shared_path = folder / SHARED_FILE
    if not shared_path.exists():
        raise ContractError(f"no {SHARED_FILE} in {folder}")
    shared = _read_yaml(shared_path.read_text(encoding="utf-8"))
    codelists = _parse_codelists(shared.get("codelists", {}))
    paths = [path for path in sorted(folder.glob("*.yml")) if path.name != SHARED_FILE]
    list_keys = {str(_read_yaml(path.read_text(encoding="utf-8")).get("list")) for path in paths}
    contracts = [
        _parse_list(path, shared.get("columns", {}), codelists, list_keys) for path in paths
    ]
    rule_ids = [rule.id for contract in contracts for rule in contract.rules]
    if len(rule_ids) != len(set(rule_ids)):
        raise ContractError("a rule id is used twice; rule ids name findings and must be unique")
    lists: dict[str, ListContract] = {}
    for contract in sorted(contracts, key=_list_order):
        if contract.key in lists:
            raise ContractError(f"list key {contract.key!r} is defined twice")
        lists[contract.key] = contract
    personal = tuple(
        PersonalColumn(header=p["header"], kind=p["kind"], aliases=_as_tuple(p.get("aliases")))
        for p in shared.get("personal_columns", [])
    )
    return Catalogue(
        lists=lists,
        codelists=codelists,
        personal_columns=personal,
        column_rules=shared.get("column_rules", {}),
    )


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Read every contract in ``folder`` (default: the project's ``data_contracts/``), cached per folder."""
    return _load((folder or contracts_dir()).resolve())
