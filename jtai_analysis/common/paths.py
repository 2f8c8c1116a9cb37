"""Where the project's own files live. The one place that resolves paths from the project root."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the repository root (the folder holding ``data_contracts/`` and ``notebooks/``)."""
    return Path(__file__).resolve().parents[2]


def contracts_dir() -> Path:
    """Return the folder of data contracts; ``JTAI_CONTRACTS_DIR`` overrides it (for tests)."""
    override = os.environ.get("JTAI_CONTRACTS_DIR")
    return Path(override) if override else project_root() / "data_contracts"


def notebooks_dir() -> Path:
    """Return the folder of numbered, parameterised notebooks; ``JTAI_NOTEBOOKS_DIR`` overrides it
    (an area's own extra sections, or tests)."""
    override = os.environ.get("JTAI_NOTEBOOKS_DIR")
    return Path(override) if override else project_root() / "notebooks"


def templates_dir() -> Path:
    """Return the folder of pack templates (HTML and presentation labels)."""
    return project_root() / "reports" / "templates"
