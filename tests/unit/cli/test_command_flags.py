"""`jtai dip`, `synth`, `validate` and `clean` take the run's options from the one model: a bad
value is refused in the sentence `jtai pack` says, and no command declares those flags itself."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from jtai_analysis.cli import command_dip, command_synth
from jtai_analysis.cli.main import build_parser, main
from jtai_analysis.cli.run_arguments import given_options
from jtai_analysis.common.run_options import RunOptions

CLI = Path(__file__).resolve().parents[3] / "jtai_analysis" / "cli"

BAD_SEED = "The option --seed in the command line must be a whole number, not 'abc'."
BAD_DATE = (
    "The option --reference-date in the command line must be a date written YYYY-MM-DD, "
    "not '31/02/2026'."
)


def _command_line(command: str, out: Path) -> list[str]:
    """A command line each command would otherwise run (its required flags given)."""
    return {
        "pack": ["pack", "--data", str(out), "--la", "X", "--notification-date", "2026-11-16",
                 "--out", str(out / "pack")],
        "dip": ["dip", "--data", str(out), "--list", "referrals", "--n", "5",
                "--out", str(out / "dip.csv")],
        "synth": ["synth", "--out", str(out / "synth")],
        "validate": ["validate", str(out), "--json", str(out / "findings.json")],
        "clean": ["clean", str(out), "--out", str(out / "clean")],
    }[command]  # fmt: skip


BAD_SEED_GIVEN = ("--seed", "abc", BAD_SEED)
BAD_DATE_GIVEN = ("--reference-date", "31/02/2026", BAD_DATE)


# validate and clean draw nothing at random: they take no --seed.
@pytest.mark.parametrize(
    ("command", "flag", "value", "sentence"),
    [
        *[(command, *BAD_SEED_GIVEN) for command in ("pack", "dip", "synth")],
        *[(command, *BAD_DATE_GIVEN) for command in ("pack", "dip", "synth", "validate", "clean")],
    ],
)
def test_a_bad_value_is_refused_with_the_sentence_of_jtai_pack(
    command: str,
    flag: str,
    value: str,
    sentence: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*_command_line(command, tmp_path), flag, value]) == 2
    assert capsys.readouterr().err.strip() == sentence
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # refused before anything was written


def test_validate_and_clean_take_no_seed(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["validate", "."], ["clean", ".", "--out", "x"]):
        with pytest.raises(SystemExit) as refused:
            build_parser().parse_args([*command, "--seed", "3"])
        assert refused.value.code == 2
        assert "unrecognized arguments: --seed 3" in capsys.readouterr().err


def _flags(command: str) -> set[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {o for action in commands.choices[command]._actions for o in action.option_strings}


def test_each_command_keeps_exactly_its_flags() -> None:
    shared = {"-h", "--help", "--share-with-group"}
    assert _flags("dip") == shared | {
        "--data", "--list", "--n", "--out", "--where", "--stratify", "--reference-date", "--seed",
        "--figure", "--group", "--pack",
    }  # fmt: skip
    assert _flags("synth") == shared | {
        "--out",
        "--size",
        "--seed",
        "--reference-date",
        "--format",
        "--dirty",
        "--standard",
    }
    assert _flags("validate") == shared | {"--reference-date", "--json", "--html", "--xlsx"}
    assert _flags("clean") == shared | {"--reference-date", "--out", "--format", "--degrade"}
    assert _flags("demo") == shared | {"--out", "--seed"}


def test_the_paths_of_validate_and_clean_stay_positional() -> None:
    args = build_parser().parse_args(["clean", "a.xlsx", "b", "--out", "tidy"])
    assert (args.paths, args.out) == (["a.xlsx", "b"], "tidy")


def test_dip_and_synth_draw_with_seed_1_unless_told() -> None:
    dip = build_parser().parse_args(["dip", "--n", "5", "--out", "d.csv"])
    assert RunOptions(**given_options(dip, command_dip.DIP_OPTIONS)).seed == 1
    synth = build_parser().parse_args(["synth", "--out", "s", "--seed", "7"])
    options = RunOptions(**given_options(synth, command_synth.SYNTH_OPTIONS))
    assert (options.seed, options.out_dir, options.reference_date) == (7, Path("s"), None)


# `add_argument(` then the flag, on the same line or the next.
DECLARES_A_RUN_OPTION = re.compile(r"add_argument\(\s*[\"'](--reference-date|--seed|--data)[\"']")


def test_the_search_finds_a_flag_declared_over_two_lines() -> None:
    assert DECLARES_A_RUN_OPTION.search('parser.add_argument(\n    "--seed", type=int)')
    assert DECLARES_A_RUN_OPTION.search("parser.add_argument('--data', nargs='+')")
    assert not DECLARES_A_RUN_OPTION.search('parser.add_argument("--dataset")')


def test_only_run_arguments_declares_the_run_options_flags() -> None:
    modules = sorted(CLI.glob("*.py"))
    assert CLI / "run_arguments.py" in modules and len(modules) > 10  # the folder is the right one
    declaring = [
        path.name
        for path in modules
        if path.name != "run_arguments.py" and DECLARES_A_RUN_OPTION.search(path.read_text())
    ]
    assert declaring == []
