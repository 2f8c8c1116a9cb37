"""The synthetic generator: deterministic, linked like real journeys, realistic rates, honest ground truth."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.derive import window_start
from jtai_analysis.common.text import PIVOT_PREFIXES
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.ingest.parsing import parse_date
from jtai_analysis.ingest.readers import read_tables
from jtai_analysis.ingest.submission import ingest
from jtai_analysis.synth import write_submission
from jtai_analysis.synth.defects import KINDS, WORKBOOK_KINDS
from jtai_analysis.synth.layout import DATE_TEXT_FORMS, format_date_text
from tests.conftest import REFERENCE_DATE, read_manifest

CATALOGUE = load_catalogue()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_same_seed_same_bytes(tmp_path: Path, file_format: str) -> None:
    first = write_submission(
        tmp_path / "a", size="small", seed=7, file_format=file_format, is_dirty=True
    )
    second = write_submission(
        tmp_path / "b", size="small", seed=7, file_format=file_format, is_dirty=True
    )
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    other = write_submission(tmp_path / "c", size="small", seed=8, file_format=file_format)
    assert (
        other.rows_per_list != first.rows_per_list
        or first.files[0].read_bytes() != other.files[0].read_bytes()
    )
    assert second.defects == first.defects


def test_manifest_counts_match_what_ingest_reads(small_xlsx: Path) -> None:
    manifest = read_manifest(small_xlsx)
    counts = ingest([small_xlsx]).row_counts()
    assert counts == {key: entry["rows"] for key, entry in manifest["lists"].items()}
    assert all(
        counts[key] > 0
        for key in ("contacts", "referrals", "assessments", "s47", "cin", "cp", "nominations")
    )


# ----- linkage ---------------------------------------------------------------------------------
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


# ----- dirty ground truth -----------------------------------------------------------------------
def _cells(
    folder: Path,
) -> dict[tuple[str, str], tuple[list[str | None], dict[int, list[str | None]]]]:
    """(file, sheet) -> (header cells, sheet row -> cells), read raw from the files."""
    manifest = read_manifest(folder)
    out = {}
    for entry in manifest["lists"].values():
        for table in read_tables(folder / entry["file"]):
            if table.label != entry["sheet"]:
                continue
            rows = dict(
                zip(table.row_numbers, (list(r) for r in table.cells.iter_rows()), strict=True)
            )
            out[(entry["file"], entry["sheet"])] = (rows[entry["header_row"]], rows)
    return out


def _as_date(text: str | None) -> dt.date | None:
    return (
        pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(parse_date(pl.col("v"))).item()
    )


@pytest.mark.parametrize("fixture", ["small_dirty_xlsx", "small_dirty_csv"])
def test_planted_defects_are_where_defects_json_says(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    folder: Path = request.getfixturevalue(fixture)
    truth = json.loads((folder / "defects.json").read_text(encoding="utf-8"))["defects"]
    workbook_kinds = set(WORKBOOK_KINDS) if fixture.endswith("xlsx") else set()
    assert {d["kind"] for d in truth} == set(KINDS) | workbook_kinds
    assert len({(d["sheet"], d["row"]) for d in truth}) == len(truth)  # one defect per row
    cells = _cells(folder)
    yes_no = {
        s
        for code in CATALOGUE.codelists["yes_no"].codes
        for s in (code.code, code.label, *code.spellings)
    }
    for defect in truth:
        header, rows = cells[(defect["file"], defect["sheet"])]
        row = rows[defect["row"]]
        if defect["kind"] == "duplicate_row":
            assert row == rows[defect["row"] - 1]
            continue
        position = header.index(defect["column"])
        cell = row[position]
        kind = defect["kind"]
        if kind in ("missing_id", "formula_without_value", "excel_error"):
            assert cell in (None, "")  # a formula or an error reads as blank: ingest must say why
        elif kind in ("impossible_date", "unknown_code", "text_in_number", "bad_yes_no"):
            assert cell == defect["value"]
        if kind == "impossible_date":
            assert _as_date(cell) is None
        elif kind == "bad_yes_no":
            assert cell not in yes_no
        elif kind == "date_after_reference":
            assert _as_date(cell) == _as_date(defect["value"]) and _as_date(cell) > REFERENCE_DATE
        elif kind == "end_before_start":
            contract = CATALOGUE.lists[defect["list"]]
            from jtai_analysis.synth.defects import END_NOT_BEFORE_START

            start_key, _ = END_NOT_BEFORE_START[contract.key]
            start_header = next(
                h
                for h in header
                if h and h.strip().lower() in contract.column(start_key).accepted_headers()
            )
            assert _as_date(cell) < _as_date(row[header.index(start_header)])


def test_cell_level_defects_are_found_by_ingest_at_their_sheet_row_and_column(
    small_dirty_xlsx: Path,
) -> None:
    truth = json.loads((small_dirty_xlsx / "defects.json").read_text(encoding="utf-8"))["defects"]
    problems = ingest([small_dirty_xlsx]).problems()
    found = set(problems.select("sheet", "row", "column").iter_rows())
    parse_kinds = ("impossible_date", "unknown_code", "text_in_number", "bad_yes_no")
    expected = {(d["sheet"], d["row"], d["column"]) for d in truth if d["kind"] in parse_kinds}
    assert expected and expected <= found
    assert len(found) == len(expected)  # and nothing else in the data looks wrong


# ----- real exports: legitimate variants read to the same values, never listed as defects ------
@pytest.mark.parametrize("form", DATE_TEXT_FORMS)
def test_each_text_date_form_reads_back_to_its_day(form: str) -> None:
    days = [dt.date(2020, 9, 16), dt.date(2026, 1, 2), dt.date(2024, 2, 29), dt.date(2025, 12, 31)]
    for day in days:
        assert _as_date(format_date_text(day, form)) == day, format_date_text(day, form)
    assert format_date_text(dt.date(2020, 9, 16), "%d-%b-%Y") == "16-Sep-2020"
    assert format_date_text(dt.date(2020, 9, 16), "%a %d/%m/%Y") == "Wed 16/09/2020"


def _pivot_headers(manifest: dict, list_key: str) -> dict[str, str]:
    headers = manifest["lists"][list_key]["headers"]
    return {
        key: header for key, header in headers.items() if header.lower().startswith(PIVOT_PREFIXES)
    }


def test_export_variants_read_to_the_same_values_in_a_workbook_and_in_csv(
    tmp_path: Path,
) -> None:
    """The same area (same seed) written as a workbook and as CSV files gets different headers,
    pivot prefixes, date forms and code spellings; every one must read to the same values."""
    forms, prefixes = set(), set()
    for seed in (11, 13):
        frames = {}
        for file_format in ("xlsx", "csv"):
            folder = tmp_path / f"{seed}-{file_format}"
            write_submission(folder, seed=seed, file_format=file_format)
            manifest = read_manifest(folder)
            submission = ingest([folder])
            assert submission.problems().is_empty()
            for key, parts in submission.parts.items():
                (part,) = parts
                assert part.pivot_headers == _pivot_headers(manifest, key), key
                prefixes.update(h.split(" of ")[0] for h in part.pivot_headers.values())
                forms.update(manifest["lists"][key]["date_forms"].values())
            frames[file_format] = {
                key: submission.frame(key).drop("_file", "_sheet", "_row")
                for key in submission.parts
            }
            assert not (folder / "defects.json").exists()  # variants are not defects
        for key, frame in frames["xlsx"].items():
            assert frame.equals(frames["csv"][key]), (seed, key)
    assert forms == {*DATE_TEXT_FORMS, "excel"}
    assert prefixes == {"Sum", "Count"}


def test_hidden_blanks_are_planted_only_in_workbooks_and_named_by_ingest(
    small_dirty_xlsx: Path, small_dirty_csv: Path
) -> None:
    truth = json.loads((small_dirty_xlsx / "defects.json").read_text(encoding="utf-8"))["defects"]
    planted = {
        (d["sheet"], d["row"], d["column_key"]): d for d in truth if d["kind"] in WORKBOOK_KINDS
    }
    assert {d["list"] for d in planted.values()} == {
        "contacts",
        "early_help",
        "referrals",
        "assessments",
        "s47",
        "cin",
        "cp",
    }
    found = {
        (part.sheet, row, key): why
        for parts in ingest([small_dirty_xlsx]).parts.values()
        for part in parts
        for row, key, why in part.hidden_blanks
    }
    assert set(found) == set(planted)  # every one, and nothing else reads as a hidden blank
    for cell, defect in planted.items():
        if defect["kind"] == "excel_error":
            assert defect["value"] == "#N/A" and found[cell] == "the Excel error #N/A"
        else:
            assert found[cell] == f"a formula with no saved value ({defect['value']})"
    csv_truth = json.loads((small_dirty_csv / "defects.json").read_text(encoding="utf-8"))
    assert not {d["kind"] for d in csv_truth["defects"]} & set(WORKBOOK_KINDS)
