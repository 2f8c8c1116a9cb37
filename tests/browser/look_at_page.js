// What a person would see wrong on the page as it is laid out now: text cut off, text or controls
// drawn over one another, rows that cross. Run by tests/browser/screens.py (page.evaluate); it
// returns one sentence a problem.
//
// - CUT OFF: a text or control (HTML or the charts' SVG) of which a box shows some but not all:
//   a box that hides its overflow (overflow hidden or clip, an <svg>, text-overflow: ellipsis), or
//   one that scrolls by accident (ipywidgets boxes scroll what does not fit: a row squeezed flat
//   becomes a scroll box 14 px high). Boxes meant to scroll cut nothing off, the reader scrolls to
//   the rest: the page itself (Voilà's #rendered_cells), a box marked `jtai-scrolls`, and one the
//   keyboard can scroll (tabindex); but not when too small to show one of their lines whole.
// - DRAWN OVER: two texts or controls, not one inside the other, whose parts in sight cross.
// - ROWS OVERLAP: two neighbouring rows of a column of boxes (a widget VBox) whose contents cross.
() => {
  const SLIVER = 2; // px: rounding, borders and the tops of letters are not overlaps
  const problems = [];
  const words = (text) => text.replace(/\s+/g, " ").trim().slice(0, 60);
  const describe = (el) => {
    const cls = typeof el.className === "string" ? el.className : el.getAttribute("class") || "";
    const classes = cls.trim() ? "." + cls.trim().split(/\s+/).slice(0, 3).join(".") : "";
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}`;
  };
  const hides = (value) => value === "hidden" || value === "clip";
  const isMeantToScroll = (box) =>
    box === document.scrollingElement ||
    box === document.body ||
    box.id === "rendered_cells" ||
    box.classList.contains("jtai-scrolls") ||
    box.hasAttribute("tabindex");
  const intersect = (a, b) => ({
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  });
  const isEmpty = (r) => r.right - r.left <= 0.5 || r.bottom - r.top <= 0.5;
  const crosses = (a, b) => {
    const both = intersect(a, b);
    return both.right - both.left > SLIVER && both.bottom - both.top > SLIVER;
  };
  // The four corners of a text as drawn: a chart's labels are often turned (plotly slants crowded
  // ticks), and the upright boxes of two slanted labels cross where their letters do not.
  const corners = (box) => [
    [box.left, box.top],
    [box.right, box.top],
    [box.right, box.bottom],
    [box.left, box.bottom],
  ];
  const svgCorners = (el) => {
    const box = el.getBBox();
    const matrix = el.getScreenCTM();
    if (!matrix) return null;
    return corners({ left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height })
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix))
      .map((point) => [point.x, point.y]);
  };
  // Two convex shapes cross when no side of either separates them (separating axis theorem).
  const shapesCross = (a, b) => {
    for (const shape of [a, b]) {
      for (let i = 0; i < shape.length; i++) {
        const [x1, y1] = shape[i];
        const [x2, y2] = shape[(i + 1) % shape.length];
        const axis = [y1 - y2, x2 - x1];
        const length = Math.hypot(...axis) || 1;
        const project = (points) => points.map(([x, y]) => (x * axis[0] + y * axis[1]) / length);
        const [pa, pb] = [project(a), project(b)];
        if (Math.max(...pa) - SLIVER <= Math.min(...pb) || Math.max(...pb) - SLIVER <= Math.min(...pa))
          return false;
      }
    }
    return true;
  };
  const innerBox = (el) => {
    if (el.tagName.toLowerCase() === "svg") return el.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const left = box.left + el.clientLeft;
    const top = box.top + el.clientTop;
    return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
  };
  // Text for screen readers only, clipped to a pixel on purpose, is not looked at.
  const isVisuallyHidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const box = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      if (box.width <= 1 && box.height <= 1 && (hides(style.overflowX) || style.clip !== "auto"))
        return true;
    }
    return false;
  };

  // Where a box shows on the page: clipped by every box around it that hides or scrolls its
  // overflow. `cutBy` names the box that hides part (not all) of it, or a box that scrolls but is
  // too small to show one of its lines whole however it is scrolled (a row squeezed flat).
  const inSight = (el, whole, lines) => {
    let visible = { ...whole };
    for (let box = el; box && box !== document.documentElement; box = box.parentElement) {
      if (box instanceof SVGElement && box.tagName.toLowerCase() !== "svg") continue;
      const style = getComputedStyle(box);
      const [x, y] = [style.overflowX, style.overflowY];
      if (x === "visible" && y === "visible") continue;
      const scrolls = !isMeantToScroll(box);
      const cuts = (value) => hides(value) || (scrolls && value !== "visible");
      const inner = innerBox(box);
      const clip = {
        left: x === "visible" ? -Infinity : inner.left,
        right: x === "visible" ? Infinity : inner.right,
        top: y === "visible" ? -Infinity : inner.top,
        bottom: y === "visible" ? Infinity : inner.bottom,
      };
      const shown = intersect(visible, clip);
      if (isEmpty(shown)) return { visible: shown }; // out of sight (scrolled away, folded)
      const lost =
        (cuts(x) && (visible.left < clip.left - SLIVER || visible.right > clip.right + SLIVER)) ||
        (cuts(y) && (visible.top < clip.top - SLIVER || visible.bottom > clip.bottom + SLIVER));
      if (lost) return { visible: shown, cutBy: box };
      const tooSmall = lines.some(
        (line) =>
          (y !== "visible" && line.height > inner.bottom - inner.top + SLIVER) ||
          (x !== "visible" && line.width > inner.right - inner.left + SLIVER)
      );
      if (tooSmall) return { visible: shown, cutBy: box };
      visible = shown;
    }
    return { visible };
  };

  const things = []; // texts and controls in sight: { label, el, box }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const svgLabels = new Set(); // a chart's label is one <text>, of one line or several <tspan>
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const el = parent && parent instanceof SVGElement ? parent.closest("text") || parent : parent;
    if (!el || !node.data.trim()) continue;
    if (el instanceof SVGElement) {
      if (svgLabels.has(el)) continue;
      svgLabels.add(el);
    }
    if (["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION", "TITLE"].includes(el.tagName)) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    if (isVisuallyHidden(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const inSvg = el instanceof SVGGraphicsElement;
    const text = inSvg ? el.textContent : node.data;
    // (a range around SVG text gives its box before it is turned; the element's box is after)
    const rects = (inSvg ? [el.getBoundingClientRect()] : [...range.getClientRects()]).filter(
      (r) => r.width > 0.5 && r.height > 0.5
    );
    if (!rects.length) continue;
    const whole = {
      left: Math.min(...rects.map((r) => r.left)),
      top: Math.min(...rects.map((r) => r.top)),
      right: Math.max(...rects.map((r) => r.right)),
      bottom: Math.max(...rects.map((r) => r.bottom)),
    };
    const style = getComputedStyle(el);
    if (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`cut off: "${words(text)}" (${describe(el)} ends in an ellipsis)`);
      continue;
    }
    const { visible, cutBy } = inSight(el, whole, rects);
    if (cutBy) {
      problems.push(`cut off: "${words(text)}" (${describe(el)} inside ${describe(cutBy)})`);
    } else if (!isEmpty(visible)) {
      const shape = inSvg ? svgCorners(el) : null;
      // a text that wraps onto several lines is its lines' boxes, not the box around them all:
      // that box would take in the words beside its first and last lines
      const lineBoxes = rects.length > 1 ? rects.map((r) => intersect(r, visible)) : null;
      things.push({ label: `"${words(text)}"`, el, box: visible, shape, lineBoxes });
    }
  }
  for (const el of document.querySelectorAll("input, select, textarea, button")) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    if (isVisuallyHidden(el)) continue;
    const whole = el.getBoundingClientRect();
    if (whole.width < 1 || whole.height < 1) continue;
    const { visible, cutBy } = inSight(el.parentElement, whole, [whole]); // (a control clips its own text)
    const name =
      el.tagName === "BUTTON"
        ? el.innerText
        : (el.labels && el.labels[0] && el.labels[0].innerText) ||
          el.getAttribute("aria-label") ||
          el.value;
    const label = `${el.tagName.toLowerCase()} "${words(name || "")}"`;
    if (cutBy) problems.push(`cut off: ${label} (inside ${describe(cutBy)})`);
    else if (!isEmpty(visible)) things.push({ label, el, box: visible });
  }

  things.sort((a, b) => a.box.top - b.box.top);
  const seen = new Set();
  for (let i = 0; i < things.length; i++) {
    const a = things[i];
    for (let j = i + 1; j < things.length && things[j].box.top < a.box.bottom - SLIVER; j++) {
      const b = things[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (!crosses(a.box, b.box)) continue;
      const aLines = a.lineBoxes || [a.box];
      const bLines = b.lineBoxes || [b.box];
      if (!aLines.some((r) => bLines.some((q) => crosses(r, q)))) continue;
      if ((a.shape || b.shape) && !shapesCross(a.shape || corners(a.box), b.shape || corners(b.box)))
        continue;
      const key = `${a.label}|${b.label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(`drawn over each other: ${a.label} and ${b.label} (${describe(a.el)}, ${describe(b.el)})`);
    }
  }

  // A row's extent is its own box and every box in sight within it.
  const extent = (row) => {
    let box = row.getBoundingClientRect();
    box = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    for (const thing of things) {
      if (!row.contains(thing.el)) continue;
      box = {
        left: Math.min(box.left, thing.box.left),
        top: Math.min(box.top, thing.box.top),
        right: Math.max(box.right, thing.box.right),
        bottom: Math.max(box.bottom, thing.box.bottom),
      };
    }
    return box;
  };
  for (const column of document.querySelectorAll(".jupyter-widget-vbox, .widget-vbox")) {
    if (!column.checkVisibility()) continue;
    const rows = [...column.children].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.height > 0 && box.width > 0 && getComputedStyle(row).position === "static";
    });
    let above = null;
    for (const row of rows) {
      const box = extent(row);
      if (above && above.box.bottom - box.top > SLIVER && crosses(above.box, box)) {
        problems.push(
          `rows overlap by ${Math.round(above.box.bottom - box.top)} px: "${words(above.row.innerText || "")}" and "${words(row.innerText || "")}" (${describe(column)})`
        );
      }
      above = { row, box };
    }
  }
  return problems;
};
