"""The simulated journeys: linked like real ones (each step follows the one before it), histories that
start before the window, nothing dated after it, and rates near the national figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import window_start
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.ingest.submission import ingest
from tests.conftest import REFERENCE_DATE

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def typical(typical_area: Path) -> dict[str, pl.DataFrame]:
    submission = ingest([typical_area])
    assert submission.problems().is_empty()  # clean data reads cleanly
    return {key: submission.frame(key) for key in submission.parts}  # type: ignore[misc]


def _earliest_before(
    events: pl.DataFrame, rows: pl.DataFrame, row_date: str, event_date: str
) -> pl.DataFrame:
    """Rows of ``rows`` with no event of the same child on or before ``row_date``."""
    linked = rows.join(
        events.select("child_id", pl.col(event_date).alias("_event")), on="child_id", how="left"
    )
    has_event = linked.group_by("_row").agg(
        (pl.col("_event") <= pl.col(row_date)).any().alias("ok")
    )
    return has_event.filter(~pl.col("ok").fill_null(False))


@pytest.mark.slow
def test_referrals_follow_a_contact(typical: dict[str, pl.DataFrame]) -> None:
    assert _earliest_before(
        typical["contacts"], typical["referrals"], "referral_date", "contact_date"
    ).is_empty()


@pytest.mark.slow
def test_assessments_and_s47s_follow_a_referral_or_an_open_episode(
    typical: dict[str, pl.DataFrame],
) -> None:
    starts = pl.concat(
        [
            typical["referrals"].select("child_id", pl.col("referral_date").alias("start")),
            typical["cin"].select("child_id", pl.col("cin_start_date").alias("start")),
        ]
    )
    assert _earliest_before(
        starts, typical["assessments"], "assessment_start_date", "start"
    ).is_empty()
    assert _earliest_before(starts, typical["s47"], "strategy_date", "start").is_empty()


@pytest.mark.slow
def test_conferences_plans_and_children_in_need_link_up(typical: dict[str, pl.DataFrame]) -> None:
    s47, cp, cin = typical["s47"], typical["cp"], typical["cin"]
    assert s47.filter(pl.col("icpc_date") < pl.col("strategy_date")).is_empty()
    assert s47.filter(pl.col("icpc_date").dt.weekday() > 5).is_empty()  # never on a weekend
    to_plan = s47.filter(pl.col("icpc_resulted_in_cpp") == "Yes").select(
        "child_id", pl.col("icpc_date").alias("cpp_start_date")
    )
    assert to_plan.join(cp, on=["child_id", "cpp_start_date"], how="anti").is_empty()
    assert cp.join(cin, on="child_id", how="anti").is_empty()  # every child on a plan is in List 6
    assert cp.filter(pl.col("cpp_end_date") < pl.col("cpp_start_date")).is_empty()
    assert cin.filter(pl.col("cin_closure_date") < pl.col("cin_start_date")).is_empty()


@pytest.mark.slow
def test_histories_start_before_the_window_and_nothing_is_dated_after_it(
    typical: dict[str, pl.DataFrame],
) -> None:
    start = window_start(REFERENCE_DATE)
    assert typical["cp"].filter(pl.col("cpp_start_date") < start).height > 50
    assert typical["cin"].filter(pl.col("cin_start_date") < start).height > 500
    assert typical["early_help"].filter(pl.col("eh_assessment_start_date") < start).height > 50
    for contract in CATALOGUE.annex_a_lists():  # lists 1-7; the templates are filled in later
        frame = typical[contract.key]
        for column in contract.columns:
            if column.type == "date" and column.key != "date_of_birth":
                assert frame.filter(pl.col(column.key) > REFERENCE_DATE).is_empty(), (
                    contract.key,
                    column.key,
                )


@pytest.mark.slow
def test_unborn_children_referred_at_most_40_weeks_before_birth(
    typical: dict[str, pl.DataFrame],
) -> None:
    unborn = typical["referrals"].filter(pl.col("date_of_birth") > REFERENCE_DATE)
    assert unborn.height > 5
    assert unborn.filter(
        pl.col("date_of_birth") - pl.col("referral_date") > dt.timedelta(weeks=40)
    ).is_empty()
    assert set(unborn["age"].to_list()) == {None}


@pytest.mark.slow
def test_no_duplicate_keys_in_clean_data(typical: dict[str, pl.DataFrame]) -> None:
    for key, frame in typical.items():
        columns = list(CATALOGUE.lists[key].duplicate_key)
        assert frame.select(columns).is_duplicated().sum() == 0, key


# ----- rates near the national figures -----------------------------------------------------------
def _pct(numerator: int, denominator: int) -> float:
    return 100 * numerator / denominator


@pytest.mark.slow
def test_rates_are_near_national_figures(typical: dict[str, pl.DataFrame]) -> None:
    start, r = window_start(REFERENCE_DATE), REFERENCE_DATE
    contacts = typical["contacts"].filter(pl.col("contact_date").is_between(start, r)).height
    assert 7_000 <= contacts <= 9_000  # a mid-size area: about 8,000 contacts in six months
    referrals = typical["referrals"].filter(pl.col("referral_date").is_between(start, r))
    assert (
        17 <= _pct((referrals["referrals_last_12m_count"] >= 1).sum(), referrals.height) <= 27
    )  # national 22%
    assert (
        4 <= _pct((referrals["referral_nfa"] == "Yes").sum(), referrals.height) <= 9
    )  # national 6.5%
    authorised = typical["assessments"].filter(
        pl.col("assessment_authorised_date").is_between(start, r)
    )
    days = working_days_series(
        authorised["assessment_start_date"], authorised["assessment_authorised_date"]
    )
    assert 80 <= _pct((days <= 45).sum(), authorised.height) <= 91  # national 85.7%
    icpc = typical["s47"].filter(pl.col("icpc_date").is_between(start, r))
    days = working_days_series(icpc["strategy_date"], icpc["icpc_date"])
    assert 72 <= _pct((days <= 15).sum(), icpc.height) <= 90  # national 81.4%
    assessments = typical["assessments"]
    assert (
        33 <= _pct((assessments["da_victim"] == "Yes").sum(), assessments.height) <= 50
    )  # a third to a half
