"""The pack's journey table names each step as a child's journey does (issue 19: the steps are
the events of ``catalogue/events.yml``, said once; they had drifted, "Section 47 strategy
discussion" against "Strategy discussion (section 47 enquiry)")."""

from __future__ import annotations

from jtai_analysis.presentation.figure_sections import journey_rows


def test_each_step_is_named_by_its_event() -> None:
    _, rows = journey_rows()
    assert [row[0] for row in rows] == [
        "Contact",
        "Referral",
        "Assessment started",
        "Strategy discussion (section 47 enquiry)",
        "Initial child protection conference",
        "Child protection plan started",
    ]
