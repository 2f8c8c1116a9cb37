"""Every figure traceable to its children, and one figure everywhere (issue 20, Done when).

On a synthetic area, and on the same area with the domestic abuse columns removed: every figure
marked in the pack equals its row in figures.csv; every figure's rows reproduce its numerator and
denominator; each row named exists in the source workbook at that sheet and row (read here with
openpyxl, independently of the workbench's reader); no figure that depends on the missing column
reads 0 anywhere. Then `jtai explain` and `jtai dip --figure` on a built pack.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from jtai_analysis.pack.build import PackRequest, build_pack
from tests.conftest import REFERENCE_DATE, read_manifest
from tests.e2e.domestic_abuse_figures import DOMESTIC_ABUSE_INDICATORS
from tests.e2e.real_processes import run_jtai

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack")]

BUTTON = re.compile(r"<button([^>]*\bclass=\"jtai-fig\"[^>]*)>([^<]*)</button>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def _marked(page: str) -> list[tuple[str, str, str, str]]:
    """Every figure value in the page: its figure, group, availability and text."""
    out = []
    for attributes, text in BUTTON.findall(page):
        found = dict(ATTRIBUTE.findall(attributes))
        out.append(
            (
                html.unescape(found["data-figure"]),
                html.unescape(found["data-group"]),
                found["data-available"],
                html.unescape(text),
            )
        )
    return out


# Figures that need the domestic abuse field of List 4 or 6, directly or through focus children,
# named here by hand from interfaces.md and the sections (not read from the definitions).
NEED_DOMESTIC_ABUSE = DOMESTIC_ABUSE_INDICATORS | {
    "flagged_children",
    "children_flagged_pct",
    "contacts_flagged_child_count",
    "not_in_fte_flagged_children",
    # issue 25: lines of enquiry that name focus children or children with domestic abuse recorded
    "enquiry_focus_not_seen_children",
    "enquiry_5_to_7_not_in_fte_flagged_children",
    "enquiry_fieldwork_meetings_count",
}


def _drop_domestic_abuse(source: Path, target: Path) -> Path:
    """The same synthetic area with the domestic abuse column cut from Lists 4 and 6."""
    shutil.copytree(source, target)
    manifest = read_manifest(source)
    for key in ("assessments", "cin"):
        entry = manifest["lists"][key]
        path = target / entry["file"]
        book = load_workbook(path)
        sheet = book[entry["sheet"]]
        header = entry["headers"]["da_victim"]
        column = next(
            c.column
            for c in sheet[entry["header_row"]]
            if c.value is not None and str(c.value).strip() == header
        )
        sheet.delete_cols(column)
        book.save(path)
    return target


@pytest.fixture(scope="module")
def packs(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("figures")
    without = _drop_domestic_abuse(small_xlsx, root / "data_without_da")
    out = {}
    for name, data in (("full", small_xlsx), ("without_da", without)):
        request = PackRequest(
            (data,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, root / f"pack_{name}"
        )
        out[name] = build_pack(request, progress=lambda _: None).parent
    out["full_data"], out["without_da_data"] = small_xlsx, without
    return out


def _figures(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (folder / "figures.csv").open(encoding="utf-8") as handle:
        return {(r["figure_id"], r["group"]): r for r in csv.DictReader(handle)}


def _numbers(text: str) -> list[float]:
    """The numbers a value's text shows, leaving out a small-count guard ("<5", "fewer than 5")."""
    text = re.sub(r"(<|fewer than )\s*\d+", "", text)
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


