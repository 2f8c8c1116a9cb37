"""Words that say who chose the 20 and the 6: "proposed" until the lead inspector confirms them.

The workbench proposes; the lead inspector chooses (paras 115-116). A child is chosen when the lead
inspector has said so (a lock, the information-on-the-20 return, ``--selected-20``); the 20 or the 6
are chosen only when every one of them is. The words are in ``data_contracts/rules/sampling.yml``
(``standing``); views render what these functions return.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jtai_analysis.sampling.rules import SamplingRules, load_rules
from jtai_analysis.sampling.twenty_and_six import Chosen

if TYPE_CHECKING:  # sample.py makes the Sample; these words describe it
    from jtai_analysis.sampling.sample import Sample


def standing(chosen: Chosen, rules: SamplingRules | None = None) -> str:
    """``proposed`` or ``chosen`` (the rules' words) for one child of the 20 or the 6."""
    words = (rules or load_rules()).standing
    return str(words["chosen"] if chosen.by_inspector else words["proposed"])


def is_confirmed(children: Sequence[Chosen]) -> bool:
    """Whether the lead inspector has confirmed every child of a 20 or a 6 (and there are some)."""
    return bool(children) and all(c.by_inspector for c in children)


def group_standing(children: Sequence[Chosen], rules: SamplingRules | None = None) -> str:
    """``chosen`` when the lead inspector has confirmed every child of a 20 or a 6, else ``proposed``."""
    words = (rules or load_rules()).standing
    return str(words["chosen"] if is_confirmed(children) else words["proposed"])


def _heading(which: str, children: Sequence[Chosen], rules: SamplingRules | None) -> str:
    words = (rules or load_rules()).standing[which]
    return str(words["chosen"] if is_confirmed(children) else words["proposed"])


def twenty_heading(sample: Sample, rules: SamplingRules | None = None) -> str:
    """``The proposed 20`` or ``The 20 chosen by the lead inspector``."""
    return _heading("twenty", sample.twenty, rules)


def six_heading(sample: Sample, rules: SamplingRules | None = None) -> str:
    """``The proposed 6`` or ``The 6 chosen by the lead inspector``."""
    return _heading("six", sample.six, rules)


def sheet_names(sample: Sample, rules: SamplingRules | None = None) -> tuple[str, str, str]:
    """The sample workbook's sheets: the 20, the 6, and the tool's proposal beside a chosen 20."""
    rules = rules or load_rules()
    sheets = rules.standing["sheets"]
    return (
        str(sheets["twenty"].format(standing=group_standing(sample.twenty, rules))),
        str(sheets["six"].format(standing=group_standing(sample.six, rules))),
        str(sheets["proposal"]),
    )


def _with_locks(sentence: str, children: Sequence[Chosen], words: dict) -> str:
    locked = sum(c.by_inspector for c in children)
    if is_confirmed(children) or not locked:
        return sentence
    return f"{sentence.removesuffix('.')} ({words['locked'].format(n=locked)})."


def sample_note(sample: Sample, rules: SamplingRules | None = None) -> str:
    """Who chose the 20 and the 6, in two sentences, for a note above them."""
    words = (rules or load_rules()).standing
    twenty = str(words["source"][sample.source])
    if sample.source == "proposed" and is_confirmed(sample.twenty):
        twenty = str(words["all_locked"])
    elif sample.source == "proposed":
        twenty = _with_locks(twenty, sample.twenty, words)
    six = (
        str(words["six_chosen"])
        if is_confirmed(sample.six)
        else _with_locks(str(words["six_proposed"]), sample.six, words)
    )
    return f"{twenty} {six}"
