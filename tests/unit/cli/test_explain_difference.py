"""``jtai explain`` says focus children's difference from the other under-8s as ``figures.csv``
records it (issue 20). Counts as in ``tests/unit/analysis/test_front_door_difference.py``: focus
children 12 of 20, the other under-8s 30 of 100; by hand (Newcombe 1998, method 10) 30.0 points,
95% interval 6.60 to 49.85 points."""

from __future__ import annotations

from pathlib import Path

from jtai_analysis.cli.command_explain import explanation
from jtai_analysis.pack.figure_rows import ROWS_FILE
from jtai_analysis.pack.pack_figures import FIGURES_FILE
from tests.unit.hand_built import conversion_children, figures_of

FIGURE = "contact_to_referral_30d_pct"
SAID = (
    "Focus children beside the other under-8s (focus=No_under8): difference +30.0 percentage points, "
    "95% interval +6.6 to +49.8 (Newcombe)"
)


def _pack(folder: Path, others: int, others_referred: int) -> Path:
    figures = figures_of(conversion_children(20, 12, others, others_referred))
    figures.write_figures_csv(folder / FIGURES_FILE)
    figures.write_rows_file(folder / ROWS_FILE)
    return folder


def test_explain_says_the_difference_for_the_focus_group_and_for_all(tmp_path: Path) -> None:
    pack = _pack(tmp_path, 100, 30)
    for group in ("focus=Yes", "all", "focus=No_under8"):
        lines, _ = explanation(pack, FIGURE, group)
        assert SAID in lines, group
    lines, _ = explanation(pack, FIGURE, "source=6")
    assert not any("beside" in line for line in lines)


def test_explain_says_why_there_is_no_difference(tmp_path: Path) -> None:
    lines, _ = explanation(_pack(tmp_path, 0, 0), FIGURE, "focus=Yes")
    assert (
        "Focus children beside the other under-8s (focus=No_under8): difference not available "
        "(Other under-8s, no rows to take a percentage of.)"
    ) in lines
