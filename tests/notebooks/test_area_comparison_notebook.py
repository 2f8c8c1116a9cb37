"""The "beside the other areas" section runs under papermill, with and without a batch's table."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from jtai_analysis.pack.build import notebook_sources
from jtai_analysis.pack.kernels import papermill_kernel_options
from jtai_analysis.presentation.records import read_records
from tests.unit.hand_built import areas_indicators

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("notebooks")]


def _run(out: Path, comparison_path: str) -> tuple[dict, Path]:
    notebook = next(p for p in notebook_sources() if p.name.endswith("_area_comparison.ipynb"))
    executed = out / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters={"options": {"area_name": "Middle", "comparison_path": comparison_path}},
        **papermill_kernel_options(),
        progress_bar=False,
        execution_timeout=300,
    )
    return read_records(executed), executed


def test_area_beside_three_others(tmp_path: Path) -> None:
    # Four areas. x (a percentage): 10, 30, 20, and one not available; "Middle" has 20:
    # median of 10, 20, 30 is 20, rank 2 of 3. n (a count): 4, 4, 9, 1; Middle has 4, tied
    # second with High: rank 2, median (4 + 4) / 2 = 4.
    rows = [
        ("Low", "x", "pct", 10.0),
        ("High", "x", "pct", 30.0),
        ("Middle", "x", "pct", 20.0),
        ("Missing", "x", "pct", None),
        ("Low", "n", "count", 9.0),
        ("High", "n", "count", 4.0),
        ("Middle", "n", "count", 4.0),
        ("Missing", "n", "count", 1.0),
    ]
    table = areas_indicators(rows)
    path = tmp_path / "areas_indicators.parquet"
    table.write_parquet(path)
    shown = _run(tmp_path, str(path))[0]["area_comparison"]
    assert shown == {"areas": 4, "rank": {"x": 2, "n": 2}, "median": {"x": 20.0, "n": 4.0}}


def test_pack_built_alone_leaves_the_section_out_and_says_why(tmp_path: Path) -> None:
    # issue 25: a section with nothing to say is left out of the pack, with a line saying why
    records, executed = _run(tmp_path, "")
    assert records["area_comparison"] is None
    assert records["left_out"].startswith("this pack was built for one area")
