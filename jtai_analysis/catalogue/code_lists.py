"""Code lists (``codelists:`` in ``data_contracts/_shared.yml``): the allowed values of a coded column."""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import polars as pl
from pydantic import Field, model_validator

from jtai_analysis.catalogue.checked_yaml import FrozenModel, Words
from jtai_analysis.catalogue.code_reading import CodeReader, WholeCellReader
from jtai_analysis.common.text import fold_words, normalise_code


class Code(FrozenModel):
    """One allowed value: its canonical ``code``, the Annex A template ``label`` and other spellings."""

    code: str
    label: str
    spellings: Words = ()
    group: str | None = None
    descriptions: Words = Field((), alias="description")  # the census description(s) of the code
    # other codes that mean this one (old DfE ethnicity codes A1 ... E5)
    tokens: Words = ()


class CodeList(FrozenModel):
    """A named set of allowed values."""

    name: str  # its key under `codelists:` (see :func:`named_code_lists`)
    codes: tuple[Code, ...]
    # "tolerant": codes read from tokens and words inside longer labels; "whole": only whole-cell
    # spellings (Yes/No lists, where "No further action" must never read as "No").
    reading: Literal["tolerant", "whole"] = "tolerant"
    several: str | None = None  # the code for a cell naming several codes (abuse category MUL)
    # group names that say nothing about the code ("Asian or Asian British")
    ignore: Words = ()
    # group name -> its "any other" code, for a group followed by a sub-label no code names
    residual: dict[str, str] = Field(default_factory=dict)
    residual_stop: Words = ()  # words that make a sub-label say nothing definite
    # phrases that name more than one code ("Gypsy or Irish Traveller" aside, "Kashmiri" is
    # Pakistani or any other Asian): a cell holding one is read only when it is, whole, a spelling
    unclear: Words = ()

    def __hash__(self) -> int:
        # The name tells code lists apart (equal lists have equal names); `residual` is a dict.
        return hash(self.name)

    @model_validator(mode="after")
    def _one_code_a_spelling(self) -> CodeList:
        owner: dict[str, str] = {}
        for code in self.codes:
            for spelling in (code.code, code.label, *code.descriptions, *code.spellings):
                folded = fold_words(spelling)
                if owner.setdefault(folded, code.code) != code.code:
                    raise ValueError(
                        f"{spelling!r} would mean both {owner[folded]!r} and {code.code!r}"
                    )
        named = {code.code for code in self.codes}
        for role, code_named in (
            ("several", self.several),
            *(("residual", residual) for residual in self.residual.values()),
        ):
            if code_named is not None and code_named not in named:
                raise ValueError(f"`{role}` names {code_named!r}, which is not one of its codes")
        return self

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


@cache
def _reader(codelist: CodeList) -> CodeReader:
    if codelist.reading == "whole":
        return WholeCellReader(codelist)
    return CodeReader(codelist)


def named_code_lists(raw: Any) -> Any:
    """``codelists:`` as written (name -> options, or name -> its codes alone) with each list's name."""
    if not isinstance(raw, dict):
        return raw
    named = {}
    for name, spec in raw.items():
        if isinstance(spec, list):  # a code list with no options: its codes alone
            spec = {"codes": spec}
        elif isinstance(spec, dict) and "name" in spec:
            raise ValueError(f"code list {name!r}: unknown key 'name' (its name is its key)")
        named[name] = {**spec, "name": name} if isinstance(spec, dict) else spec
    return named
