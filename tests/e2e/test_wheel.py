"""``pip install .`` (not editable) gives a working workbench, run from a folder far from the checkout.

The wheel is built from the checkout and installed into a fresh virtual environment. To stay within a
few minutes, the new environment borrows the third-party packages of the test environment (a ``.pth``
line appended after its own site-packages, and their Jupyter data files through ``JUPYTER_PATH``)
instead of downloading them again; the workbench itself,
its contracts, notebooks and templates come only from the wheel (the test checks where they load from).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack")]
CHECKOUT = Path(__file__).resolve().parents[2]


def _site_packages(environment: Path) -> Path:
    return next(environment.glob("lib/python3*/site-packages"))


_NOT_SOURCE = shutil.ignore_patterns(
    ".venv", ".git", "build", "*.egg-info", "__pycache__", ".*_cache", "test-artifacts"
)


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What the wheel is not built from: environments, caches, earlier builds, and the packs and
    exports under ``reports/`` (its ``templates/`` are shipped)."""
    ignored = set(_NOT_SOURCE(folder, names))
    if Path(folder) == CHECKOUT / "reports":
        ignored |= {name for name in names if name != "templates"}
    return ignored


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the checkout: a build writes into its source folder
    (``build/``, ``*.egg-info``), so two builds of one folder at once break each other, and a test
    should leave the checkout as it found it."""
    source = tmp_path_factory.mktemp("source") / "checkout"
    shutil.copytree(CHECKOUT, source, ignore=_not_source)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],  # fmt: skip
        check=True,
        cwd=out,
    )
    return next(out.glob("jtai_analysis-*.whl"))


def test_the_wheel_carries_contracts_notebooks_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for top_level in ("data_contracts/cp.yml", "data_contracts/suites/cp.json"):
        assert f"jtai_analysis/_resources/{top_level}" in names
    assert "jtai_analysis/_resources/notebooks/00_overview.ipynb" in names
    assert "jtai_analysis/_resources/templates/pack.html.j2" in names
    assert "jtai_analysis/_resources/templates/pack.css" in names
    assert "jtai_analysis/catalogue/information_requests.yml" in names
    shipped_notebooks = {n.rsplit("/", 1)[-1] for n in names if n.endswith(".ipynb")}
    assert shipped_notebooks == {p.name for p in (CHECKOUT / "notebooks").glob("*.ipynb")}


def test_installed_wheel_builds_a_pack_from_any_folder(
    wheel: Path, small_xlsx: Path, tmp_path: Path
) -> None:
    environment = tmp_path / "env"
    venv.create(environment, with_pip=False)
    own = _site_packages(environment)
    borrowed = Path(sysconfig.get_paths()["purelib"])
    (own / "borrowed_dependencies.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    python = environment / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],  # fmt: skip
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("JTAI_")}
    # The borrowed packages' data files (nbconvert's HTML templates) live under the test
    # environment's share/jupyter, which a pip install into the new environment would have made.
    clean_env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import jtai_analysis, jtai_analysis.common.paths as p; "
            "print(jtai_analysis.__file__); print(p.contracts_dir()); print(p.notebooks_dir())",
        ],  # fmt: skip
        check=True,
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=clean_env,
    ).stdout.splitlines()
    assert all(line.startswith(str(own)) for line in where), where  # nothing from the checkout

    done = subprocess.run(
        [
            str(environment / "bin" / "jtai"),
            "pack",
            "--data",
            str(small_xlsx),
            "--la",
            "Wheel Area",
            "--notification-date",
            REFERENCE_DATE.isoformat(),
            "--out",
            "pack",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=clean_env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    pack = elsewhere / "pack"
    assert (pack / "briefing-pack.html").stat().st_size > 1_000_000  # plotly.js and the sections
    provenance = json.loads((pack / "provenance.json").read_text(encoding="utf-8"))
    assert "cp.yml" in provenance["contracts"]
    assert (pack / "indicators.csv").read_text(encoding="utf-8").startswith("indicator_id,")
