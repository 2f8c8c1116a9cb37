"""Files and folders replaced as a whole: a reader sees the old one or the new one, never half of either.

Both are written aside, in the same folder (so on the same file system), and renamed into place.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


def aside(path: Path, kind: str) -> Path:
    """A hidden sibling of ``path`` to write into before it takes ``path``'s place."""
    return path.with_name(f".{path.name}.{kind}-{uuid.uuid4().hex[:8]}")


def write_text_aside(path: Path, text: str) -> Path:
    """Write ``text`` to a hidden sibling of ``path`` and return it (rename it into place after)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = aside(path, "writing")
    try:
        temporary.write_text(text, encoding="utf-8")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` where ``target`` is, as a whole; the old ``target`` is deleted.

    Two renames: the old folder aside, the new one in. Between them ``target`` is briefly absent,
    never mixed.
    """
    retired = aside(target, "retired")
    if target.exists():
        os.replace(target, retired)
    os.replace(new, target)
    shutil.rmtree(retired, ignore_errors=True)
