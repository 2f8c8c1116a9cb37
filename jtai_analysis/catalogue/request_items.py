"""The catalogue of performance and management information items 1.1-5.9 (guidance paras 123-124)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import model_validator

from jtai_analysis.catalogue.checked_yaml import FrozenModel, KeyProblem, read_checked

_CATALOGUE_FILE = Path(__file__).with_name("information_requests.yml")


class RequestItem(FrozenModel):
    """One item the local agencies are asked to share by 5pm on Tuesday of week 2."""

    number: str
    agency: str
    title: str
    description: str


class RequestsFile(FrozenModel):
    """``information_requests.yml``: the agencies' headings, and the items in guidance order."""

    # words flagging an item the area marks out of scope (para 124: the inspectors decide)
    out_of_scope_challenge: str
    agencies: dict[str, str]
    items: tuple[RequestItem, ...]

    @model_validator(mode="after")
    def _items_of_known_agencies(self) -> RequestsFile:
        numbers: set[str] = set()
        for item in self.items:
            where = f"items[{item.number}]"
            if item.agency not in self.agencies:
                known = ", ".join(self.agencies)
                raise KeyProblem(where, f"unknown agency {item.agency!r} (one of {known})")
            if item.number in numbers:
                raise KeyProblem(where, "the number is used twice")
            numbers.add(item.number)
        return self


@cache
def read_requests_file(path: Path = _CATALOGUE_FILE) -> RequestsFile:
    """``information_requests.yml`` (or another file of its shape), checked
    (:func:`read_checked`); cached."""
    return read_checked(RequestsFile, path)


def load_request_items() -> tuple[RequestItem, ...]:
    """Items 1.1 to 5.9 in guidance order."""
    return read_requests_file().items


@cache
def out_of_scope_challenge() -> str:
    """The words flagging an item the local area marks out of scope (``{reason}``: its note)."""
    return read_requests_file().out_of_scope_challenge


@cache
def request_agencies() -> dict[str, str]:
    """Agency code -> the guidance's heading for it (e.g. ``POLICE`` -> ``The police force``)."""
    return dict(read_requests_file().agencies)
