"""The browser tests' shared dashboard: one ``jtai dashboard`` for the test process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.pages import artefacts_dir, dashboard, require_browser


@pytest.fixture(scope="session")
def dashboard_urls(
    small_xlsx: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The explorer's and the workbench's addresses, served on the small synthetic area."""
    require_browser()
    exports = tmp_path_factory.mktemp("browser-exports")
    log = tmp_path_factory.mktemp("browser-dashboard") / "jtai-dashboard.log"
    with dashboard(small_xlsx, {**os.environ, "JTAI_EXPORT_DIR": str(exports)}, log) as urls:
        yield urls


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    """Say where the screenshots of the pages are (kept for a person to look at)."""
    folder = artefacts_dir(create=False)
    shots = sorted(folder.glob("*.png")) if folder.exists() else []
    if shots:
        terminalreporter.write_line(f"Screenshots of the pages as tested: {folder} ({len(shots)})")
