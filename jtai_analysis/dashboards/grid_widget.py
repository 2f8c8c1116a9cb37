"""The children's grid: itables' ``ITable`` widget, drawn when it is in sight.

anywidget runs a widget's module as soon as the page makes the widget's model, before any control
is drawn. itables' module is DataTables with its extensions (0.6 MB), so a page with a grid drew
nothing until it had run. Here the widget's module is a few lines: the grid is placed at once,
empty, and itables' own module is fetched and run after the page has been painted and is idle:
under ``jtai dashboard`` from the page's server (a file the browser keeps), elsewhere (JupyterLab)
from a value of the widget.

itables builds its DataTable again from nothing at every change of the rows: about 200 ms of the
browser's time on a 2-core machine, most of what a filter change cost
(``benchmarks/bench_dashboard.py``). The grid sits below the filters and charts, out of sight while
filters are being ticked, so it is built only when it is in sight (or about to be), once for the
newest rows, however many changes arrived meanwhile. Everything else is itables' widget unchanged.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import traitlets
from itables.widget import ITable

from jtai_analysis.dashboards.after_paint import AFTER_PAINT_JS
from jtai_analysis.dashboards.app import ITABLES_JS_URL_VARIABLE, SERVED_SCRIPTS, script_file

_ESM = (
    AFTER_PAINT_JS
    + """

function loadItables(model) {
  if (!window.__jtaiItables) {
    const url = model.get("module_url");
    const address = url
      ? new URL(url, window.location.href).href
      : URL.createObjectURL(new Blob([model.get("module_source")], { type: "text/javascript" }));
    window.__jtaiItables = afterPaint().then(() => import(address));
  }
  return window.__jtaiItables;
}

// The grid is built the first time it is within a screen of the view (its module run then). Later, itables (which
// listens to the model itself) is given a stand-in that holds back each rebuild
// ("change:_dt_args") while the grid is out of sight, and then rebuilds once for the newest rows.
function inSightWatch(el) {
  const watch = { inSight: false, entered: [] };
  watch.firstSight = new Promise((resolve) => watch.entered.push(resolve));
  new IntersectionObserver(
    (entries) => {
      watch.inSight = entries.some((entry) => entry.isIntersecting);
      if (watch.inSight) watch.entered.forEach((callback) => callback());
    },
    { rootMargin: "100% 0px" }
  ).observe(el);
  return watch;
}

function rebuildsHeldOutOfSight(model, watch) {
  const rebuilds = [];
  let behind = false;
  let scheduled = false;
  const rebuild = () => {
    behind = scheduled = false;
    rebuilds.forEach((callback) => callback());
  };
  model.on("change:_dt_args", () => {
    behind = true;
    if (watch.inSight && !scheduled) {
      scheduled = true;
      requestAnimationFrame(rebuild);
    }
  });
  watch.entered.push(() => behind && rebuild());
  return {
    get: (name) => model.get(name),
    set: (name, value) => model.set(name, value),
    save_changes: () => model.save_changes(),
    send: (...message) => model.send(...message),
    on: (event, callback) =>
      event === "change:_dt_args" ? rebuilds.push(callback) : model.on(event, callback),
    off: (event, callback) => model.off(event, callback),
  };
}

// The table is wider than a small or zoomed page: it scrolls sideways in its own box, a region
// the keyboard can reach and scroll (DataTables rebuilds the box at each change, so it is marked
// each time it appears).
function scrollsSideways(el) {
  const mark = () => {
    for (const box of el.querySelectorAll(".dt-layout-table > .dt-layout-cell:not(.jtai-scrolls)")) {
      box.classList.add("jtai-scrolls");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "The children, one row each");
    }
  };
  new MutationObserver(mark).observe(el, { childList: true, subtree: true });
}

export default {
  render({ model, el }) {
    scrollsSideways(el);
    const watch = inSightWatch(el);
    const held = rebuildsHeldOutOfSight(model, watch);
    // Even itables' module is fetched and run only then: run at once, it fell on the first
    // filter a reader ticked (0.2-0.3 s of the browser's time).
    watch.firstSight
      .then(() => loadItables(model))
      .then((itables) => itables.default.render({ model: held, el }));
  },
};
"""
)


@cache
def _itables_module() -> str:
    """itables' widget module, as shipped in its package (read once per process)."""
    return script_file(*SERVED_SCRIPTS[ITABLES_JS_URL_VARIABLE]).read_text("utf-8")


class Grid(ITable):
    """itables' ``ITable`` (same arguments), its module run at the first draw.

    ``update`` keeps the options the grid was made with (itables' own ``update`` forgets
    ``columnDefs`` and ``show_dtypes`` unless they are given again).
    """

    _esm = _ESM  # type: ignore[assignment]  # anywidget takes a module as text or a file
    module_url = traitlets.Unicode().tag(sync=True)  # itables' module on the page's server, if any
    module_source = traitlets.Unicode().tag(sync=True)  # otherwise the module itself

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._options = {k: v for k, v in kwargs.items() if k not in ("df", "caption")}
        super().__init__(*args, **kwargs)
        url = os.environ.get(ITABLES_JS_URL_VARIABLE, "")
        with self.hold_sync():
            self.module_url = url
            self.module_source = "" if url else _itables_module()

    def update(self, df: Any = None, caption: str | None = None, **kwargs: Any) -> None:
        """New rows (or options) for the grid, with the options it was made with."""
        super().update(df, caption, **{**self._options, **kwargs})
