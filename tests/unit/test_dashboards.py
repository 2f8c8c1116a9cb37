"""The functions behind every dashboard widget, on hand-built frames (expected values worked out here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.dashboards import cohort_view, explore, follow, sample_view
from jtai_analysis.dashboards.cohort_view import MISSING, Filters
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.selection import Candidate

D = dt.date
R = D(2026, 11, 16)


def _frame(**columns: list) -> pl.DataFrame:  # type: ignore[type-arg]
    n = len(next(iter(columns.values())))
    return pl.DataFrame({"_sheet": ["S"] * n, "_row": list(range(2, n + 2)), **columns})


def _data() -> PreparedData:
    """Four children: 1 on an open plan, 2 with a closed CIN episode, 3 contacts only, 4 unborn."""
    return PreparedData(
        reference_date=R,
        valid={
            "contacts": _frame(
                child_id=["1", "2", "3", "4"],
                contact_date=[D(2026, 6, 1), D(2026, 6, 2), D(2026, 9, 1), D(2026, 10, 1)],
                contact_source=["6", "2A", "6", "3B"],
            ),
            "cin": _frame(
                child_id=["2"],
                cin_start_date=[D(2026, 6, 10)],
                cin_closure_date=[D(2026, 8, 1)],
                da_victim=["No"],  # the domestic abuse field is readable
            ),
            "cp": _frame(
                child_id=["1"],
                cpp_start_date=[D(2026, 7, 1)],
                cpp_end_date=[None],
            ),
            "nominations": _frame(child_id=["1"], nomination_list=["B"]),
        },
        reconciliation=pl.DataFrame(),
        findings=pl.DataFrame(),
        quarantined=pl.DataFrame(
            {
                "list": ["referrals"],
                "child_id": ["9"],
                "sheet": ["List 3"],
                "row": [14],
                "reasons": ["referral date is after the reference date"],
            }
        ),
    )


def _cohort() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "child_id": ["1", "2", "3", "4"],
            "sex": ["M", "F", None, "I"],
            "ethnicity": ["WBRI", "BAFR", None, "MWBC"],
            "disability": ["No", "Yes", "Unknown", None],
            "lists": ["contacts;cp", "cin;contacts", "contacts", "contacts"],
            "is_da": [True, False, False, True],
            "age_group": ["under_2", "5_to_7", "8_plus", "unborn"],
        }
    )


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    data = _data()
    return cohort_view.cohort_table(
        _cohort(), data, explore.all_events(data), twenty=("1", "2"), six=("1",)
    )


def test_codes_read_as_words_from_the_contracts() -> None:
    codelists = load_catalogue().codelists
    assert cohort_view.code_words(codelists["sex"]) == {
        "M": "Male",
        "F": "Female",
        "U": "Not stated/recorded",
        "I": "Neither",
    }
    ethnicity = cohort_view.code_words(codelists["ethnicity"])
    assert ethnicity["WBRI"] == "White British" and ethnicity["UNKNOWN"] == "Unknown"
    assert cohort_view.code_words(codelists["yes_no_unknown"])["Yes"] == "Yes"
    assert cohort_view.code_words(codelists["source"])["6"] == "Police"
    assert cohort_view.code_groups(codelists["ethnicity"])["BAFR"] == "Black"


def test_the_table_holds_status_sample_sources_and_event_dates(table: pl.DataFrame) -> None:
    rows = {r["child_id"]: r for r in table.iter_rows(named=True)}
    assert rows["1"]["status"] == "cp_open"  # plan started 1 July, not ended
    assert rows["2"]["status"] == "closed"  # episode closed 1 August, before R
    assert rows["3"]["status"] == "none"
    assert rows["1"]["is_in_20"] and rows["1"]["is_in_6"] and not rows["2"]["is_in_6"]
    assert rows["1"]["nomination_lists"] == ["B"] and rows["3"]["nomination_lists"] == []
    assert rows["2"]["sources"] == ["Schools"] and rows["4"]["sources"] == ["Health services"]
    assert rows["1"]["first_event_date"] == D(2026, 6, 1)
    assert rows["1"]["last_event_date"] == D(2026, 7, 1)
    assert rows["2"]["ethnic_group"] == "Black" and rows["3"]["ethnic_group"] is None


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["1", "2", "3", "4"]),
        (Filters(sexes=("I",)), ["4"]),  # "Neither" is reachable
        (Filters(sexes=(MISSING,)), ["3"]),  # so is a blank sex
        (Filters(sexes=("M", MISSING)), ["1", "3"]),
        (Filters(disabilities=(MISSING,)), ["4"]),
        (Filters(ethnic_groups=("Black", "Mixed")), ["2", "4"]),
        (Filters(lists=("cp", "cin")), ["1", "2"]),
        (Filters(domestic_abuse=("yes",)), ["1", "4"]),
        (Filters(domestic_abuse=("no",)), ["2", "3"]),
        (Filters(domestic_abuse=("yes", "no")), ["1", "2", "3", "4"]),
        (Filters(nomination_lists=("B",)), ["1"]),
        (Filters(sample=("in_20",)), ["1", "2"]),
        (Filters(sample=("in_6",)), ["1"]),
        (Filters(statuses=("cp_open", "closed")), ["1", "2"]),
        (Filters(sources=("Police",)), ["1", "3"]),
        (Filters(date_from=D(2026, 8, 15)), ["3", "4"]),  # an event on or after 15 August
        (Filters(date_to=D(2026, 6, 1)), ["1"]),
        (Filters(age_groups=("unborn", "under_2"), domestic_abuse=("yes",)), ["1", "4"]),
        (Filters(age_groups=("8_plus",), domestic_abuse=("yes",)), []),
    ],
)
def test_filters_combine(table: pl.DataFrame, filters: Filters, expected: list[str]) -> None:
    assert cohort_view.apply_filters(table, filters)["child_id"].to_list() == expected


def test_chart_counts_show_every_bar_and_count_each_child_once_per_bar(table: pl.DataFrame) -> None:
    ages = cohort_view.count_by(table, "age_group")
    assert ages["key"].to_list() == ["unborn", "under_2", "2_to_4", "5_to_7", "8_plus", "unknown"]
    assert ages["children"].to_list() == [1, 1, 0, 1, 1, 0]
    lists = dict(cohort_view.count_by(table, "lists").select("key", "children").iter_rows())
    assert lists == {
        "contacts": 4,
        "early_help": 0,
        "referrals": 0,
        "assessments": 0,
        "s47": 0,
        "cin": 1,
        "cp": 1,
    }
    abuse = cohort_view.count_by(table, "domestic_abuse")
    assert abuse.rows() == [
        ("yes", "Domestic abuse recorded", 2),
        ("no", "No domestic abuse recorded", 2),
    ]
    sources = dict(cohort_view.count_by(table, "sources").select("key", "children").iter_rows())
    assert sources == {"Health services": 1, "Police": 2, "Schools": 1}
    with pytest.raises(ValueError, match="No chart"):
        cohort_view.count_by(table, "shoe size")


def test_readers_see_words_not_codes(table: pl.DataFrame) -> None:
    shown = {r["Child ID"]: r for r in cohort_view.for_readers(table).iter_rows(named=True)}
    assert shown["1"]["Sex"] == "Male" and shown["4"]["Sex"] == "Neither"
    assert shown["3"]["Sex"] == "Not recorded" and shown["3"]["Ethnicity"] == "Not recorded"
    assert shown["2"]["Ethnicity"] == "African" and shown["1"]["Ethnicity"] == "White British"
    assert shown["1"]["Age group"] == "Under 2" and shown["4"]["Age group"] == "Unborn"
    assert shown["1"]["Lists"] == "List 1, List 7" and shown["2"]["Lists"] == "List 1, List 6"
    assert shown["1"]["Status"] == "Child protection plan open"
    assert shown["1"]["Sample"] == "In the 6" and shown["2"]["Sample"] == "In the 20"
    assert shown["1"]["Domestic abuse recorded"] == "Yes"


def test_export_is_formula_safe_in_csv_and_xlsx(table: pl.DataFrame, tmp_path: Path) -> None:
    import openpyxl

    planted = table.with_columns(pl.lit("=HYPERLINK(1)").alias("child_id")).head(1)
    csv = cohort_view.export_children(planted, tmp_path / "children.csv")
    assert csv.read_text(encoding="utf-8").splitlines()[1].startswith("'=HYPERLINK(1)")
    xlsx = cohort_view.export_children(table, tmp_path / "children.xlsx")
    sheet = openpyxl.load_workbook(xlsx)["Children"]
    assert [c.value for c in sheet[1]][:3] == ["Child ID", "Age group", "Sex"]
    assert sheet.max_row == 5  # header and four children


def test_profile_line_and_why_an_id_is_not_found(table: pl.DataFrame) -> None:
    line = follow.profile_line(table, " 1 ")
    assert line == (
        "Child 1: under 2, male, ethnicity White British; in List 1, List 7; child protection "
        "plan open; nominated on list B; in the 6; domestic abuse recorded."
    )
    assert follow.profile_line(table, "9") is None
    quarantined = follow.why_not_found(_data(), "9")
    assert "1 row(s) carrying this ID were quarantined" in quarantined
    assert "List 3, sheet List 3 row 14: referral date is after the reference date" in quarantined
    absent = follow.why_not_found(_data(), "77")
    assert absent.startswith("Child 77 is not in any list received")
    assert "List 1, List 6, List 7" in absent
    assert follow.why_not_found(_data(), "  ") == "Type or pick a child ID."


def _candidate(child_id: str, age: str, agencies: int = 2, da: bool = True) -> Candidate:
    return Candidate(
        child_id=child_id,
        lists=("A",),
        age_group=age,
        sex="F",
        ethnicity="WBRI",
        disability="No",
        status="CIN",
        agencies=tuple(f"AG{i}" for i in range(agencies)),
        has_probation=False,
        is_da_current=da,
    )


def test_workbench_adjusts_saves_and_says_the_command(tmp_path: Path) -> None:
    pool = [_candidate(f"c{i:02d}", "under_2" if i < 8 else "5_to_7") for i in range(22)]
    sample = sample_view.adjust(pool, seed=1, lock=["c21"], exclude=["c00"])
    assert sample.is_feasible and sample.twenty.height == 20 and sample.six.height == 6
    assert "c21" in sample.twenty["child_id"].to_list()
    assert "c00" not in sample.twenty["child_id"].to_list()
    coverage = {r["Age group"]: r for r in sample_view.coverage(pool, sample).iter_rows(named=True)}
    assert coverage["Under 2"]["Nominated"] == 8 and coverage["5 to 7"]["Nominated"] == 14
    assert coverage["Under 2"]["In the 20"] + coverage["5 to 7"]["In the 20"] == 20
    assert coverage["Unborn"] == {
        "Age group": "Unborn",
        "Nominated": 0,
        "In the 20": 0,
        "In the 6": 0,
    }
    written = sample_view.save(sample, tmp_path, "xlsx")
    assert [p.name for p in written] == ["selected_20.xlsx", "selected_6.xlsx"]
    written = sample_view.save(sample, tmp_path, "csv")
    assert len(written[0].read_text(encoding="utf-8").splitlines()) == 21
    infeasible = sample_view.adjust(pool, seed=1, exclude=["c01", "c02", "c03"])
    assert not infeasible.is_feasible and "Only 19 nominated children remain" in infeasible.problem
    assert sample_view.sample_command(["/d/a b.xlsx"], R, "out", 3, ["c21"], ["c00"]) == (
        "jtai sample --data '/d/a b.xlsx' --reference-date 2026-11-16 --out out --seed 3 "
        "--lock c21 --exclude c00"
    )
    table = sample_view.candidate_table(pool[:1])
    assert table.row(0) == (
        "c00",
        "List A",
        "Under 2",
        "Child in need",
        2,
        "domestic abuse a current factor",
    )


def test_locking_into_the_6_follows_what_the_sampling_rules_allow() -> None:
    pool = [_candidate(f"c{i:02d}", "under_2") for i in range(22)]
    sample = sample_view.adjust(pool, seed=1, lock_6=["c05"])
    if sample_view.can_lock_into_6():
        assert sample.is_feasible and "c05" in sample.six["child_id"].to_list()
        assert "c05" in sample.twenty["child_id"].to_list()
    else:
        assert not sample.is_feasible and "cannot lock into the 6" in sample.problem


def test_a_batch_of_control_changes_is_drawn_once() -> None:
    from jtai_analysis.dashboards.controls import Redraw

    drawn: list[int] = []
    redraw = Redraw()
    redraw.draw = lambda: drawn.append(1)
    redraw.changed()
    assert len(drawn) == 1
    with redraw.batch():
        redraw.changed()
        redraw.changed()
    assert len(drawn) == 2  # once for the whole batch
    redraw.changed({"new": True})
    assert len(drawn) == 3


def test_a_list_not_received_is_not_counted_as_0(tmp_path: Path) -> None:
    """Before Thursday only Lists 4, 6 and 7 exist: the other lists' bars say "not received"."""
    from jtai_analysis.dashboards.explorer import cohort_explorer
    from jtai_analysis.dashboards.workspace import open_workspace
    from jtai_analysis.presentation.notebook_context import load_context
    from jtai_analysis.synth import write_submission

    write_submission(tmp_path / "all", size="small", seed=3, file_format="csv")
    tuesday = tmp_path / "tuesday"
    tuesday.mkdir()
    for name in ("list_4_assessments.csv", "list_6_cin.csv", "list_7_cp.csv"):
        (tuesday / name).write_bytes((tmp_path / "all" / name).read_bytes())
    context = load_context("Test Area", "2026-11-16", "", [str(tuesday)], "", 0)
    space = open_workspace(context)
    cohort = cohort_explorer(space)
    bars = dict(zip(cohort.figure.data[2].x, cohort.figure.data[2].y, strict=True))
    assert bars["List 1 (not received)"] is None and bars["List 5 (not received)"] is None
    assert bars["List 4"] > 0 and "List 4 (not received)" not in bars
    assert "Not received yet, so not counted: List 1" in cohort.readings["lists"].value
    assert "Not available: neither List 1" in cohort.readings["sources"].value
    assert cohort.choices["lists"].boxes["contacts"].description == "List 1 (not received)"
    reasons = cohort_view.not_available(context.data)
    assert "List 1, List 2, List 3, List 5" in reasons["lists"]
    assert "neither List 1" in reasons["sources"]


