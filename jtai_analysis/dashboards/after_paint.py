"""The one browser-side wait the dashboard's heavy scripts share (plotly.js, the grid's itables).

Both widgets place themselves at once and run their script only after the page has been painted
and the browser is idle, so the controls and words come first.
"""

AFTER_PAINT_JS = """
// After the page has been painted, half a second to use the controls, then once it is idle.
const afterPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() =>
      setTimeout(() =>
        window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : resolve(),
        500
      )
    )
  );
"""
