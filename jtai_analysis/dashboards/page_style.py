"""The dashboards' own style (``page.css``): a visible focus, words that wrap, rows of natural
height. Each view carries it as an invisible widget, so it applies in Voilà and in JupyterLab."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ipywidgets as w

_STYLE_FILE = Path(__file__).with_name("page.css")


@cache
def _style_text() -> str:
    return _STYLE_FILE.read_text(encoding="utf-8")


def page_style() -> w.HTML:
    """An invisible widget carrying the dashboards' style."""
    return w.HTML(f"<style>{_style_text()}</style>")
