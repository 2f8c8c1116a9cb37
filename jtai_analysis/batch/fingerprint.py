"""Checksums that decide whether an area's pack must be rebuilt.

An area is skipped when its fingerprint matches the one recorded when its pack was last built: the
bytes of every input file, its parameters, the data contracts, and the workbench itself (its version
and the digest of its code, notebooks and pack templates, so an edited notebook also counts).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import jtai_analysis
from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.common.paths import contracts_dir, notebooks_dir, templates_dir

_PACKAGE_SUFFIXES = {".py", ".yml", ".yaml", ".ipynb", ".j2", ".css", ".json"}


def _file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files_under(path: Path, suffixes: set[str] | None = None) -> list[Path]:
    """``path`` itself, or every file under it in a stable order (hidden files and caches left out)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and not any(part.startswith((".", "__pycache__")) for part in p.relative_to(path).parts)
        and (suffixes is None or p.suffix in suffixes)
    )


def tree_digest(paths: list[Path], suffixes: set[str] | None = None) -> str:
    """One digest over the names and bytes of every file under ``paths``; a missing path counts too."""
    digest = hashlib.sha256()
    for root in paths:
        digest.update(f"root {root}\n".encode())
        if not root.exists():
            digest.update(b"missing\n")
        for file in _files_under(root, suffixes):
            name = file.relative_to(root) if file != root else file.name
            digest.update(f"{name} {_file_digest(file)}\n".encode())
    return digest.hexdigest()


@cache
def workbench_digest() -> str:
    """The workbench's version and a digest of its code, contracts, notebooks and pack templates.

    Computed once per process: the package does not change under a running batch.
    """
    package = Path(jtai_analysis.__file__).resolve().parent
    parts = {
        "version": jtai_analysis.__version__,
        "code": tree_digest([package], _PACKAGE_SUFFIXES),
        "contracts": tree_digest([contracts_dir()]),
        "notebooks": tree_digest([notebooks_dir()], {".ipynb"}),
        "templates": tree_digest([templates_dir()]),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def area_fingerprint(area: AreaSpec, pseudonym_key: str | None = None) -> str:
    """The checksum of everything ``area``'s pack depends on.

    Parameters
    ----------
    area
        The area as the manifest gives it.
    pseudonym_key
        The key child IDs are pseudonymised with, if any; only its hash enters the fingerprint.

    Returns
    -------
    str
        A hex SHA-256: equal fingerprints mean the pack would come out the same.
    """
    key_hash = hashlib.sha256(pseudonym_key.encode()).hexdigest() if pseudonym_key else ""
    content = {
        "inputs": tree_digest(list(area.data_paths)),
        "parameters": area.parameters(),
        "pseudonym_key": key_hash,
        "workbench": workbench_digest(),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
