"""Looking at pages as a person does, for the browser tests: the screens inspectors use, headless
Chromium, what is wrong on a page as laid out (``look_at_page.js``, axe-core), screenshots kept as
test artefacts, and the dashboard served as ``jtai dashboard`` serves it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REFERENCE_DATE

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
LOOK_AT_PAGE = Path(__file__).with_name("look_at_page.js")
# axe-core's rules for WCAG 2.1 levels A and AA (its tags), nothing beyond
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STARTUP_S = 240  # the app itself, on a loaded 2-core CI machine
DRAWN_MS = 240_000  # Voilà runs the whole notebook before it sends the page


@dataclass(frozen=True)
class Screen:
    """A screen as a person uses it: its size in pixels, and the browser's zoom.

    Zoom lays the page out as on a screen that many times smaller (a 1366 px wide window at 200%
    lays out 683 CSS pixels), which is how the browser's zoom works; WCAG 1.4.10 (reflow) asks that
    nothing is lost at 200%.
    """

    width: int
    height: int
    zoom: int = 1

    @property
    def name(self) -> str:
        return f"{self.width}x{self.height}" + (f"-zoom{self.zoom * 100}" if self.zoom > 1 else "")

    @property
    def viewport(self) -> dict[str, int]:
        return {"width": self.width // self.zoom, "height": self.height // self.zoom}


# A common laptop, a larger laptop, a desktop monitor; each at 100% and 200%.
SCREENS = tuple(
    Screen(width, height, zoom)
    for width, height in ((1366, 768), (1600, 1000), (1920, 1080))
    for zoom in (1, 2)
)
# axe-core's judgement barely depends on the screen (contrast, names, roles), and it takes
# seconds on a long page: it runs at the smallest screen, at 100% and at 200%. The whole page is
# photographed there too; at the other screens, what the screen shows first.
AXE_SCREENS = (SCREENS[0], SCREENS[1])


def require_browser() -> None:
    """Skip (locally) or fail (on CI) when Chromium or axe-core is missing."""
    for missing, what in ((CHROMIUM is None, "chromium"), (not AXE.exists(), "axe-core")):
        if missing:
            if os.environ.get("CI"):
                pytest.fail(f"{what} is not installed: .ci/run and `make env` install it")
            pytest.skip(f"{what} not installed (CI installs it)")


def launch(playwright: Any) -> Any:
    """Headless Chromium, as the other browser tests start it."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    )


def open_page(browser: Any, url: str, screen: Screen) -> Any:
    """A page in a UK English browser (dates typed and shown dd/mm/yyyy), every request off this
    machine blocked and recorded (``page.leaving``), console errors kept (``page.errors``)."""
    context = browser.new_context(viewport=screen.viewport, locale="en-GB")
    page = context.new_page()
    page.leaving, page.errors = [], []

    def block(route: Any) -> None:
        local = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "file:")
        if route.request.url.startswith(local):
            route.continue_()
        else:
            page.leaving.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url, wait_until="commit", timeout=DRAWN_MS)
    return page


def offline_page(browser: Any) -> tuple[Any, list[str], list[str]]:
    """A new page that may load only this machine's files (``file:``, ``data:``, ``blob:``): the
    page, the addresses it tried to reach off this machine (refused), and its script errors."""
    page = browser.new_page()
    leaving: list[str] = []
    errors: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            leaving.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, leaving, errors


def settle(page: Any) -> None:
    """Wait until the page stops moving after a resize: plotly redraws its charts to the new width,
    then moves their legends and titles once their margins are known."""
    page.evaluate(
        """async () => {
          const shape = () => [...document.querySelectorAll(
              '.js-plotly-plot .main-svg, .js-plotly-plot text, table, .jupyter-widgets, section')]
            .map((e) => { const b = e.getBoundingClientRect();
                          return `${Math.round(b.left)},${Math.round(b.top)},${Math.round(b.width)}`; })
            .join();
          let last = shape(), same = 0;
          for (let i = 0; i < 40 && same < 3; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            const now = shape();
            same = now === last ? same + 1 : 0;
            last = now;
          }
        }"""
    )


