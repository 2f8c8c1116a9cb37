"""Sheet layouts as real exports vary: each text date form reads back to its day, and the same area
written as a workbook and as CSV files (other headers, prefixes, forms, spellings) reads the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.common.text import PIVOT_PREFIXES
from jtai_analysis.ingest.parsing import parse_date
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.synth import write_submission
from jtai_analysis.synth.layout import DATE_TEXT_FORMS, format_date_text
from tests.conftest import read_manifest


def _as_date(text: str | None) -> dt.date | None:
    return (
        pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(parse_date(pl.col("v"))).item()
    )


@pytest.mark.parametrize("form", DATE_TEXT_FORMS)
def test_each_text_date_form_reads_back_to_its_day(form: str) -> None:
    days = [dt.date(2020, 9, 16), dt.date(2026, 1, 2), dt.date(2024, 2, 29), dt.date(2025, 12, 31)]
    for day in days:
        assert _as_date(format_date_text(day, form)) == day, format_date_text(day, form)
    assert format_date_text(dt.date(2020, 9, 16), "%d-%b-%Y") == "16-Sep-2020"
    assert format_date_text(dt.date(2020, 9, 16), "%a %d/%m/%Y") == "Wed 16/09/2020"


def _pivot_headers(manifest: dict, list_key: str) -> dict[str, str]:
    headers = manifest["lists"][list_key]["headers"]
    return {
        key: header for key, header in headers.items() if header.lower().startswith(PIVOT_PREFIXES)
    }


def test_export_variants_read_to_the_same_values_in_a_workbook_and_in_csv(
    tmp_path: Path,
) -> None:
    """The same area (same seed) written as a workbook and as CSV files gets different headers,
    pivot prefixes, date forms and code spellings; every one must read to the same values."""
    forms, prefixes = set(), set()
    for seed in (11, 13):
        frames = {}
        for file_format in ("xlsx", "csv"):
            folder = tmp_path / f"{seed}-{file_format}"
            write_submission(folder, seed=seed, file_format=file_format)
            manifest = read_manifest(folder)
            submission = ingest([folder])
            assert submission.problems().is_empty()
            for key, parts in submission.parts.items():
                (part,) = parts
                assert part.pivot_headers == _pivot_headers(manifest, key), key
                prefixes.update(h.split(" of ")[0] for h in part.pivot_headers.values())
                forms.update(manifest["lists"][key]["date_forms"].values())
            frames[file_format] = {
                key: submission.frame(key).drop("_file", "_sheet", "_row")
                for key in submission.parts
            }
            assert not (folder / "defects.json").exists()  # variants are not defects
        for key, frame in frames["xlsx"].items():
            assert frame.equals(frames["csv"][key]), (seed, key)
    assert forms == {*DATE_TEXT_FORMS, "excel"}
    assert prefixes == {"Sum", "Count"}
