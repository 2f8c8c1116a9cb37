"""``provenance.json``: what a pack was built from, so a figure can be traced and the run repeated.

Inputs with sizes and checksums, the parameters, the checksum of every contract file and of the
config file used, and the version of every package that shapes a figure.
"""

from __future__ import annotations

import platform
from collections.abc import Collection, Sequence
from importlib import metadata
from pathlib import Path

from jtai_analysis.common.file_digest import sha256_of
from jtai_analysis.common.paths import contracts_dir
from jtai_analysis.privacy.recorded_command import command_without_ids

# Every installed distribution whose behaviour can change a number, a date or what the pack shows.
FIGURE_PACKAGES = (
    "jtai-analysis",
    "holidays",  # bank holidays behind every working-day figure
    "polars",
    "pandas",
    "numpy",
    "pyarrow",
    "fastexcel",  # reads the workbooks
    "openpyxl",
    "xlsxwriter",
    "great-expectations",
    "plotly",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "jupyter-client",
    "ipykernel",
    "ipython",
    "icalendar",
    "jinja2",
    "pyyaml",
)


def package_versions() -> dict[str, str]:
    """Python's version and each of :data:`FIGURE_PACKAGES`' ("not installed" when absent)."""
    versions = {"python": platform.python_version()}
    for name in FIGURE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def contract_checksums(folder: Path | None = None) -> dict[str, str]:
    """SHA-256 of every contract file (``*.yml`` and compiled ``suites/*.json``), by relative path."""
    root = folder or contracts_dir()
    files = sorted([*root.glob("*.yml"), *root.glob("suites/*.json")])
    return {path.relative_to(root).as_posix(): sha256_of(path) for path in files}


def config_record(config_file: Path | None) -> dict[str, str] | None:
    """The config file used (path and SHA-256), or None when the run had none."""
    if config_file is None:
        return None
    resolved = config_file.resolve()
    return {"path": str(resolved), "sha256": sha256_of(resolved)}


def recorded_command(argv: Sequence[str], hidden_ids: Collection[str] = ()) -> str:
    """The command line as provenance records it: verbatim, or with ``hidden_ids`` counted.

    A pseudonymised pack passes the real IDs it was given (``--lock 1001`` is recorded as
    ``--lock [1 ID]``), so provenance never holds a real child ID.
    """
    if not hidden_ids:
        return " ".join(argv)
    return command_without_ids(argv, hidden_ids)
