"""The sampling workbench's rows and tables (``dashboards.workbench``): each nominated child in
words on a row of its own height, a choice a screen reader can read, tables without codes."""

from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as w
import polars as pl

from jtai_analysis.dashboards import sample_view
from jtai_analysis.dashboards.controls import Redraw
from jtai_analysis.dashboards.workbench import CandidateRow, SamplingWorkbench
from jtai_analysis.dashboards.workspace import Workspace
from jtai_analysis.sampling.candidates import Candidate
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared


def _candidate(
    child_id: str, age: str, lists: tuple[str, ...] = ("A",), da: bool = True
) -> Candidate:
    return Candidate(
        child_id=child_id,
        lists=lists,
        age_group=age,
        sex="F",
        ethnicity="BAFR",
        disability="No",
        status="CIN",
        agencies=("POLICE",) if child_id.endswith("1") else ("POLICE", "HEALTH"),
        has_probation=False,
        is_da_current=da,
    )


def _space(pool: list[Candidate]) -> Workspace:
    # no list has arrived: the balance has no focus children to compare with, and says so
    context = SimpleNamespace(reference_date=R, data=prepared())
    sample = sample_view.adjust(pool, 1)
    return Workspace(
        context,
        1,
        (),
        (),
        (),
        (),
        pl.DataFrame(),
        pool,
        sample,
        pl.DataFrame(),  # type: ignore[arg-type]
    )


POOL = [
    _candidate(
        f"c{i:02d}", "under_2" if i < 8 else "5_to_7", ("A", "C") if i == 3 else ("A",), da=i != 1
    )
    for i in range(22)
]


def test_each_nominated_child_is_a_line_of_words() -> None:
    table = sample_view.candidate_table(POOL[:4]).iter_rows(named=True)
    lines = [sample_view.candidate_line(record) for record in table]
    assert lines[1] == "List A · Under 2 · Child in need · 1 agency · no current domestic abuse"
    assert (
        lines[3]
        == "List A, List C · Under 2 · Child in need · 2 agencies · domestic abuse a current factor"
    )


def test_a_row_keeps_its_natural_height_and_its_choice_is_radio_buttons() -> None:
    space = _space(POOL)
    record = next(sample_view.candidate_table(POOL[:1]).iter_rows(named=True))
    row = CandidateRow(record, space, Redraw())
    assert row.layout.flex == "0 0 auto"  # never squeezed below its content in the long list
    assert row.layout.overflow == "visible"  # never a scroll box of its own
    assert row.layout.flex_flow == "row wrap"  # the choices go beneath where the page is narrow
    assert isinstance(row.choice, w.RadioButtons)  # the chosen one is said, not only shown
    assert [label for label, _ in row.choice.options] == ["As proposed", "Lock", "Exclude"]
    assert "c00</strong> · List A · Under 2" in row.children[0].value


def test_the_20_and_the_6_are_shown_in_words_in_boxes_that_scroll_sideways() -> None:
    bench = SamplingWorkbench(_space(POOL))
    assert "BAFR" not in bench.twenty_table.value and "African" in bench.twenty_table.value
    assert "List A" in bench.six_table.value
    assert 'class="jtai-scrolls" tabindex="0" role="region"' in bench.twenty_table.value
    listed = bench.children[2]
    assert "jtai-scrolls" in listed._dom_classes and listed.layout.overflow == "auto"
    bench.controls["c03"].value = sample_view.LOCK
    assert "1 locked" in bench.status.value


def test_the_balance_is_the_packs_in_a_box_that_scrolls_sideways() -> None:
    bench = SamplingWorkbench(_space(POOL))
    table = bench.balance_table.value
    assert 'class="jtai-scrolls" tabindex="0" role="region"' in table
    assert "jtai-wide" in bench.balance_table._dom_classes  # its box, not the page, scrolls
    assert "The proposed 20 and the proposed 6 beside the focus children, skews flagged" in table
    assert "In the proposed 20" in table and "Flag (the proposed 6)" in table
    # no focus children: nothing to compare with, said in words, never a count of 0
    assert "not available: no focus children in Lists 4 and 6" in table
    assert "A group is flagged when a random sample" in bench.balance_rule.value
    assert "Nominated" not in bench.age_numbers.value  # the pack's chart: the 20 and the 6
    bench.controls["c03"].value = sample_view.LOCK  # the balance follows the choices
    assert "The proposed 20 and the proposed 6" in bench.balance_table.value
    for child in ("c00", "c01", "c02"):
        bench.controls[child].value = sample_view.EXCLUDE
    assert "No selection possible" in bench.status.value and bench.balance_table.value == ""
