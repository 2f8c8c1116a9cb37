"""The proposed 20 and 6 say "proposed" until the lead inspector confirms them (issue 25, item 5).

A child is chosen when the lead inspector has said so: a lock, the information-on-the-20 return or
``--selected-20``. Everything else the workbench picked is proposed, in the tables, the headings
and the files for the local area.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from jtai_analysis.sampling.exports import sample_files
from jtai_analysis.sampling.sample import choose
from jtai_analysis.sampling.sample_labels import sample_note, six_heading, twenty_heading
from jtai_analysis.sampling.sample_tables import for_readers, sample_table
from tests.unit.sampling.nominated_area import R, area, ids, information_on_20


def _standing(table: pl.DataFrame) -> dict[str, str]:
    return dict(zip(table["child_id"], table["proposed_or_chosen"], strict=True))


def test_with_no_return_and_no_lock_the_20_and_the_6_are_proposed() -> None:
    sample = choose(area(), R, seed=1)
    assert set(_standing(sample_table(sample.twenty)).values()) == {"proposed"}
    assert set(_standing(sample_table(sample.six)).values()) == {"proposed"}
    assert twenty_heading(sample) == "The proposed 20"
    assert six_heading(sample) == "The proposed 6"
    assert "proposed" in sample_note(sample)


def test_a_locked_child_is_chosen_and_the_rest_stay_proposed() -> None:
    sample = choose(area(), R, seed=1, lock=["N001", "N002"])
    standing = _standing(sample_table(sample.twenty))
    assert standing["N001"] == standing["N002"] == "chosen"
    assert [s for c, s in standing.items() if c not in ("N001", "N002")] == ["proposed"] * 18
    # 2 of the 20 confirmed is not the 20 confirmed
    assert twenty_heading(sample) == "The proposed 20"
    assert "2 of them locked by the lead inspector" in sample_note(sample)


def test_the_returned_20_are_chosen_and_the_6_proposed_until_all_six_are_locked() -> None:
    returned = [f"N{i:03d}" for i in range(10, 30)]
    data = area(
        candidate_info=information_on_20([(i, None, None, "No", None, "No") for i in returned])
    )
    sample = choose(data, R, seed=1)
    assert set(_standing(sample_table(sample.twenty)).values()) == {"chosen"}
    assert twenty_heading(sample) == "The 20 chosen by the lead inspector"
    assert six_heading(sample) == "The proposed 6"
    readers = for_readers(sample_table(sample.six))
    assert set(readers["Proposed or chosen"]) == {"Proposed"}
    six = ids(sample.six)
    confirmed = choose(data, R, seed=1, lock_6=six)
    assert six_heading(confirmed) == "The 6 chosen by the lead inspector"
    assert set(_standing(sample_table(confirmed.six)).values()) == {"chosen"}


def test_the_files_for_the_local_area_say_proposed(tmp_path: Path) -> None:
    sample = choose(area(), R, seed=1, lock=["N001"])
    sample_files(tmp_path, sample)
    twenty = pl.read_csv(tmp_path / "selected_20.csv", infer_schema=False)
    assert _standing(twenty)["N001"] == "chosen"
    assert (twenty["proposed_or_chosen"] == "proposed").sum() == 19
    book = load_workbook(tmp_path / "sample.xlsx")
    assert book.sheetnames[:2] == ["The proposed 20", "The proposed 6"]
