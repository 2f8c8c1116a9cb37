"""The sampling workbench chooses the 20 and the 6 as the pack and ``jtai sample`` do
(``sampling.sample.choose_from``): the same choices give the same children on the page, in the pack
and from the command the page shows, whether the 20 are proposed or already chosen.

The area: the 30 nominated children of ``tests/unit/sampling/nominated_area`` (``N000``..``N029``).
"""

from __future__ import annotations

import pytest

from jtai_analysis.dashboards import sample_view
from jtai_analysis.sampling.candidates import candidates
from jtai_analysis.sampling.sample import choose, given_20
from tests.unit.sampling.nominated_area import R, area, information_on_20

# The return names 20 children the tool would not all propose: the last 20 nominated.
RETURNED = [f"N{i:03d}" for i in range(10, 30)]


def _ids(table: object) -> list[str]:
    return list(table["child_id"])  # type: ignore[index]


@pytest.mark.parametrize(
    "choices",
    [
        {},
        {"lock": ["N029"], "exclude": ["N000"]},
        {"lock_6": ["N028"]},  # not in the proposed 20 unless locked into it
        {"lock": ["N003"], "exclude_6": ["N003"]},
    ],
)
def test_the_workbench_proposes_the_packs_20_and_6(choices: dict[str, list[str]]) -> None:
    data = area()
    pack = choose(data, R, seed=1, **choices)
    page = sample_view.adjust(candidates(data, R), 1, given=given_20(data), **choices)
    assert page.is_feasible, page.problem
    assert _ids(page.twenty) == [c.candidate.child_id for c in pack.twenty]
    assert _ids(page.six) == [c.candidate.child_id for c in pack.six]
    assert sample_view.given_20_words(page) == ""  # proposed: the choices change the 20


def test_a_child_locked_into_the_6_joins_the_proposed_20() -> None:
    data = area()
    proposed = [c.candidate.child_id for c in choose(data, R, seed=1).twenty]
    outside = next(f"N{i:03d}" for i in range(30) if f"N{i:03d}" not in proposed)
    sample = choose(data, R, seed=1, lock_6=[outside])
    assert outside in [c.candidate.child_id for c in sample.twenty]
    assert outside in [c.candidate.child_id for c in sample.six]


def test_once_the_return_names_the_20_the_workbench_shows_those_20_as_the_pack_does() -> None:
    data = area(
        candidate_info=information_on_20([(i, None, None, "No", None, "No") for i in RETURNED])
    )
    given = given_20(data)
    assert given is not None and given.source == "returned"
    pool = candidates(data, R)
    # a lock on the 20 changes only the proposal beside the chosen 20; the 6 come from those 20
    page = sample_view.adjust(pool, 1, lock=["N000"], lock_6=["N012"], given=given)
    pack = choose(data, R, seed=1, lock=["N000"], lock_6=["N012"])
    assert sorted(_ids(page.twenty)) == sorted(RETURNED)
    assert _ids(page.twenty) == [c.candidate.child_id for c in pack.twenty]
    assert _ids(page.six) == [c.candidate.child_id for c in pack.six]
    assert "N012" in _ids(page.six) and "N000" not in _ids(page.twenty)
    assert sample_view.given_20_words(page).startswith(
        " The 20 chosen by the lead inspector (the information on them has arrived), as in the "
        "pack: Lock and Exclude do not change these 20"
    )
    # a child locked into the 6 who is not among the chosen 20 cannot be: said by the 6's rule
    outside = sample_view.adjust(pool, 1, lock_6=["N001"], given=given)
    assert not outside.is_feasible
    assert (
        outside.problem
        == "Child N001 is locked but is not in the 20 (the 6 come from them, para 116)."
    )
