"""Codes and field names as a reader's words (``dashboards.words``)."""

from __future__ import annotations

import polars as pl

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.dashboards.explore import DETAIL_COLUMNS
from jtai_analysis.dashboards.words import detail_words
from jtai_analysis.presentation.labels import column_labels


def test_an_events_detail_is_words_not_codes_or_field_names() -> None:
    referrals = pl.DataFrame(
        {
            "referral_source": ["6", "1A", None, "ZZ"],
            "referral_nfa": ["No", "Yes", "No", None],
        }
    )
    details = referrals.select(
        detail_words(load_catalogue(), "referrals", ["referral_source", "referral_nfa"])
    ).to_series()
    assert details.to_list() == [
        "Source: Police; No further action: No",
        "Source: Individual; No further action: Yes",
        "No further action: No",  # a blank field is left out
        "Source: ZZ",  # a value no code list knows is shown as it is, never dropped
    ]


def test_a_childs_abuse_categories_and_needs_read_as_words() -> None:
    plans = pl.DataFrame({"initial_abuse_category": ["EMO"], "latest_abuse_category": ["MUL"]})
    details = plans.select(
        detail_words(load_catalogue(), "cp", ["initial_abuse_category", "latest_abuse_category"])
    ).item()
    assert (
        details
        == "First category of abuse: Emotional abuse; Latest category of abuse: Multiple/not recommended"
    )


def test_every_detail_the_explorer_shows_has_a_heading_in_the_labels() -> None:
    shown = {column for columns in DETAIL_COLUMNS.values() for column in columns}
    assert shown <= set(column_labels("event_details"))