@pytest.mark.parametrize("name", ["full", "without_da"])
def test_every_figure_in_the_pack_equals_its_row_in_figures_csv(packs: dict, name: str) -> None:
    page = (packs[name] / "briefing-pack.html").read_text(encoding="utf-8")
    rows = _figures(packs[name])
    marked = _marked(page)
    assert len(marked) > 200  # every section marks its figures
    assert page.count('class="jtai-fig"') == len(marked)  # and every mark has this one form
    for figure_id, group, available, text in marked:
        row = rows[(figure_id, group)]
        assert available == row["available"], (figure_id, group)
        if text == "Not available":
            assert row["available"] == "false" and row["value"] == "", (figure_id, group)
            continue
        allowed = {
            float(row[k]) for k in ("value", "numerator", "denominator", "national_value") if row[k]
        }
        assert set(_numbers(text)) <= allowed, (figure_id, group, text, row)
        if row["unit"] == "count" and row["available"] == "true":
            assert text == f"{int(row['numerator']):,}", (figure_id, group, text)


@pytest.mark.parametrize("name", ["full", "without_da"])
def test_every_figures_rows_reproduce_its_numerator_and_denominator(packs: dict, name: str) -> None:
    from jtai_analysis.analysis.figures import definitions

    rows = pl.read_parquet(packs[name] / "figure_rows.parquet")
    assert rows.columns == [
        "figure_id", "group", "role", "list", "source_file", "sheet", "row", "child_id",
    ]  # fmt: skip
    counted = {
        (r["figure_id"], r["group"], r["role"]): (r["rows"], r["children"])
        for r in rows.group_by("figure_id", "group", "role")
        .agg(pl.len().alias("rows"), pl.col("child_id").drop_nulls().n_unique().alias("children"))
        .iter_rows(named=True)
    }
    checked = 0
    for (figure_id, group), row in _figures(packs[name]).items():
        if row["available"] != "true":
            assert (figure_id, group, "numerator") not in counted or row["numerator"] == "0"
            continue
        children = definitions()[figure_id].counts_children
        for role in ("numerator", "denominator"):
            if not row[role]:
                continue
            kept_under = group
            if role == "denominator" and definitions()[figure_id].shares:
                kept_under = "all"  # a share's denominator is every row of the figure
            found = counted.get((figure_id, kept_under, role), (0, 0))
            assert found[1 if children else 0] == int(row[role]), (figure_id, group, role)
            checked += 1
    assert checked > 300


def _sheet_rows(data: Path) -> dict[tuple[str, str, int], set[str]]:
    """Every cell value of every row of every sheet of the source workbooks, read with openpyxl."""
    found: dict[tuple[str, str, int], set[str]] = {}
    for path in sorted(data.glob("*.xlsx")):
        book = load_workbook(path, read_only=True)
        for sheet in book:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                found[(path.name, sheet.title, number)] = {
                    str(c).strip() for c in cells if c is not None
                }
    return found


@pytest.mark.parametrize("name", ["full", "without_da"])
def test_each_row_named_is_in_the_source_at_that_sheet_and_row(packs: dict, name: str) -> None:
    rows = pl.read_parquet(packs[name] / "figure_rows.parquet").unique(
        ["source_file", "sheet", "row", "child_id"]
    )
    assert rows.height > 500
    source = _sheet_rows(packs[f"{name}_data"])
    for source_file, sheet, number, child_id in rows.select(
        "source_file", "sheet", "row", "child_id"
    ).iter_rows():
        cells = source.get((source_file, sheet, number))
        assert cells is not None, (source_file, sheet, number)
        assert child_id is None or child_id in cells, (source_file, sheet, number, child_id)


def test_no_figure_that_needs_the_missing_column_reads_0_anywhere(packs: dict) -> None:
    folder = packs["without_da"]
    figures = _figures(folder)
    for (figure_id, group), row in figures.items():
        needs = figure_id in NEED_DOMESTIC_ABUSE or group.startswith(("focus=", "domestic_abuse="))
        if needs:
            assert row["available"] == "false" and row["value"] == "", (figure_id, group)
            assert row["numerator"] == "" and row["note"].startswith("Not available"), figure_id
    assert figures[("referrals_nfa_pct", "focus=No")]["value"] == ""  # never "No"
    with (folder / "indicators.csv").open(encoding="utf-8") as handle:
        indicators = {r["indicator_id"]: r for r in csv.DictReader(handle)}
    for figure_id in NEED_DOMESTIC_ABUSE & set(indicators):
        assert indicators[figure_id]["value"] == "" and indicators[figure_id]["numerator"] == ""
    with (folder / "indicators_by_group.csv").open(encoding="utf-8") as handle:
        by_group = [
            r for r in csv.DictReader(handle) if r["group_by"] in ("focus", "domestic_abuse")
        ]
    assert by_group and all(r["value"] == r["numerator"] == "" for r in by_group)
    page = (folder / "briefing-pack.html").read_text(encoding="utf-8")
    for figure_id, group, _, text in _marked(page):
        if figure_id in NEED_DOMESTIC_ABUSE or group.startswith(("focus=", "domestic_abuse=")):
            assert text == "Not available", (figure_id, group, text)
    # the full area's pack does give them
    assert _figures(packs["full"])[("da_children_under8", "all")]["value"] not in ("", "0")


