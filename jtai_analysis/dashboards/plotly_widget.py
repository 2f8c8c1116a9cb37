"""A plotly chart as a small widget: the figure drawn with plotly.js, clicks sent back to Python.

Why not plotly's own ``FigureWidget``: it is an anywidget whose JavaScript module is the whole
plotly.js bundle (5 MB), and anywidget gives a module 2 s to load before it gives up ("Failed to
initialize model"); on a busy machine the chart then never draws. Here the module is a few lines;
plotly.js is run once per page as a classic script, outside that limit, and every chart on the
page shares it. Under ``jtai dashboard`` the page's own server offers plotly.js as a file (the
browser fetches it once and keeps it); elsewhere (JupyterLab) it travels as an ordinary value of
the widget. Nothing is fetched from the network.

A change sends only the traces: the layout goes once and is sent again only when it changes, and
the browser draws the newest figure once per frame, however many changes arrived meanwhile.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from typing import Any

import anywidget
import plotly.graph_objects as go
import traitlets

from jtai_analysis.dashboards.after_paint import AFTER_PAINT_JS
from jtai_analysis.dashboards.app import PLOTLY_JS_URL_VARIABLE, SERVED_SCRIPTS, script_file

# The dashboards' charts look alike: their layout, the bars' colour and the colour of what is chosen.
CHART_LAYOUT = {
    "height": 260,
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "template": "plotly_white",
    "font": {"size": 12},
}
BAR_COLOUR, CHOSEN_COLOUR = "#1d70b8", "#003078"

_ESM = (
    AFTER_PAINT_JS
    + """
// Running plotly.js takes the browser a second or more. The chart is placed at once, empty, and
// plotly.js runs after the page has been painted and is idle: controls and words come first.

function loadPlotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__jtaiPlotly) {
    window.__jtaiPlotly = afterPaint().then(() => new Promise((resolve, reject) => {
      // plotly.js is a UMD bundle: hide an AMD loader, if any, so it sets window.Plotly.
      const amd = window.define;
      window.define = undefined;
      const source = model.get("plotly_js");
      const script = document.createElement("script");
      script.src =
        model.get("plotly_url") ||
        URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      script.onload = () => { window.define = amd; resolve(window.Plotly); };
      script.onerror = (error) => { window.define = amd; reject(error); };
      document.head.appendChild(script);
    }));
  }
  return window.__jtaiPlotly;
}

async function drawWhenReady(model, el, drawn) {
  const Plotly = await loadPlotly(model);
  // The same layout object while it is unchanged: Plotly.react then only redraws the traces.
  const draw = () =>
    Plotly.react(el, model.get("traces"), model.get("plot_layout"), {
      displaylogo: false,
      // No zoom, pan or picture buttons: they appear only under a mouse, yet each is a stop for
      // the keyboard with no focus one can see; the numbers are beneath every chart.
      displayModeBar: false,
      responsive: true,
    });
  let waiting = false;
  const drawSoon = () => {
    if (waiting) return;
    waiting = true;
    requestAnimationFrame(() => {
      waiting = false;
      draw();
    });
  };
  await draw();
  el.style.minHeight = "";
  drawn.Plotly = Plotly;
  model.on("change:traces", drawSoon);
  model.on("change:plot_layout", drawSoon);
  el.on("plotly_click", (event) => {
    const point = event.points && event.points[0];
    if (!point) return;
    model.set("click", { trace: point.curveNumber, point: point.pointIndex, at: Date.now() });
    model.save_changes();
  });
}

export default {
  render({ model, el }) {
    el.classList.add("jtai-plot");
    el.style.minHeight = `${model.get("plot_layout").height || 450}px`; // its place, kept while empty
    const drawn = {};
    drawWhenReady(model, el, drawn);
    return () => drawn.Plotly && drawn.Plotly.purge(el);
  },
};
"""
)


@cache
def _plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (read once per process)."""
    return script_file(*SERVED_SCRIPTS[PLOTLY_JS_URL_VARIABLE]).read_text("utf-8")


class PlotlyChart(anywidget.AnyWidget):
    """A plotly figure drawn in the browser; :meth:`on_click` hears clicks on its points.

    Change the figure with :meth:`show`.
    """

    _esm = _ESM
    traces: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    plot_layout = traitlets.Dict().tag(sync=True)  # not `layout`: every widget has that one
    click = traitlets.Dict().tag(sync=True)
    plotly_url = traitlets.Unicode().tag(sync=True)  # plotly.js on the page's server, if it has it
    plotly_js = traitlets.Unicode().tag(sync=True)  # otherwise plotly.js itself

    def __init__(self, figure: go.Figure, **kwargs: Any) -> None:
        url = os.environ.get(PLOTLY_JS_URL_VARIABLE, "")
        super().__init__(plotly_url=url, plotly_js="" if url else _plotly_js(), **kwargs)
        self.show(figure)

    def show(self, figure: go.Figure) -> None:
        """Draw ``figure`` (replacing what was drawn); an unchanged layout is not sent again."""
        drawn = json.loads(figure.to_json())
        with self.hold_sync():
            self.plot_layout = drawn.get("layout", {})  # sent only when it differs
            self.traces = drawn.get("data", [])

    def on_click(self, callback: Callable[[int, int], None]) -> None:
        """Call ``callback(trace_index, point_index)`` when a point (a bar) is clicked."""

        def heard(change: dict[str, Any]) -> None:
            click = change["new"]
            if click:
                callback(int(click["trace"]), int(click["point"]))

        self.observe(heard, names="click")
