"""`jtai batch` on a local Dask cluster: two small synthetic areas and one broken submission.

Each pack in the batch must equal a lone `jtai pack` on the same inputs (indicators, validation,
timeline); the broken area fails alone, after one more try, with its reason; a second run (from a
CSV manifest naming the same areas) skips the unchanged areas; and each batch pack shows its area
beside the other.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.cli.main import main
from jtai_analysis.presentation.records import read_records
from jtai_analysis.synth import write_submission
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("batch")]
AREAS = {"North Vale": 31, "South Moor": 32}  # area -> synthetic seed
SAME_OUTPUTS = ("indicators.csv", "validation.json", "timeline.csv")
SAME_IF_WRITTEN = ("indicators_by_group.csv", "sample/selected_20.csv", "sample/selected_6.csv")


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch_inputs")
    for name, seed in AREAS.items():
        write_submission(
            root / name.replace(" ", "_"),
            size="small",
            seed=seed,
            reference_date=REFERENCE_DATE,
            file_format="csv",
            is_dirty=seed % 2 == 0,
        )
    (root / "broken").mkdir()
    (root / "broken" / "notes.csv").write_text("Shopping,List\neggs,milk\n")
    return root


@pytest.fixture(scope="module")
def first_run(submissions: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    manifest = submissions / "areas.yml"
    lines = ["areas:"]
    for name in AREAS:
        lines += [f"  - name: {name}", f"    data: [{name.replace(' ', '_')}]"]
        lines += [f"    notification_date: {REFERENCE_DATE}"]
    lines += ["  - {name: Broken Borough, data: [broken], notification_date: 2026-11-16}"]
    manifest.write_text("\n".join(lines) + "\n")
    out = tmp_path_factory.mktemp("batch") / "out"
    code = main(["batch", "--manifest", str(manifest), "--out", str(out), "--workers", "2"])
    return code, out


@pytest.fixture(scope="module")
def lone_packs(submissions: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    packs = {}
    for name in AREAS:
        out = tmp_path_factory.mktemp("lone") / "pack"
        data = str(submissions / name.replace(" ", "_"))
        argv = ["pack", "--data", data, "--la", name, "--notification-date", str(REFERENCE_DATE)]
        assert main([*argv, "--out", str(out)]) == 0
        packs[name] = out
    return packs


def _summary(out: Path) -> dict[str, dict]:
    rows = pl.read_csv(out / "batch_summary.csv", infer_schema=False)
    return {row["area"]: row for row in rows.iter_rows(named=True)}


def test_broken_area_fails_alone_with_its_reason(first_run: tuple[int, Path]) -> None:
    code, out = first_run
    assert code == 5
    summary = _summary(out)
    assert summary["Broken Borough"]["status"] == "failed"
    assert summary["Broken Borough"]["step"] == "indicators"
    assert summary["Broken Borough"]["attempts"] == "2"  # tried again once
    assert "No Annex A list was recognised" in summary["Broken Borough"]["reason"]
    for name in AREAS:
        assert summary[name]["status"] == "built" and summary[name]["attempts"] == "1"
    assert not (out / "broken-borough" / "briefing-pack.html").exists()
    log = (out / ".jtai-batch" / "logs" / "broken-borough.log").read_text()
    assert log.count("indicators: started") == 2


def test_batch_packs_equal_lone_packs(
    first_run: tuple[int, Path], lone_packs: dict[str, Path]
) -> None:
    _, out = first_run
    for name, lone in lone_packs.items():
        batch = out / name.lower().replace(" ", "-")
        assert (batch / "briefing-pack.html").is_file()
        written = [f for f in SAME_IF_WRITTEN if (lone / f).exists()]
        for file in (*SAME_OUTPUTS, *written):
            assert (batch / file).read_bytes() == (lone / file).read_bytes(), (name, file)


def test_cross_area_tables(first_run: tuple[int, Path]) -> None:
    _, out = first_run
    table = pl.read_csv(out / "areas_indicators.csv", infer_schema=False)
    pack_columns = pl.read_csv(out / "north-vale" / "indicators.csv", infer_schema=False).columns
    assert table.columns == ["area", *pack_columns]
    assert table["area"].unique(maintain_order=True).to_list() == list(AREAS)
    for name in AREAS:
        own = pl.read_csv(
            out / name.lower().replace(" ", "-") / "indicators.csv", infer_schema=False
        )
        assert table.filter(pl.col("area") == name).drop("area").equals(own)
    parquet = pl.read_parquet(out / "areas_indicators.parquet")
    assert parquet["area"].unique(maintain_order=True).to_list() == list(AREAS)


def test_each_batch_pack_shows_its_area_beside_the_other(first_run: tuple[int, Path]) -> None:
    _, out = first_run
    values = {
        name: {
            row["indicator_id"]: row["value"]
            for row in pl.read_csv(
                out / name.lower().replace(" ", "-") / "indicators.csv",
                schema_overrides={"value": pl.Float64},
            ).iter_rows(named=True)
        }
        for name in AREAS
    }
    north, south = values["North Vale"], values["South Moor"]
    shown = read_records(out / "north-vale" / "notebooks" / "45_area_comparison.ipynb")
    comparison = shown["area_comparison"]
    assert comparison["areas"] == 2
    checked = 0
    for indicator, value in north.items():
        other = south[indicator]
        if value is None or other is None:
            assert comparison["rank"][indicator] is None or other is None
            continue
        # Two areas: the median is their mean; the higher value ranks 1, a tie ranks both 1.
        assert comparison["median"][indicator] == pytest.approx((value + other) / 2)
        assert comparison["rank"][indicator] == (1 if value >= other else 2)
        checked += 1
    assert checked >= 10
    page = (out / "north-vale" / "briefing-pack.html").read_text(encoding="utf-8")
    assert "Compared with the 2 areas of the same batch run" in page


def test_lone_pack_says_comparison_not_available(lone_packs: dict[str, Path]) -> None:
    page = (lone_packs["North Vale"] / "briefing-pack.html").read_text(encoding="utf-8")
    assert (
        "Beside the other areas: this pack was built for one area" in page
    )  # left out, saying why


def test_second_run_skips_unchanged_areas(
    first_run: tuple[int, Path], submissions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = first_run
    folders = ("north-vale", "south-moor")
    before = {n: (out / n / "briefing-pack.html").stat().st_mtime_ns for n in folders}
    manifest = submissions / "areas.csv"  # the same two areas, now as a CSV manifest
    rows = ["name,data,notification_date"]
    rows += [f"{name},{name.replace(' ', '_')},{REFERENCE_DATE}" for name in AREAS]
    manifest.write_text("\n".join(rows) + "\n")
    capsys.readouterr()
    code = main(["batch", "--manifest", str(manifest), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "2 areas: 0 to build, 2 unchanged" in printed
    assert "Starting Dask" not in printed  # nothing to build: no cluster is started
    summary = _summary(out)
    assert summary["North Vale"]["status"] == summary["South Moor"]["status"] == "skipped"
    after = {n: (out / n / "briefing-pack.html").stat().st_mtime_ns for n in folders}
    assert after == before
    totals = json.loads((out / "batch_summary.json").read_text())
    assert (totals["built"], totals["skipped"], totals["failed"]) == (0, 2, 0)
    table = pl.read_csv(out / "areas_indicators.csv", infer_schema=False)
    assert table["area"].unique(maintain_order=True).to_list() == list(AREAS)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--manifest", "no/such/areas.yml"], "could not be read"),
        (["--manifest", "areas.yml", "--scheduler", "tcp://x:8786", "--workers", "2"], "--workers"),
    ],
)
def test_unusable_batch_requests_exit_2_with_one_sentence(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", *argv, "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error and error.count("\n") == 1
