"""Validated data, ready for analysis: what every notebook works from.

``prepare`` ingests a submission and validates it once; ``jtai pack`` writes the result to a folder
(Parquet and JSON) so each notebook reads it instead of paying for validation again. A notebook
opened on its own in JupyterLab prepares the data itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.column_types import schema_of
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.validation.report import findings_frame, reconciliation

_MANIFEST = "prepared.json"
_QUARANTINE = "quarantined.parquet"
QUARANTINE_SCHEMA = schema_of("list", "child_id", "sheet", "row", "reasons")


@dataclass
class PreparedData:
    """Valid rows per list, and the account of every row and finding that produced them."""

    reference_date: dt.date
    valid: dict[str, pl.DataFrame]
    reconciliation: pl.DataFrame  # per list: rows in, valid, quarantined, errors, warnings
    findings: pl.DataFrame
    sources: dict[str, list[str]] = field(
        default_factory=dict
    )  # list key -> "file › sheet" per part
    cells_not_read: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(
        default_factory=list
    )  # sheets out of scope or not recognised
    files: list[str] = field(default_factory=list)
    # One row per quarantined row: list, child_id, sheet, row, reasons (so a child who is absent
    # from the valid rows can be told apart from one whose rows were set aside).
    quarantined: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=QUARANTINE_SCHEMA)
    )
    # How the reference date was found: its source key (validation/reference.py SOURCES) and in
    # words; the date the lists themselves point to ({"date", "source", "how"}), if any; and per
    # list the rows outside the window (validation/window.py OutsideWindow.as_json).
    reference_source: str = "given"
    reference_how: str = "as given"
    lists_point_to: dict[str, str] | None = None
    outside_window: dict[str, dict[str, Any]] = field(default_factory=dict)

    def has(self, list_key: str) -> bool:
        return list_key in self.valid

    def frame(self, list_key: str) -> pl.DataFrame | None:
        """Valid rows of a list, or None when the list has not arrived."""
        return self.valid.get(list_key)

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for key, frame in self.valid.items():
            frame.write_parquet(folder / f"valid_{key}.parquet")
        self.reconciliation.write_parquet(folder / "reconciliation.parquet")
        self.findings.write_parquet(folder / "findings.parquet")
        self.quarantined.write_parquet(folder / _QUARANTINE)
        manifest = {
            "reference_date": self.reference_date.isoformat(),
            "lists": list(self.valid),
            "sources": self.sources,
            "cells_not_read": self.cells_not_read,
            "skipped": self.skipped,
            "files": self.files,
            "reference_source": self.reference_source,
            "reference_how": self.reference_how,
            "lists_point_to": self.lists_point_to,
            "outside_window": self.outside_window,
        }
        (folder / _MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> PreparedData:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        return cls(
            reference_date=dt.date.fromisoformat(manifest["reference_date"]),
            valid={
                key: pl.read_parquet(folder / f"valid_{key}.parquet") for key in manifest["lists"]
            },
            reconciliation=pl.read_parquet(folder / "reconciliation.parquet"),
            findings=pl.read_parquet(folder / "findings.parquet"),
            sources=manifest["sources"],
            cells_not_read=manifest["cells_not_read"],
            skipped=manifest["skipped"],
            files=manifest["files"],
            quarantined=(
                pl.read_parquet(folder / _QUARANTINE)
                if (folder / _QUARANTINE).exists()
                else pl.DataFrame(schema=QUARANTINE_SCHEMA)
            ),
            reference_source=manifest.get("reference_source", "given"),
            reference_how=manifest.get("reference_how", "as given"),
            lists_point_to=manifest.get("lists_point_to"),
            outside_window=manifest.get("outside_window", {}),
        )


def prepare(
    data_paths: list[Path],
    reference_date: dt.date | None,
    runner: Any = None,
    fallback: dt.date | None = None,
) -> tuple[PreparedData, Any]:
    """Ingest and validate a submission; return the prepared data and the full validation result.

    ``reference_date`` is the date given; when None, the one rule of
    :func:`~jtai_analysis.validation.reference.resolve_reference_date` decides: ``fallback`` is
    the notification date of ``jtai pack`` and ``jtai batch`` (their rule: the date given, else
    the notification date); without it, the period end in a title row, else the date the ages
    point to, else the latest event date, else today. The prepared data carry the date used,
    how it was found, and the date the lists themselves point to.
    """
    from jtai_analysis.validation.reference import resolve_reference_date
    from jtai_analysis.validation.validate import validate_submission

    submission = ingest(data_paths)
    resolved = resolve_reference_date(reference_date, submission, fallback)
    result = validate_submission(submission, resolved.date, load_catalogue(), runner)
    return prepared_from(submission, result, resolved), result


def prepared_from(submission: Any, result: Any, reference: Any) -> PreparedData:
    """The prepared data of a submission already ingested and validated (``jtai validate`` has both).

    ``reference`` is the :class:`~jtai_analysis.validation.reference.ReferenceDate` used (a bare
    date is taken as given); the result is told how it was found.
    """
    from jtai_analysis.validation.reference import ReferenceDate, date_lists_point_to

    if not isinstance(reference, ReferenceDate):
        reference = ReferenceDate(reference, "given", "as given")
    reference_date = reference.date
    result.reference_source = reference.how
    result.reference_date_source = reference.source
    pointed = (
        date_lists_point_to(submission)
        if reference.source in ("given", "notification")
        else reference
    )
    sources = {
        key: [
            p.file.name if p.sheet == p.file.name else f"{p.file.name} › {p.sheet}" for p in parts
        ]
        for key, parts in submission.parts.items()
    }
    skipped = [
        {
            "file": t.file,
            "sheet": t.sheet,
            "reason": t.reason,
            # a sheet that resembles a list but lacks an identifying column is not out of scope:
            # it is an error the pack must show, never "not yet received"
            "out_of_scope": t in submission.out_of_scope,
            **({"severity": "error"} if t.missing_identifying else {}),
        }
        for t in submission.out_of_scope + submission.unrecognised
    ]
    prepared = PreparedData(
        reference_date=reference_date,
        valid={key: item.valid for key, item in result.lists.items()},
        reconciliation=reconciliation(result),
        findings=findings_frame(result.findings),
        sources=sources,
        cells_not_read={
            key: sum(p.problems.height for p in parts) for key, parts in submission.parts.items()
        },
        skipped=skipped,
        files=[str(p) for p in submission.files],
        quarantined=_quarantined_rows(result),
        reference_source=reference.source,
        reference_how=reference.how,
        lists_point_to=(
            {"date": pointed.date.isoformat(), "source": pointed.source, "how": pointed.how}
            if pointed is not None
            else None
        ),
        outside_window={key: item.as_json() for key, item in result.outside_window.items()},
    )
    return prepared


def _quarantined_rows(result: Any) -> pl.DataFrame:
    """Every quarantined row, reduced to who it was about, where it was and why."""
    frames = [
        item.quarantined.select(
            pl.lit(key).alias("list"),
            (
                pl.col("child_id").cast(pl.String).str.strip_chars()
                if "child_id" in item.quarantined.columns
                else pl.lit(None, pl.String)
            ).alias("child_id"),
            pl.col("_sheet").cast(pl.String).alias("sheet"),
            pl.col("_row").cast(pl.Int64).alias("row"),
            pl.col("_reasons").cast(pl.String).alias("reasons"),
        )
        for key, item in result.lists.items()
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=QUARANTINE_SCHEMA)
