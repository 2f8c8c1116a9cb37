"""The flags made from the run's options accept exactly the flags each command had."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from jtai_analysis.cli.main import build_parser
from jtai_analysis.cli.run_arguments import add_run_arguments, given_options
from jtai_analysis.common.run_options import OptionError


def _flags(command: str) -> set[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub = commands.choices[command]
    return {o for action in sub._actions for o in action.option_strings} - {"-h", "--help"}


def test_each_command_takes_exactly_its_old_flags() -> None:
    shared = {"--share-with-group"}
    assert _flags("pack") == shared | {
        "--data", "--la", "--notification-date", "--reference-date", "--out", "--seed",
        "--config", "--strict", "--pseudonymise", "--suppress-below", "--as-of",
        "--lock", "--exclude", "--lock-6", "--exclude-6",
    }  # fmt: skip
    assert _flags("sample") == shared | {
        "--data", "--reference-date", "--out", "--seed", "--selected-20",
        "--lock", "--exclude", "--lock-6", "--exclude-6",
    }  # fmt: skip
    assert _flags("dashboard") == shared | {
        "--data", "--pack", "--la", "--notification-date", "--reference-date", "--seed",
        "--lock", "--exclude", "--port", "--ip", "--no-browser",
    }  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    add_run_arguments(
        parser, ("data_paths", "notification_date", "seed", "lock_6", "is_strict", "out_dir")
    )
    return parser


def test_flags_are_given_as_before_and_read_by_the_model() -> None:
    args = _parser().parse_args(
        ["--data", "a.xlsx", "b", "--notification-date", "2026-11-16", "--seed", "3",
         "--lock-6", "C-1", "--lock-6", "C-2", "--strict"]
    )  # fmt: skip
    options = given_options(
        args, ("data_paths", "notification_date", "seed", "lock_6", "is_strict")
    )
    assert [str(p) for p in options["data_paths"]] == ["a.xlsx", "b"]
    assert options["notification_date"] == dt.date(2026, 11, 16)
    assert (options["seed"], options["lock_6"], options["is_strict"]) == (3, ("C-1", "C-2"), True)


def test_a_flag_not_given_is_not_an_option_given() -> None:
    args = _parser().parse_args([])
    assert given_options(args, ("seed", "lock_6", "is_strict", "out_dir")) == {}


def test_a_bad_flag_is_refused_naming_the_flag() -> None:
    args = _parser().parse_args(["--seed", "abc"])
    with pytest.raises(OptionError) as raised:
        given_options(args, ("seed",))
    assert (
        str(raised.value)
        == "The option --seed in the command line must be a whole number, not 'abc'."
    )
