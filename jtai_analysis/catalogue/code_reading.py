"""Read a code from the way a local area spelt it (interfaces.md, Definitions).

A cell is read as a code when it holds the code as a token, whatever label surrounds it
(``White - British [WBRI]``, ``g) 3A: Health services``, ``N1 (Abuse or Neglect)``), or holds one of
the code's official labels, descriptions or known spellings, possibly with a list prefix
(``a) Male``, ``1 - Male``). When the token and the words name different codes, or the words name
several codes equally well, the cell is ambiguous and stays a finding: a guess would be a silent error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from jtai_analysis.common.text import fold_words

if TYPE_CHECKING:
    from jtai_analysis.catalogue.lists import CodeList

# A list prefix before the value: "a) ", "p1) ", "1 - ", "0: ". Stripped before whole-value matching.
_ENUMERATOR = re.compile(r"^\s*(?:[a-z]\d?\)|\d{1,2}\s*[-:.)])\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """How one distinct spelling was read: the code (None when not read) and why."""

    code: str | None
    how: str  # "exact", "token", "words", "ambiguous", "unknown"
    candidates: tuple[str, ...] = ()


def is_token_code(code: str) -> bool:
    """A code that can be recognised inside a longer label: upper-case letters and digits, not one letter."""
    return bool(re.fullmatch(r"[A-Z0-9]+", code)) and (len(code) > 1 or code.isdigit())


class CodeReader:
    """Reads cells of one code list. Built once per code list; each distinct spelling is read once."""

    def __init__(self, codelist: CodeList):
        self.codelist = codelist

    @cached_property
    def _exact(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for code in self.codelist.codes:
            for spelling in (code.code, code.label, *code.descriptions, *code.spellings):
                table.setdefault(fold_words(spelling), code.code)
        return table

    @cached_property
    def _official_phrases(self) -> list[tuple[str, str]]:
        """(folded phrase, code) for the official labels and census descriptions only."""
        phrases = set()
        for code in self.codelist.codes:
            for text in (*code.descriptions, _without_enumerator(code.label)):
                folded = fold_words(text)
                if len(folded) > 2 and not folded.isdigit():
                    phrases.add((folded, code.code))
        return sorted(phrases, key=lambda p: (-len(p[0]), p))

    @cached_property
    def _ignored(self) -> list[str]:
        return sorted((fold_words(p) for p in self.codelist.ignore), key=len, reverse=True)

    @cached_property
    def _phrases(self) -> list[tuple[str, str]]:
        """(folded phrase, code) for every description and spelling, longest first."""
        phrases = set()
        for code in self.codelist.codes:
            for text in (*code.descriptions, *code.spellings, _without_enumerator(code.label)):
                folded = fold_words(text)
                # Two-letter words ("no", "gp") are read only as the whole cell, never inside a label.
                if len(folded) > 2 and not folded.isdigit():
                    phrases.add((folded, code.code))
        return sorted(phrases, key=lambda p: (-len(p[0]), p))

    @cached_property
    def _token_pattern(self) -> re.Pattern[str] | None:
        tokens: dict[str, str] = {}
        suffixed: set[str] = set()  # the list's own codes take local sub-codes (N1a, RC5a, N1.01)
        for code in self.codelist.codes:
            for token in (code.code, *code.tokens):
                if is_token_code(token):
                    tokens[token.upper()] = code.code
            if is_token_code(code.code) and any(c.isdigit() for c in code.code):
                suffixed.add(code.code.upper())
        self._token_codes = tokens
        if not tokens:
            return None

        def alternatives(chosen: list[str]) -> str:
            return "|".join(re.escape(t) for t in sorted(chosen, key=len, reverse=True))

        plain = [t for t in tokens if t not in suffixed and any(c.isdigit() for c in t)]
        letters = [t for t in tokens if t.isalpha()]
        parts = []
        if suffixed:
            parts.append(
                rf"(?i:(?P<s>{alternatives(list(suffixed))})(?:[a-z]\d?|[A-Z]{{1,3}}|\.[A-Za-z0-9]+)?)"
            )
        if plain:
            parts.append(rf"(?i:(?P<d>{alternatives(plain)}))")
        if letters:  # letter codes only in capitals, so that "both" or "Other" are words, not codes
            parts.append(rf"(?P<l>{alternatives(letters)})")
        return re.compile(rf"(?<![A-Za-z0-9.])(?:{'|'.join(parts)})(?![A-Za-z0-9.])")

    def read(self, value: str) -> Reading:
        """Read one cell."""
        folded = fold_words(value)
        if not folded:
            return Reading(None, "unknown")
        exact = self._exact.get(folded)
        if exact is not None:
            return Reading(exact, "exact")
        tokens = self._tokens(value)
        if len(tokens) > 1:
            return Reading(None, "ambiguous", tuple(sorted(tokens)))
        if tokens:
            (token,) = tokens
            # A token loses only to an official label or description of another code ("7 - Police").
            official = self._words(_without_enumerator(value), self._official_phrases)
            if official and token not in official | self._words(_without_enumerator(value)):
                return Reading(None, "ambiguous", tuple(sorted({token, *official})))
            return Reading(token, "token")
        words = self._words(_without_enumerator(value))
        if len(words) == 1:
            return Reading(next(iter(words)), "words")
        if words:
            return Reading(None, "ambiguous", tuple(sorted(words)))
        residual = self._residual(folded)
        if residual is not None:
            return Reading(residual, "group")
        return Reading(None, "unknown")

    def _residual(self, folded: str) -> str | None:
        """A group named first with a sub-label no code names: the group's "any other" code
        (``White - Albanian`` is WOTH). A group name alone stays unread: it names no one code."""
        padded = f" {folded} "
        for phrase in self._ignored:
            padded = padded.replace(f" {phrase} ", " ")
        words = padded.split()
        stop = {fold_words(w) for w in self.codelist.residual_stop}
        for group, code in sorted(self.codelist.residual.items(), key=lambda g: -len(g[0])):
            group_words = fold_words(group).split()
            rest = words[len(group_words) :]
            if words[: len(group_words)] == group_words and rest and not stop & set(rest):
                return code
        return None

    def _tokens(self, value: str) -> set[str]:
        pattern = self._token_pattern
        if pattern is None:
            return set()
        found = set()
        for match in pattern.finditer(value):
            token = next(t for t in match.groupdict().values() if t)
            found.add(self._token_codes[token.upper()])
        return found

    def _words(self, value: str, phrases: list[tuple[str, str]] | None = None) -> set[str]:
        """The code named first in the value (longest phrase at the earliest place).

        Labels lead with their category and explain after it ("LA services - other internal (not
        social care or housing)"), so the first phrase decides. Several codes at the same place are
        ambiguous. A code list with a code for combinations reads several codes as that code
        (``Neglect, Physical`` is category ``MUL``).
        """
        folded = fold_words(value)
        exact = self._exact.get(folded)
        if exact is not None:
            return {exact}
        stripped = f" {folded} "
        for phrase in self._ignored:  # group names that say nothing about the code
            stripped = stripped.replace(f" {phrase} ", " | ")
        exact = self._exact.get(" ".join(stripped.replace("|", " ").split()))
        if exact is not None:
            return {exact}
        found = self._first_phrase(stripped, phrases)
        # Without the group names nothing is named: the whole label may still name one code.
        return found or self._first_phrase(f" {folded} ", phrases)

    def _first_phrase(self, padded: str, phrases: list[tuple[str, str]] | None) -> set[str]:
        matches: list[tuple[int, int, str]] = []
        for phrase, code in self._phrases if phrases is None else phrases:
            at = padded.find(f" {phrase} ")
            if at >= 0:
                matches.append((at, -len(phrase), code))
        if not matches:
            return set()
        if self.codelist.several is not None and len({m[2] for m in matches}) > 1:
            covered = _covering(matches)
            if len(covered) > 1:
                return {self.codelist.several}
        first = min(matches)
        return {code for at, length, code in matches if (at, length) == first[:2]}


def _covering(matches: list[tuple[int, int, str]]) -> set[str]:
    """Codes of phrases that do not overlap a longer phrase (so "physical abuse" is not also "abuse")."""
    taken: list[tuple[int, int]] = []
    codes = set()
    for at, negative_length, code in sorted(matches, key=lambda m: m[1]):
        end = at - negative_length
        if any(at < t_end and t_at < end for t_at, t_end in taken):
            continue
        taken.append((at, end))
        codes.add(code)
    return codes


def _without_enumerator(text: str) -> str:
    return _ENUMERATOR.sub("", text, count=1)


class WholeCellReader(CodeReader):
    """Reads only whole-cell spellings (after a list prefix such as ``a)`` or ``1 -``)."""

    def read(self, value: str) -> Reading:
        """Read one cell. A question mark ("Yes?") is doubt, not an answer: it stays a finding."""
        if "?" in value:
            return Reading(None, "unknown")
        for text in (value, _without_enumerator(value)):
            code = self._exact.get(fold_words(text))
            if code is not None:
                return Reading(code, "exact")
        return Reading(None, "unknown")
