"""The batch's parts that need no cluster: manifests, fingerprints and the cross-area comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.analysis.area_comparison import area_position, compare_areas
from jtai_analysis.batch.fingerprint import area_fingerprint
from jtai_analysis.batch.manifest import ManifestError, folder_name, read_manifest

YAML = """
areas:
  - name: Bath & North East Somerset
    data: [uploads/bath, uploads/bath_extra.csv]
    notification_date: 2026-11-16
    seed: 3
    strict: true
    lock-6: [C-1]
    exclude_6: [C-2, C-3]
  - name: St. Helens
    data: [/srv/st-helens]
    notification_date: "2026-12-01"
    reference_date: "2026-11-28"
"""

CSV = (
    "name,data,notification_date,seed,strict,reference_date,lock_6,exclude_6\n"
    "Bath & North East Somerset,uploads/bath;uploads/bath_extra.csv,2026-11-16,3,yes,,C-1,C-2;C-3\n"
    "St. Helens,/srv/st-helens,2026-12-01,,,2026-11-28,,\n"
)


def test_yaml_and_csv_manifests_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "areas.yml").write_text(YAML)
    (tmp_path / "areas.csv").write_text(CSV)
    from_yaml = read_manifest(tmp_path / "areas.yml")
    from_csv = read_manifest(tmp_path / "areas.csv")
    assert from_yaml == from_csv
    bath, helens = from_yaml
    assert bath.folder == "bath-north-east-somerset"
    assert bath.data_paths == (
        (tmp_path / "uploads" / "bath").resolve(),
        (tmp_path / "uploads" / "bath_extra.csv").resolve(),
    )
    assert bath.notification_date == bath.reference_date == dt.date(2026, 11, 16)
    assert (bath.seed, bath.is_strict) == (3, True)
    assert (bath.lock_6, bath.exclude_6) == (("C-1",), ("C-2", "C-3"))
    assert not bath.reference_date_given and helens.reference_date_given
    assert helens.folder == "st-helens" and helens.data_paths == (Path("/srv/st-helens"),)
    assert helens.reference_date == dt.date(2026, 11, 28) and helens.seed == 1
    assert not helens.is_strict


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("areas:\n  - name: A\n    data: [x]\n", "Area 1 has no notification_date"),
        (
            "areas:\n  - {name: A, data: [x], notification_date: 2026-11-16, colour: red}\n",
            "does not know: colour",
        ),
        ("areas:\n  - {name: A, data: [x], notification_date: 16/11/2026}\n", "YYYY-MM-DD"),
        (
            "areas:\n  - {name: A B, data: [x], notification_date: 2026-11-16}\n"
            "  - {name: a-b, data: [y], notification_date: 2026-11-16}\n",
            "would share the folder a-b/",
        ),
        ("areas: nothing\n", "must hold `areas:`"),
    ],
)
def test_bad_manifests_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "areas.yml"
    path.write_text(text)
    with pytest.raises(ManifestError, match=message.replace("(", r"\(").replace("?", r"\?")):
        read_manifest(path)


def test_folder_names() -> None:
    assert folder_name("Kingston upon Hull, City of") == "kingston-upon-hull-city-of"
    assert folder_name("Ynys Môn") == "ynys-mon"


def test_fingerprint_follows_inputs_and_parameters(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "list1.csv").write_text("Child Unique ID\nC1\n")
    manifest = tmp_path / "areas.yml"
    manifest.write_text("areas:\n  - {name: A, data: [data], notification_date: 2026-11-16}\n")
    (area,) = read_manifest(manifest)
    first = area_fingerprint(area)
    assert area_fingerprint(area) == first  # same inputs, same fingerprint
    manifest.write_text(
        "areas:\n  - {name: A, data: [data], notification_date: 2026-11-16, seed: 2}\n"
    )
    assert area_fingerprint(read_manifest(manifest)[0]) != first
    (data / "list1.csv").write_text("Child Unique ID\nC2\n")
    assert area_fingerprint(area) != first
    (data / "list1.csv").write_text("Child Unique ID\nC1\n")
    assert area_fingerprint(area) == first
    assert area_fingerprint(area, "a key of sixteen characters") != first


def _table(values: dict[str, list[float | None]]) -> pl.DataFrame:
    areas = ["A", "B", "C", "D", "E"]
    return pl.DataFrame(
        [
            {"area": area, "indicator_id": key, "title": key, "unit": "pct", "value": value}
            for key, column in values.items()
            for area, value in zip(areas, column, strict=True)
        ],
        schema={
            "area": pl.String,
            "indicator_id": pl.String,
            "title": pl.String,
            "unit": pl.String,
            "value": pl.Float64,
        },
    )


def test_comparison_quartiles_and_ranks_by_hand(tmp_path: Path) -> None:
    # x: four areas with a value, E not available. Sorted 10, 20, 30, 40 at positions 0..3:
    # lower quartile at 0.75 -> 17.5, median 25, upper quartile at 2.25 -> 32.5.
    # y: ties share the best rank; 5, 5, 3, 1 -> ranks 1, 1, 3, 4 (D not available).
    table = _table({"x": [10, 20, 30, 40, None], "y": [5, 5, 3, None, 1]})
    compared = compare_areas(table).sort("indicator_id", "area")
    x = compared.filter(pl.col("indicator_id") == "x")
    assert x["areas_count"].to_list() == [4] * 5
    assert x["lower_quartile"].to_list() == [17.5] * 5
    assert x["median"].to_list() == [25.0] * 5
    assert x["upper_quartile"].to_list() == [32.5] * 5
    assert x["rank"].to_list() == [4, 3, 2, 1, None]
    y = compared.filter(pl.col("indicator_id") == "y")
    assert y["rank"].to_list() == [1, 1, 3, None, 4]
    assert y["median"].to_list() == [4.0] * 5  # 1, 3, 5, 5 -> (3 + 5) / 2

    path = tmp_path / "areas.parquet"
    table.write_parquet(path)
    position = area_position(path, "E")
    assert position["indicator_id"].to_list() == ["x", "y"]
    assert position["value"].to_list() == [None, 1.0]
    assert position["rank"].to_list() == [None, 4]
    with pytest.raises(KeyError, match="'F' is not one of the areas"):
        area_position(path, "F")


def test_plan_skips_only_unchanged_areas_with_a_pack(tmp_path: Path) -> None:
    from jtai_analysis.batch.plan import split_unchanged as _plan

    manifest = tmp_path / "areas.yml"
    manifest.write_text(
        "areas:\n"
        + "".join(f"  - {{name: {n}, data: [x], notification_date: 2026-11-16}}\n" for n in "ABC")
    )
    areas = read_manifest(manifest)
    for folder in ("a", "b"):  # C has no pack yet
        (tmp_path / "out" / folder).mkdir(parents=True)
        (tmp_path / "out" / folder / "briefing-pack.html").write_text("pack")
        (tmp_path / "out" / folder / "indicators.csv").write_text("indicator_id\n")
    state = {"a": {"fingerprint": "1"}, "b": {"fingerprint": "old"}, "c": {"fingerprint": "3"}}
    now = {"a": "1", "b": "2", "c": "3"}
    to_build, unchanged = _plan(areas, tmp_path / "out", state, now, is_forced=False)
    assert [a.name for a in unchanged] == ["A"]
    assert [a.name for a in to_build] == ["B", "C"]
    to_build, unchanged = _plan(areas, tmp_path / "out", state, now, is_forced=True)
    assert unchanged == [] and [a.name for a in to_build] == ["A", "B", "C"]
