"""A batch's plan: which areas to build and which are unchanged since their pack was built.

State lives in ``DIR/.jtai-batch/``: ``state.json`` (each built area's fingerprint, when it was
built and whether its data had error findings) and one log per area under ``logs/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jtai_analysis.batch.fingerprint import area_fingerprint
from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.batch.report import AreaOutcome

STATE_FOLDER = ".jtai-batch"
PACK_FILE = "briefing-pack.html"


@dataclass
class BatchPlan:
    """What a run will do: every area's fingerprint and outcome so far, and the areas to build."""

    areas: list[AreaSpec]
    out_dir: Path
    state: dict[str, dict[str, Any]]  # area folder -> what was recorded when its pack was built
    fingerprints: dict[str, str]
    to_build: list[AreaSpec]
    unchanged: list[AreaSpec]
    outcomes: dict[str, AreaOutcome]

    @property
    def state_dir(self) -> Path:
        return self.out_dir / STATE_FOLDER

    @property
    def state_path(self) -> Path:
        return self.state_dir / "state.json"

    def log_path(self, area: AreaSpec) -> str:
        """The area's batch log (one line per attempt and step)."""
        return str(self.state_dir / "logs" / f"{area.folder}.log")


def read_state(path: Path) -> dict[str, dict[str, Any]]:
    """The recorded state of earlier runs (empty when there is none, or it cannot be read)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def split_unchanged(
    areas: list[AreaSpec],
    out_dir: Path,
    state: dict[str, dict[str, Any]],
    fingerprints: dict[str, str],
    is_forced: bool,
) -> tuple[list[AreaSpec], list[AreaSpec]]:
    """Split the areas into those to build and those unchanged since their pack was built."""
    to_build: list[AreaSpec] = []
    unchanged: list[AreaSpec] = []
    for area in areas:
        is_same = state.get(area.folder, {}).get("fingerprint") == fingerprints[area.folder]
        folder = out_dir / area.folder
        has_pack = (folder / PACK_FILE).is_file() and (folder / "indicators.csv").is_file()
        (unchanged if is_same and has_pack and not is_forced else to_build).append(area)
    return to_build, unchanged


def plan_batch(
    areas: list[AreaSpec], out_dir: Path, is_forced: bool, pseudonym_key: str | None
) -> BatchPlan:
    """The plan of a run over ``areas`` into ``out_dir`` (which must be resolved).

    An unchanged area is skipped; one marked ``strict`` whose data had error findings when its pack
    was built is recorded as failed at the ``strict`` step, as a rebuild would record it.
    """
    (out_dir / STATE_FOLDER / "logs").mkdir(parents=True, exist_ok=True)
    state = read_state(out_dir / STATE_FOLDER / "state.json")
    outcomes = {a.folder: AreaOutcome(a.area_name, a.folder) for a in areas}
    fingerprints = {a.folder: area_fingerprint(a, pseudonym_key) for a in areas}
    to_build, unchanged = split_unchanged(areas, out_dir, state, fingerprints, is_forced)
    for area in unchanged:
        outcome = outcomes[area.folder]
        outcome.status = "skipped"
        if area.is_strict and state[area.folder].get("has_error_findings"):
            outcome.status, outcome.step = "failed", "strict"
            outcome.reason = "unchanged, and its data have error findings (strict)"
    return BatchPlan(areas, out_dir, state, fingerprints, to_build, unchanged, outcomes)
