"""What a finding may suggest for a value that is not allowed: only a value whose meaning is certain.

A busy analyst accepts a suggestion without reading it twice, so a suggestion must never change the
meaning. One is made only when the cell names one allowed code by its code (``wbri``, ``Rc8.``)
or spells one allowed label, census description or known spelling with a slip of case,
punctuation or a letter or two (``Neglcet``, ``Transfered to adult social care``). A cell whose
words name a different or a disputed code (``RC8 School Leaving Age``, ``RC9 - NFA at Referral``),
or that is merely "close" to a label (a disability code beside the need codes, another agency
beside the police), gets the allowed values and no suggestion.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jtai_analysis.catalogue.code_reading import is_token_code, without_enumerator
from jtai_analysis.common.text import slip_of

if TYPE_CHECKING:
    from jtai_analysis.catalogue.lists import CodeList

# A code list this short is listed whole, labels and all; a longer one by its codes.
_LIST_LABELS_UP_TO = 6


def _compact(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text).upper()


def certain_code(codelist: CodeList, value: str | None) -> str | None:
    """The one code ``value`` certainly means although it is not read as it stands, or None.

    Parameters
    ----------
    codelist
        The column's code list.
    value
        The cell as the local area typed it.

    Returns
    -------
    str or None
        A code when the cell is a code or token in other case or punctuation, or one code's
        label, description or spelling with a small typing slip; None otherwise (the cell names
        several codes, a disputed code, or nothing certain).
    """
    if value is None or not value.strip():
        return None
    reading = codelist.reader().read(value)
    if reading.how == "ambiguous":
        return None
    if reading.code is not None:
        return reading.code
    stripped = without_enumerator(value)
    compact = _compact(stripped)
    by_code = {
        code.code
        for code in codelist.codes
        for token in (code.code, *code.tokens)
        if (is_token_code(token) or token.isalpha()) and _compact(token) == compact
    }
    if by_code:
        return by_code.pop() if len(by_code) == 1 else None
    return slip_of(
        stripped,
        (
            (text, code.code)
            for code in codelist.codes
            for text in (without_enumerator(code.label), *code.descriptions, *code.spellings)
        ),
    )


def allowed_values_hint(codelist: CodeList, value: str | None) -> str:
    """The end of a finding about a value that is not allowed: a certain suggestion, else the
    allowed values (labels for a short list, codes for a long one)."""
    code = certain_code(codelist, value)
    labels = codelist.labels()
    if code is not None:
        return f" The closest allowed value is '{labels[code]}'."
    if len(labels) <= _LIST_LABELS_UP_TO:
        return " Allowed: " + ", ".join(f"'{label}'" for label in labels.values()) + "."
    return (
        " Allowed: one of the codes "
        + ", ".join(labels)
        + " (alone or with its label); nothing is suggested because no allowed value is certainly meant."
    )
