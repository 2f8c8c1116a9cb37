"""The information on the 20 (para 115) beside each child (issue 25, item 5): setting, child's health
services, relevant adults known to the police, adults' health services (where adult mental health
and substance misuse services are named) and an active probation case, as the return says them."""

from __future__ import annotations

import polars as pl

from jtai_analysis.sampling.sample import choose
from jtai_analysis.sampling.sample_tables import information_on_20
from tests.unit.sampling.nominated_area import R, area
from tests.unit.sampling.nominated_area import information_on_20 as returned

COLUMNS = [
    "Child ID",
    "School or early years setting",
    "Child's health services",
    "Relevant adults known to the police",
    "Relevant adults' health services",
    "Relevant adult on an active probation case",
]


def _by_child(table: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {row["Child ID"]: row for row in table.iter_rows(named=True)}


def test_each_child_of_the_20_has_what_the_return_says_about_them() -> None:
    chosen = [f"N{i:03d}" for i in range(10, 30)]
    rows = [(i, None, None, "No", None, "No") for i in chosen]
    rows[0] = (
        "N010",
        "Oak Nursery",
        "Health visiting",
        "Yes",
        "Adult mental health services",
        "Yes",
    )
    rows[1] = ("N011", None, None, "Unknown", "Adult substance misuse service; GP", "No")
    data = area(candidate_info=returned(rows))
    sample = choose(data, R, seed=1)
    table = information_on_20(data, sample.twenty)
    assert table.columns == COLUMNS
    assert table["Child ID"].to_list() == chosen  # the 20, in their order
    info = _by_child(table)
    assert list(info["N010"].values())[1:] == [
        "Oak Nursery",
        "Health visiting",
        "Yes",
        "Adult mental health services",
        "Yes",
    ]
    # blank text on the return is "none given"; Unknown stays unknown, never No
    assert list(info["N011"].values())[1:] == [
        "none given",
        "none given",
        "Unknown",
        "Adult substance misuse service; GP",
        "No",
    ]


def test_a_child_not_on_the_return_and_a_return_not_arrived_are_said_so() -> None:
    data = area(candidate_info=returned([("N001", "Elm School", None, "No", None, "No")]))
    # the 20 given in a file: N001 is on the return, N002 is not
    sample = choose(data, R, seed=1, selected_20=[f"N{i:03d}" for i in range(1, 21)])
    info = _by_child(information_on_20(data, sample.twenty))
    assert info["N001"]["School or early years setting"] == "Elm School"
    assert set(list(info["N002"].values())[1:]) == {"not on the return"}
    proposed = choose(area(), R, seed=1)
    table = information_on_20(area(), proposed.twenty)
    assert table.height == 20
    assert set(table.drop("Child ID").unpivot()["value"]) == {
        "not available: the information on the 20 has not arrived"
    }
