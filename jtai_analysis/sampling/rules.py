"""The sampling rules, read from ``data_contracts/rules/sampling.yml`` (the one reviewed place).

Nomination criteria (lists A, B, C), quotas, what counts as an agency and each reason's wording
live in that YAML; this module only turns it into typed objects and evaluates its small vocabulary
of conditions (`{agency: CODE}`, `{says_yes: COLUMN}`, `{returned_yes: COLUMN}`, `{returned_text: COLUMN}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from jtai_analysis.catalogue.codes import YES
from jtai_analysis.common.paths import contracts_dir

RULES_FILE = Path("rules") / "sampling.yml"


@dataclass(frozen=True)
class Quota:
    """A coverage aim: at least ``minimum`` chosen children with ``dimension`` = ``value``."""

    dimension: str
    value: object
    minimum: int
    reason: str


@dataclass(frozen=True)
class ListCriterion:
    """What every child on one nomination list must show (para 112)."""

    letter: str
    paragraph: int
    wording: str
    min_agencies: int
    requires: tuple[tuple[dict[str, str], ...], ...]


@dataclass(frozen=True)
class DipPreset:
    """A dip sample an inspector reaches for (para 72).

    ``where`` holds the preset's own conditions and, unless ``is_all_ages``, the inspection's age
    scope (``dip_age_scope``); ``own_where`` the preset's conditions alone.
    """

    id: str
    title: str
    list_key: str
    where: tuple[tuple[str, str], ...]
    n: int
    own_where: tuple[tuple[str, str], ...] = ()
    is_all_ages: bool = False
    ages_why: str = ""


@dataclass(frozen=True)
class SamplingRules:
    """Everything ``sampling.yml`` says, typed."""

    lists: dict[str, ListCriterion]
    max_per_list: int
    min_per_age_group: int
    twenty: int
    six: int
    not_minority_ethnic: frozenset[str]
    probation_evidence: tuple[dict[str, str], ...]
    return_agencies: tuple[dict[str, str], ...]
    six_min_agencies: int
    six_da_current: bool
    six_paragraph: int
    quotas_20: tuple[Quota, ...]
    quotas_6: tuple[Quota, ...]
    reasons: dict[str, Any]
    standing: dict[str, Any]
    information_on_20: dict[str, Any]
    balance: dict[str, Any]
    dip_presets: tuple[DipPreset, ...]
    dip_scope_words: str
    dip_all_ages_words: str
    open_enquiry_working_days: int

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(self.lists)


def _quotas(raw: list[list[Any]]) -> tuple[Quota, ...]:
    return tuple(Quota(str(d), v, int(m), str(r)) for d, v, m, r in raw)


def _conditions(raw: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (raw or {}).items())


def _preset(raw: dict[str, Any], scope: tuple[tuple[str, str], ...]) -> DipPreset:
    is_all_ages = raw.get("ages") == "all"
    if is_all_ages and not raw.get("ages_why"):
        raise ValueError(
            f"dip preset {raw['id']!r} in the sampling rules says `ages: all` without `ages_why`."
        )
    own = _conditions(raw["where"])
    return DipPreset(
        id=str(raw["id"]),
        title=str(raw["title"]),
        list_key=str(raw["list"]),
        where=own if is_all_ages else own + tuple(c for c in scope if c not in own),
        n=int(raw["n"]),
        own_where=own,
        is_all_ages=is_all_ages,
        ages_why=str(raw.get("ages_why") or ""),
    )


def _parse(raw: dict[str, Any]) -> SamplingRules:
    lists = {
        str(letter): ListCriterion(
            letter=str(letter),
            paragraph=int(spec["paragraph"]),
            wording=str(spec["criterion"]),
            min_agencies=int(spec.get("min_agencies", 0)),
            requires=tuple(
                tuple({str(k): str(v) for k, v in alt.items()} for alt in group)
                for group in spec.get("requires") or []
            ),
        )
        for letter, spec in raw["nomination_lists"].items()
    }
    six = raw["six_eligibility"]
    scope = raw["dip_age_scope"]
    return SamplingRules(
        lists=lists,
        max_per_list=int(raw["max_per_list"]),
        min_per_age_group=int(raw["min_per_age_group"]),
        twenty=int(raw["sizes"]["twenty"]),
        six=int(raw["sizes"]["six"]),
        not_minority_ethnic=frozenset(str(c) for c in raw["not_minority_ethnic"]),
        probation_evidence=tuple(
            {str(k): str(v) for k, v in c.items()} for c in raw["probation_evidence"]
        ),
        return_agencies=tuple(
            {str(k): str(v) for k, v in c.items()} for c in raw["return_agencies"]
        ),
        six_min_agencies=int(six["min_agencies"]),
        six_da_current=bool(six["da_current"]),
        six_paragraph=int(six["paragraph"]),
        quotas_20=_quotas(raw["quotas_20"]),
        quotas_6=_quotas(raw["quotas_6"]),
        reasons=dict(raw["reasons"]),
        standing=dict(raw["standing"]),
        information_on_20=dict(raw["information_on_20"]),
        balance=dict(raw["balance"]),
        dip_presets=tuple(
            _preset(p, _conditions(scope["where"])) for p in raw.get("dip_presets") or []
        ),
        dip_scope_words=str(scope["words"]),
        dip_all_ages_words=str(scope["all_ages_words"]),
        open_enquiry_working_days=int(raw["open_enquiry_working_days"]),
    )


@cache
def _load(path: Path) -> SamplingRules:
    return _parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_rules(folder: Path | None = None) -> SamplingRules:
    """The sampling rules beside the contracts (``folder`` defaults to ``data_contracts/``)."""
    return _load_beside(folder or contracts_dir())


@cache
def _load_beside(folder: Path) -> SamplingRules:
    # Asked for once per candidate in a selection: resolving the path each time cost more than the
    # selection (80 ms of a lock's 85 ms in the sampling workbench).
    return _load((folder / RULES_FILE).resolve())


def holds(
    condition: dict[str, str],
    agencies: set[str],
    nomination: dict[str, object],
    returned: dict[str, object] | None,
) -> bool:
    """Whether one condition of the rules vocabulary holds for a child.

    Parameters
    ----------
    condition
        ``{agency: CODE}``, ``{says_yes: COLUMN}``, ``{returned_yes: COLUMN}`` or ``{returned_text: COLUMN}``.
    agencies
        Agency codes involved with the child and family.
    nomination
        Column -> value for the child's nomination row(s) (Yes if any row says Yes).
    returned
        Column -> value from the information-on-the-20 return, or None when there is none.
    """
    if "agency" in condition:
        return condition["agency"] in agencies
    if "says_yes" in condition:
        return nomination.get(condition["says_yes"]) == YES
    if "returned_yes" in condition:
        return returned is not None and returned.get(condition["returned_yes"]) == YES
    if "returned_text" in condition:
        value = None if returned is None else returned.get(condition["returned_text"])
        return value is not None and str(value).strip() != ""
    raise ValueError(f"unknown condition in the sampling rules: {condition}")
