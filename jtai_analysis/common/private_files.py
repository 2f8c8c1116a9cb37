"""Child-level outputs belong to their owner: files ``600`` and folders ``700``, or shared with one
named group (files ``640``, folders ``2750``) when a team share asks for it.

Everything a run writes (CSVs, workbooks, notebooks, logs, parquet, the pack) is created under an
owner-only umask, so nothing is ever world- or group-readable, even for a moment. Sharing with a
group happens after the run, on the output folders only, by changing their group and mode: never by
loosening the umask, since files would then take the owner's primary group, which is often a broad
one such as ``users``.
"""

from __future__ import annotations

import grp
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

OWNER_ONLY_UMASK = 0o077
OWNER_FILE_MODE, OWNER_FOLDER_MODE = 0o600, 0o700
# setgid on folders: whatever is added to them later keeps the group.
GROUP_FILE_MODE, GROUP_FOLDER_MODE = 0o640, 0o2750


class UnknownGroupError(ValueError):
    """The group named for sharing does not exist here (the message is one plain sentence)."""


def restrict_new_files() -> int:
    """From now on, files and folders this process (and its children) creates are owner-only.

    Returns the previous umask.
    """
    previous = os.umask(OWNER_ONLY_UMASK)
    os.umask(previous | OWNER_ONLY_UMASK)  # never loosen a stricter umask
    return previous


@contextmanager
def owner_only() -> Iterator[None]:
    """Create files owner-only inside the block; the previous umask is restored after it."""
    previous = os.umask(OWNER_ONLY_UMASK)
    os.umask(previous | OWNER_ONLY_UMASK)  # never loosen a stricter umask
    try:
        yield
    finally:
        os.umask(previous)


def group_id(name: str) -> int:
    """The id of group ``name`` (raises :class:`UnknownGroupError`)."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise UnknownGroupError(
            f"The group {name!r} does not exist on this machine, so outputs cannot be shared with it."
        ) from None


def share_with_group(roots: Iterable[Path], group: str) -> list[Path]:
    """Give ``group`` read access to every file and folder under each of ``roots``.

    Files become ``640`` and folders ``2750``, all owned by ``group``; roots that do not exist are
    skipped. Returns the roots that were shared.
    """
    gid = group_id(group)
    shared = []
    for root in roots:
        if not root.exists():
            continue
        for path in _walk(root):
            os.chown(path, -1, gid, follow_symlinks=False)
            os.chmod(path, GROUP_FOLDER_MODE if path.is_dir() else GROUP_FILE_MODE)
        shared.append(root)
    return shared


def _walk(root: Path) -> Iterator[Path]:
    """``root`` and everything below it, never following symbolic links out of it."""
    yield root
    if root.is_dir() and not root.is_symlink():
        for folder, folders, files in os.walk(root):
            for name in folders + files:
                path = Path(folder) / name
                if not path.is_symlink():
                    yield path
