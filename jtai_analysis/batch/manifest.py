"""Read a batch manifest (YAML or CSV) into one :class:`AreaSpec` per area.

YAML: ``areas:`` a list of mappings. CSV: one row an area, ``data`` paths joined by ``;``. Each area
has ``name``, ``data`` and ``notification_date``, and optionally any ``jtai pack`` option by its
long name. Relative data paths are read from the manifest's own folder, so a manifest and its
uploads can move together.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jtai_analysis.presentation.notebook_context import ParameterError, parse_iso_date

REQUIRED = ("name", "data", "notification_date")
# The `jtai pack` options an area may set (long names, dashes or underscores).
OPTIONS = (
    "reference_date",
    "seed",
    "as_of",
    "suppress_below",
    "lock",
    "exclude",
    "lock_6",
    "exclude_6",
    "strict",
    "pseudonymise",
)


class ManifestError(ValueError):
    """A manifest that cannot be used; the message says which area and field, and why."""


@dataclass(frozen=True)
class AreaSpec:
    """One area of a batch: what its pack is built from and with which options."""

    name: str
    folder: str  # the area's folder under the batch's output folder
    data_paths: tuple[Path, ...]
    notification_date: dt.date
    reference_date: dt.date
    seed: int = 1
    as_of: str = ""
    suppress_below: int = 0
    lock: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lock_6: tuple[str, ...] = ()  # children the 6 must include / must not include
    exclude_6: tuple[str, ...] = ()
    is_strict: bool = False
    is_pseudonymised: bool = False
    # False when the manifest gives no reference date: the sheets' period end, else the notification date
    reference_date_given: bool = True

    def parameters(self) -> dict[str, object]:
        """The options that decide the pack, as plain JSON values (for the fingerprint and the summary)."""
        return {
            "name": self.name,
            "notification_date": self.notification_date.isoformat(),
            "reference_date": self.reference_date.isoformat(),
            "reference_date_given": self.reference_date_given,
            "seed": self.seed,
            "as_of": self.as_of,
            "suppress_below": self.suppress_below,
            "lock": list(self.lock),
            "exclude": list(self.exclude),
            "lock_6": list(self.lock_6),
            "exclude_6": list(self.exclude_6),
            "strict": self.is_strict,
            "pseudonymise": self.is_pseudonymised,
        }


def folder_name(name: str) -> str:
    """An area name as a folder name: ASCII letters and digits, words joined by ``-``, lower case.

    >>> folder_name("Bath & North East Somerset")
    'bath-north-east-somerset'
    >>> folder_name("St. Helens")
    'st-helens'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _is_yes(value: object) -> bool:
    return str(value).strip().lower() in {"true", "yes", "y", "1"}


def _as_list(value: object, separator: str = ";") -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(separator) if part.strip()]


def _area(raw: dict[str, Any], base: Path, where: str) -> AreaSpec:
    """One manifest entry checked and typed; raises :class:`ManifestError` naming ``where``."""
    entry = {str(k).strip().replace("-", "_"): v for k, v in raw.items() if v not in (None, "", [])}
    missing = [k for k in REQUIRED if k not in entry]
    if missing:
        raise ManifestError(f"{where} has no {', '.join(missing)}.")
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONS))
    if unknown:
        raise ManifestError(
            f"{where} has options jtai batch does not know: {', '.join(unknown)} "
            f"(it knows {', '.join(OPTIONS)})."
        )
    name = str(entry["name"]).strip()
    folder = folder_name(name)
    if not folder:
        raise ManifestError(f"{where}: the name {name!r} has no letter or digit to name a folder.")
    paths = tuple((base / p).resolve() for p in _as_list(entry["data"]))
    if not paths:
        raise ManifestError(f"{where} ({name}) lists no data.")
    try:
        notified = parse_iso_date(entry["notification_date"], "notification_date")
        reference = parse_iso_date(entry.get("reference_date", notified), "reference_date")
        seed = int(str(entry.get("seed", 1)))
        suppress_below = int(str(entry.get("suppress_below", 0)))
    except (ParameterError, ValueError) as error:
        raise ManifestError(f"{where} ({name}): {error}") from error
    return AreaSpec(
        name=name,
        folder=folder,
        data_paths=paths,
        notification_date=notified,
        reference_date=reference,
        reference_date_given="reference_date" in entry,
        seed=seed,
        as_of=str(entry.get("as_of", "")),
        suppress_below=suppress_below,
        lock=tuple(_as_list(entry.get("lock"))),
        exclude=tuple(_as_list(entry.get("exclude"))),
        lock_6=tuple(_as_list(entry.get("lock_6"))),
        exclude_6=tuple(_as_list(entry.get("exclude_6"))),
        is_strict=_is_yes(entry.get("strict", False)),
        is_pseudonymised=_is_yes(entry.get("pseudonymise", False)),
    )


def _entries(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(text.splitlines()))
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ManifestError(f"The manifest {path} is not valid YAML ({error}).") from error
    areas = loaded.get("areas") if isinstance(loaded, dict) else None
    if not isinstance(areas, list) or not all(isinstance(a, dict) for a in areas):
        raise ManifestError(
            f"The manifest {path} must hold `areas:`, a list of areas each with name, data and notification_date."
        )
    return areas


def read_manifest(path: Path) -> list[AreaSpec]:
    """Read the areas of a YAML (``.yml``/``.yaml``) or CSV (``.csv``) manifest.

    Parameters
    ----------
    path
        The manifest file.

    Returns
    -------
    list[AreaSpec]
        The areas in manifest order.

    Raises
    ------
    ManifestError
        The file cannot be read, an area lacks a required field or has an unknown option or a bad
        date, or two areas would share a folder.
    """
    try:
        entries = _entries(path)
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"The manifest {path} could not be read ({error}).") from error
    if not entries:
        raise ManifestError(f"The manifest {path} lists no areas.")
    base = path.resolve().parent
    is_csv = path.suffix.lower() == ".csv"
    areas = [
        # A CSV's first area is on line 2 (under the header); a YAML's is area 1.
        _area(entry, base, f"Line {i + 2} of {path.name}" if is_csv else f"Area {i + 1}")
        for i, entry in enumerate(entries)
    ]
    seen: dict[str, str] = {}
    for area in areas:
        if area.folder in seen:
            raise ManifestError(
                f"The areas {seen[area.folder]!r} and {area.name!r} would share the folder {area.folder}/; rename one."
            )
        seen[area.folder] = area.name
    return areas
