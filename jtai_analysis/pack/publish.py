"""Publishing a pack: the finished staging folder replaces the output folder as a whole.

Nothing from an earlier run survives beside a new one (a run without nominations leaves no
``sample/`` from a run that had them). The swap is two renames on the same file system: the old
pack aside, the new one in, then the old one deleted. A failed run publishes nothing; it is kept
beside the pack as ``.NAME.failed-run/`` for inspection.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

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
    for name in inputs_inside(out_dir, inputs):
        if not (staging / name).exists():
            os.replace(out_dir / name, staging / name)
    retired = out_dir.with_name(f".{out_dir.name}.previous")
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
