"""Every kind of rule the catalogue declares is checked by exactly one implementation."""

from __future__ import annotations

from jtai_analysis.catalogue.rule_kinds import RULE_KINDS
from jtai_analysis.validation.rules import RULE_IMPLEMENTATIONS


def test_every_declared_kind_has_an_implementation_and_nothing_else_does() -> None:
    assert set(RULE_IMPLEMENTATIONS) == set(RULE_KINDS.values())


def test_no_two_kinds_share_an_implementation() -> None:
    implementations = list(RULE_IMPLEMENTATIONS.values())
    assert len(set(implementations)) == len(implementations)
