"""`jtai dashboard` refuses a request it cannot serve in one sentence, with no traceback."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "Give either --data"),
        (["--data", "x", "--pack", "y"], "Give either --data"),
        (["--pack", "."], "holds no provenance.json"),
    ],
)
def test_the_command_refuses_in_one_sentence(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from jtai_analysis.cli.main import main

    assert main(["dashboard", *arguments]) == 2
    error = capsys.readouterr().err.strip()
    assert message in error and "Traceback" not in error and error.count("\n") == 0
