"""A command asked to stop (Ctrl-C, ``kill``, a closed terminal) stops cleanly, never half-way.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt``, so ``finally`` blocks and context managers
run: temporary folders are removed, kernels shut down. SIGTERM (``kill``, a scheduler's timeout) and
SIGHUP (a closed terminal) would end the process on the spot, leaving all of that behind;
:func:`stop_on_signals` makes them unwind the same way, as :class:`StopRequested`.

A step that must not stop half-way (the two renames that publish a pack) runs inside
:func:`signals_held`: a stop asked for meanwhile is acted on as soon as the step is done. The hold is
a flag the handler reads, not a signal mask: a mask is per thread, and the kernel may hand the
signal to any thread that does not block it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StopRequested(KeyboardInterrupt):
    """A signal asked the command to stop; unwinds like Ctrl-C. ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention for a command ended by a signal: 128 + its number."""
        return 128 + self.signum


_hold = {"depth": 0, "pending": 0}


def _ask_to_stop(signum: int, frame: FrameType | None) -> None:
    if _hold["depth"]:
        _hold["pending"] = _hold["pending"] or signum
        return
    raise StopRequested(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Inside, SIGINT, SIGTERM and SIGHUP raise :class:`StopRequested` in the main thread.

    Outside the main thread (a Dask worker's task) handlers cannot be set; nothing changes there.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _ask_to_stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Inside, a stop signal is kept until the block ends, then acted on."""
    _hold["depth"] += 1
    try:
        yield
    finally:
        _hold["depth"] -= 1
        if not _hold["depth"] and _hold["pending"]:
            pending, _hold["pending"] = _hold["pending"], 0
            raise StopRequested(pending)
