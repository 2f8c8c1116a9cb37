"""The command line as a pseudonymised pack records it: child IDs given on it become a count.

``jtai pack --pseudonymise --lock 1001 --lock 1002`` names real children on its command line; the
pack records its command in ``provenance.json`` so a run can be traced, and there the real IDs would
undo the pseudonyms. Each option that carried IDs is recorded once with how many it carried
(``--lock [2 IDs]``); any other place an ID stands on its own becomes ``[ID]``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def _count(number: int) -> str:
    return f"[{number} ID{'s' if number != 1 else ''}]"


def command_without_ids(argv: Sequence[str], ids: Collection[str]) -> str:
    """``argv`` joined by spaces, each option's child IDs replaced by their count.

    Parameters
    ----------
    argv
        The command line, as ``sys.argv``.
    ids
        The real child IDs the run was given (locks, exclusions).

    Returns
    -------
    str
        The command with ``--option ID`` and ``--option=ID`` counted per option, in the place the
        option first stood, and any other token that is an ID written ``[ID]``.
    """
    ids = {str(i) for i in ids}
    kept: list[str] = []
    counts: dict[str, int] = {}
    place: dict[str, int] = {}
    index = 0
    while index < len(argv):
        token = argv[index]
        option, is_joined, value = token.partition("=")
        if option.startswith("--") and is_joined and value in ids:
            found, index = option, index + 1
        elif token.startswith("--") and index + 1 < len(argv) and argv[index + 1] in ids:
            found, index = token, index + 2
        else:
            kept.append("[ID]" if token in ids else token)
            index += 1
            continue
        if found not in counts:
            place[found], counts[found] = len(kept), 0
            kept.append(found)
        counts[found] += 1
    for option, number in counts.items():
        kept[place[option]] = f"{option} {_count(number)}"
    return " ".join(kept)
