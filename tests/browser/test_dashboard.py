"""`jtai dashboard` in a real browser: Voilà serves the explorer and the sampling workbench on
127.0.0.1 with a token, headless Chromium opens them with every request off this machine blocked,
every widget draws with no console error, a filter changes the count, a child is followed, a child
is locked and the sample saved."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jtai_analysis.dashboards.explorer import GRID_ROWS
from tests.browser.pages import (
    CHROMIUM,
    DRAWN_MS,
    STARTUP_S,
    Screen,
    dashboard,
    launch,
    open_page,
    own_session,
)
from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("dashboard")]


SCREEN = Screen(1400, 1000)


class App:
    def __init__(self, urls: dict[str, str], exports: Path) -> None:
        self.urls, self.exports = urls, exports


@pytest.fixture(scope="module")
def app(wednesday_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The dashboard on the area as it stands when the 20 are chosen (no information on them yet,
    so a lock changes the 20)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs the Debian package")
        pytest.skip("chromium not installed (CI installs it)")
    exports = tmp_path_factory.mktemp("exports")
    log = tmp_path_factory.mktemp("dashboard-log") / "jtai-dashboard.log"
    environment = {**os.environ, "JTAI_EXPORT_DIR": str(exports)}
    # `jtai validate` fills the prepared-data cache; the dashboard then starts from it.
    validate = [sys.executable, "-m", "jtai_analysis.cli", "validate", str(wednesday_xlsx)]
    validate += ["--reference-date", REFERENCE_DATE.isoformat()]
    subprocess.run(validate, env=environment, capture_output=True, timeout=600, check=False)
    with dashboard(wednesday_xlsx, environment, log) as urls:
        assert "Prepared data found in the cache." in log.read_text(encoding="utf-8")
        yield App(urls, exports)
    output = log.read_text(encoding="utf-8")
    assert "websocket_ping_timeout" not in output  # configured away
    assert "without encryption" not in output.lower()  # kernels on local sockets, not TCP


def test_the_app_is_local_and_asks_for_its_token(app: App) -> None:
    import urllib.error
    import urllib.request

    class Refuse(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None  # a redirect (to the login page) comes back as an error to inspect

    explorer = app.urls["Explorer"]
    assert explorer.startswith("http://127.0.0.1:") and "?token=" in explorer
    with pytest.raises(urllib.error.HTTPError) as refused:  # no token, no page
        urllib.request.build_opener(Refuse).open(explorer.split("?")[0], timeout=60)
    assert refused.value.code in (401, 403) or (
        refused.value.code == 302 and "login" in refused.value.headers["Location"]
    )


def _grid_entries(children: str) -> str:
    """The end of the grid's "Showing 1 to 25 of N entries" for a count of children."""
    return f"of {min(int(children.replace(',', '')), GRID_ROWS):,} entries"


