"""The contract codes that the workbench's logic compares against, named once.

Values in the lists are read into the codes of ``data_contracts/_shared.yml`` (a Yes/No field holds
``"Yes"``, ``"No"`` or ``"Unknown"`` whatever the local area typed). Code outside ``catalogue/`` and
``data_contracts/`` compares with these names, never with a quoted literal, so a code renamed in the
contracts is renamed here and nowhere else (a contract test checks that every name below is a code
of its code list, and every list key a contract's ``list``).

Display words are not codes: what a reader sees comes from the labels file
(``catalogue/labels.yml``) or a code list's labels.
"""

from __future__ import annotations

from enum import StrEnum

# The yes_no, yes_no_unknown, referral_nfa and disability code lists share these three codes.
YES = "Yes"
NO = "No"
UNKNOWN = "Unknown"


class ListKey(StrEnum):
    """Each list's key, as ``design/interfaces.md`` names it (a ``str``: usable as the text itself)."""

    CONTACTS = "contacts"  # List 1
    EARLY_HELP = "early_help"  # List 2
    REFERRALS = "referrals"  # List 3
    ASSESSMENTS = "assessments"  # List 4
    S47 = "s47"  # List 5
    CIN = "cin"  # List 6
    CP = "cp"  # List 7
    NOT_IN_FTE = "not_in_fte"
    NOMINATIONS = "nominations"
    CANDIDATE_INFO = "candidate_info"
    REQUESTS = "requests"
    MEETINGS = "meetings"
    WEEK2_TRACKER = "week2_tracker"


# Lists 1-7: the lists that describe children's contact with services.
CHILD_LISTS: tuple[ListKey, ...] = (
    ListKey.CONTACTS,
    ListKey.EARLY_HELP,
    ListKey.REFERRALS,
    ListKey.ASSESSMENTS,
    ListKey.S47,
    ListKey.CIN,
    ListKey.CP,
)


def yes_no(is_true: bool) -> str:
    """The code a Yes/No field holds for ``is_true``: :data:`YES` or :data:`NO`."""
    return YES if is_true else NO
