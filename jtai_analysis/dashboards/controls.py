"""Pieces both dashboard pages use: a titled group of tick boxes, the redraw that follows the
controls, a table that scrolls sideways in its own box, and a link that hands a written file to
the browser."""

from __future__ import annotations

import base64
import html
import mimetypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import ipywidgets as w
import polars as pl

from jtai_analysis.presentation.tables import html_table


class Choices(w.VBox):
    """A titled group of tick boxes: several can be ticked with no keyboard modifier."""

    def __init__(self, title: str, options: list[tuple[str, str]], on_change: Callable) -> None:
        self.boxes = {
            key: w.Checkbox(
                description=label, value=False, indent=False, layout=w.Layout(width="auto")
            )
            for label, key in options
        }
        for box in self.boxes.values():
            box.observe(on_change, names="value")
        super().__init__(
            [w.HTML(f"<strong>{html.escape(title)}</strong>"), *self.boxes.values()],
            layout=w.Layout(margin="0 16px 8px 0", min_width="150px"),
        )
        self.add_class("jtai-choices")

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.boxes.items() if box.value)

    def choose(self, keys: tuple[str, ...]) -> None:
        for key, box in self.boxes.items():
            box.value = key in keys


class Redraw:
    """Redraws a view after each change of a control, or once after a batch of changes.

    ``view.draw`` is set once the view's drawing function exists; controls observe ``changed``.
    """

    def __init__(self) -> None:
        self.draw: Callable[[], None] = lambda: None
        self._quiet = False

    def changed(self, _: object = None) -> None:
        if not self._quiet:
            self.draw()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes made inside are drawn once, at the end."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
        self.draw()


def download_link(path: Path) -> str:
    """A link that hands the written file to the browser (the app may run on another machine)."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<a download="{html.escape(path.name)}" href="data:{kind};base64,{data}">Download {html.escape(path.name)}</a>'


def wide_table(frame: pl.DataFrame, caption: str) -> str:
    """:func:`html_table` in a box of its own that scrolls sideways when the table is wider than
    the page (a small screen, or zoomed in), and that the keyboard can scroll (WCAG 2.1.1)."""
    return (
        f'<div class="jtai-scrolls" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
        f"{html_table(frame, caption)}</div>"
    )
