"""The public Annex A sample of made-up children (tests/data/real_world/sf_annex_a_sample/), run as a
new user would: no reference date given (issue 21, items 1 and 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jtai_analysis.model.prepared import prepare
from tests.e2e.real_processes import run_jtai
from tests.public_sample import SAMPLE_EXTRACTED, write_sample_workbook


def _age_findings(content: dict) -> list[dict]:  # type: ignore[type-arg]
    return [
        f
        for item in content["lists"].values()
        for f in item["findings"]
        if f["rule"].endswith("age_matches_date_of_birth")
    ]


def test_validate_infers_the_extraction_date_and_raises_no_false_age_finding(
    tmp_path: Path,
) -> None:
    book = write_sample_workbook(tmp_path / "Annex_A.xlsx")
    result = run_jtai("validate", str(book), "--json", str(tmp_path / "v.json"))
    assert result.returncode in (0, 1), result.stderr
    assert (
        "reference date 16/03/2021, inferred from ages and dates of birth in "
        "Lists 1, 2, 3, 4, 5, 6 and 7"
    ) in result.stdout
    content = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert content["reference_date"] == SAMPLE_EXTRACTED.isoformat()
    assert content["reference_date_source"] == "ages"
    # Every age in the sample agrees with its date of birth at 16/03/2021: no age finding.
    assert _age_findings(content) == []
    # Lists 1-3 and 5 hold September 2020 rows: all in the window 16/09/2020 to 16/03/2021.
    assert content["lists"]["contacts"]["rows_outside_window"] == 0
    # List 4's assessments all started in 2019 or February 2020: before the window, said aloud.
    assert content["lists"]["assessments"]["rows_outside_window"] == 5
    assert "Every row of List 4 (5) falls outside the six-month window" in result.stdout


def test_a_wrong_age_is_still_found_at_the_inferred_date(tmp_path: Path) -> None:
    # List 1, first child: born 25/01/2015, so 6 at 16/03/2021; an age of 9 is more than a year out.
    book = write_sample_workbook(tmp_path / "Annex_A.xlsx", {(1, 1, 4): "9"})
    data, result = prepare([book], None)
    assert data.reference_date == SAMPLE_EXTRACTED and data.reference_source == "ages"
    ages = _age_findings(result.as_json())
    assert [(f["sheet"], f["row"], f["value"]) for f in ages] == [("List 1", 2, "9")]


def _one_value_findings(result) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [f for f in result.findings if f.rule.endswith("one_value_per_child")]


# Planted in the public sample (not made by the project's generator). Columns: 0 child ID,
# 1 Gender, 2 Ethnicity, 3 Date of Birth, 4 Age, 5 disability (Lists 4-7).
PLANTED = {
    # List 7: rows 3 and 4 become the child of row 2 (10721552, female, NOBT, born 04/01/2021),
    # row 3 male: one child, two sexes within a list.
    **{(7, r, 0): "10721552" for r in (2, 3)},
    **{(7, r, 2): "s) NOBT" for r in (2, 3)},
    **{(7, r, 3): "2021-01-04" for r in (2, 3)},
    **{(7, r, 4): "0.194387406" for r in (2, 3)},
    (7, 2, 1): "a) Male",
    (7, 3, 1): "b) Female",
    # Child 6537810 is on List 3 (row 2) and List 5 (row 3): White Irish and born a month later
    # on List 5.
    (5, 2, 2): "b) WIRI",
    (5, 2, 3): "2004-08-18",
    # List 6: row 3 becomes the child of row 2 (12598894), disabled on row 3 only.
    (6, 2, 0): "12598894",
    (6, 2, 1): "a) Male",
    (6, 2, 2): "i) MOTH",
    (6, 2, 3): "1999-09-23",
    (6, 2, 4): "21.478439425",
    (6, 2, 5): "a) Yes",
}


def test_planted_conflicts_are_each_a_finding_naming_every_row(tmp_path: Path) -> None:
    book = write_sample_workbook(tmp_path / "Annex_A.xlsx", PLANTED)
    data, result = prepare([book], None)
    found = {(f.list, f.rule, f.sheet, f.row): f for f in _one_value_findings(result)}
    assert sorted(found) == [
        ("cin", "cin.disability.one_value_per_child", "List 6", 3),
        ("cp", "cp.sex.one_value_per_child", "List 7", 3),
        ("s47", "s47.date_of_birth.one_value_per_child", "List 5", 3),
        ("s47", "s47.ethnicity.one_value_per_child", "List 5", 3),
    ]
    sex = found[("cp", "cp.sex.one_value_per_child", "List 7", 3)]
    assert sex.severity == "warning" and sex.value == "M"
    assert sex.message.startswith(
        "Child '10721552' has different values of Gender: 'F' at rows 2 and 4 of 'List 7'; "
        "'M' at row 3 of 'List 7'. The figures use 'F'"
    )
    ethnicity = found[("s47", "s47.ethnicity.one_value_per_child", "List 5", 3)].message
    assert "'WBRI' at row 2 of 'List 3'" in ethnicity and "'WIRI' at row 3 of 'List 5'" in ethnicity
    birth = found[("s47", "s47.date_of_birth.one_value_per_child", "List 5", 3)].message
    assert (
        "'18/07/2004' at row 2 of 'List 3'" in birth
        and "'18/08/2004' at row 3 of 'List 5'" in birth
    )
    # One each: a tie, so the smaller value ("No" before "Yes") is used.
    disability = found[("cin", "cin.disability.one_value_per_child", "List 6", 3)].message
    assert (
        "'No' at row 2 of 'List 6'; 'Yes' at row 3 of 'List 6'. The figures use 'No'" in disability
    )
    from jtai_analysis.model.cohort import children

    cohort = children(data, data.reference_date)
    chosen = cohort.filter(cohort["child_id"] == "10721552")
    assert chosen["sex"].to_list() == ["F"]
    from jtai_analysis.model.data_status import data_status_notes

    notes = [n["text"] for n in data_status_notes(data)]
    assert any(text.startswith("3 children have a different sex") for text in notes)


@pytest.mark.slow
def test_a_pack_notified_after_the_lists_says_which_rows_fell_outside_the_window(
    tmp_path: Path,
) -> None:
    """Notified 25/03/2021, nine days after the lists were extracted: the window starts
    25/09/2020, after every List 1, 2, 3 and 5 row (16 to 18/09/2020)."""
    book = write_sample_workbook(tmp_path / "Annex_A.xlsx")
    out = tmp_path / "pack"
    result = run_jtai(
        "pack",
        "--data",
        str(book),
        "--la",
        "Sample",
        "--notification-date",
        "2021-03-25",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    content = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    assert content["reference_date"] == "2021-03-25"
    assert content["reference_date_source"] == "notification"
    outside = {key: item["rows_outside_window"] for key, item in content["lists"].items()}
    assert outside == {
        "contacts": 5,
        "early_help": 5,
        "referrals": 6,
        "assessments": 5,
        "s47": 5,
        "cin": 0,  # open cases, none closed
        "cp": 2,  # two plans ended 17/09/2020, before the window; the rest were open in it
    }
    page = (out / "briefing-pack.html").read_text(encoding="utf-8")
    status = page.split('id="data-status"')[1].split("</section>")[0]
    assert "The lists point to 16/03/2021 (inferred from ages and dates of birth" in status
    assert (
        'class="jtai-warning">Every row of List 1 (5) falls outside the six-month window 25/09/2020'
        in status
    )
    log = (out / "run.log").read_text(encoding="utf-8")
    assert "Every row of List 3 (6) falls outside the six-month window" in log
