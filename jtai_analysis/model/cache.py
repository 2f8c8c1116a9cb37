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

Kept for speed, never for ever: each time an entry is stored, entries not used for
``JTAI_CACHE_MAX_DAYS`` days (default 30) are removed, then the least recently used until the
folder holds at most ``JTAI_CACHE_MAX_MB`` megabytes (default 1000). ``jtai cache clear`` removes
them all, or those unused for a given number of days. A folder in use by a running dashboard (its
session) is never removed under it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jtai_analysis import __version__
from jtai_analysis.common.file_digest import sha256_of
from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.ingest.readers import expand_paths
from jtai_analysis.model.prepared import PreparedData, prepare

log = logging.getLogger("jtai.cache")
CACHE_FORMAT = "1"  # bump when the layout of an entry changes
# Rooms whose code decides what the prepared data hold: a change in them invalidates the cache.
_SHAPING_ROOMS = ("common", "catalogue", "ingest", "validation", "model")
MAX_MB_VARIABLE, DEFAULT_MAX_MB = "JTAI_CACHE_MAX_MB", 1000
MAX_DAYS_VARIABLE, DEFAULT_MAX_DAYS = "JTAI_CACHE_MAX_DAYS", 30
# What the cache folder holds: prepared data, and the dashboards' sessions (notebooks with their
# parameters, page templates). Folders being written are removed once clearly abandoned.
_ENTRY_PREFIXES = ("prepared-", "dashboard-")
_WRITING_PREFIX = ".writing-"
_ABANDONED_S = 3600
_IN_USE = ".in-use"
_DAY_S = 86400.0


def cache_dir() -> Path:
    """Return the cache folder: ``JTAI_CACHE_DIR`` or ``$XDG_CACHE_HOME/jtai`` or ``~/.cache/jtai``."""
    override = os.environ.get("JTAI_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jtai"


def _tree_digest(folder: Path, patterns: tuple[str, ...]) -> str:
    """One digest of every file matching ``patterns`` under ``folder`` (names and contents)."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()})
    for path in files:
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(sha256_of(path).encode())
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
        digest.update(f"input {path.resolve()} {sha256_of(path)}\n".encode())
    return digest.hexdigest()[:32]


def entry_dir(key: str) -> Path:
    """Folder of one cache entry."""
    return cache_dir() / f"prepared-{key}"


@dataclass(frozen=True)
class CacheLimits:
    """How much the cache may hold, and for how long an entry may go unused."""

    max_bytes: int
    max_unused_s: float


def _positive_number(variable: str, default: float) -> float:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        log.warning("%s=%r is not a positive number; using %s", variable, text, default)
        return default
    return value


def cache_limits() -> CacheLimits:
    """The limits from ``JTAI_CACHE_MAX_MB`` and ``JTAI_CACHE_MAX_DAYS`` (defaults 1000 MB, 30 days)."""
    return CacheLimits(
        max_bytes=int(_positive_number(MAX_MB_VARIABLE, DEFAULT_MAX_MB) * 1_000_000),
        max_unused_s=_positive_number(MAX_DAYS_VARIABLE, DEFAULT_MAX_DAYS) * _DAY_S,
    )


@dataclass(frozen=True)
class CacheEntry:
    """One folder of the cache: its size and when it was last used."""

    path: Path
    bytes: int
    last_used: float  # seconds since the epoch


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
    return total


def cache_entries() -> list[CacheEntry]:
    """Every entry of the cache folder, least recently used first."""
    folder = cache_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.is_dir() and path.name.startswith(_ENTRY_PREFIXES):
            with contextlib.suppress(OSError):
                found.append(CacheEntry(path, _folder_bytes(path), path.stat().st_mtime))
    return sorted(found, key=lambda entry: entry.last_used)


def _mark_used(folder: Path) -> None:
    """An entry's last use is its folder's modification time."""
    with contextlib.suppress(OSError):
        os.utime(folder)


@contextlib.contextmanager
def cache_in_use(folder: Path) -> Iterator[None]:
    """While inside, ``folder`` is not removed by pruning or ``jtai cache clear`` (a shared lock)."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / _IN_USE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        _mark_used(folder)
        yield
    finally:
        os.close(descriptor)


def _remove_unless_in_use(folder: Path) -> bool:
    """Remove ``folder`` unless a running command holds it (see :func:`cache_in_use`)."""
    marker = folder / _IN_USE
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        return not folder.exists()
    descriptor = os.open(marker, os.O_RDWR)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(folder, ignore_errors=True)  # held meanwhile: no one starts using it
        return not folder.exists()
    finally:
        os.close(descriptor)


def _remove_abandoned_writes(now: float) -> None:
    folder = cache_dir()
    if not folder.is_dir():
        return
    for path in folder.glob(f"{_WRITING_PREFIX}*"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > _ABANDONED_S:
                shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class Removed:
    """What a pruning or a clearing removed, and what it left because it was in use."""

    entries: int
    bytes: int
    in_use: int


def prune_cache(
    limits: CacheLimits | None = None, keep: Path | None = None, now: float | None = None
) -> Removed:
    """Remove entries unused for longer than the limit, then the least recently used until the
    cache is within its size; ``keep`` (the entry just stored) is never removed."""
    limits = limits or cache_limits()
    now = time.time() if now is None else now
    _remove_abandoned_writes(now)
    entries = [e for e in cache_entries() if keep is None or e.path != keep]
    total = sum(e.bytes for e in entries) + (_folder_bytes(keep) if keep else 0)
    removed = removed_bytes = in_use = 0
    for entry in entries:  # least recently used first
        if now - entry.last_used <= limits.max_unused_s and total <= limits.max_bytes:
            continue
        if _remove_unless_in_use(entry.path):
            removed, removed_bytes, total = (
                removed + 1,
                removed_bytes + entry.bytes,
                total - entry.bytes,
            )
        else:
            in_use += 1
    return Removed(removed, removed_bytes, in_use)


def clear_cache(older_than_days: float | None = None, now: float | None = None) -> Removed:
    """Remove every entry, or those not used for more than ``older_than_days`` days.

    Entries a running dashboard uses are left (counted in ``in_use``).
    """
    now = time.time() if now is None else now
    _remove_abandoned_writes(now)
    removed = removed_bytes = in_use = 0
    for entry in cache_entries():
        if older_than_days is not None and now - entry.last_used <= older_than_days * _DAY_S:
            continue
        if _remove_unless_in_use(entry.path):
            removed, removed_bytes = removed + 1, removed_bytes + entry.bytes
        else:
            in_use += 1
    return Removed(removed, removed_bytes, in_use)


def read_cached(data_paths: list[Path], reference_date: dt.date) -> PreparedData | None:
    """The cached prepared data of this submission, or None when there is no current entry."""
    folder = entry_dir(cache_key(data_paths, reference_date))
    if not (folder / "prepared.json").exists():
        return None
    try:
        data = PreparedData.read(folder)
        _mark_used(folder)
        return data
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
        staging = Path(tempfile.mkdtemp(prefix=_WRITING_PREFIX, dir=folder.parent))
        try:
            data.write(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            os.replace(staging, folder)
        except OSError:  # another process stored the same entry first: keep theirs
            shutil.rmtree(staging, ignore_errors=True)
        prune_cache(keep=folder)
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
