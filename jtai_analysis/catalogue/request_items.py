"""The catalogue of performance and management information items 1.1-5.9 (guidance paras 123-124)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_CATALOGUE_FILE = Path(__file__).with_name("information_requests.yml")


@dataclass(frozen=True)
class RequestItem:
    """One item the local agencies are asked to share by 5pm on Tuesday of week 2."""

    number: str
    agency: str
    title: str
    description: str


@cache
def load_request_items() -> tuple[RequestItem, ...]:
    """Items 1.1 to 5.9 in guidance order."""
    raw = yaml.safe_load(_CATALOGUE_FILE.read_text(encoding="utf-8"))
    return tuple(RequestItem(**item) for item in raw["items"])


@cache
def out_of_scope_challenge() -> str:
    """The words flagging an item the local area marks out of scope (``{reason}``: its note)."""
    raw = yaml.safe_load(_CATALOGUE_FILE.read_text(encoding="utf-8"))
    return str(raw["out_of_scope_challenge"])


@cache
def request_agencies() -> dict[str, str]:
    """Agency code -> the guidance's heading for it (e.g. ``POLICE`` -> ``The police force``)."""
    raw = yaml.safe_load(_CATALOGUE_FILE.read_text(encoding="utf-8"))
    return dict(raw["agencies"])
