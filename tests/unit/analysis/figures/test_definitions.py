"""The figure definitions: read and checked on load; conditions refuse what they do not know."""

from __future__ import annotations

import pytest

from jtai_analysis.analysis.figures import definitions
from jtai_analysis.analysis.figures.conditions import ConditionError, parse_condition
from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.catalogue.theme import load_theme


def test_every_definition_reads_lists_and_columns_of_the_contracts() -> None:
    catalogue = load_catalogue()
    for definition in definitions().values():
        for list_key in definition.lists:
            contract = catalogue.lists[list_key]  # a KeyError names an unknown list
            for need in (
                *definition.rows.needs(),
                *(definition.hit.needs() if definition.hit else ()),
            ):
                assert need.column in contract.column_keys, (definition.id, need.column)


def test_the_theme_names_only_figures_that_exist_and_they_get_its_breakdowns() -> None:
    figures = definitions()
    for figure_id in load_theme().focus_figures:
        assert ("flag",) in figures[figure_id].breakdowns and ("focus",) in figures[
            figure_id
        ].breakdowns
    assert ("focus",) not in figures["contacts_count"].breakdowns


def test_focus_of_is_the_base_figure_for_focus_children() -> None:
    focus = definitions()["focus_referrals_nfa_pct"]
    base = definitions()["referrals_nfa_pct"]
    assert (focus.lists, focus.rows, focus.hit) == (base.lists, base.rows, base.hit)
    assert focus.restrict is not None and focus.restrict.attributes() == {"focus"}


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ({"in_windw": "contact_date"}, "'in_windw' is not a condition"),
        ({"equals": {"a": "Yes", "b": "No"}}, "one COLUMN: VALUE pair"),
        ({"working_days_at_most": {"from": "a", "days": 3}}, "from, to and days"),
        ([{"in_window": "a"}], "one mapping"),
    ],
)
def test_a_condition_written_wrong_is_refused(written: object, message: str) -> None:
    with pytest.raises(ConditionError, match=message):
        parse_condition(written)
