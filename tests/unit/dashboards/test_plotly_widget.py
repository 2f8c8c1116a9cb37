"""The chart widget: sends its figure, hears clicks, and leaves plotly.js to the page under the web app."""

from __future__ import annotations

import pytest

from jtai_analysis.dashboards import app


def test_a_chart_under_the_web_app_leaves_plotly_js_to_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import plotly.graph_objects as go

    from jtai_analysis.dashboards.plotly_widget import PlotlyChart

    monkeypatch.setenv(app.PLOTLY_JS_URL_VARIABLE, "/voila/templates/jtai/static/plotly.js?v=1")
    chart = PlotlyChart(go.Figure(go.Bar(x=["a"], y=[1])))
    assert chart.plotly_url.endswith("plotly.js?v=1") and chart.plotly_js == ""


def test_a_chart_sends_its_figure_and_hears_clicks() -> None:
    import plotly.graph_objects as go

    from jtai_analysis.dashboards.plotly_widget import PlotlyChart

    chart = PlotlyChart(go.Figure(go.Bar(x=["a", "b"], y=[3, 4])))
    assert chart.traces[0]["y"] == [3, 4] and chart.plot_layout["template"]
    assert "Plotly" in chart.plotly_js[:2000] and len(chart.plotly_js) > 1_000_000
    # plotly.js is never fetched: the module the page receives loads none
    assert "import(" not in chart.get_state()["_esm"]
    heard: list[tuple[int, int]] = []
    chart.on_click(lambda trace, point: heard.append((trace, point)))
    chart.click = {"trace": 0, "point": 1, "at": 5}
    chart.show(go.Figure(go.Bar(x=["c"], y=[9])))
    assert heard == [(0, 1)] and chart.traces[0]["x"] == ["c"]
