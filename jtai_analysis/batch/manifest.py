"""Read a batch manifest (YAML or CSV) into one :class:`AreaSpec` per area.

YAML: ``areas:`` a list of mappings. CSV: one row an area, ``data`` paths joined by ``;``. Each area
has ``name``, ``data`` and ``notification_date``, and optionally any ``jtai pack`` option by its
long name. Relative data paths are read from the manifest's own folder, so a manifest and its
uploads can move together.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic.dataclasses import dataclass as pydantic_dataclass

from jtai_analysis.common.run_options import (
    MANIFEST_NAMES,
    OPTIONS_CONFIG,
    Kind,
    OptionError,
    Place,
    RunOptions,
    option_kind,
    options_in,
    read_options,
)
from jtai_analysis.pack.run_config import load_yaml_options

# An area must give these (by the manifest's names: `name`, `data`, `notification_date`).
REQUIRED = ("area_name", "data_paths", "notification_date")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message says which area and field, and why."""


@pydantic_dataclass(frozen=True, config=OPTIONS_CONFIG)
class AreaSpec(RunOptions):
    """One area of a batch: the options its pack is built with, and its folder under the batch's."""

    folder: str = ""

    @property
    def name(self) -> str:
        """The area's name, as the manifest calls it."""
        return self.area_name

    def parameters(self) -> dict[str, object]:
        """The options that decide the pack, as plain JSON values (for the fingerprint and the summary).

        The data are not among them: the fingerprint follows the files themselves.
        """
        values = self.to_json()
        return {
            **{name: values[name] for name in options_in(Place.MANIFEST) if name != "data_paths"},
            "reference_date": self.reference_or_notification_date.isoformat(),
            "reference_date_given": self.reference_date_given,
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


def _as_written_in_text(name: str, value: object) -> object:
    """A value as a CSV cell (or a YAML string) holds it: lists joined by ``;``, yes/no as words."""
    if not isinstance(value, str):
        return value
    kind = option_kind(name)
    if kind in (Kind.PATHS, Kind.IDS):
        return [part.strip() for part in value.split(";") if part.strip()]
    if kind is Kind.YES_NO:
        return _is_yes(value)
    return value


def _area(raw: dict[str, Any], base: Path, where: str) -> AreaSpec:
    """One manifest entry checked and typed; raises :class:`ManifestError` naming ``where``."""
    entry = {str(k).strip().replace("-", "_"): v for k, v in raw.items() if v not in (None, "", [])}
    fields = {written: name for name, written in MANIFEST_NAMES.items()}
    missing = [MANIFEST_NAMES.get(k, k) for k in REQUIRED if MANIFEST_NAMES.get(k, k) not in entry]
    if missing:
        raise ManifestError(f"{where} has no {', '.join(missing)}.")
    known = [MANIFEST_NAMES.get(name, name) for name in options_in(Place.MANIFEST)]
    unknown = sorted(set(entry) - set(known))
    if unknown:
        raise ManifestError(
            f"{where} has options jtai batch does not know: {', '.join(unknown)} "
            f"(it knows {', '.join(known)})."
        )
    as_read = {k: _as_written_in_text(fields.get(k, k), v) for k, v in entry.items()}
    try:
        options = read_options(as_read, where, Place.MANIFEST)
    except OptionError as error:
        raise ManifestError(str(error)) from error
    name = options["area_name"].strip()
    folder = folder_name(name)
    if not folder:
        raise ManifestError(f"{where}: the name {name!r} has no letter or digit to name a folder.")
    paths = tuple((base / p).resolve() for p in options["data_paths"])
    if not paths:
        raise ManifestError(f"{where} ({name}) lists no data.")
    return AreaSpec(**{**options, "area_name": name, "data_paths": paths}, folder=folder)


def _entries(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    try:
        loaded = load_yaml_options(path, "The manifest")
    except OptionError as error:
        raise ManifestError(str(error)) from error
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
                f"The areas {seen[area.folder]!r} and {area.area_name!r} would share the folder {area.folder}/; rename one."
            )
        seen[area.folder] = area.area_name
    return areas
