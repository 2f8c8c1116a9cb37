"""A section with nothing to say (the area comparison of a pack built for one area) is left out of
the pack, with a line in the contents saying why (issue 25, item 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat

from jtai_analysis.pack.build import PackRequest, Section, export_section, render_pack
from jtai_analysis.presentation.records import LEFT_OUT, RECORD_MIMETYPE

WHY = "this pack was built for one area, so there is no other area to compare it with."


def _executed(path: Path, title: str, left_out: str | None, text: str) -> Path:
    outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>{text}</p>"})]
    if left_out is not None:
        outputs.append(
            nbformat.v4.new_output(
                "display_data", data={RECORD_MIMETYPE: {"name": LEFT_OUT, "value": left_out}}
            )
        )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(f"## {title}\n\nIntroduction."),
            nbformat.v4.new_code_cell("show()", outputs=outputs),
        ]
    )
    nbformat.write(notebook, path)
    return path


def test_a_section_with_nothing_to_say_is_left_out_with_a_line_why(tmp_path: Path) -> None:
    left = export_section(
        _executed(tmp_path / "45_x.ipynb", "Beside the other areas", WHY, "Nothing to compare.")
    )
    kept = export_section(
        _executed(tmp_path / "10_y.ipynb", "Practice and timeliness", None, "Figures.")
    )
    assert left.left_out == WHY and not kept.left_out
    day = dt.date(2026, 11, 16)
    page = render_pack(
        PackRequest((), "Test Area", day, day, tmp_path / "out", notebooks=()),
        [kept, left],
        "<table></table>",
        [],
        "16 November 2026 09:00 UTC",
    )
    assert 'aria-label="Beside the other areas"' not in page  # no empty section
    assert "Nothing to compare." not in page
    assert "Beside the other areas" in page and WHY in page  # the contents say why
    assert 'aria-label="Practice and timeliness"' in page


def test_sections_default_to_kept() -> None:
    assert Section("t", "a", "<p>b</p>").left_out == ""
