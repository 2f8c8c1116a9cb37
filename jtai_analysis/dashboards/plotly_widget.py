"""A plotly chart as a small widget: the figure drawn with plotly.js, clicks sent back to Python.

Why not plotly's own ``FigureWidget``: it is an anywidget whose JavaScript module is the whole
plotly.js bundle (5 MB), and anywidget gives a module 2 s to load before it gives up ("Failed to
initialize model"); on a busy machine the chart then never draws. Here the module is a few lines;
plotly.js travels as an ordinary value and is run once per page as a classic script, outside that
limit, and every chart on the page shares it. Nothing is fetched from the network.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import anywidget
import plotly.graph_objects as go
import traitlets

_ESM = """
function loadPlotly(source) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__jtaiPlotly) {
    window.__jtaiPlotly = new Promise((resolve, reject) => {
      // plotly.js is a UMD bundle: hide an AMD loader, if any, so it sets window.Plotly.
      const amd = window.define;
      window.define = undefined;
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => { window.define = amd; resolve(window.Plotly); };
      script.onerror = (error) => { window.define = amd; reject(error); };
      document.head.appendChild(script);
    });
  }
  return window.__jtaiPlotly;
}

export default {
  async render({ model, el }) {
    el.classList.add("jtai-plot");
    const Plotly = await loadPlotly(model.get("plotly_js"));
    const draw = () => {
      const figure = model.get("figure");
      return Plotly.react(el, figure.data || [], figure.layout || {}, {
        displaylogo: false,
        responsive: true,
      });
    };
    await draw();
    model.on("change:figure", draw);
    el.on("plotly_click", (event) => {
      const point = event.points && event.points[0];
      if (!point) return;
      model.set("click", { trace: point.curveNumber, point: point.pointIndex, at: Date.now() });
      model.save_changes();
    });
    return () => Plotly.purge(el);
  },
};
"""


@cache
def _plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (read once per process)."""
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text("utf-8")


class PlotlyChart(anywidget.AnyWidget):
    """A plotly figure drawn in the browser; :meth:`on_click` hears clicks on its points.

    Change the figure with :meth:`show` (the whole figure is sent; these figures are small).
    """

    _esm = _ESM
    figure = traitlets.Dict().tag(sync=True)
    click = traitlets.Dict().tag(sync=True)
    plotly_js = traitlets.Unicode().tag(sync=True)

    def __init__(self, figure: go.Figure, **kwargs: Any) -> None:
        super().__init__(plotly_js=_plotly_js(), **kwargs)
        self.show(figure)

    def show(self, figure: go.Figure) -> None:
        """Draw ``figure`` (replacing what was drawn)."""
        self.figure = json.loads(figure.to_json())

    def on_click(self, callback: Callable[[int, int], None]) -> None:
        """Call ``callback(trace_index, point_index)`` when a point (a bar) is clicked."""

        def heard(change: dict[str, Any]) -> None:
            click = change["new"]
            if click:
                callback(int(click["trace"]), int(click["point"]))

        self.observe(heard, names="click")
