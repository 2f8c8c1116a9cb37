"""The command line a pseudonymised pack records: child IDs counted per option, never written."""

from __future__ import annotations

import pytest

from jtai_analysis.privacy.recorded_command import command_without_ids

IDS = {"1001", "1002", "C-7"}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["jtai", "pack", "--lock", "1001", "--out", "x", "--lock", "1002"],
            "jtai pack --lock [2 IDs] --out x",
        ),
        (
            ["jtai", "pack", "--lock=1001", "--exclude-6", "C-7", "--seed", "3"],
            "jtai pack --lock [1 ID] --exclude-6 [1 ID] --seed 3",
        ),
        # An ID standing on its own (after an option that took several values) is still hidden.
        (["jtai", "sample", "--data", "a.csv", "1002"], "jtai sample --data a.csv [ID]"),
        # Nothing to hide: verbatim.
        (["jtai", "pack", "--out", "1001x"], "jtai pack --out 1001x"),
    ],
)
def test_ids_on_the_command_line_are_counted(argv: list[str], expected: str) -> None:
    assert command_without_ids(argv, IDS) == expected
