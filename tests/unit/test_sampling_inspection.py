"""The 20 and 6 as the inspection runs them: the chosen 20 from the return, the 6 only from them,
locks and exclusions for the 6, minimal change, list C as the contract says, exports made inert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.privacy.pseudonyms import Pseudonymiser, pseudonymise_choices
from jtai_analysis.sampling.candidates import candidates
from jtai_analysis.sampling.exports import SampleChoices, sample_files
from jtai_analysis.sampling.nomination_checks import nomination_checks
from jtai_analysis.sampling.sample import choose
from jtai_analysis.sampling.twenty_and_six import SelectionInfeasible, select_6, select_20

R = dt.date(2026, 11, 16)
DOB = {
    "unborn": dt.date(2027, 2, 1),
    "under_2": dt.date(2025, 6, 1),
    "2_to_4": dt.date(2023, 1, 1),
    "5_to_7": dt.date(2020, 1, 1),
}
GROUPS = list(DOB)


def _nomination(i: int, **changes: object) -> dict[str, object]:
    letter = "ABC"[i % 3]
    row: dict[str, object] = {
        "nomination_list": letter,
        "child_id": f"N{i:03d}",
        "date_of_birth": DOB[GROUPS[i % 4]],
        "sex": "MF"[i % 2],
        "ethnicity": "WBRI" if i % 5 else "BAFR",
        "disability": "Yes" if i % 11 == 0 else "No",
        "agencies_involved": "CSC;PROBATION" if letter == "C" else "CSC;POLICE",
        "child_status": ["CIN", "CPP", "CIC"][i % 3],
        "da_current_factor": "Yes",
        "positive_engagement": "Yes" if letter == "B" else None,
        "probation_relevant_adult": "Yes" if letter == "C" else None,
    }
    return {**row, **changes}


def _data(rows: list[dict[str, object]], **frames: pl.DataFrame) -> PreparedData:
    return PreparedData(
        reference_date=R,
        valid={"nominations": pl.DataFrame(rows), **frames},
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
    )


def _return(ids: list[str], **columns: list[object]) -> pl.DataFrame:
    base = {
        "child_id": ids,
        "school_or_setting": [None] * len(ids),
        "child_health_services": [None] * len(ids),
        "adults_known_to_police": ["No"] * len(ids),
        "adult_health_services": [None] * len(ids),
        "adult_active_probation": ["No"] * len(ids),
    }
    return pl.DataFrame({**base, **columns}, schema={k: pl.String for k in base})


def _ids(chosen: list) -> list[str]:
    return [c.candidate.child_id for c in chosen]


def test_the_returned_20_are_the_20_and_the_6_come_only_from_them() -> None:
    rows = [_nomination(i) for i in range(30)]
    returned = [f"N{i:03d}" for i in range(10, 30)]  # the 20 the inspector chose: N010..N029
    known = returned[1:] + ["N001"]  # N010 unknown in Lists 1-7
    cp = pl.DataFrame({"child_id": known, "date_of_birth": [DOB["under_2"]] * len(known)})
    data = _data(rows, candidate_info=_return([*returned, "X999"]), cp=cp)
    sample = choose(data, R, seed=1)
    assert sample.source == "returned"
    assert _ids(sample.twenty) == returned  # X999 is not nominated: reported, not in the 20
    assert set(_ids(sample.six)) <= set(returned) and len(sample.six) == 6
    assert sample.six_all_in_twenty
    issues = {(r["child_id"], r["issue"]) for r in sample.return_issues.iter_rows(named=True)}
    assert ("X999", "not on the nomination lists (left out of the 20)") in issues
    assert ("N010", "not found in Lists 1 to 7") in issues
    assert sample.proposed_twenty is not None and len(sample.proposed_twenty) == 20


def test_selected_20_file_overrides_and_before_the_return_the_20_are_proposed() -> None:
    rows = [_nomination(i) for i in range(30)]
    chosen = [f"N{i:03d}" for i in range(20)]
    assert _ids(choose(_data(rows), R, 1, selected_20=chosen).twenty) == chosen
    proposed = choose(_data(rows), R, 1)
    assert proposed.source == "proposed" and len(proposed.twenty) == 20


def test_what_the_return_says_makes_a_child_eligible_for_the_6() -> None:
    # Only CSC on the nomination: one agency, not eligible (para 117) until the return adds police.
    rows = [_nomination(i, agencies_involved="CSC") for i in range(20)]
    ids = [f"N{i:03d}" for i in range(20)]
    with pytest.raises(SelectionInfeasible, match="para 117"):
        choose(_data(rows, candidate_info=_return(ids)), R, 1)
    police = ["Yes"] * 6 + ["No"] * 14
    sample = choose(_data(rows, candidate_info=_return(ids, adults_known_to_police=police)), R, 1)
    assert set(_ids(sample.six)) == set(ids[:6])
    pool = {
        c.child_id: c
        for c in candidates(
            _data(rows, candidate_info=_return(ids, adult_active_probation=["Yes"] + ["No"] * 19)),
            R,
        )
    }
    assert pool["N000"].has_probation and "PROBATION" in pool["N000"].agencies
    assert not pool["N001"].has_probation


def test_locking_a_child_outside_the_6_into_the_20_leaves_the_6_alone() -> None:
    rows = [_nomination(i) for i in range(30)]
    before = choose(_data(rows), R, seed=1)
    outside = sorted({f"N{i:03d}" for i in range(30)} - set(_ids(before.twenty)))
    assert outside  # 10 nominated children are not in the 20
    after = choose(_data(rows), R, seed=1, lock=[outside[0]])
    assert outside[0] in _ids(after.twenty)
    assert set(_ids(after.six)) == set(_ids(before.six))
    assert len(set(_ids(after.twenty)) ^ set(_ids(before.twenty))) == 2  # one in, one out


def test_locks_and_exclusions_for_the_6() -> None:
    rows = [_nomination(i) for i in range(30)]
    before = choose(_data(rows), R, seed=1)
    not_in_6 = next(i for i in _ids(before.twenty) if i not in _ids(before.six))
    in_6 = _ids(before.six)[0]
    after = choose(_data(rows), R, seed=1, lock_6=[not_in_6], exclude_6=[in_6])
    assert not_in_6 in _ids(after.six) and in_6 not in _ids(after.six)
    # only the excluded child and one other changed
    assert len(set(_ids(after.six)) - set(_ids(before.six))) <= 2
    outside = next(f"N{i:03d}" for i in range(30) if f"N{i:03d}" not in _ids(before.twenty))
    with pytest.raises(SelectionInfeasible, match="not in the 20"):
        select_6(before.twenty, 1, lock=[outside])
    with pytest.raises(SelectionInfeasible, match="both locked and excluded"):
        select_6(before.twenty, 1, lock=[in_6], exclude=[in_6])


def test_list_c_needs_childrens_social_care_and_probation() -> None:
    rows = [
        _nomination(
            2, child_id="C1", agencies_involved="PROBATION", probation_relevant_adult="Yes"
        ),
        _nomination(
            5, child_id="C2", agencies_involved="CSC;PROBATION", probation_relevant_adult=None
        ),
        _nomination(
            8, child_id="C3", agencies_involved="CSC;HEALTH", probation_relevant_adult="Yes"
        ),
        _nomination(
            11, child_id="C4", agencies_involved="CSC;HEALTH", probation_relevant_adult="No"
        ),
    ]
    checks = nomination_checks(_data(rows), R)
    c = checks.filter((pl.col("List") == "C") & pl.col("Check").str.contains("probation")).row(
        0, named=True
    )
    # C1 probation alone: no; C2 CSC + probation agency: yes; C3 CSC + relevant adult: yes; C4: no
    assert (c["Met"], c["Detail"]) == ("No", "2 of 4")


def test_exports_are_csv_and_xlsx_with_formulas_made_inert(tmp_path: Path) -> None:
    rows = [_nomination(i) for i in range(30)]
    rows[0] = {**rows[0], "child_id": "=HYPERLINK(1)"}
    rows[1] = {**rows[1], "child_id": "-2+3"}
    sample = choose(_data(rows), R, seed=1, lock=["=HYPERLINK(1)", "-2+3"])
    written = sample_files(
        tmp_path, sample, [("test", pl.DataFrame({"child_id": ["@SUM(A1)"], "row": [7]}))]
    )
    names = {p.name for p in written}
    assert {"selected_20.csv", "selected_6.csv", "sample.xlsx", "dip_test.csv"} <= names
    text = (tmp_path / "selected_20.csv").read_text()
    assert "\n'=HYPERLINK(1)," in text and "\n'-2+3," in text
    assert "\n'@SUM(A1),7" in (tmp_path / "dip_test.csv").read_text()
    book = load_workbook(tmp_path / "sample.xlsx")
    cells = [c.value for row in book["The proposed 20"].iter_rows() for c in row]  # 2 of 20 locked
    assert "'=HYPERLINK(1)" in cells or "=HYPERLINK(1)" not in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)
    assert book["Dip test"]["B2"].value == 7  # numbers stay numbers


def test_locks_given_as_real_ids_are_mapped_before_use() -> None:
    pseudonymiser = Pseudonymiser(b"a-key-of-sixteen-chars")
    mapped = pseudonymise_choices(SampleChoices(lock=["N001"], exclude_6=["N002"]), pseudonymiser)
    assert mapped.lock == (pseudonymiser.map("N001"),) and mapped.exclude_6 == (
        pseudonymiser.map("N002"),
    )
    assert mapped.lock[0].startswith("P-") and mapped.selected_20 is None


def test_the_20_from_select_20_are_unchanged_by_pool_order() -> None:
    pool = candidates(_data([_nomination(i) for i in range(30)]), R)
    assert _ids(select_20(pool, 3)) == _ids(select_20(list(reversed(pool)), 3))
