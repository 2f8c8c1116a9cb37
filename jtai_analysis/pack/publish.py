"""Publishing a pack: the finished staging folder replaces the output folder as a whole.

Nothing from an earlier run survives beside a new one (a run without nominations leaves no
``sample/`` from a run that had them). The swap is two renames on the same file system: the old
pack aside, the new one in, then the old one deleted; a stop asked for meanwhile waits for both.
A failed run publishes nothing; it is kept beside the pack as ``.NAME.failed-run/`` for inspection.
A run stopped (Ctrl-C, SIGTERM) or out of room keeps nothing: there is nothing to inspect in it.

One run at a time builds into an output folder: it holds ``.NAME.lock`` beside it, and a second run
into the same folder is refused at once, naming the first (:class:`OutputFolderBusy`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jtai_analysis.common.exclusive_lock import LockHeld, exclusive_lock
from jtai_analysis.common.stop_signals import signals_held

PACK_FILE = "briefing-pack.html"
# Files that show a folder holds a pack this workbench wrote (and so may be replaced as a whole).
_PACK_MARKERS = (PACK_FILE, "provenance.json", "run.log")
# What an ipykernel prints on its stderr when it is shut down at the end of a run: tracebacks ending
# in KeyboardInterrupt or a closed event loop. Noise in a successful run, so not kept with the pack.
_SHUTDOWN_NOISE = re.compile(
    r"KeyboardInterrupt|CancelledError|Event loop is closed|Task was destroyed but it is pending"
)


class OutputFolderError(ValueError):
    """The output folder holds files that are not a pack: replacing it would delete them."""


class OutputFolderBusy(OutputFolderError):
    """Another run is building a pack into the same output folder (the message names it)."""


def _retired_dir(out_dir: Path) -> Path:
    """Where the previous pack waits, between the two renames of a publish, to be deleted."""
    return out_dir.with_name(f".{out_dir.name}.previous")


def lock_file(out_dir: Path) -> Path:
    """The lock a run holds, beside its output folder, while it builds and publishes."""
    return out_dir.with_name(f".{out_dir.name}.lock")


@contextmanager
def claim_output_folder(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir`` for this run: raise :class:`OutputFolderBusy` if another run holds it.

    A run killed between the two renames of its publish left its previous pack aside and none in
    place; that pack is put back first.
    """
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive_lock(lock_file(out_dir)):
            retired = _retired_dir(out_dir)
            if retired.is_dir() and not out_dir.exists():
                os.replace(retired, out_dir)
            yield
    except LockHeld as held:
        who = f"process {held.holder}" if held.holder else "another process"
        raise OutputFolderBusy(
            f"Another jtai pack ({who}) is building into {out_dir}; this one was not started. "
            "Run it again when that one has finished, or choose another --out."
        ) from None


def staging_dir(out_dir: Path) -> Path:
    """The sibling folder a run builds in (same file system, so publishing is a rename)."""
    return out_dir.with_name(f".{out_dir.name}.staging")


def failed_run_dir(out_dir: Path) -> Path:
    """Where a failed run is kept for inspection, beside the pack it did not replace."""
    return out_dir.with_name(f".{out_dir.name}.failed-run")


def inputs_inside(out_dir: Path, inputs: Iterable[Path]) -> list[str]:
    """Names of the entries of ``out_dir`` that hold the run's own inputs (the demo's ``data/``)."""
    kept = []
    for path in inputs:
        resolved = path.resolve()
        if resolved.is_relative_to(out_dir) and resolved != out_dir:
            kept.append(resolved.relative_to(out_dir).parts[0])
    return sorted(set(kept))


def check_output_folder(out_dir: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output folder that holds anything but an earlier pack or this run's inputs."""
    if not out_dir.is_dir():
        if out_dir.exists():
            raise OutputFolderError(f"The output {out_dir} is a file, not a folder.")
        return
    entries = {entry.name for entry in out_dir.iterdir()}
    if entries & set(_PACK_MARKERS):
        return
    foreign = sorted(entries - set(inputs_inside(out_dir, inputs)))
    if foreign:
        raise OutputFolderError(
            f"The output folder {out_dir} holds files that are not a briefing pack ({foreign[0]}, ...);"
            " a pack replaces its folder as a whole, so choose a new or empty folder."
        )


def drop_shutdown_noise(kernels_log: Path) -> None:
    """Delete ``kernels.log`` from a successful run when all it holds is kernel shutdown noise.

    Anything else a kernel printed (a real warning from a library) keeps the file, whole.
    """
    if not kernels_log.exists():
        return
    text = kernels_log.read_text(encoding="utf-8", errors="replace")
    meaningful = [
        block
        for block in _traceback_blocks(text)
        if block.strip() and not _SHUTDOWN_NOISE.search(block)
    ]
    if not meaningful:
        kernels_log.unlink()


def _traceback_blocks(text: str) -> list[str]:
    """Split a log into messages: a traceback (up to its final error line) counts as one."""
    blocks: list[str] = []
    current: list[str] = []
    in_traceback = False
    for line in text.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            if current:
                blocks.append("\n".join(current))
            current, in_traceback = [line], True
            continue
        current.append(line)
        if in_traceback and line and not line.startswith((" ", "\t")):
            blocks.append("\n".join(current))  # the error line closes the traceback
            current, in_traceback = [], False
        elif not in_traceback:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def publish(staging: Path, out_dir: Path, inputs: Iterable[Path] = ()) -> None:
    """Replace ``out_dir`` with ``staging`` as a whole.

    The run's own inputs that live inside ``out_dir`` (the demo writes its data to ``out/data``)
    move into the new pack first, so they are not deleted with the old one.
    """
    retired = _retired_dir(out_dir)
    with signals_held():  # never stopped between the renames: the folder is old or new, never none
        for name in inputs_inside(out_dir, inputs):
            if not (staging / name).exists():
                os.replace(out_dir / name, staging / name)
        shutil.rmtree(retired, ignore_errors=True)
        if out_dir.exists():
            os.replace(out_dir, retired)
        os.replace(staging, out_dir)
        shutil.rmtree(retired, ignore_errors=True)


def keep_failed_run(staging: Path, out_dir: Path) -> Path:
    """Move a failed run's staging folder beside the pack as ``.NAME.failed-run/``; return it."""
    failed = failed_run_dir(out_dir)
    shutil.rmtree(failed, ignore_errors=True)
    os.replace(staging, failed)
    return failed


def discard_run(staging: Path) -> None:
    """Delete a stopped or out-of-room run's staging folder: nothing in it is worth keeping."""
    shutil.rmtree(staging, ignore_errors=True)
