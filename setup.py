"""Ship the project's resources inside the wheel, from their one home at the top of the checkout.

``data_contracts/``, ``notebooks/`` (the numbered ones and the explorer) and ``reports/templates/``
stay at the top level, where users edit and read them. A non-editable build copies them into
``jtai_analysis/_resources/``, where ``jtai_analysis.common.paths`` finds them when the package is
installed without a checkout. All other metadata is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# top-level folder -> (folder inside jtai_analysis/_resources, file patterns shipped)
RESOURCES = {
    "data_contracts": ("data_contracts", ("**/*.yml", "suites/*.json")),
    "notebooks": ("notebooks", ("*.ipynb",)),
    "reports/templates": ("templates", ("*.j2", "*.css", "*.js", "*.yml")),
}


class BuildPyWithResources(build_py):
    """``build_py`` that also copies the top-level resources into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout itself
        target = Path(self.build_lib) / "jtai_analysis" / "_resources"
        for source, (name, patterns) in RESOURCES.items():
            for pattern in patterns:
                for path in sorted((HERE / source).glob(pattern)):
                    destination = target / name / path.relative_to(HERE / source)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, destination)


setup(cmdclass={"build_py": BuildPyWithResources})
