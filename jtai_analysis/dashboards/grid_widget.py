"""The children's grid: itables' ``ITable`` widget, with its JavaScript run when the grid is drawn.

anywidget runs a widget's module as soon as the page makes the widget's model, before any control
is drawn. itables' module is DataTables with its extensions (0.6 MB), so a page with a grid drew
nothing until it had run. Here the widget's module is a few lines: the grid is placed at once,
empty, and itables' own module is fetched and run after the page has been painted and is idle,
and then draws the grid: under
``jtai dashboard`` from the page's server (a file the browser keeps), elsewhere (JupyterLab) from a
value of the widget. Everything else is itables' widget unchanged.
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

export default {
  render(context) {
    loadItables(context.model).then((itables) => itables.default.render(context));
  },
};
"""
)


@cache
def _itables_module() -> str:
    """itables' widget module, as shipped in its package (read once per process)."""
    return script_file(*SERVED_SCRIPTS[ITABLES_JS_URL_VARIABLE]).read_text("utf-8")


class Grid(ITable):
    """itables' ``ITable`` (same arguments, same ``update``), its module run at the first draw."""

    _esm = _ESM  # type: ignore[assignment]  # anywidget takes a module as text or a file
    module_url = traitlets.Unicode().tag(sync=True)  # itables' module on the page's server, if any
    module_source = traitlets.Unicode().tag(sync=True)  # otherwise the module itself

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = os.environ.get(ITABLES_JS_URL_VARIABLE, "")
        with self.hold_sync():
            self.module_url = url
            self.module_source = "" if url else _itables_module()
