"""The analysis an inspector can defend, over a built pack of the synthetic area (issue 25, Done
when): no table or statement compares a group with a whole that contains it; focus children and
the other under-8s share no child in any figure; every count and percentage says whether it
counts rows or children; pre-birth work is counted whether or not the baby is born.

The page is read as a reader's tools would (its tables, the figures each cell marks); containment
of groups is worked out here from how groups are written, not by the package.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import polars as pl
import pytest

from jtai_analysis.pack.build import PackRequest, build_pack
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack")]

TABLE = re.compile(r'<table class="jtai-table">(.*?)</table>', re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<(th|td)([^>]*)>(.*?)</\1>", re.S)
BUTTON = re.compile(r'<button[^>]*data-figure="([^"]*)" data-group="([^"]*)"')
FOCUS, OTHERS = "focus=Yes", "focus=No_under8"


@pytest.fixture(scope="module")
def pack(small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fair") / "pack"
    request = PackRequest((small_xlsx,), "Test Area", REFERENCE_DATE, REFERENCE_DATE, out)
    return build_pack(request, progress=lambda _: None).parent


def _figures(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (folder / "figures.csv").open(encoding="utf-8") as handle:
        return {(r["figure_id"], r["group"]): r for r in csv.DictReader(handle)}


def _contains(whole: str, group: str) -> bool:
    """Whether every row of ``group`` is a row of ``whole`` and ``whole`` has more: all holds every
    group; A=x holds A=x&B=y; children with domestic abuse recorded hold the focus children."""
    if whole == group:
        return False
    if whole == "all":
        return True
    parts, whole_parts = set(group.split("&")), set(whole.split("&"))
    if whole_parts < parts:
        return True
    return FOCUS in parts and whole_parts <= (parts - {FOCUS}) | {"domestic_abuse=Yes"}


def _tables(page: str) -> list[tuple[list[str], list[tuple[str, list[tuple[str, list]]]]]]:
    """Each table of figures: its column headings, and per body row its heading and cells (the
    figures each cell marks)."""
    found = []
    for body in TABLE.findall(page):
        rows = ROW.findall(body)
        if not rows or "data-figure" not in body:
            continue
        headings = [html.unescape(re.sub(r"<[^>]+>", "", c[2])) for c in CELL.findall(rows[0])]
        lines = []
        for row in rows[1:]:
            cells = CELL.findall(row)
            if not cells:
                continue
            heading = html.unescape(re.sub(r"<[^>]+>", "", cells[0][2]))
            lines.append((heading, [(c[2], BUTTON.findall(c[2])) for c in cells]))
        found.append((headings, lines))
    return found


def _as_base(figure_id: str, group: str) -> tuple[str, str]:
    """A focus children's figure (``focus_referrals_nfa_pct``) is its base figure's focus group."""
    from jtai_analysis.analysis.figures import definitions

    base = definitions()[figure_id].focus_of
    return (base, FOCUS) if base and group == "all" else (figure_id, group)


def test_no_table_or_statement_compares_a_group_with_a_whole_that_contains_it(pack: Path) -> None:
    page = (pack / "briefing-pack.html").read_text(encoding="utf-8")
    units = {key[0]: row["unit"] for key, row in _figures(pack).items()}
    tables = _tables(page)
    assert len(tables) > 20
    compared = 0
    for headings, lines in tables:
        for heading, cells in lines:
            marked = [_as_base(f, g) for _, found in cells for f, g in found]
            rates = [(f, g) for f, g in marked if units.get(f) in ("percent", "median")]
            for figure_id, group in rates:
                for other_id, other in rates:
                    if other_id == figure_id and _contains(other, group):
                        pytest.fail(
                            f"{headings[0]} / {heading}: {figure_id} {group} beside {other}"
                        )
            pairs = {(f, g) for f, g in rates if g in (FOCUS, OTHERS)}
            compared += len({f for f, g in pairs if (f, FOCUS) in pairs and (f, OTHERS) in pairs})
    # what stands out and the focus sections compare focus children with the other under-8s
    assert compared >= 5


def test_focus_children_and_the_other_under_8s_share_no_child(pack: Path) -> None:
    rows = pl.read_parquet(pack / "figure_rows.parquet").filter(
        pl.col("group").is_in([FOCUS, OTHERS]) & pl.col("child_id").is_not_null()
    )
    both = (
        rows.group_by("figure_id", "role", "child_id")
        .agg(pl.col("group").n_unique().alias("groups"))
        .filter(pl.col("groups") > 1)
    )
    assert rows["figure_id"].n_unique() > 20 and both.is_empty(), both.head()


def test_every_count_and_percentage_says_rows_or_children(pack: Path) -> None:
    from jtai_analysis.analysis.figures import definitions

    page = (pack / "briefing-pack.html").read_text(encoding="utf-8")
    says = {
        "rows": re.compile(r"\brows?\b", re.I),
        "children": re.compile(r"\bchild(ren)?\b", re.I),
    }
    units = {key[0]: row["unit"] for key, row in _figures(pack).items()}
    checked = 0
    for headings, lines in _tables(page):
        for heading, cells in lines:
            for position, (_, found) in enumerate(cells):
                for figure_id, _group in found:
                    if units.get(figure_id) not in ("count", "percent"):
                        continue
                    counts = definitions()[figure_id].counts
                    column = headings[position] if position < len(headings) else ""
                    near = f"{column} {heading} {headings[0]}"
                    assert says[counts].search(near), (figure_id, column, heading)
                    checked += 1
    assert checked > 200


def test_prebirth_work_is_counted_whether_or_not_the_baby_is_born(pack: Path) -> None:
    figures = _figures(pack)
    total = int(figures[("prebirth_children", "all")]["value"])
    born = int(figures[("prebirth_children", "born_by_reference=born")]["value"])
    unborn = int(figures[("prebirth_children", "born_by_reference=unborn")]["value"])
    assert total == born + unborn and born > 0 and unborn > 0
    assessments = int(figures[("prebirth_assessments_count", "all")]["value"])
    assert int(figures[("prebirth_assessments_count", "born_by_reference=born")]["value"]) > 0
    assert assessments >= int(
        figures[("prebirth_assessments_count", "born_by_reference=unborn")]["value"]
    )
