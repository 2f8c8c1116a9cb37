"""Going through a page with the Tab key, as a keyboard user does: which controls are reached, in
what order, and whether each shows where the focus is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Every control of the views a keyboard user should reach, in the page's order. (Found again at
# each step, not marked once: the grid draws its buttons anew when it redraws.)
_CONTROLS = """
  const views = ".jtai-cohort, .jtai-follow, .jtai-workbench";
  const controls = [...document.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex]")]
    .filter((e) => e.closest(views) && e.tabIndex >= 0 && !e.disabled &&
      e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }));
  const describe = (e) => {
    const name = (e.labels && e.labels[0] && e.labels[0].innerText) || e.getAttribute("aria-label")
      || e.innerText || e.value || e.className;
    return `${e.tagName.toLowerCase()} "${String(name).replace(/\\s+/g, " ").trim().slice(0, 40)}"`;
  };
"""
_LIST_CONTROLS = f"() => {{ {_CONTROLS} return controls.map(describe); }}"

# Where the focus is now: which control, whether a focus can be seen around it, whether it is in
# sight, and where it sits. A control inside a box that scrolls of its own (the nominated
# children, a wide table) is placed within that box (`inner`, whatever the box has scrolled), and
# the box is placed on the page (`outer`, whatever the page has scrolled): the box's controls are
# read as one block where the box stands.
_FOCUSED = (
    "() => {"
    + _CONTROLS
    + """
  const e = document.activeElement;
  const key = controls.indexOf(e);
  if (key < 0) return null;
  const style = getComputedStyle(e);
  const drawn = (colour) => colour && !/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent";
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 &&
    drawn(style.outlineColor);
  const ring = style.boxShadow !== "none" && style.boxShadow !== "";
  const page = document.querySelector("#rendered_cells") || document.scrollingElement;
  const scrolls = (a) => a !== page && a.scrollHeight > a.clientHeight + 1 &&
    ["auto", "scroll"].includes(getComputedStyle(a).overflowY);
  let region = null;
  for (let a = e.parentElement; a && a !== page; a = a.parentElement) if (scrolls(a)) region = a;
  const place = (el, within) => {
    const box = el.getBoundingClientRect();
    const origin = within.getBoundingClientRect ? within.getBoundingClientRect() : { top: 0, left: 0 };
    const top = box.top - (within === document.scrollingElement ? 0 : origin.top) + within.scrollTop;
    const left = box.left - (within === document.scrollingElement ? 0 : origin.left) + within.scrollLeft;
    return { top, left, bottom: top + box.height, right: left + box.width };
  };
  const box = e.getBoundingClientRect();
  return {
    key,
    name: describe(e),
    isFocusVisible: outline || ring,
    isInSight: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    region: region ? (region.dataset.jtaiRegion ||= String(Math.random())) : null,
    inner: region ? place(e, region) : null,
    outer: place(region || e, page),
  };
}"""
)


@dataclass
class Traversal:
    """The controls of a page and what pressing Tab from the top did."""

    controls: list[str]
    visited: list[int] = field(default_factory=list)  # control places, in the order reached
    unseen_focus: list[str] = field(default_factory=list)
    out_of_sight: list[str] = field(default_factory=list)
    backwards: list[str] = field(default_factory=list)  # moves against the reading order

    @property
    def unreached(self) -> list[str]:
        return [c for i, c in enumerate(self.controls) if i not in set(self.visited)]

    @property
    def out_of_order(self) -> list[str]:
        """Controls reached before one that comes earlier on the page."""
        return [
            f"{self.controls[b]} after {self.controls[a]}"
            for a, b in zip(self.visited, self.visited[1:], strict=False)
            if b < a
        ]


def _is_backwards(before: dict[str, Any], after: dict[str, Any], slack: float = 3) -> bool:
    """A move the eye would not make reading the page: up and to the left, or left on one line.

    Moving up to the top of the next column (the filters are side by side) is reading order.
    """
    within = before["region"] is not None and before["region"] == after["region"]
    before, after = (
        (before["inner"], after["inner"]) if within else (before["outer"], after["outer"])
    )
    above = after["bottom"] <= before["top"] + slack
    same_line = abs(after["top"] - before["top"]) <= slack
    leftwards = after["left"] < before["left"] - slack
    return (above and after["left"] < before["right"] - slack) or (same_line and leftwards)


def tab_through(page: Any) -> Traversal:
    """Press Tab from the top of the page until every control has had the focus (or until there
    have been twice as many presses as controls)."""
    controls = page.evaluate(_LIST_CONTROLS)
    walk = Traversal(controls)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.locator("body").focus()
    before = None
    for _ in range(2 * len(controls) + 10):
        page.keyboard.press("Tab")
        now = page.evaluate(_FOCUSED)
        if now is None or (walk.visited and walk.visited[-1] == now["key"]):
            continue  # outside the views, or still in the same control (a date's fields)
        name = now["name"]
        if now["key"] not in walk.visited:
            if not now["isFocusVisible"]:
                walk.unseen_focus.append(name)
            if not now["isInSight"]:
                walk.out_of_sight.append(name)
        if before is not None and _is_backwards(before, now):
            walk.backwards.append(f"{name} after {before['name']}")
        walk.visited.append(now["key"])
        before = now
        if len(set(walk.visited)) == len(controls):
            break
    return walk