def problems_in_sight(page: Any) -> list[str]:
    """Text cut off, texts or controls drawn over each other, rows that overlap (sentences).

    Every box meant to scroll (``.jtai-scrolls``) is scrolled through, so rows below its fold are
    looked at too.
    """
    script = LOOK_AT_PAGE.read_text(encoding="utf-8")
    found = dict.fromkeys(page.evaluate(script))
    boxes = page.locator(".jtai-scrolls")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        height, seen = box.evaluate("b => [b.scrollHeight, b.clientHeight]")
        for top in range(seen, height, max(seen, 1)):
            box.evaluate("(b, top) => { b.scrollTop = top; }", top)
            found.update(dict.fromkeys(page.evaluate(script)))
        box.evaluate("b => { b.scrollTop = 0; }")
    return list(found)


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page, one sentence each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {
             runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })).violations
           .map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${
             v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`)""",
        WCAG_21_AA,
    )
    return [f"axe-core {violation}" for violation in violations]


def artefacts_dir(*, create: bool = True) -> Path:
    """Where screenshots are kept: ``JTAI_TEST_ARTIFACTS``, else ``test-artifacts/`` (git ignores it)."""
    folder = Path(os.environ.get("JTAI_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "browser"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_screenshot(page: Any, name: str, screen: Screen, *, whole: bool = True) -> Path:
    """The page as laid out on ``screen``, saved as ``<name>-<screen>.png``: the whole page top to
    bottom, or (``whole=False``, quicker) the screen as first seen.

    Voilà's page scrolls inside ``#rendered_cells``, not the document: the window is made as tall
    as the page for the picture (the width, and so the layout, stay the screen's), then put back.
    """
    path = artefacts_dir() / f"{name}-{screen.name}.png"
    if not whole:
        page.screenshot(path=str(path), animations="disabled")
        return path
    height = page.evaluate(
        "() => { const p = document.querySelector('#rendered_cells');"
        " return p ? p.scrollHeight : 0; }"
    )
    if height > screen.viewport["height"]:
        page.set_viewport_size({"width": screen.viewport["width"], "height": height})
        settle(page)
        page.screenshot(path=str(path), animations="disabled")
        page.set_viewport_size(screen.viewport)
        settle(page)
    else:
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


def report(problems: dict[str, list[str]], shown: int = 12) -> str:
    """What is wrong at each screen, the first ``shown`` problems of each in full."""
    lines = []
    for screen, found in problems.items():
        lines.append(f"{screen}: {len(found)} problem(s)")
        lines += [f"    {problem}" for problem in found[:shown]]
    return "\n".join(lines)


@contextmanager
def own_session(
    command: list[str], environment: dict[str, str], log: Path
) -> Iterator[subprocess.Popen]:  # type: ignore[type-arg]
    """A server run in a session of its own, logging to ``log``: it and its kernels stop together."""
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def dashboard(data: Path, environment: dict[str, str], log: Path) -> Iterator[dict[str, str]]:
    """``jtai dashboard`` on ``data``: the address of each page, by the name the command prints."""
    command = [sys.executable, "-m", "jtai_analysis.cli", "dashboard", "--data", str(data)]
    command += ["--notification-date", REFERENCE_DATE.isoformat(), "--la", "Test Area"]
    command += ["--no-browser"]
    with own_session(command, environment, log) as process:
        deadline = time.monotonic() + STARTUP_S
        urls: dict[str, str] = {}
        while time.monotonic() < deadline and len(urls) < 2:
            assert process.poll() is None, log.read_text(encoding="utf-8")
            found = re.findall(r"(Explorer|Sampling workbench):\s+(\S+)", log.read_text("utf-8"))
            urls = dict(found)
            time.sleep(0.5)
        assert len(urls) == 2, log.read_text(encoding="utf-8")
        yield urls
