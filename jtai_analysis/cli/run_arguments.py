"""The flags of a run's options, made from the one model of them
(:class:`~jtai_analysis.common.run_options.RunOptions`): its help, and how each kind of value is given.

Every flag is read as text and checked by the model's readers, so ``jtai pack --seed abc`` and
``seed: abc`` in ``--config`` are refused by the same sentence; a flag not given is None, so a
config file's value (or the model's default) stands.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from jtai_analysis.common.run_options import (
    Kind,
    Place,
    flag_name,
    long_name,
    option_help,
    option_kind,
    read_options,
)

# How a flag takes each kind of value.
_HOW = {
    Kind.PATHS: {"nargs": "+"},
    Kind.IDS: {"action": "append", "metavar": "ID"},
    Kind.YES_NO: {"action": "store_true"},
}


def add_run_arguments(
    parser: argparse.ArgumentParser,
    names: Sequence[str],
    required: Sequence[str] = (),
    help: Mapping[str, str] | None = None,
) -> None:
    """Add the flags of the options ``names`` (field names of the model) to ``parser``.

    Parameters
    ----------
    parser
        The command's parser.
    names
        The options the command takes, in the order ``--help`` lists them.
    required
        Those the command cannot run without (argparse refuses the command line without them).
    help
        A command's own help for an option whose default differs there (``--reference-date`` of
        a command without a notification date); the model's help otherwise.
    """
    for name in names:
        parser.add_argument(
            flag_name(name),
            dest=long_name(name),
            default=None,
            required=name in required,
            help=(help or {}).get(name, option_help(name)),
            **_HOW.get(option_kind(name), {}),
        )


def given_options(args: argparse.Namespace, names: Sequence[str]) -> dict[str, Any]:
    """The options ``names`` as given on the command line, checked and typed (by field name)."""
    flags = {long_name(name): getattr(args, long_name(name)) for name in names}
    return read_options(flags, "the command line", Place.FLAG)
