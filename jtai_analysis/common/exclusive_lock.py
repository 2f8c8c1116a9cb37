"""One writer at a time: a lock file that a second process finds held, and is told by whom.

The lock is ``flock`` on a file beside what it guards: the operating system releases it when its
holder ends, however it ends (a killed process never leaves a lock that blocks the next run). The
holder removes the file when it is done; a process that opened the file just before it was removed
notices (the path no longer names the file it locked) and tries again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockHeld(RuntimeError):
    """Another process holds the lock; ``holder`` is its process id when it could be read."""

    def __init__(self, path: Path, holder: int | None) -> None:
        super().__init__(f"{path} is held by process {holder or 'unknown'}")
        self.path, self.holder = path, holder


def _holder(descriptor: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(os.pread(descriptor, 32, 0).decode().strip() or 0) or None
    return None


def _is_same_file(descriptor: int, path: Path) -> bool:
    try:
        return os.fstat(descriptor).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` inside the block; raise :class:`LockHeld` at once if it is held."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            raise LockHeld(path, holder) from None
        if _is_same_file(descriptor, path):
            break
        os.close(descriptor)  # removed by its last holder after we opened it: take the new one
    with contextlib.suppress(OSError):  # the process id is only for the message (a full disk)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)
