"""No real child ID in anything `jtai pack --pseudonymise` writes or says (issue 22, item 3).

The submission's child IDs are rewritten to a form that cannot occur by chance (``RAWID1002558``),
so a search for ``RAWID`` over every output finds any real ID that got through: file names, the
contents of every file (workbooks unzipped, Parquet read), the pack's logs and notebooks, and what
the command printed. Two children are locked into the 20 and one excluded by their real IDs on the
command line; provenance records that as a count, and the sample honours them under their
pseudonyms (worked out here with the HMAC the README describes).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import REFERENCE_DATE

pytestmark = [pytest.mark.slow]
KEY = "a-test-key-long-enough-for-hmac"
MARK = "RAWID"
_SEVEN_DIGIT_ID = re.compile(r"(?<![0-9A-Za-z/])(1[0-9]{6})(?![0-9A-Za-z/])")


def _pseudonym(child_id: str) -> str:
    """HMAC-SHA256 of the ID under the key, first 12 hex digits in capitals, after ``P-``."""
    digest = hmac.new(KEY.encode(), child_id.encode(), hashlib.sha256).hexdigest()
    return "P-" + digest[:12].upper()


@pytest.fixture(scope="module")
def marked_area(small_dirty_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("marked") / "area"
    shutil.copytree(small_dirty_csv, folder)
    # Without the information-on-the-20 return the 20 are proposed, so the locks and exclusion apply.
    (folder / "jtai_information_on_20.csv").unlink()
    for path in folder.glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        path.write_text(_SEVEN_DIGIT_ID.sub(MARK + r"\1", text), encoding="utf-8-sig")
    return folder


def _nominated(area: Path) -> list[str]:
    lines = (area / "jtai_nominations.csv").read_text(encoding="utf-8-sig").splitlines()
    return sorted({m.group(0) for line in lines for m in re.finditer(MARK + r"[0-9]{7}", line)})


def _texts(path: Path) -> list[str]:
    """What a reader of ``path`` could see: its bytes, each member of a zip, a Parquet file's rows."""
    if path.suffix == ".parquet":
        return [pl.read_parquet(path).write_csv(), path.read_bytes().decode("latin-1")]
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(name).decode("latin-1") for name in archive.namelist()]
    return [data.decode("latin-1")]


def test_no_real_id_in_any_output_of_a_pseudonymised_pack(
    marked_area: Path, tmp_path: Path
) -> None:
    nominated = _nominated(marked_area)
    locked, excluded = nominated[:2], nominated[2]
    out = tmp_path / "shared"
    command = [sys.executable, "-m", "jtai_analysis.cli", "pack", "--data", str(marked_area)]
    command += ["--la", "Shared Area", "--notification-date", REFERENCE_DATE.isoformat()]
    command += ["--out", str(out), "--pseudonymise", "--lock", locked[0], "--exclude", excluded]
    command += [f"--lock={locked[1]}"]
    environment = {"JTAI_PSEUDONYM_KEY": KEY, "PATH": "/usr/bin:/bin"}
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, env=environment)
    assert run.returncode == 0, run.stderr

    assert MARK not in run.stdout + run.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {"provenance.json", "run.log", "validation.json"} <= {p.name for p in files}
    assert any(p.parent.name == "notebooks" for p in files)
    assert any(p.parent.name == "quarantine" for p in files)
    for path in out.rglob("*"):
        assert MARK not in path.name
        if path.is_file():
            assert all(MARK not in text for text in _texts(path)), path.relative_to(out)

    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert "--lock [2 IDs]" in provenance["command"]
    assert "--exclude [1 ID]" in provenance["command"]
    assert provenance["parameters"]["lock"] == [_pseudonym(i) for i in locked]
    chosen = pl.read_csv(out / "sample" / "selected_20.csv", infer_schema=False)["child_id"]
    assert set(map(_pseudonym, locked)) <= set(chosen)
    assert _pseudonym(excluded) not in set(chosen)
