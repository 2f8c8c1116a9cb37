"""The dashboards' kernel lowers its own priority and its session's below the browser's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no nice values on this system")
def test_a_dashboard_kernel_lowers_its_own_and_its_sessions_priority(tmp_path: Path) -> None:
    from jtai_analysis.dashboards import kernel

    probe = (
        "import os; from jtai_analysis.dashboards.kernel import lower_priority; "
        "lower_priority(); print(os.nice(0)); "
        "g = '/proc/self/autogroup'; print(open(g).read() if os.path.exists(g) else 'nice 10')"
    )
    # Jupyter starts each kernel in a session of its own, as here.
    shown = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    ).stdout.split("\n")
    assert int(shown[0]) >= kernel.NICENESS
    assert shown[1].strip().endswith(f"nice {kernel.NICENESS}")
