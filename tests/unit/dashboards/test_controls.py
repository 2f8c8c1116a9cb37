"""The controls' shared redraw (``dashboards.controls``): one draw per batch of changes."""

from __future__ import annotations


def test_a_batch_of_control_changes_is_drawn_once() -> None:
    from jtai_analysis.dashboards.controls import Redraw

    drawn: list[int] = []
    redraw = Redraw()
    redraw.draw = lambda: drawn.append(1)
    redraw.changed()
    assert len(drawn) == 1
    with redraw.batch():
        redraw.changed()
        redraw.changed()
    assert len(drawn) == 2  # once for the whole batch
    redraw.changed({"new": True})
    assert len(drawn) == 3
