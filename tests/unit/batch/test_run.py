"""A batch's plan: only unchanged areas that already have a pack are skipped."""

from __future__ import annotations

from pathlib import Path

from jtai_analysis.batch.manifest import read_manifest


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
