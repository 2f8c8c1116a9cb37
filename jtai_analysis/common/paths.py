"""Where the project's own files live. The one place that resolves paths from the project root.

In a checkout (or an editable install) the contracts, notebooks and pack templates are the
top-level folders ``data_contracts/``, ``notebooks/`` and ``reports/templates/``. An installed wheel
carries copies of them in ``jtai_analysis/_resources/`` (``setup.py`` puts them there), so the
workbench runs from any folder.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_RESOURCES = _PACKAGE / "_resources"


def project_root() -> Path:
    """Return the repository root (the folder holding ``data_contracts/`` and ``notebooks/``).

    For an installed package with no checkout around it, the folder of its bundled resources.
    """
    checkout = _PACKAGE.parent
    if (checkout / "data_contracts").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return _RESOURCES


def _resource(checkout_folder: str, bundled_folder: str) -> Path:
    root = project_root()
    return root / (bundled_folder if root == _RESOURCES else checkout_folder)


def contracts_dir() -> Path:
    """Return the folder of data contracts; ``JTAI_CONTRACTS_DIR`` overrides it (for tests)."""
    override = os.environ.get("JTAI_CONTRACTS_DIR")
    return Path(override) if override else _resource("data_contracts", "data_contracts")


def notebooks_dir() -> Path:
    """Return the folder of numbered, parameterised notebooks; ``JTAI_NOTEBOOKS_DIR`` overrides it
    (an area's own extra sections, or tests)."""
    override = os.environ.get("JTAI_NOTEBOOKS_DIR")
    return Path(override) if override else _resource("notebooks", "notebooks")


def templates_dir() -> Path:
    """Return the folder of pack templates (HTML and presentation labels)."""
    return _resource("reports/templates", "templates")
