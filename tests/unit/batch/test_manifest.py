"""The batch's parts that need no cluster: manifests, fingerprints and the cross-area comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

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
    assert bath.notification_date == bath.reference_or_notification_date == dt.date(2026, 11, 16)
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
