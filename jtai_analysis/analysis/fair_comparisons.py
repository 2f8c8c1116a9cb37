"""Fair comparisons for focus children (issue 25): who they are compared with, and what to read
beside the comparison.

Focus children are compared with the **other under-8s** (``focus=No_under8``: children of the
focus age groups who are not focus children), never with all children, who include them. Both are
groups of the same figure, computed the same way (:mod:`.figures.breakdowns`).

Focus children are found on Lists 4 and 6 only (the theme's flag), so a figure that counts rows
of a list earlier in the journey (contacts, early help, referrals) over-represents, among focus
children, those who went on to assessment: a referral closed with no further action rarely
reaches List 4. That selection effect is built into the definition, not made by practice; the
theme says it in words (``focus.selection_effect``) and :func:`selection_effect_note` puts it beside
every figure it affects.
"""

from __future__ import annotations

from jtai_analysis.analysis.figures.comparison import FOCUS_GROUP, OTHERS_GROUP
from jtai_analysis.analysis.figures.definitions import FigureDefinition
from jtai_analysis.catalogue.codes import YES
from jtai_analysis.catalogue.theme import Theme, load_theme

GROUPS = (FOCUS_GROUP, OTHERS_GROUP)


def figure_lists(definition: FigureDefinition) -> tuple[str, ...]:
    """The lists whose rows a figure counts (a cross-list figure: the lists its events name)."""
    if definition.lists:
        return definition.lists
    if definition.compute is None:
        return ()
    named = [
        str(event["list"])
        for event in definition.compute.params.values()
        if isinstance(event, dict) and "list" in event
    ]
    return tuple(dict.fromkeys(named))


def has_selection_effect(definition: FigureDefinition, theme: Theme | None = None) -> bool:
    """Whether the figure counts rows of a list that comes before focus children are found."""
    earlier = set((theme or load_theme()).focus.selection_effect.lists)
    return bool(earlier & set(figure_lists(definition)))


def selection_effect_note(
    definition: FigureDefinition, theme: Theme | None = None, *, short: bool = False
) -> str:
    """The theme's selection-effect words for a figure it affects (in a few words with
    ``short``), or ``""``."""
    theme = theme or load_theme()
    if not has_selection_effect(definition, theme):
        return ""
    effect = theme.focus.selection_effect
    return effect.label if short else effect.words


def is_contained_in(group: str, whole: str) -> bool:
    """Whether every row of ``group`` is also a row of ``whole`` (for the same figure).

    ``all`` contains every group; ``A=x`` contains every crossed group that has ``A=x``; a focus
    child is a child with domestic abuse recorded (the theme's flag), so ``focus=Yes`` is
    contained in the flag's ``Yes`` group. Used to check that no table or statement compares a
    group with a whole that contains it.
    """
    if group == whole:
        return True
    if whole == "all":
        return True
    parts, whole_parts = set(group.split("&")), set(whole.split("&"))
    if whole_parts <= parts:
        return True
    flag_yes = f"{load_theme().flag.breakdown}={YES}"
    return FOCUS_GROUP in parts and whole_parts <= (parts - {FOCUS_GROUP}) | {flag_yes}
