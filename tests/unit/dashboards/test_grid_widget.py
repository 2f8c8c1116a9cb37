"""The children's grid widget: sends its rows, loads its module at the first draw, built when in sight."""

from __future__ import annotations

import json

import pytest

from jtai_analysis.dashboards import app


def test_the_grid_sends_its_rows_and_leaves_its_module_to_the_first_draw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import polars as pl

    from jtai_analysis.dashboards.grid_widget import Grid

    grid = Grid(pl.DataFrame({"Child ID": ["A", "B"]}), pageLength=25)
    # What the page receives (the widget's synced state), not the Python object's attributes.
    sent = grid.get_state()
    module = sent["_esm"]  # anywidget's front-end module, as the page gets it
    assert len(module) < 4_000 and "import(" in module  # itables' module comes at a draw
    assert "IntersectionObserver" in module  # and the grid is built when in sight
    assert "DataTable" in sent["module_source"] and sent["module_url"] == ""
    assert json.loads(sent["_dt_args"]["data_json"]) == [["A"], ["B"]]
    grid.update(pl.DataFrame({"Child ID": ["C"]}))
    assert json.loads(grid.get_state()["_dt_args"]["data_json"]) == [["C"]]
    monkeypatch.setenv(app.ITABLES_JS_URL_VARIABLE, "/voila/templates/jtai/static/itables.js")
    served = Grid(pl.DataFrame({"Child ID": ["A"]}))
    assert served.module_url.endswith("itables.js") and served.module_source == ""