def test_explorer_filters_clears_and_follows_a_child(app: App, small_xlsx: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = open_page(browser, app.urls["Explorer"], SCREEN)
        count = page.locator(".jtai-count-text")
        count.wait_for(timeout=DRAWN_MS)
        page.locator(".jtai-follow").wait_for(timeout=DRAWN_MS)
        total = re.search(r"([\d,]+) of ([\d,]+) children", count.inner_text())
        assert total and total.group(1) == total.group(2)
        # Every widget drawn: four charts, the grid, filters, the follower.
        page.wait_for_function(
            "document.querySelectorAll('.jtai-cohort .js-plotly-plot .bars').length >= 4",
            timeout=60_000,
        )
        grid = page.locator(".jtai-grid")
        grid_info = page.locator(".jtai-grid .dt-info")
        grid.scroll_into_view_if_needed()  # the grid is built when it comes into sight
        expect(page.locator(".jtai-cohort table.dataTable")).to_have_count(1)
        expect(grid_info).to_contain_text(_grid_entries(total.group(2)))
        expect(page.locator(".jtai-choices")).to_have_count(10)
        assert "Neither" in page.locator(".jtai-choices").nth(2).inner_text()
        assert (
            page.locator(".jupyter-widgets-error, .jp-RenderedText[data-mime-type*=stderr]").count()
            == 0
        )
        assert "Error displaying widget" not in page.content()

        page.get_by_label("Under 2", exact=True).check()  # a filter changes the count
        expect(count).not_to_have_text(re.compile(rf"^{total.group(1)} of"), timeout=30_000)
        filtered = count.inner_text().split(" of ")[0]
        assert int(filtered.replace(",", "")) < int(total.group(2).replace(",", ""))
        # Changed while out of sight, the grid shows the filtered children once scrolled to.
        grid.scroll_into_view_if_needed()
        expect(grid_info).to_contain_text(_grid_entries(filtered), timeout=30_000)
        page.locator(".jtai-clear button, button.jtai-clear").first.click()
        expect(count).to_have_text(re.compile(rf"^{total.group(1)} of"), timeout=30_000)
        grid.scroll_into_view_if_needed()
        expect(grid_info).to_contain_text(_grid_entries(total.group(2)), timeout=30_000)

        child = page.locator(".jtai-cohort table.dataTable tbody tr td").first.inner_text().strip()
        box = page.locator(".jtai-child-id input")
        box.fill(child)
        box.press("Enter")
        profile = page.locator(".jtai-profile")
        expect(profile).to_contain_text(f"Child {child}:", timeout=30_000)
        page.wait_for_function(
            "document.querySelectorAll('.jtai-follow .js-plotly-plot .main-svg').length >= 1",
            timeout=30_000,
        )
        assert "Sheet" in page.locator(".jtai-follow table").first.inner_text()
        box.fill("NOT-A-CHILD")
        box.press("Enter")
        expect(profile).to_contain_text("is not in any list received", timeout=30_000)
        leaving, errors = page.leaving, page.errors
        browser.close()
    assert leaving == []
    assert errors == [], errors


def test_workbench_locks_a_child_and_saves_the_sample(app: App) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = open_page(browser, app.urls["Sampling workbench"], SCREEN)
        status = page.locator(".jtai-sample-status")
        status.wait_for(timeout=DRAWN_MS)
        page.wait_for_function(
            "document.querySelectorAll('.jtai-workbench .js-plotly-plot .main-svg').length >= 1",
            timeout=60_000,
        )
        choice = page.locator("[class*='jtai-choice-']").first
        child = next(
            c.removeprefix("jtai-choice-")
            for c in (choice.get_attribute("class") or "").split()
            if c.startswith("jtai-choice-")
        )
        choice.get_by_role("radio", name="Lock").check()
        expect(status).to_contain_text("1 locked", timeout=30_000)
        expect(page.locator(".jtai-command")).to_contain_text(f"--lock {child}")
        page.locator(f".jtai-not-six-{child} input").check()  # keep the locked child out of the 6
        expect(status).to_contain_text("1 kept out of the 6", timeout=30_000)
        expect(page.locator(".jtai-command")).to_contain_text(f"--exclude-6 {child}")
        page.locator(".jtai-save-sample button, button.jtai-save-sample").first.click()
        expect(page.locator(".jtai-save-result")).to_contain_text("Saved", timeout=30_000)
        leaving, errors = page.leaving, page.errors
        browser.close()
    saved = (app.exports / "sample" / "selected_20.csv").read_text(encoding="utf-8")
    six = (app.exports / "sample" / "selected_6.csv").read_text(encoding="utf-8")
    assert child not in six
    assert child in saved and len(saved.splitlines()) == 21
    assert leaving == []
    assert errors == [], errors


def test_a_notebook_reopened_without_its_kernel_says_in_words_to_run_it_again(
    small_xlsx: Path, tmp_path: Path
) -> None:
    """The explorer run and saved in JupyterLab, then opened again: a sentence, not dead widgets.

    Run again from JupyterLab's menu, its controls and grid come back.
    """
    import nbformat
    import papermill
    from nbformat.sign import NotebookNotary
    from playwright.sync_api import expect, sync_playwright

    from jtai_analysis.common.paths import notebooks_dir, project_root
    from jtai_analysis.pack.kernels import papermill_kernel_options

    if CHROMIUM is None:
        pytest.skip("chromium not installed (CI installs it)")
    # A JupyterLab of its own: its settings, signatures and workspaces under tmp_path.
    jupyter = {f"JUPYTER_{name}_DIR": str(tmp_path / name.lower()) for name in ("CONFIG", "DATA")}
    # Kernels listen on Unix sockets named in this folder: a short path (the limit is 107 bytes).
    jupyter["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="jtai-lab-")
    environment = {**os.environ, **jupyter, "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings")}
    environment["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "workspaces")
    folder = tmp_path / "work"
    folder.mkdir()
    saved = folder / "explorer.ipynb"
    papermill.execute_notebook(
        str(notebooks_dir() / "explorer.ipynb"),
        str(saved),
        parameters={"data_paths": [str(small_xlsx)], "area_name": "Test Area"},
        **papermill_kernel_options(),
        cwd=str(notebooks_dir()),
        progress_bar=False,
        execution_timeout=300,
    )
    # Saved as JupyterLab saves it by default: outputs kept, widget state not, signed as trusted
    # by the one who ran it.
    notebook = nbformat.read(saved, as_version=4)
    notebook.metadata.pop("widgets", None)
    os.environ.update(jupyter)  # the signature where this JupyterLab looks for it
    try:
        NotebookNotary().sign(notebook)
    finally:
        for name in jupyter:
            os.environ.pop(name)
    nbformat.write(notebook, saved)

    port, token = _free_port(), "reopen-test"
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}"]
    command += ["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    command += [f"--ServerApp.root_dir={folder}", "--allow-root"]  # CI runs as root
    command += [
        f"--config={project_root() / 'jtai_analysis' / 'dashboards' / 'jupyter_config.json'}"
    ]
    log = tmp_path / "lab.log"
    with own_session(command, environment, log) as lab:
        deadline = time.monotonic() + STARTUP_S
        while "is running at" not in log.read_text(encoding="utf-8"):
            assert lab.poll() is None and time.monotonic() < deadline, log.read_text("utf-8")
            time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = open_page(
                browser, f"http://127.0.0.1:{port}/lab/tree/explorer.ipynb?token={token}", SCREEN
            )
            notes = page.locator(".jp-OutputArea-output .jtai-rerun-note")
            expect(notes.first).to_be_visible(timeout=DRAWN_MS)
            expect(notes.first).to_contain_text("Run > Run All Cells")
            # where the cohort, the front door over time and the follower were
            expect(notes).to_have_count(3, timeout=60_000)
            # JupyterLab starts a kernel, which has none of the saved widgets: each is drawn as
            # "Error displaying widget: model not found", which the note's style hides.
            dead = page.get_by_text("model not found")
            expect(dead).to_have_count(3, timeout=DRAWN_MS)
            for widget in dead.all():
                expect(widget).to_be_hidden()
            expect(notes.first).to_be_visible()

            # Run again, as the note says: the controls come back and the note goes.
            page.get_by_text("Run", exact=True).first.click()
            page.get_by_text("Run All Cells", exact=True).click()
            count = page.locator(".jtai-count-text")
            expect(count).to_contain_text("children match", timeout=DRAWN_MS)
            expect(notes.first).to_be_hidden()
            grid = page.locator(".jtai-grid")
            grid.scroll_into_view_if_needed()  # built when in sight, in JupyterLab as in Voilà
            expect(page.locator(".jtai-grid table.dataTable")).to_have_count(1, timeout=60_000)
            browser.close()
    shutil.rmtree(jupyter["JUPYTER_RUNTIME_DIR"], ignore_errors=True)


def _free_port() -> int:
    from jtai_analysis.dashboards.app import free_port

    return free_port()
