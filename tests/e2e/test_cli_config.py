"""`jtai pack --config`: a config with an unknown key, a wrong type or a bad date exits 2 with one
sentence; an unexpected internal error exits 70, points to --debug, and shows a traceback only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtai_analysis.cli import command_pack
from jtai_analysis.cli.main import main
from tests.e2e.real_processes import run_jtai

BASE = "data: [{data}]\nla: Test Area\nnotification_date: 2026-11-16\nout: {out}\n"


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "inspection.yml"
    text = BASE.format(data=tmp_path / "data", out=tmp_path / "pack") + extra
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("strcit: true\n", "has an unknown option 'strcit'; did you mean 'strict'?"),
        ("seed: abc\n", "The option seed in {path} must be a whole number, not 'abc'."),
        ("lock: 1001\n", "The option lock in {path} must be a list of child IDs"),
        ("reference_date: 2026-11-31\n", "must be a date written YYYY-MM-DD, not '2026-11-31'."),
    ],
)
def test_a_bad_config_exits_2_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, expected: str
) -> None:
    path = _config(tmp_path, extra)
    assert main(["pack", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert expected.format(path=path) in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "pack").exists()  # refused before anything ran


def test_the_installed_command_refuses_a_bad_config_too(tmp_path: Path) -> None:
    result = run_jtai("pack", "--config", str(_config(tmp_path, "seed: abc\n")))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("must be a whole number, not 'abc'.")
    assert "Traceback" not in result.stderr


def test_a_folder_that_is_not_a_pack_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "thesis.docx").write_text("years of work", encoding="utf-8")
    (tmp_path / "data").mkdir()
    assert main(["pack", "--config", str(_config(tmp_path, ""))]) == 2
    assert "holds files that are not a briefing pack" in capsys.readouterr().err
    assert (tmp_path / "pack" / "thesis.docx").read_text(encoding="utf-8") == "years of work"


def _broken(args: object) -> int:
    raise KeyError("indicator_id")


def test_an_internal_error_exits_70_and_points_to_debug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(command_pack, "run_pack", _broken)
    assert main(["pack", "--config", str(_config(tmp_path, ""))]) == 70
    err = capsys.readouterr().err
    assert "unexpected internal error (KeyError: 'indicator_id')" in err
    assert "--debug" in err and "Traceback" not in err


def test_debug_shows_the_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(command_pack, "run_pack", _broken)
    assert main(["--debug", "pack", "--config", str(_config(tmp_path, ""))]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "_broken" in err