def test_jtai_explain_a_figure_of_a_built_pack(packs: dict, tmp_path: Path) -> None:
    folder = packs["full"]
    row = _figures(folder)[("rereferrals_12m_pct", "focus=Yes")]
    done = run_jtai("explain", "--pack", str(folder), "rereferrals_12m_pct", "--group", "focus=Yes")
    assert done.returncode == 0, done.stderr
    assert f"Numerator: {int(row['numerator']):,}" in done.stdout
    assert f"Denominator: {int(row['denominator']):,}" in done.stdout
    assert "'Number of Referrals in Last 12 Months'" in done.stdout  # the definition in words
    printed = [line for line in done.stdout.splitlines() if line.startswith("referrals,")]
    assert len(printed) == min(20, int(row["numerator"]))
    written = tmp_path / "rows.csv"
    done = run_jtai(
        "explain",
        "--pack",
        str(folder),
        "rereferrals_12m_pct",
        "--group",
        "focus=Yes",
        "--csv",
        str(written),
    )
    assert done.returncode == 0, done.stderr
    rows = pl.read_csv(written, infer_schema=False)
    assert rows.filter(pl.col("role") == "numerator").height == int(row["numerator"])
    assert rows.filter(pl.col("role") == "denominator").height == int(row["denominator"])
    unknown = run_jtai("explain", "--pack", str(folder), "rereferals_12m_pct")
    assert unknown.returncode == 2 and "rereferrals_12m_pct" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    no_pack = run_jtai("explain", "--pack", str(tmp_path), "rereferrals_12m_pct")
    assert no_pack.returncode == 2 and "not a built pack" in no_pack.stderr


def test_jtai_dip_draws_from_a_figures_numerator_rows(packs: dict, tmp_path: Path) -> None:
    folder = packs["full"]
    out = tmp_path / "dip.csv"
    police_contacts = ("dip", "--figure", "contacts_police_pct", "--pack", str(folder), "--n", "5")
    done = run_jtai(*police_contacts, "--out", str(out))
    assert done.returncode == 0, done.stderr
    drawn = pl.read_csv(out, infer_schema=False).with_columns(pl.col("row").cast(pl.Int64))
    behind = pl.read_parquet(folder / "figure_rows.parquet").filter(
        (pl.col("figure_id") == "contacts_police_pct")
        & (pl.col("group") == "all")
        & (pl.col("role") == "numerator")
    )
    assert drawn.height == 5
    assert drawn.join(behind, on=["sheet", "row", "child_id"], how="anti").is_empty()
    again = tmp_path / "again.csv"
    run_jtai(*police_contacts, "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # same pack and seed, same rows
    not_available = run_jtai(
        "dip", "--figure", "da_children_under8", "--pack", str(packs["without_da"]),
        "--n", "5", "--out", str(tmp_path / "none.csv"),
    )  # fmt: skip
    assert not_available.returncode == 2 and "not available" in not_available.stderr


def test_the_run_folder_is_not_left_in_the_pack_and_options_are_recorded(packs: dict) -> None:
    provenance = json.loads((packs["full"] / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["parameters"]["area_name"] == "Test Area"
    assert not (packs["full"] / "options.json").exists()