def test_domestic_abuse_not_in_the_lists_is_not_available_never_0(tmp_path: Path) -> None:
    """A standard Annex A has no JTAI domestic abuse field: no bar, filter or profile says 0 or No."""
    from jtai_analysis.dashboards.explorer import cohort_explorer
    from jtai_analysis.dashboards.workspace import open_workspace
    from jtai_analysis.presentation.notebook_context import load_context
    from jtai_analysis.synth import write_submission

    write_submission(tmp_path / "data", size="small", seed=7, is_standard=True)
    context = load_context("Standard", "2026-11-16", "", [str(tmp_path / "data")], "", 0)
    space = open_workspace(context)
    cohort = cohort_explorer(space)
    assert list(cohort.figure.data[1].y) == [None, None]  # neither "recorded" nor "not recorded"
    reading = cohort.readings["domestic_abuse"].value
    assert "Not available: the domestic abuse field" in reading and "largest bar" not in reading
    assert all(
        "(not available)" in b.description for b in cohort.choices["domestic_abuse"].boxes.values()
    )
    assert set(space.table["is_da"].to_list()) == {None}
    readers = cohort_view.for_readers(space.table)
    assert set(readers["Domestic abuse recorded"].to_list()) == {"Not available"}
    child = space.table["child_id"][0]
    assert "domestic abuse not available" in follow.profile_line(space.table, child)
    # the other charts are still counted
    assert sum(y for y in cohort.figure.data[0].y if y) == context.cohort.height
