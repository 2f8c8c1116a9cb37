"""The journey's steps, read from events.yml: where each step's dates are, its letter and its name."""

from __future__ import annotations

from jtai_analysis.catalogue.codes import NO, YES, ListKey
from jtai_analysis.catalogue.events import journey_steps


def test_the_steps_go_in_the_order_of_the_journey_patterns() -> None:
    # design/interfaces.md, journey_patterns: "on the same date in the order E C R A S I P"
    assert "".join(step.step or "" for step in journey_steps()) == "ECRASIP"


def test_each_step_is_a_date_of_the_list_the_interface_names() -> None:
    where = [(step.list_key, step.column) for step in journey_steps()]
    assert where == [
        (ListKey.EARLY_HELP, "eh_assessment_start_date"),
        (ListKey.CONTACTS, "contact_date"),
        (ListKey.REFERRALS, "referral_date"),
        (ListKey.ASSESSMENTS, "assessment_start_date"),
        (ListKey.S47, "strategy_date"),
        (ListKey.S47, "icpc_date"),
        (ListKey.CP, "cpp_start_date"),
    ]


def test_a_step_is_named_as_its_event() -> None:
    strategy = journey_steps()[4]
    assert strategy.event == "Strategy discussion (section 47 enquiry)"


def test_the_outcomes_that_end_a_journey_are_codes_of_their_columns() -> None:
    endings = {
        step.step: (step.ends.column, step.ends.code, step.ends.words)
        for step in journey_steps()
        if step.ends is not None
    }
    assert endings == {
        "R": ("referral_nfa", YES, "no further action"),
        "A": ("needs_csc_support", NO, "no further social care support"),
        "S": ("icpc_unnecessary", YES, "no conference needed"),
        "I": ("icpc_resulted_in_cpp", NO, "no plan"),
    }
