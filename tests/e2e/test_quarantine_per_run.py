"""Each `jtai validate --json` run keeps its own quarantine beside its findings (issue 22, item 1).

Two runs into one folder: the first run's set-aside rows are still there, whole, after the second;
the counts of each findings file equal the rows of the CSVs beside it; a run again under the same
name replaces its folder as a whole (a list it no longer has leaves no CSV behind).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from jtai_analysis.cli.main import main
from tests.conftest import REFERENCE_DATE


def _validate(data: Path, findings: Path) -> int:
    argv = ["validate", str(data), "--reference-date", REFERENCE_DATE.isoformat()]
    return main([*argv, "--json", str(findings)])


def _rows_beside(findings: Path) -> dict[str, int]:
    """Rows of each quarantine CSV in the folder the findings file names, by list key."""
    content = json.loads(findings.read_text(encoding="utf-8"))
    folder = findings.parent / content["quarantine_folder"]
    return {
        path.stem: pl.read_csv(path, infer_schema=False).height
        for path in sorted(folder.glob("*.csv"))
    }


def _counted(findings: Path) -> dict[str, int]:
    content = json.loads(findings.read_text(encoding="utf-8"))
    return {key: item["rows_quarantined"] for key, item in content["lists"].items()}


def test_two_runs_into_one_folder_keep_their_own_quarantine(
    small_dirty_csv: Path, small_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _validate(small_dirty_csv, out / "a.json") == 1  # the dirty one has error findings
    a_rows = {p.name: p.read_bytes() for p in (out / "a.quarantine").glob("*.csv")}
    assert sum(_counted(out / "a.json").values()) > 0

    assert _validate(small_xlsx, out / "b.json") == 0
    # A's rows are still there, byte for byte, and A's counts still match them.
    assert {p.name: p.read_bytes() for p in (out / "a.quarantine").glob("*.csv")} == a_rows
    for findings in (out / "a.json", out / "b.json"):
        assert _rows_beside(findings) == _counted(findings), findings.name
    assert sum(_counted(out / "b.json").values()) == 0  # the clean run set nothing aside
    assert not (out / "quarantine").exists()  # no folder shared between runs


def test_a_run_again_under_the_same_name_replaces_its_folder_as_a_whole(
    small_dirty_csv: Path, small_xlsx: Path, tmp_path: Path
) -> None:
    findings = tmp_path / "check.json"
    assert _validate(small_dirty_csv, findings) == 1
    left_over = tmp_path / "check.quarantine" / "from_an_earlier_run.csv"
    left_over.write_text("child_id,reasons\nX,old\n")
    assert _validate(small_xlsx, findings) == 0
    assert not left_over.exists()
    assert _rows_beside(findings) == _counted(findings)
    # Nothing written aside is left behind in the folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check.json", "check.quarantine"]
