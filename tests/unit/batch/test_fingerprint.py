"""An area's fingerprint follows its inputs, its parameters and the pseudonym key."""

from __future__ import annotations

from pathlib import Path

from jtai_analysis.batch.fingerprint import area_fingerprint
from jtai_analysis.batch.manifest import read_manifest


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
