"""The ``--config`` YAML file of ``jtai pack``, and the run it asks for with the flags given.

The file holds the options of :class:`~jtai_analysis.common.run_options.RunOptions` by their long
names (``la``, ``data``, ``notification_date`` ...), read by the same readers as the flags, so
``seed: abc``, ``lock: 1001`` or ``notification_date: 2026-13-01`` are refused in one sentence, and
an unknown key (``strcit: true``) is refused naming the nearest valid one instead of being
silently ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jtai_analysis.common.run_options import OptionError, Place, RunOptions, read_options

if TYPE_CHECKING:  # the pack builder is imported only when a run starts (it is slow to import)
    from jtai_analysis.pack.build import PackRequest


class _DatesAsTextLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so ``2026-13-01`` reaches the date reader (and its
    one-sentence message) instead of failing inside the YAML parser."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)  # YAML timestamps are always scalars
    return str(loader.construct_scalar(node))


_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def load_yaml_options(path: Path, what: str) -> Any:
    """A YAML file of options as parsed, dates left as text (raises :class:`OptionError`).

    ``what`` names the file in messages ("The config file", "The manifest").
    """
    try:
        return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_DatesAsTextLoader)  # noqa: S506 (a SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise OptionError(f"{what} {path} could not be read ({reason}).") from error
    except yaml.YAMLError as error:  # never its text: YAML quotes the line, maybe a key's
        mark = getattr(error, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark else ""
        raise OptionError(f"{what} {path} is not valid YAML{where}.") from None


def load_config_file(path: Path) -> dict[str, Any]:
    """The options of a YAML config file, checked and converted (raises :class:`OptionError`)."""
    loaded = load_yaml_options(path, "The config file")
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise OptionError(f"The config file {path} must hold 'option: value' lines.")
    return read_options(loaded, str(path), Place.FILE)


def resolve_run_config(config_file: Path | None, flags: Mapping[str, object]) -> RunOptions:
    """The run's options: the config file's, overridden by the flags given (by their long names)."""
    options = load_config_file(config_file) if config_file else {}
    options.update(read_options(flags, "the command line", Place.FLAG))
    return RunOptions(**options)


def pseudonym_key(config: RunOptions, environment_variable: str) -> str | None:
    """The pseudonym key when pseudonymising: from the environment or the config file, never a flag."""
    if not config.is_pseudonymised:
        return None
    return os.environ.get(environment_variable) or config.pseudonym_key


def to_request(
    config: RunOptions, pseudonym_key: str | None = None, config_file: Path | None = None
) -> PackRequest:
    """The :class:`PackRequest` these options ask for (raises if a required option is missing)."""
    from jtai_analysis.pack.build import PackRequest

    if config.missing():
        raise OptionError(
            f"jtai pack needs {', '.join(config.missing())} (as flags or in --config)."
        )
    return PackRequest(
        **{**config.values(), "pseudonym_key": pseudonym_key}, config_file=config_file
    )
