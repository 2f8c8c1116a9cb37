"""The catalogue of Annex A lists, read from the data contracts in ``data_contracts/``."""

from jtai_analysis.annex_a.catalogue import (
    Catalogue,
    Code,
    CodeList,
    Column,
    ContractError,
    ListContract,
    PersonalColumn,
    Rule,
    load_catalogue,
)

__all__ = [
    "Catalogue",
    "Code",
    "CodeList",
    "Column",
    "ContractError",
    "ListContract",
    "PersonalColumn",
    "Rule",
    "load_catalogue",
]
