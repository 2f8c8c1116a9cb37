"""Each list's checks as a Great Expectations expectation suite: plain JSON, what the runner gives GX
and what `make suites` writes to data_contracts/suites/ for other GX users."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from jtai_analysis.catalogue.lists import Catalogue, ListContract, load_catalogue
from jtai_analysis.validation.rules import RAW_PREFIX, ROW_ID, Check, CheckContext, checks_for

GX_SEVERITY = {"error": "critical", "warning": "warning"}


def expectation_suite(contract: ListContract, checks: list[Check]) -> dict[str, Any]:
    """The list's checks as a Great Expectations suite (plain JSON, as ``ExpectationSuite(**suite)`` takes it)."""
    return {
        "name": f"jtai_{contract.key}",
        "expectations": [
            {
                "type": check.expectation["type"],
                "kwargs": check.expectation["kwargs"],
                "meta": {
                    "rule_id": check.rule_id,
                    "position": position,
                    "column": check.column,
                    "reason": check.reason,
                    **(
                        {"columns": {k: m.reason for k, m in check.members.items()}}
                        if check.is_grouped
                        else {}
                    ),
                },
                "severity": GX_SEVERITY[check.severity],
            }
            for position, check in enumerate(checks)
        ],
        "meta": {
            "list": contract.key,
            "title": contract.label,
            "frame": (
                f"One row per list row; `{ROW_ID}` numbers the rows; canonical columns are typed (dates as datetime64[ns]); "
                f"`{RAW_PREFIX}KEY` holds a cell's text as typed; other columns are helpers computed by jtai_analysis.validation.rules."
            ),
        },
    }


def write_suites(
    folder: Path, catalogue: Catalogue | None = None, reference_date: dt.date | None = None
) -> list[Path]:
    """Write every list's expectation suite as JSON (reusable by Great Expectations users)."""
    catalogue = catalogue or load_catalogue()
    folder.mkdir(parents=True, exist_ok=True)
    context = CheckContext(reference_date or dt.date.today())
    written = []
    for contract in catalogue.in_scope():
        suite = expectation_suite(contract, checks_for(contract, catalogue, context))
        path = folder / f"{contract.key}.json"
        path.write_text(json.dumps(suite, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
