"""The contract codes Yes and No are said once, in ``catalogue.codes`` (issue 19): no string
"Yes" or "No" in the package's code outside ``catalogue/`` (read as Python, so a code inside an
f-string's expression is found too)."""

from __future__ import annotations

import ast
from pathlib import Path

import jtai_analysis

PACKAGE = Path(jtai_analysis.__file__).parent


def _literal_codes(source: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and node.value in ("Yes", "No")
    ]


def test_no_yes_or_no_is_written_outside_the_catalogue() -> None:
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if "catalogue" not in path.relative_to(PACKAGE).parts
        and (lines := _literal_codes(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_search_finds_a_code_inside_an_f_string() -> None:
    assert _literal_codes("x = f\"{rows.filter(col('in_6') == 'Yes').height} in the 6\"") == [1]
