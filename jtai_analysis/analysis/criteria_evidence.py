"""What evidences each evaluation criterion (EC1-EC20, guidance para 21): the figures of the pack
that inform it (each figure's ``ec``) and the information-request items (1.1-5.9) that speak to
it, from ``criteria_evidence.yml``. The leadership criteria (EC16-EC20) are evidenced by those
items; the child-level lists cannot show them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from jtai_analysis.analysis.figures import definitions
from jtai_analysis.catalogue.labels import headings
from jtai_analysis.catalogue.request_items import load_request_items

_FILE = Path(__file__).with_name("criteria_evidence.yml")
_TITLES = Path(__file__).with_name("evaluation_criteria.yml")
CRITERIA = tuple(f"EC{n}" for n in range(1, 21))
LEADERSHIP = ("EC16", "EC17", "EC18", "EC19", "EC20")


class _EvidenceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: dict[str, tuple[str, ...]]

    @field_validator("items")
    @classmethod
    def _known(cls, items: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = [c for c in items if c not in CRITERIA]
        numbers = {item.number for item in load_request_items()}
        missing = [n for found in items.values() for n in found if n not in numbers]
        if unknown or missing:
            raise ValueError(
                f"not a criterion: {', '.join(unknown) or '-'}; "
                f"not an item: {', '.join(missing) or '-'}"
            )
        return items


@cache
def evidence_items() -> dict[str, tuple[str, ...]]:
    """Criterion -> the information-request item numbers that evidence it (checked on load)."""
    content = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    return dict(_EvidenceFile.model_validate(content).items)


def figures_informing() -> dict[str, list[str]]:
    """Criterion -> the IDs of the figures whose ``ec`` names it, in the registry's order."""
    found: dict[str, list[str]] = {c: [] for c in CRITERIA}
    for definition in definitions().values():
        for code in (c.strip() for c in definition.ec.split(";") if c.strip()):
            found.setdefault(code, []).append(definition.id)
    return found


def evidence_table() -> pl.DataFrame:
    """One row per criterion: ``Criterion``, ``In short``, ``Figures in this pack`` (titles) and
    ``Information requested`` (item numbers and titles)."""
    titles = yaml.safe_load(_TITLES.read_text(encoding="utf-8"))
    figure_titles = {d.id: d.title for d in definitions().values()}
    item_titles = {item.number: item.title for item in load_request_items()}
    informing, items = figures_informing(), evidence_items()
    heading = headings("criteria")
    return pl.DataFrame(
        {
            heading["criterion"]: list(CRITERIA),
            heading["in_short"]: [titles[c] for c in CRITERIA],
            heading["figures"]: [
                "; ".join(figure_titles[f] for f in informing[c]) for c in CRITERIA
            ],
            heading["items"]: [
                "; ".join(f"{n} {item_titles[n]}" for n in items.get(c, ())) for c in CRITERIA
            ],
        }
    )
