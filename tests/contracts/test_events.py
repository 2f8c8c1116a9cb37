"""The one map of event dates names real lists and date columns of the contracts."""

from __future__ import annotations

from jtai_analysis.catalogue.events import activity_dates, load_events
from jtai_analysis.catalogue.lists import load_catalogue


def test_every_event_is_a_date_column_of_its_list() -> None:
    catalogue = load_catalogue()
    for event in load_events():
        assert catalogue.lists[event.list_key].column(event.column).type == "date", event


def test_activity_dates_place_lists_1_3_4_and_5_in_time() -> None:
    assert activity_dates() == {
        "contacts": ("contact_date", "Contacts"),
        "referrals": ("referral_date", "Referrals"),
        "assessments": ("assessment_start_date", "Assessments started"),
        "s47": ("strategy_date", "Section 47 enquiries"),
    }
