"""The `jtai` command as a user runs it: exit codes and plain messages, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import REFERENCE_DATE
from tests.e2e.real_processes import run_jtai
from tests.unit.inspection.test_timeline import EXPECTED


def test_synth_writes_a_submission(tmp_path: Path) -> None:
    result = run_jtai(
        "synth",
        "--out",
        str(tmp_path / "s"),
        "--size",
        "small",
        "--seed",
        "4",
        "--format",
        "csv",
        "--dirty",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "defects.json").exists() and (
        tmp_path / "s" / "list_1_contacts.csv"
    ).exists()
    assert "Planted" in result.stdout


def test_timeline_json_and_csv() -> None:
    result = run_jtai("timeline", "--notification-date", "2026-11-16", "--format", "json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert {"milestone", "title", "date", "time", "source"} == set(rows[0])
    assert next(r for r in rows if r["milestone"] == "select_6") == {
        "milestone": "select_6",
        "title": "Lead inspector selects 6 children for audit",
        "date": "2026-11-20",
        "time": "11:00",
        "source": "para 116",
    }
    csv_out = run_jtai(
        "timeline", "--notification-date", "2026-11-16", "--format", "csv"
    ).stdout.splitlines()
    assert csv_out[0] == "milestone,title,date,time,source" and len(csv_out) == len(rows) + 1


def test_timeline_ics_parses_back_to_the_same_events() -> None:
    result = run_jtai("timeline", "--notification-date", "2026-11-16", "--format", "ics")
    assert result.returncode == 0
    events = Calendar.from_ical(result.stdout).walk("VEVENT")
    expected = EXPECTED[REFERENCE_DATE]  # dates and times worked out by hand from the guidance
    assert len(events) == len(expected)
    by_uid = {str(e["UID"]): e for e in events}
    for milestone, (date, time) in expected.items():
        event = by_uid[f"{milestone}-2026-11-16@jtai-workbench"]
        start = event.decoded("DTSTART")
        if time:
            assert (start.date(), start.strftime("%H:%M"), str(start.tzinfo)) == (
                date,
                time,
                "Europe/London",
            )
        else:
            assert start == date


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "--notification-date", "16/11/2026"), "must be a date written YYYY-MM-DD"),
        (
            (
                "pack",
                "--data",
                "/no/such/folder",
                "--la",
                "X",
                "--notification-date",
                "2026-11-16",
                "--out",
                "/tmp/x",
            ),
            "does not exist",
        ),
        (("pack", "--la", "X"), "jtai pack needs --data, --notification-date, --out"),
        (("pack", "--config", "/no/such.yml"), "could not be read"),
        (
            (
                "pack",
                "--data",
                ".",
                "--la",
                "X",
                "--notification-date",
                "2026-02-30",
                "--out",
                "/tmp/x",
            ),
            "YYYY-MM-DD",
        ),
    ],
)
def test_bad_input_exits_2_with_a_plain_message(args: tuple[str, ...], message: str) -> None:
    result = run_jtai(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_files_exit_2(tmp_path: Path) -> None:
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    result = run_jtai(
        "pack",
        "--data",
        str(tmp_path / "fake.xlsx"),
        "--la",
        "X",
        "--notification-date",
        "2026-11-16",
        "--out",
        str(tmp_path / "o"),
    )
    assert (
        result.returncode == 2
        and "is not an Excel workbook" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_templates_round_trip_through_ingest(tmp_path: Path) -> None:
    from jtai_analysis.ingest.submission import ingest

    assert run_jtai("templates", "--out", str(tmp_path)).returncode == 0
    submission = ingest([tmp_path])
    assert set(submission.parts) == {
        "nominations",
        "candidate_info",
        "not_in_fte",
        "requests",
        "meetings",
        "week2_tracker",
    }
    assert submission.row_counts()["requests"] == 50  # items 1.1 to 5.9, pre-filled
    assert submission.unrecognised == []


def test_sample_writes_the_20_and_6_and_refuses_impossible_locks(
    small_xlsx: Path, tmp_path: Path
) -> None:
    def sample(out: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return run_jtai(
            "sample",
            "--data",
            str(small_xlsx),
            "--reference-date",
            "2026-11-16",
            "--out",
            str(tmp_path / out),
            *extra,
        )

    ok = sample("s")
    assert ok.returncode == 0, ok.stderr
    twenty = (tmp_path / "s" / "selected_20.csv").read_text().splitlines()
    assert twenty[0] == (
        "child_id,nomination_lists,age_group,sex,ethnicity,disability,status,agencies,why_chosen,"
        "proposed_or_chosen"
    )
    assert (
        len(twenty) == 21 and len((tmp_path / "s" / "selected_6.csv").read_text().splitlines()) == 7
    )
    assert sample("t").returncode == 0
    assert (tmp_path / "t" / "selected_20.csv").read_bytes() == (
        tmp_path / "s" / "selected_20.csv"
    ).read_bytes()
    bad = sample("u", "--lock", "NOT-A-CHILD")
    assert (
        bad.returncode == 4
        and "not on the nomination lists" in bad.stderr
        and "Traceback" not in bad.stderr
    )


@pytest.mark.slow
def test_pack_command_exit_3_when_a_notebook_fails_and_the_old_pack_stays(
    small_xlsx: Path, tmp_path: Path
) -> None:
    import os
    import shutil

    import nbformat

    from jtai_analysis.common.paths import notebooks_dir

    out = tmp_path / "pack"
    args = (
        "pack",
        "--data",
        str(small_xlsx),
        "--la",
        "Test",
        "--notification-date",
        "2026-11-16",
        "--out",
        str(out),
    )
    assert run_jtai(*args).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = tmp_path / "notebooks"
    shutil.copytree(notebooks_dir(), broken)
    notebook = nbformat.read(broken / "10_indicators.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('planted failure')"))
    nbformat.write(notebook, broken / "10_indicators.ipynb")
    failed = subprocess.run(
        [sys.executable, "-m", "jtai_analysis.cli", *args],
        capture_output=True, text=True, timeout=600, env={**os.environ, "JTAI_NOTEBOOKS_DIR": str(broken)},
    )  # fmt: skip
    assert failed.returncode == 3
    assert (
        "10_indicators.ipynb" in failed.stderr
        and "planted failure" in failed.stderr
        and "Traceback" not in failed.stderr
    )
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_sample_uses_the_returned_20_or_the_selected_20_file(
    small_xlsx: Path, tmp_path: Path
) -> None:
    import polars as pl

    from jtai_analysis.ingest.submission import ingest

    submission = ingest([small_xlsx])
    returned = submission.frame("candidate_info")["child_id"].to_list()
    nominated = sorted(set(submission.frame("nominations")["child_id"].to_list()))

    def sample(out: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return run_jtai(
            "sample", "--data", str(small_xlsx), "--reference-date", "2026-11-16",
            "--out", str(tmp_path / out), *extra,
        )  # fmt: skip

    ok = sample("r")
    assert ok.returncode == 0, ok.stderr
    twenty = pl.read_csv(tmp_path / "r" / "selected_20.csv", infer_schema=False)
    six = pl.read_csv(tmp_path / "r" / "selected_6.csv", infer_schema=False)
    assert sorted(twenty["child_id"]) == sorted(returned) and len(returned) == 20
    assert set(six["child_id"]) <= set(returned) and six.height == 6
    assert (tmp_path / "r" / "sample.xlsx").stat().st_size > 0
    # --selected-20: a CSV the lead inspector wrote, here the last 20 nominated children
    chosen = nominated[-20:]
    (tmp_path / "chosen.csv").write_text("child_id\n" + "\n".join(chosen) + "\n")
    own = sample("f", "--selected-20", str(tmp_path / "chosen.csv"))
    if own.returncode == 4:  # those 20 may hold too few multi-agency children: the rule is named
        assert "para 117" in own.stderr
    else:
        assert own.returncode == 0, own.stderr
        got = pl.read_csv(tmp_path / "f" / "selected_20.csv", infer_schema=False)
        assert sorted(got["child_id"]) == chosen
        assert set(
            pl.read_csv(tmp_path / "f" / "selected_6.csv", infer_schema=False)["child_id"]
        ) <= set(chosen)
    (tmp_path / "bad.csv").write_text("name\nx\n")
    bad = sample("b", "--selected-20", str(tmp_path / "bad.csv"))
    assert (
        bad.returncode == 2 and "no child_id column" in bad.stderr and "Traceback" not in bad.stderr
    )


def test_dip_is_reproducible_and_exits_as_the_interface_says(
    small_xlsx: Path, tmp_path: Path
) -> None:
    import polars as pl

    def dip(out: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return run_jtai(
            "dip", "--data", str(small_xlsx), "--reference-date", "2026-11-16",
            "--out", str(tmp_path / out), *extra,
        )  # fmt: skip

    first = dip(
        "a.csv", "--list", "referrals", "--n", "5", "--where", "referral_source=6", "--seed", "3"
    )
    assert first.returncode == 0, first.stderr
    again = dip(
        "b.csv", "--list", "referrals", "--n", "5", "--where", "referral_source=6", "--seed", "3"
    )
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    table = pl.read_csv(tmp_path / "a.csv", infer_schema=False)
    assert table.columns[:3] == ["child_id", "sheet", "row"] and table.height == 5
    assert set(table["referral_source"]) == {"6"}
    many = dip("c.xlsx", "--list", "referrals", "--n", "100000")
    assert many.returncode == 0 and "all of them are taken" in many.stdout
    none = dip("d.csv", "--list", "referrals", "--n", "3", "--where", "referral_date=1900-01-01")
    assert none.returncode == 4 and "No row" in none.stderr
    bad = dip("e.csv", "--list", "referrals", "--n", "3", "--where", "nonsense=1")
    assert bad.returncode == 2 and "not a column" in bad.stderr and "Traceback" not in bad.stderr
    assert again.returncode == 0
