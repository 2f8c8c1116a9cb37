"""The children behind a figure as the page carries them: decoded here as the browser does
(base64, gzip, JSON, undo the deltas), they are the figure's numerator rows."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import polars as pl

from jtai_analysis.analysis.figures import compute_figures, figure_inputs
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.pack.figure_rows import Budget, marked_figures, payload

R = dt.date(2026, 11, 16)


def _unpack(text: str):  # type: ignore[no-untyped-def]
    return json.loads(gzip.decompress(base64.b64decode(text)))


def _figures():  # type: ignore[no-untyped-def]
    contacts = pl.DataFrame(
        {
            "_file": ["a.xlsx"] * 6,
            "_sheet": ["List 1"] * 6,
            "_row": [5, 6, 7, 8, 9, 10],
            "child_id": ["A", "B", "C", "D", "E", "F"],
            "contact_date": [dt.date(2026, 6, d) for d in range(1, 7)],
            "contact_source": ["6", "1A", "6", "6", "2A", "6"],
        }
    )
    data = PreparedData(R, {"contacts": contacts}, pl.DataFrame(), pl.DataFrame())
    return compute_figures(figure_inputs(data, R), only=["contacts_police_pct"])


def test_marked_figures_are_read_whatever_the_attribute_order() -> None:
    page = (
        '<button class="jtai-fig" data-available="true" data-figure="a" data-group="focus=Yes" '
        'type="button">1</button><button type="button" data-group="all" data-figure="b">2</button>'
    )
    assert marked_figures(page) == [("a", "focus=Yes"), ("b", "all")]


def test_the_page_carries_each_figures_numerator_rows_once_compactly() -> None:
    carried = json.loads(payload(_figures(), [("contacts_police_pct", "all")]))
    figure = carried["figures"]["contacts_police_pct|all"]
    table = _unpack(carried["lists"]["contacts"]["data"])
    positions, at = [], 0
    for delta in _unpack(figure["rows"]["contacts"]):
        at += delta
        positions.append(at)
    # police contacts: rows 5, 7, 8 and 10 (children A, C, D, F)
    assert [table["row"]["values"][p] for p in positions] == [5, 7, 8, 10]
    children = table["child_id"]
    assert [children["values"][p] for p in positions] == ["A", "C", "D", "F"]
    assert (figure["shown"], figure["total"], figure["numerator"]) == (4, 4, 4)
    assert figure["dates"] == ["contact_date"]
    days = table["contact_date"]["values"]
    assert dt.date(1970, 1, 1) + dt.timedelta(days=days[positions[0]]) == dt.date(2026, 6, 1)


def test_past_the_budget_a_figure_carries_its_first_rows_and_says_how_many_there_are() -> None:
    carried = json.loads(payload(_figures(), [("contacts_police_pct", "all")], Budget(2)))
    figure = carried["figures"]["contacts_police_pct|all"]
    assert (figure["shown"], figure["total"]) == (2, 4)
    assert carried["rowsFile"] == "figure_rows.parquet"
