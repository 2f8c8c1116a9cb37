"""Telling a full disk (or a file-size or disk quota limit) from other failures to write.

A run that runs out of room says so in one sentence and keeps nothing half-written; any other
failure keeps what it wrote for inspection. The operating system's error may reach the run
directly, chained behind another exception, or as text from a notebook kernel.
"""

from __future__ import annotations

import errno
import os

OUT_OF_ROOM = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_OUT_OF_ROOM_TEXT = tuple(os.strerror(number) for number in OUT_OF_ROOM)


def is_out_of_room(error: BaseException) -> bool:
    """True when ``error``, or an error behind it, says a disk or a file-size limit was full."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in OUT_OF_ROOM:
            return True
        if any(text in str(current) for text in _OUT_OF_ROOM_TEXT):
            return True
        current = current.__cause__ or current.__context__
    return False
