"""The sampling workbench: adjust the sample with locks and exclusions, save, the command (the
balance of the 20 and 6: test_sample_balance.py)."""

from __future__ import annotations

from pathlib import Path

from jtai_analysis.dashboards import sample_view
from jtai_analysis.sampling.candidates import Candidate
from tests.unit.hand_built import REFERENCE_DATE as R


def _candidate(child_id: str, age: str, agencies: int = 2, da: bool = True) -> Candidate:
    return Candidate(
        child_id=child_id,
        lists=("A",),
        age_group=age,
        sex="F",
        ethnicity="WBRI",
        disability="No",
        status="CIN",
        agencies=tuple(f"AG{i}" for i in range(agencies)),
        has_probation=False,
        is_da_current=da,
    )


def test_workbench_adjusts_saves_and_says_the_command(tmp_path: Path) -> None:
    pool = [_candidate(f"c{i:02d}", "under_2" if i < 8 else "5_to_7") for i in range(22)]
    sample = sample_view.adjust(pool, seed=1, lock=["c21"], exclude=["c00"])
    assert sample.is_feasible and sample.twenty.height == 20 and sample.six.height == 6
    assert "c21" in sample.twenty["child_id"].to_list()
    assert "c00" not in sample.twenty["child_id"].to_list()
    written = sample_view.save(sample, tmp_path, "xlsx")
    assert [p.name for p in written] == ["selected_20.xlsx", "selected_6.xlsx"]
    written = sample_view.save(sample, tmp_path, "csv")
    assert len(written[0].read_text(encoding="utf-8").splitlines()) == 21
    infeasible = sample_view.adjust(pool, seed=1, exclude=["c01", "c02", "c03"])
    assert not infeasible.is_feasible and "Only 19 nominated children remain" in infeasible.problem
    assert sample_view.sample_command(["/d/a b.xlsx"], R, "out", 3, ["c21"], ["c00"]) == (
        "jtai sample --data '/d/a b.xlsx' --reference-date 2026-11-16 --out out --seed 3 "
        "--lock c21 --exclude c00"
    )
    table = sample_view.candidate_table(pool[:1])
    assert table.row(0) == (
        "c00",
        "List A",
        "Under 2",
        "Child in need",
        2,
        "domestic abuse a current factor",
    )


def test_locking_into_the_6_follows_what_the_sampling_rules_allow() -> None:
    pool = [_candidate(f"c{i:02d}", "under_2") for i in range(22)]
    sample = sample_view.adjust(pool, seed=1, lock_6=["c05"])
    if sample_view.can_lock_into_6():
        assert sample.is_feasible and "c05" in sample.six["child_id"].to_list()
        assert "c05" in sample.twenty["child_id"].to_list()
    else:
        assert not sample.is_feasible and "cannot lock into the 6" in sample.problem
