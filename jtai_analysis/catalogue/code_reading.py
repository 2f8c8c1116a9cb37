"""Read a code from the way a local area spelt it (interfaces.md, Definitions).

A cell is read as a code when it holds the code as a token, whatever label surrounds it
(``White - British [WBRI]``, ``g) 3A: Health services``, ``N1 (Abuse or Neglect)``), or holds one of
the code's official labels, descriptions or known spellings, possibly with a list prefix
(``a) Male``, ``1 - Male``). When the token and the words name different codes, or the words name
several codes equally well, the cell is ambiguous and stays a finding: a guess would be a silent error.
So are two names joined (``African and Caribbean``, ``Health Visitor/School Nurse``), a group with a
sub-label of another group's vague code (``White - Not yet obtained``, ``Asian / Asian British
(Iraqi)``), and words the contract calls unclear (its code list's ``unclear``).
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
            if self._is_unclear(folded) and token not in self._words(_without_enumerator(value)):
                # "RC8 School Leaving Age": a local sub-code whose words are not that code's.
                return Reading(None, "ambiguous", (token,))
            # A token loses only to an official label or description of another code ("7 - Police").
            official = self._words(_without_enumerator(value), self._official_phrases)
            if official and token not in official | self._words(_without_enumerator(value)):
                return Reading(None, "ambiguous", tuple(sorted({token, *official})))
            # The words beside the token are, whole, another code's spelling ("E4 - Not Known":
            # E4 is NOBT, "Not Known" is UNKNOWN): which one the local area meant cannot be known.
            # "CLA&CP": what is left after the token is "and CP".
            rest = re.sub(
                r"^(?:and |or )|(?: and| or)$", "", fold_words(self._without_tokens(value))
            )
            beside = self._exact.get(rest)
            if beside is not None and beside != token:
                return Reading(None, "ambiguous", tuple(sorted({token, beside})))
            return Reading(token, "token")
        words = self._words(_without_enumerator(value))
        if words and self._is_unclear(folded):
            return Reading(None, "ambiguous", tuple(sorted(words)))
        if len(words) == 1:
            (code,) = words
            opening = self._leading_group(value)
            if opening is not None and self._contradicts(*opening, code):
                # "White - Not yet obtained", "Asian / Asian British (Iraqi)": the group and the
                # sub-label name different codes. A mixed background names two groups by nature
                # ("Asian or Asian British > Any other mixed background").
                return Reading(None, "ambiguous", (code,))
            return Reading(code, "words")
        if words:
            return Reading(None, "ambiguous", tuple(sorted(words)))
        residual = self._residual(folded)
        if residual is not None and not self._is_unclear(folded):
            return Reading(residual, "group")
        return Reading(None, "unknown")

    @cached_property
    def _unclear(self) -> list[str]:
        return [f" {fold_words(phrase)} " for phrase in self.codelist.unclear]

    def _is_unclear(self, folded: str) -> bool:
        padded = f" {folded} "
        return any(phrase in padded for phrase in self._unclear)

    @cached_property
    def _groups(self) -> dict[str, str]:
        """Code -> its group, folded ("WBRI" -> "white")."""
        return {c.code: fold_words(c.group) for c in self.codelist.codes if c.group}

    @cached_property
    def _openings(self) -> dict[str, str]:
        """Folded words a value may open with -> the group they open: each group's name, and the
        group labels that begin with one ("asian or asian british" opens "asian")."""
        groups = set(self._groups.values())
        openings = {g: g for g in groups}
        for label in self.codelist.ignore:
            folded = fold_words(label)
            first = next((g for g in groups if folded == g or folded.startswith(f"{g} ")), None)
            if first is not None:
                openings[folded] = first
        return openings

    @cached_property
    def _group_opening(self) -> re.Pattern[str] | None:
        """A value that opens with a group, or a group label beginning with one, then a break."""
        if not self._openings:
            return None
        words = sorted(self._openings, key=len, reverse=True)
        alternatives = "|".join(r"\W+".join(map(re.escape, w.split())) for w in words)
        return re.compile(rf"^\W*({alternatives})(?:\s*([-:/>(,])|\s|$)", re.IGNORECASE)

    def _contradicts(self, group: str, is_marked: bool, code: str) -> bool:
        """Whether a value opening with ``group`` can name ``code`` beyond doubt.

        It cannot when the code is another group's "any other" code ("Asian - Filipino": AOTH as
        the local area grouped it, or OOTH as the census does), or a code of a group with no "any
        other" code ("White - Not yet obtained"). A specific code of another group stands ("Asian
        - Chinese" is CHNE whichever group holds Chinese), and a mixed background names two
        groups by nature. After a group and a space only a code of a group with no "any other"
        code contradicts it ("White Not yet obtained"; "Other White" is WOTH).
        """
        code_group = self._groups.get(code)
        if code_group is None or code_group in (group, "mixed"):
            return False
        with_residual = {fold_words(g) for g in self.codelist.residual}
        if not is_marked:
            return bool(with_residual) and code_group not in with_residual
        return code in set(self.codelist.residual.values()) or code_group not in with_residual

    def _leading_group(self, value: str) -> tuple[str, bool] | None:
        """The group a value opens with, and whether a mark follows it (``White - ``, ``Asian /
        ``) rather than a space (``White Not yet obtained``, but also ``Other White``)."""
        pattern = self._group_opening
        match = pattern.match(_without_enumerator(value)) if pattern is not None else None
        if match is None:
            return None
        return self._openings[fold_words(match.group(1))], match.group(2) is not None

    def _without_tokens(self, value: str) -> str:
        pattern = self._token_pattern
        return pattern.sub(" ", value) if pattern is not None else value

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
        if not stripped.replace("|", " ").strip():
            return set()  # only group names ("Black / African / Caribbean / Black British")
        # "and" / "or" join two names; so does a slash ("Health Visitor/School Nurse"), which
        # folding turns into a space.
        joiners = ("and ", "or ", *(("",) if "/" in value else ()))
        found = self._first_phrase(stripped, phrases, joiners)
        # Without the group names nothing is named: the whole label may still name one code, but
        # not two ("Black / African / Caribbean / Black British (Mixed Black)").
        return found or self._first_phrase(f" {folded} ", phrases, ("", "and ", "or "))

    def _first_phrase(
        self,
        padded: str,
        phrases: list[tuple[str, str]] | None,
        joiners: tuple[str, ...] = (),
    ) -> set[str]:
        """The codes of the longest phrase at the earliest place, and of any phrase joined to it
        by one of ``joiners`` (a second name: the cell is ambiguous)."""
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
        named = {code for at, length, code in matches if (at, length) == first[:2]}
        # Another code's phrase joined to the first names a second code ("African and
        # Caribbean", "Gypsy or Irish Traveller", "Health Visitor/School Nurse").
        end = first[0] - first[1] + 1  # the space after the first phrase
        for joiner in joiners:
            if padded.startswith(joiner, end + 1):
                named |= {code for at, _, code in matches if at == end + len(joiner)}
        return named


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


def without_enumerator(text: str) -> str:
    """The value without a list prefix such as ``a)`` or ``1 -``."""
    return _without_enumerator(text)
