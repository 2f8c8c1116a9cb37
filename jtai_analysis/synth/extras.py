"""Synthetic JTAI extras, in this workbench's own templates: nominations A/B/C, information on the
20, under-8s not in full-time education, multi-agency meetings and the information-request tracker.
Drawn from the simulated children so that they link to Lists 1-7 as real returns do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from jtai_analysis.catalogue.codes import YES, yes_no
from jtai_analysis.catalogue.request_items import load_request_items
from jtai_analysis.common.derive import FOCUS_AGE_GROUPS, age_group
from jtai_analysis.common.workdays import add_working_days, fieldwork_week
from jtai_analysis.synth import rates
from jtai_analysis.synth.journeys import Child, Row, SimulatedArea

NOMINATION_SIZE = 10
PER_AGE_GROUP = 2  # para 114: if possible at least 2 from each age group on each list


def _status_code(child: Child) -> str:
    return {"CPP": "CPP", "CIC": "CIC", "CIN": "CIN"}.get(child.status_at_reference or "", "NONE")


def _agencies(rng: np.random.Generator, must: tuple[str, ...], extra: int) -> str:
    others = [
        a for a in ("POLICE", "HEALTH", "EDUCATION", "EARLY_YEARS", "VOLUNTARY") if a not in must
    ]
    chosen = list(must) + [str(a) for a in rng.choice(others, size=extra, replace=False)]
    return ";".join(sorted(set(chosen)))


def _pick_by_age_group(
    rng: np.random.Generator, pool: dict[str, list[Child]], taken: set[str]
) -> list[Child]:
    """Up to 10 children with at least two from each focus age group where the pool allows."""
    picked: list[Child] = []
    for group in FOCUS_AGE_GROUPS:
        free = [c for c in pool[group] if c.child_id not in taken]
        for index in rng.permutation(len(free))[:PER_AGE_GROUP]:
            picked.append(free[int(index)])
    remaining = [
        c for g in FOCUS_AGE_GROUPS for c in pool[g] if c.child_id not in taken and c not in picked
    ]
    for index in rng.permutation(len(remaining))[: NOMINATION_SIZE - len(picked)]:
        picked.append(remaining[int(index)])
    return picked


def nominations(rng: np.random.Generator, area: SimulatedArea) -> list[Row]:
    """Lists A, B and C (para 112): children with domestic abuse as a current factor."""
    r = area.reference_date
    candidates = [
        c for c in area.children.values() if c.is_da and c.status_at_reference is not None
    ]
    pool: dict[str, list[Child]] = {g: [] for g in FOCUS_AGE_GROUPS}
    for child in candidates:
        group = age_group(child.date_of_birth, r)
        if group in pool:
            pool[group].append(child)
    rows: list[Row] = []
    taken: set[str] = set()
    for letter, must in (
        ("A", ("CSC", "POLICE")),
        ("B", ("CSC", "HEALTH")),
        ("C", ("CSC", "PROBATION")),
    ):
        for child in _pick_by_age_group(rng, pool, taken):
            taken.add(child.child_id)
            rows.append(
                {
                    "_child": child,
                    "nomination_list": letter,
                    "child_id": child.child_id,
                    "date_of_birth": child.date_of_birth,
                    "sex": child.sex,
                    "ethnicity": child.ethnicity,
                    "disability": child.disability,
                    "agencies_involved": _agencies(rng, must, int(rng.integers(0, 3))),
                    "child_status": _status_code(child),
                    "da_current_factor": YES,
                    "positive_engagement": YES if letter == "B" else None,
                    "probation_relevant_adult": YES if letter == "C" else None,
                }
            )
    return rows


def candidate_info(
    rng: np.random.Generator, area: SimulatedArea, nominated: list[Row]
) -> list[Row]:
    """Information on 20 of the nominated children (para 115), as the local area would return it."""
    by_list: dict[str, list[Row]] = {"A": [], "B": [], "C": []}
    for row in nominated:
        by_list[row["nomination_list"]].append(row)
    chosen = by_list["A"][:7] + by_list["B"][:7] + by_list["C"][:6]
    rows = []
    for row in chosen:
        group = age_group(row["date_of_birth"], area.reference_date)
        setting = {
            "2_to_4": str(rng.choice(rates.EARLY_YEARS_SETTINGS)),
            "5_to_7": str(rng.choice(rates.SCHOOLS)),
        }
        child_health = "Midwifery" if group == "unborn" else "Health visiting; GP"
        if rng.random() < 0.3:
            child_health += "; Emergency department"
        rows.append(
            {
                "child_id": row["child_id"],
                "school_or_setting": setting.get(group),
                "child_health_services": child_health,
                "adults_known_to_police": yes_no(rng.random() < 0.8),
                "adult_health_services": str(
                    rng.choice(
                        [
                            "Primary care",
                            "Adult mental health services; Primary care",
                            "Adult substance misuse services",
                        ]
                    )
                ),
                "adult_active_probation": YES
                if row["nomination_list"] == "C"
                else yes_no(rng.random() < 0.15),
            }
        )
    return rows


def not_in_full_time_education(
    rng: np.random.Generator, area: SimulatedArea, contacts_in_window: int
) -> list[Row]:
    """Children aged 7 or under not in full-time education at the reference date (para 122)."""
    r = area.reference_date
    eligible = [
        c
        for c in area.children.values()
        if c.status_at_reference and age_group(c.date_of_birth, r) in ("2_to_4", "5_to_7")
    ]
    count = min(len(eligible), max(6, round(0.006 * contacts_in_window)))
    rows = []
    for index in rng.permutation(len(eligible))[:count]:
        child = eligible[int(index)]
        is_school_age = age_group(child.date_of_birth, r) == "5_to_7"
        if is_school_age:
            provision = str(
                rng.choice(
                    [
                        "HOME_TUITION",
                        "ALTERNATIVE_PROVISION",
                        "PART_TIME_TIMETABLE",
                        "HOSPITAL_EDUCATION",
                        "ELECTIVE_HOME_EDUCATION",
                    ]
                )
            )
        else:
            provision = str(rng.choice(["EARLY_YEARS_FUNDED", "EARLY_YEARS_FUNDED", "NONE"]))
        hours = (
            float(rng.choice([0, 5, 10, 12.5, 15, 15, 20, 22.5, 25, 27.5]))
            if provision != "NONE"
            else 0.0
        )
        rows.append(
            {
                "child_id": child.child_id,
                "date_of_birth": child.date_of_birth,
                "provision_type": provision,
                "hours_per_week": hours,
                "exclusion_type": str(rng.choice(["NONE", "NONE", "SUSPENSION", "PERMANENT"]))
                if is_school_age
                else None,
                "ap_start_date": r - dt.timedelta(days=int(rng.integers(5, 300)))
                if provision == "ALTERNATIVE_PROVISION"
                else None,
                "early_years_setting": None
                if is_school_age
                else str(rng.choice(rates.EARLY_YEARS_SETTINGS)),
            }
        )
    return rows


def meetings(rng: np.random.Generator, area: SimulatedArea, contacts_in_window: int) -> list[Row]:
    """Multi-agency meetings planned for the fieldwork week (para 121)."""
    days = fieldwork_week(area.reference_date)
    on_plan = [c for c in area.children.values() if c.status_at_reference == "CPP"]
    in_care = [c for c in area.children.values() if c.status_at_reference == "CIC"]
    in_need = [c for c in area.children.values() if c.status_at_reference == "CIN"]
    kinds: list[tuple[str, list[Child], str]] = [
        ("RCPC", on_plan, "CSC;HEALTH;POLICE;EDUCATION"),
        ("ICPC", in_need, "CSC;HEALTH;POLICE"),
        ("LAC_REVIEW", in_care, "CSC;HEALTH;EDUCATION"),
        ("STRATEGY", in_need, "CSC;POLICE;HEALTH"),
        ("MARAC", [], "POLICE;CSC;HEALTH;PROBATION;VOLUNTARY"),
        ("PANEL", [], "CSC;EARLY_YEARS;EDUCATION;HEALTH"),
    ]
    rows: list[Row] = []
    for _ in range(max(8, round(0.004 * contacts_in_window))):
        kind, pool, agencies = kinds[
            int(rng.choice(len(kinds), p=[0.35, 0.15, 0.2, 0.15, 0.08, 0.07]))
        ]
        child_id = pool[int(rng.integers(len(pool)))].child_id if pool else None
        hour, minute = int(rng.integers(9, 16)), int(rng.choice([0, 30]))
        rows.append(
            {
                "meeting_date": days[int(rng.integers(len(days)))],
                "meeting_time": f"{hour:02d}:{minute:02d}",
                "meeting_type": kind,
                "child_id": child_id,
                "agencies_invited": agencies,
            }
        )
    rows.sort(key=lambda row: (row["meeting_date"], row["meeting_time"]))
    return rows


def request_tracker(rng: np.random.Generator, area: SimulatedArea) -> list[Row]:
    """The information-request tracker as a link person keeps it: most items in, some outstanding."""
    notification = area.reference_date
    rows: list[Row] = []
    for item in load_request_items():
        received = None
        is_out_of_scope = rng.random() < 0.04
        if not is_out_of_scope and rng.random() < 0.75:
            received = add_working_days(notification, int(rng.integers(1, 7)))
        rows.append(
            {
                "item_number": item.number,
                "agency": item.agency,
                "item_title": item.title,
                "received_date": received,
                "file_name": f"{item.number.replace('.', '_')}_{item.agency.lower()}.pdf"
                if received
                else None,
                "notes": "No such meetings in the period" if is_out_of_scope else None,
                "is_out_of_scope": YES if is_out_of_scope else None,
            }
        )
    return rows


def simulate_extras(
    rng: np.random.Generator, area: SimulatedArea, contacts_in_window: int
) -> dict[str, list[dict[str, Any]]]:
    """All JTAI extras for a simulated area."""
    nominated = nominations(rng, area)
    return {
        "nominations": nominated,
        "candidate_info": candidate_info(rng, area, nominated),
        "not_in_fte": not_in_full_time_education(rng, area, contacts_in_window),
        "meetings": meetings(rng, area, contacts_in_window),
        "requests": request_tracker(rng, area),
    }
