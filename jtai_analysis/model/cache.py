"""The prepared-data cache: validated data kept as Parquet so the dashboards start in seconds.

Validating a submission costs seconds (Great Expectations alone takes several to import), and
every notebook or dashboard opened on the same lists would pay it again. ``jtai validate``,
``jtai pack`` and the first load write the prepared data here; later loads read it.

An entry is keyed by everything that shapes the prepared data: each input file's path and SHA-256,
the reference date, every file under ``data_contracts/`` and the package (its version and the
source of the rooms that read and check data). Change any of them and the key changes, so a stale
entry is never read; it is simply not found, and the data are prepared again.

Entries hold child-level rows, so the folder is readable by its owner only. ``JTAI_CACHE_DIR``
chooses the folder (tests point it at a temporary one); by default it is ``~/.cache/jtai``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl

from jtai_analysis import __version__
from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.ingest.readers import expand_paths
from jtai_analysis.model.prepared import PreparedData, prepare

log = logging.getLogger("jtai.cache")
CACHE_FORMAT = "1"  # bump when the layout of an entry changes
# Rooms whose code decides what the prepared data hold: a change in them invalidates the cache.
_SHAPING_ROOMS = ("common", "catalogue", "ingest", "validation", "model")


def cache_dir() -> Path:
    """Return the cache folder: ``JTAI_CACHE_DIR`` or ``$XDG_CACHE_HOME/jtai`` or ``~/.cache/jtai``."""
    override = os.environ.get("JTAI_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jtai"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tree_digest(folder: Path, patterns: tuple[str, ...]) -> str:
    """One digest of every file matching ``patterns`` under ``folder`` (names and contents)."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()})
    for path in files:
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(_sha256(path).encode())
    return digest.hexdigest()


def package_fingerprint() -> str:
    """The package version plus a digest of the source that shapes prepared data."""
    package = Path(__file__).resolve().parents[1]
    sources = hashlib.sha256()
    for room in _SHAPING_ROOMS:
        sources.update(_tree_digest(package / room, ("*.py", "*.yml")).encode())
    return f"{__version__}+{sources.hexdigest()[:16]}"


def cache_key(data_paths: list[Path], reference_date: dt.date) -> str:
    """The key of a submission's entry: inputs' checksums, reference date, contracts, package.

    Raises ``UnusableInputError`` when a path does not exist (as reading it would).
    """
    digest = hashlib.sha256()
    digest.update(f"format {CACHE_FORMAT}\n".encode())
    digest.update(f"package {package_fingerprint()}\n".encode())
    digest.update(f"contracts {_tree_digest(contracts_dir(), ('*.yml', '*.json'))}\n".encode())
    digest.update(f"reference {reference_date.isoformat()}\n".encode())
    for path in expand_paths([Path(p) for p in data_paths]):
        digest.update(f"input {path.resolve()} {_sha256(path)}\n".encode())
    return digest.hexdigest()[:32]


def entry_dir(key: str) -> Path:
    """Folder of one cache entry."""
    return cache_dir() / f"prepared-{key}"


def read_cached(data_paths: list[Path], reference_date: dt.date) -> PreparedData | None:
    """The cached prepared data of this submission, or None when there is no current entry."""
    folder = entry_dir(cache_key(data_paths, reference_date))
    if not (folder / "prepared.json").exists():
        return None
    try:
        return PreparedData.read(folder)
    except (OSError, ValueError, KeyError, pl.exceptions.PolarsError) as error:  # damaged: rebuild
        log.warning(
            "Cache entry %s could not be read (%s); preparing the data again", folder, error
        )
        shutil.rmtree(folder, ignore_errors=True)
        return None


def store(data: PreparedData, data_paths: list[Path], reference_date: dt.date) -> Path | None:
    """Write ``data`` as the entry for this submission; return its folder (None if it cannot be written).

    The entry is written aside and renamed into place, so a reader never sees half an entry. A
    cache that cannot be written (read-only disk, full disk) is reported in the log and skipped:
    the data are still usable, only the next start is slower.
    """
    try:
        folder = entry_dir(cache_key(data_paths, reference_date))
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(folder.parent, 0o700)  # child-level rows: the owner only
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=folder.parent))
        data.write(staging)
        try:
            os.replace(staging, folder)
        except OSError:  # another process stored the same entry first: keep theirs
            shutil.rmtree(staging, ignore_errors=True)
        return folder
    except OSError as error:
        log.warning("The prepared-data cache could not be written: %s", error)
        return None


def load_prepared(data_paths: list[Path], reference_date: dt.date) -> tuple[PreparedData, bool]:
    """The prepared data of a submission: from the cache when current, else prepared and stored.

    Returns the data and whether they came from the cache.
    """
    cached = read_cached(data_paths, reference_date)
    if cached is not None:
        return cached, True
    data, _ = prepare([Path(p) for p in data_paths], reference_date)
    store(data, data_paths, reference_date)
    return data, False
