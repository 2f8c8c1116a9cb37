"""Simulate children's journeys through children's services and emit Annex A Lists 1-7.

Each child is followed through a plausible order of events with realistic timing: contact ->
referral -> assessment -> section 47 enquiry -> initial child protection conference -> child
protection plan, with child in need episodes and early help alongside. Journeys run from before
the window opens, so lists hold rows that started earlier, as real lists do. Rows are emitted
with canonical column keys and canonical codes; ``writer.py`` turns them into spreadsheets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from jtai_analysis.catalogue.codes import NO, UNKNOWN, YES, yes_no
from jtai_analysis.common.derive import age_in_years, window_start
from jtai_analysis.common.workdays import add_working_days, next_working_day
from jtai_analysis.synth import rates

Row = dict[str, Any]
ANNEX_A_KEYS = ("contacts", "early_help", "referrals", "assessments", "s47", "cin", "cp")
FAR_FUTURE = dt.date(9999, 12, 31)


@dataclass
class Child:
    """A synthetic child and what the simulation knows about them."""

    child_id: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str
    disability: str
    hidden_prior_referrals: int
    is_da: bool = False
    open_until: dt.date | None = None  # end of the current CIN episode (FAR_FUTURE while open)
    status_at_reference: str | None = None  # CPP, CIC, CIN or EH at the reference date
    referral_dates: list[dt.date] = field(default_factory=list)
    strategy_dates: list[dt.date] = field(default_factory=list)
    icpc_dates: list[dt.date] = field(default_factory=list)
    early_help_dates: list[dt.date] = field(default_factory=list)


@dataclass
class SimulatedArea:
    """The output of a simulation: rows per list (canonical keys) and the children behind them."""

    reference_date: dt.date
    window_start: dt.date
    tables: dict[str, list[Row]]
    children: dict[str, Child]


@cache
def _cumulative(items: tuple[tuple[Any, float], ...]) -> tuple[tuple[Any, ...], np.ndarray]:
    keys = tuple(k for k, _ in items)
    weights = np.array([w for _, w in items], dtype=float)
    return keys, np.cumsum(weights / weights.sum())


def _weighted(rng: np.random.Generator, weights: dict[Any, float]) -> Any:
    keys, cumulative = _cumulative(tuple(weights.items()))
    return keys[min(int(np.searchsorted(cumulative, rng.random(), side="right")), len(keys) - 1)]


def _pick(rng: np.random.Generator, options: tuple[Any, ...] | list[Any]) -> Any:
    """One of ``options``, uniformly (cheaper than ``rng.choice`` on a short Python sequence)."""
    return options[int(rng.integers(len(options)))]


def _from_bins(rng: np.random.Generator, bins: list[tuple[int, int, float]]) -> int:
    low, high = _weighted(rng, {(low, high): weight for low, high, weight in bins})
    return int(rng.integers(low, high + 1))


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=int(n))


class JourneySimulator:
    """Simulate one area. All randomness comes from ``rng``, in a fixed order (same seed, same area)."""

    def __init__(self, rng: np.random.Generator, reference_date: dt.date, contacts_in_window: int):
        self.rng = rng
        self.reference_date = reference_date
        self.window_start = window_start(reference_date)
        self.contacts_in_window = contacts_in_window
        self.tables: dict[str, list[Row]] = {key: [] for key in ANNEX_A_KEYS}
        self.children: dict[str, Child] = {}
        # Child IDs: distinct 7-digit numbers in random order, so IDs say nothing about a child.
        self._ids = iter(
            rng.permutation(np.arange(1_000_000, 1_000_000 + 40 * contacts_in_window + 10_000))
        )

    # ----- helpers -------------------------------------------------------------------------
    def _in_window(self, day: dt.date | None) -> bool:
        return day is not None and self.window_start <= day <= self.reference_date

    def _active_in_window(self, start: dt.date, end: dt.date | None) -> bool:
        return start <= self.reference_date and (end is None or end >= self.window_start)

    def _cap(self, day: dt.date) -> dt.date:
        return min(day, self.reference_date)

    def _worker(self) -> str:
        first = _pick(self.rng, rates.WORKER_FIRST_NAMES)
        last = _pick(self.rng, rates.WORKER_LAST_NAMES)
        return f"{first} {last}"

    def new_child(self, min_age: int = -1) -> Child:
        rng, r = self.rng, self.reference_date
        weights = {age: w for age, w in rates.AGE_WEIGHTS.items() if age >= min_age}
        age = _weighted(rng, weights)
        if age < 0:
            dob = r + _days(rng.integers(7, 200))
        else:
            dob = r - _days(365.25 * age + rng.integers(0, 365))
        sex = "U" if age < 0 else _weighted(rng, rates.SEX_WEIGHTS)
        hidden = int(rng.random() < rates.HIDDEN_PRIOR_REFERRAL) * _pick(rng, [1, 1, 1, 2, 3])
        child = Child(
            child_id=str(next(self._ids)),
            date_of_birth=dob,
            sex=sex,
            ethnicity=_weighted(rng, rates.ETHNICITY_WEIGHTS),
            disability=NO if age < 0 else _weighted(rng, rates.DISABILITY_WEIGHTS),
            hidden_prior_referrals=hidden,
        )
        self.children[child.child_id] = child
        return child

    def _common(self, child: Child) -> Row:
        dob = child.date_of_birth
        age = age_in_years(dob, self.reference_date) if dob <= self.reference_date else None
        return {
            "_child": child,
            "child_id": child.child_id,
            "sex": child.sex,
            "ethnicity": child.ethnicity,
            "date_of_birth": dob,
            "age": age,
            "disability": child.disability,
        }

    # ----- journeys that start with a contact ----------------------------------------------
    def simulate(self) -> SimulatedArea:
        window_days = (self.reference_date - self.window_start).days + 1
        total_days = window_days + rates.BURN_IN_DAYS
        first_day = self.window_start - _days(rates.BURN_IN_DAYS)
        mean_contacts = sum(k * p for k, p in rates.CONTACTS_PER_CHILD.items())
        n_children = round(self.contacts_in_window * total_days / window_days / mean_contacts)
        for _ in range(n_children):
            self._contact_journey(first_day, total_days)
        self._legacy_protection_plans()
        self._legacy_children_in_need()
        self._legacy_early_help()
        self._fill_history_counts()
        self._set_status_at_reference()
        return SimulatedArea(self.reference_date, self.window_start, self.tables, self.children)

    def _contact_journey(self, first_day: dt.date, total_days: int) -> None:
        rng = self.rng
        child = self.new_child()
        earliest = max(
            first_day, child.date_of_birth - _days(270)
        )  # pre-birth work starts in pregnancy
        if earliest > self.reference_date:
            earliest = self.reference_date
        span = max((self.reference_date - earliest).days, 0)
        contact = (
            earliest + _days(rng.integers(0, span + 1))
            if span < total_days
            else first_day + _days(rng.integers(0, total_days))
        )
        for _ in range(_weighted(rng, rates.CONTACTS_PER_CHILD)):
            if contact > self.reference_date:
                break
            source = _weighted(rng, rates.SOURCE_WEIGHTS)
            if self._in_window(contact):
                self.tables["contacts"].append(
                    {**self._common(child), "contact_date": contact, "contact_source": source}
                )
            is_case_open = child.open_until is not None and contact <= child.open_until
            if not is_case_open:
                draw = rng.random()
                if draw < rates.CONTACT_TO_REFERRAL:
                    lag = _pick(rng, [0, 0, 0, 0, 1, 1, 2, 3])
                    referral = (
                        contact if contact < self.window_start else self._cap(contact + _days(lag))
                    )
                    self._referral(child, referral, source)
                elif draw < rates.CONTACT_TO_REFERRAL + rates.CONTACT_TO_EARLY_HELP:
                    self._early_help(child, self._cap(contact + _days(rng.integers(3, 21))))
            contact = contact + _days(rng.integers(7, 121))

    def _referral(self, child: Child, referral: dt.date, source: str) -> None:
        rng, r = self.rng, self.reference_date
        child.referral_dates.append(referral)
        is_nfa = rng.random() < rates.REFERRAL_NFA
        team = _pick(rng, rates.TEAMS[:3])
        if self._in_window(referral):
            self.tables["referrals"].append(
                {
                    **self._common(child),
                    "referral_date": referral,
                    "referral_source": source,
                    "referral_nfa": yes_no(is_nfa),
                    "allocated_team": team,
                    "_worker": self._worker(),
                }
            )
        if is_nfa:
            return

        # Assessment, started within days of the referral; authorised after a national-like duration.
        start = self._cap(referral + _days(_pick(rng, [0, 0, 1, 1, 2, 3])))
        authorised: dt.date | None = add_working_days(
            start, _from_bins(rng, rates.ASSESSMENT_WORKING_DAYS)
        )
        if authorised > r:
            authorised = None
        is_da = rng.random() < (
            rates.ASSESSMENT_DA_POLICE if source == "6" else rates.ASSESSMENT_DA_OTHER
        )
        child.is_da = child.is_da or is_da
        needs_support: str | None = None
        if authorised is not None:
            needs_support = yes_no(rng.random() < rates.ASSESSMENT_NEEDS_SUPPORT)

        # Section 47 enquiry, more likely where domestic abuse is a factor.
        plan_start = self._section_47(child, referral, is_da)
        if plan_start is not None and authorised is not None:
            needs_support = YES
        if self._in_window(start) or self._in_window(authorised) or authorised is None:
            self.tables["assessments"].append(
                {
                    **self._common(child),
                    "assessment_start_date": start,
                    "child_seen": _weighted(rng, {YES: 0.93, NO: 0.05, UNKNOWN: 0.02}),
                    "assessment_authorised_date": authorised,
                    "needs_csc_support": needs_support,
                    "allocated_team": team,
                    "_worker": self._worker(),
                    "da_victim": yes_no(is_da),
                }
            )
        self._cin_episode(child, referral, authorised, needs_support, plan_start, is_da)

    def _section_47(self, child: Child, referral: dt.date, is_da: bool) -> dt.date | None:
        """Simulate a possible section 47 enquiry; return the plan start date if a plan followed."""
        rng, r = self.rng, self.reference_date
        if rng.random() >= rates.REFERRAL_TO_S47 * (1.25 if is_da else 0.85):
            return None
        strategy = next_working_day(referral + _days(_pick(rng, [0, 0, 1, 2, 3, 5])))
        if strategy > r:
            return None
        child.strategy_dates.append(strategy)
        icpc: dt.date | None = None
        is_unnecessary: str | None = None
        plan_result: str | None = None
        if rng.random() < rates.S47_TO_ICPC:
            icpc = add_working_days(strategy, _from_bins(rng, rates.ICPC_WORKING_DAYS))
            if icpc > r:
                icpc = None  # conference still to be held at the reference date
            else:
                is_unnecessary = NO
                plan_result = yes_no(rng.random() < rates.ICPC_TO_CPP)
                child.icpc_dates.append(icpc)
        elif add_working_days(strategy, 15) <= r:
            is_unnecessary = YES  # enquiry concluded without a conference
        if self._in_window(strategy) or self._in_window(icpc):
            self.tables["s47"].append(
                {
                    **self._common(child),
                    "strategy_date": strategy,
                    "icpc_unnecessary": is_unnecessary,
                    "icpc_date": icpc,
                    "icpc_resulted_in_cpp": plan_result,
                    "allocated_team": "Child Protection Team",
                    "_worker": self._worker(),
                }
            )
        return icpc if plan_result == YES else None

    def _cin_episode(
        self,
        child: Child,
        referral: dt.date,
        authorised: dt.date | None,
        needs_support: str | None,
        plan_start: dt.date | None,
        is_da: bool,
    ) -> None:
        rng, r = self.rng, self.reference_date
        closure: dt.date | None = None
        reason: str | None = None
        if plan_start is not None:
            plan_end = self._protection_plan(child, plan_start, is_da, previous=None)
            status = "CPP"
            if plan_end is not None:
                stepped_down_until = plan_end + _days(rng.integers(30, 200))
                closure = stepped_down_until if stepped_down_until <= r else None
                status = "CLOSED" if closure else "CINP"
                reason = "RC7" if closure else None
        elif authorised is None:
            status = "OPEN_ASSESSMENT"
        elif needs_support == NO:
            closure = authorised
            reason = "RC8" if rng.random() < 0.75 else "RC9"
            status = "CLOSED"
            if reason == "RC9":
                self._early_help(child, self._cap(closure + _days(rng.integers(0, 11))))
        else:
            end = authorised + _days(
                rng.exponential(rates.CIN_EPISODE_MEDIAN_DAYS / np.log(2)) + 14
            )
            closure = end if end <= r else None
            status = "CLOSED" if closure else "CINP"
            reason = (
                _weighted(rng, {"RC7": 0.8, "RC3": 0.05, "RC4": 0.04, "RC5": 0.06, "RC6": 0.05})
                if closure
                else None
            )
        child.open_until = closure or FAR_FUTURE
        self._emit_cin(child, referral, closure, reason, status, is_da)

    def _emit_cin(
        self,
        child: Child,
        start: dt.date,
        closure: dt.date | None,
        reason: str | None,
        status: str,
        is_da: bool,
    ) -> None:
        rng, r = self.rng, self.reference_date
        if not self._active_in_window(start, closure):
            return
        seen_by = closure or r
        last_seen = max(start, seen_by - _days(rng.exponential(12)))
        if is_da:
            need = _weighted(rng, {"N1": 0.5, "N4": 0.2, "N5": 0.3})
        else:
            need = _weighted(
                rng,
                {
                    "N1": 0.45,
                    "N2": 0.08,
                    "N3": 0.08,
                    "N4": 0.12,
                    "N5": 0.12,
                    "N6": 0.04,
                    "N7": 0.02,
                    "N8": 0.04,
                    "N9": 0.03,
                    "N0": 0.02,
                },
            )
        self.tables["cin"].append(
            {
                **self._common(child),
                "cin_start_date": start,
                "primary_need": need,
                "last_seen_date": last_seen,
                "cin_closure_date": closure,
                "closure_reason": reason,
                "case_status": status,
                "allocated_team": _pick(rng, rates.TEAMS[3:7]),
                "_worker": self._worker(),
                "da_victim": yes_no(is_da),
            }
        )

    def _protection_plan(
        self, child: Child, start: dt.date, is_da: bool, previous: int | None
    ) -> dt.date | None:
        """Emit a plan row when the plan is active in the window; return its end date (None if open)."""
        rng, r = self.rng, self.reference_date
        end = start + _days(rng.exponential(rates.CP_PLAN_MEDIAN_DAYS / np.log(2)) + 30)
        end = next_working_day(end) if end <= r else None
        if not self._active_in_window(start, end):
            return end
        if is_da:
            initial = _weighted(rng, {"EMO": 0.6, "NEG": 0.3, "PHY": 0.04, "MUL": 0.06})
        else:
            initial = _weighted(rng, {"NEG": 0.5, "EMO": 0.3, "PHY": 0.1, "SAB": 0.04, "MUL": 0.06})
        latest = (
            initial if rng.random() < 0.85 else _weighted(rng, {"NEG": 0.5, "EMO": 0.4, "MUL": 0.1})
        )
        active_until = end or r
        review = start + _days(rng.integers(80, 100))
        is_young = child.date_of_birth > r - _days(2 * 365)
        if previous is None:
            previous = int(rng.random() < rates.PREVIOUS_CPP) * _pick(rng, [1, 1, 1, 1, 2, 3])
        self.tables["cp"].append(
            {
                **self._common(child),
                "cpp_start_date": start,
                "initial_abuse_category": initial,
                "latest_abuse_category": latest,
                "last_visit_date": max(start, active_until - _days(rng.integers(0, 15))),
                "seen_alone": NO if is_young else _weighted(rng, {YES: 0.7, NO: 0.2, UNKNOWN: 0.1}),
                "latest_review_date": review if review <= active_until else None,
                "cpp_end_date": end,
                "epo_or_police_protection": YES
                if rng.random() < rates.EPO_OR_POLICE_PROTECTION
                else NO,
                "previous_cpp_count": previous,
                "allocated_team": "Child Protection Team",
                "_worker": self._worker(),
            }
        )
        return end

    def _early_help(self, child: Child, start: dt.date) -> None:
        rng, r = self.rng, self.reference_date
        if start in child.early_help_dates:  # one early help assessment per child per day
            return
        child.early_help_dates.append(start)
        completed = add_working_days(start, int(rng.integers(10, 60)))
        completed_or_none = completed if completed <= r else None
        if (
            self._in_window(start)
            or completed_or_none is None
            or completed_or_none >= self.window_start
        ):
            self.tables["early_help"].append(
                {
                    **self._common(child),
                    "eh_assessment_start_date": start,
                    "eh_assessment_completion_date": completed_or_none,
                    "eh_organisation": _pick(rng, rates.EARLY_HELP_ORGANISATIONS),
                }
            )

    # ----- children whose involvement began before the window --------------------------------
    def _legacy_protection_plans(self) -> None:
        rng, w0 = self.rng, self.window_start
        for _ in range(round(rates.LEGACY_CP_PER_CONTACT * self.contacts_in_window)):
            child = self.new_child(min_age=1)
            is_da = rng.random() < 0.45
            child.is_da = is_da
            start = next_working_day(
                max(w0 - _days(rng.integers(1, 900)), child.date_of_birth - _days(60))
            )
            if start >= w0:
                start = next_working_day(w0 - _days(30))
            referral = start - _days(rng.integers(15, 60))
            child.referral_dates.append(referral)
            end = None
            if rng.random() < 0.35:
                end = next_working_day(w0 + _days(rng.integers(0, (self.reference_date - w0).days)))
                end = min(end, self.reference_date)
            previous = int(rng.random() < rates.PREVIOUS_CPP)
            self._emit_legacy_plan(child, start, end, is_da, previous)
            closure = None
            if end is not None and rng.random() < 0.4:
                closure = end
            status = "CPP" if end is None else ("CLOSED" if closure else "CINP")
            child.open_until = closure or FAR_FUTURE
            self._emit_cin(child, referral, closure, "RC7" if closure else None, status, is_da)

    def _emit_legacy_plan(
        self, child: Child, start: dt.date, end: dt.date | None, is_da: bool, previous: int
    ) -> None:
        # Reuse the plan emitter with a fixed end: draw the other fields the same way.
        before = len(self.tables["cp"])
        self._protection_plan(child, start, is_da, previous)
        if len(self.tables["cp"]) > before:
            row = self.tables["cp"][-1]
            row["cpp_end_date"] = end
            active_until = end or self.reference_date
            row["last_visit_date"] = max(start, active_until - _days(self.rng.integers(0, 15)))
            review = row["latest_review_date"]
            if review is None or review > active_until:
                row["latest_review_date"] = max(
                    start, active_until - _days(self.rng.integers(1, 90))
                )

    def _legacy_children_in_need(self) -> None:
        rng, w0, r = self.rng, self.window_start, self.reference_date
        for _ in range(round(rates.LEGACY_CIN_PER_CONTACT * self.contacts_in_window)):
            child = self.new_child(min_age=1)
            is_da = rng.random() < 0.35
            child.is_da = is_da
            start = max(w0 - _days(rng.integers(1, 1000)), child.date_of_birth)
            if start >= w0:
                start = w0 - _days(1)
            child.referral_dates.append(start)
            is_looked_after = rng.random() < rates.LEGACY_LOOKED_AFTER
            closure = w0 + _days(rng.integers(0, (r - w0).days + 1)) if rng.random() < 0.3 else None
            reason = None
            if closure is not None:
                reason = _weighted(rng, {"RC7": 0.7, "RC3": 0.1, "RC4": 0.1, "RC5": 0.1})
            status = "CLOSED" if closure else ("LAC" if is_looked_after else "CINP")
            child.open_until = closure or FAR_FUTURE
            self._emit_cin(child, start, closure, reason, status, is_da)

    def _legacy_early_help(self) -> None:
        rng, w0 = self.rng, self.window_start
        for _ in range(round(rates.LEGACY_EARLY_HELP_PER_CONTACT * self.contacts_in_window)):
            child = self.new_child(min_age=0)
            start = max(w0 - _days(rng.integers(1, 365)), child.date_of_birth)
            self.tables["early_help"].append(
                {
                    **self._common(child),
                    "eh_assessment_start_date": start,
                    "eh_assessment_completion_date": None,  # a current intervention
                    "eh_organisation": _pick(rng, rates.EARLY_HELP_ORGANISATIONS),
                }
            )
            child.status_at_reference = "EH"

    # ----- counts that depend on a child's whole history --------------------------------------
    def _fill_history_counts(self) -> None:
        year = dt.timedelta(days=365)
        for row in self.tables["referrals"]:
            child: Child = row["_child"]
            day = row["referral_date"]
            earlier = sum(1 for d in child.referral_dates if day - year <= d < day)
            row["referrals_last_12m_count"] = earlier + child.hidden_prior_referrals
        for row in self.tables["s47"]:
            child = row["_child"]
            day = row["strategy_date"]
            row["s47_last_12m_count"] = sum(
                1 for d in child.strategy_dates if day - year <= d < day
            )
            row["icpc_last_12m_count"] = sum(1 for d in child.icpc_dates if day - year <= d <= day)

    def _set_status_at_reference(self) -> None:
        r = self.reference_date
        for row in self.tables["cin"]:
            child: Child = row["_child"]
            if row["cin_closure_date"] is None:
                child.status_at_reference = {"LAC": "CIC", "CPP": "CPP"}.get(
                    row["case_status"], "CIN"
                )
        for row in self.tables["cp"]:
            if row["cpp_end_date"] is None and row["cpp_start_date"] <= r:
                row["_child"].status_at_reference = "CPP"


def simulate_area(
    rng: np.random.Generator, reference_date: dt.date, contacts_in_window: int
) -> SimulatedArea:
    """Simulate one area's Lists 1-7 around ``reference_date`` (same generator state, same area)."""
    return JourneySimulator(rng, reference_date, contacts_in_window).simulate()
