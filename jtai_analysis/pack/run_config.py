"""The typed run configuration of ``jtai pack``, shared by the flags and the ``--config`` YAML file.

One dataclass names every option once. A value from YAML or from a flag goes through the same
reader for its field's type, so ``seed: abc``, ``lock: 1001`` or ``notification_date: 2026-13-01``
are refused in one sentence, and an unknown key (``strcit: true``) is refused naming the nearest
valid one instead of being silently ignored. A new option is one more field (with its reader, if
its type is new).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jtai_analysis.presentation.notebook_context import ParameterError, parse_as_of, parse_iso_date

if TYPE_CHECKING:  # the pack builder is imported only when a run starts (it is slow to import)
    from jtai_analysis.pack.build import PackRequest

REQUIRED = ("data", "la", "notification_date", "out")


class RunConfigError(ValueError):
    """A configuration that cannot be used: one plain sentence, naming the option and where it came from."""


@dataclass(frozen=True)
class RunConfig:
    """Every option of a pack run, by the flag's long name (``--notification-date`` is ``notification_date``)."""

    data: tuple[Path, ...] = ()
    la: str = ""
    notification_date: dt.date | None = None
    out: Path | None = None
    reference_date: dt.date | None = None  # blank means the notification date
    seed: int = 1
    strict: bool = False
    pseudonymise: bool = False
    pseudonym_key: str | None = field(default=None, repr=False)
    suppress_below: int = 0
    as_of: str = ""  # YYYY-MM-DD or YYYY-MM-DDTHH:MM; blank means the time of the run
    lock: tuple[str, ...] = ()  # children the proposed 20 must include / must not include
    exclude: tuple[str, ...] = ()
    lock_6: tuple[str, ...] = ()  # children the 6 must include / must not include
    exclude_6: tuple[str, ...] = ()
    share_with_group: str | None = None  # a group that may read the outputs (default: owner only)

    def missing(self) -> list[str]:
        """The required options not given, as flags (``--la``)."""
        return [f"--{name.replace('_', '-')}" for name in REQUIRED if not getattr(self, name)]

    def to_request(
        self, pseudonym_key: str | None = None, config_file: Path | None = None
    ) -> PackRequest:
        """The :class:`PackRequest` this configuration asks for (raises if a required option is missing)."""
        from jtai_analysis.pack.build import PackRequest

        if self.missing():
            raise RunConfigError(
                f"jtai pack needs {', '.join(self.missing())} (as flags or in --config)."
            )
        assert self.notification_date is not None and self.out is not None  # checked just above
        return PackRequest(
            data_paths=self.data,
            area_name=self.la,
            notification_date=self.notification_date,
            reference_date=self.reference_date or self.notification_date,
            reference_date_given=self.reference_date is not None,
            out_dir=self.out,
            seed=self.seed,
            as_of=self.as_of,
            pseudonym_key=pseudonym_key,
            suppress_below=self.suppress_below,
            lock=self.lock,
            exclude=self.exclude,
            lock_6=self.lock_6,
            exclude_6=self.exclude_6,
            config_file=config_file,
        )


Reader = Callable[[object], object]


def _text(value: object) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError("a piece of text")


def _whole_number(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError("a whole number")


def _count(value: object) -> int:
    number = _whole_number(value)
    if number < 0:
        raise ValueError("a whole number, 0 or more")
    return number


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("true or false")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("a date written YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    try:
        return parse_iso_date(_text(value), "date")
    except (ParameterError, ValueError) as error:
        raise ValueError("a date written YYYY-MM-DD") from error


def _moment(value: object) -> str:
    text = "" if value is None else _text(value).strip()
    if isinstance(value, dt.date):
        text = value.isoformat()
    if text:
        try:
            parse_as_of(text)
        except ParameterError as error:
            raise ValueError("a moment written YYYY-MM-DD or YYYY-MM-DDTHH:MM") from error
    return text


def _path(value: object) -> Path:
    if isinstance(value, str | Path) and str(value).strip():
        return Path(value)
    raise ValueError("a path")


def _paths(value: object) -> tuple[Path, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    try:
        return tuple(_path(item) for item in items)
    except ValueError as error:
        raise ValueError("a path or a list of paths") from error


def _ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError("a list of child IDs (for example [1001, 1002])")
    try:
        return tuple(_text(item) for item in value)
    except ValueError as error:
        raise ValueError("a list of child IDs (for example [1001, 1002])") from error


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


# How each option is read; an option without an entry here is refused by the test that checks this.
READERS: dict[str, Reader] = {
    "data": _paths,
    "la": _text,
    "notification_date": _date,
    "out": _path,
    "reference_date": _date,
    "seed": _whole_number,
    "strict": _flag,
    "pseudonymise": _flag,
    "pseudonym_key": _optional_text,
    "suppress_below": _count,
    "as_of": _moment,
    "lock": _ids,
    "exclude": _ids,
    "lock_6": _ids,
    "exclude_6": _ids,
    "share_with_group": _optional_text,
}


def option_names() -> list[str]:
    """Every option a configuration may hold, in the dataclass's order."""
    return [f.name for f in fields(RunConfig)]


def _nearest(name: str) -> str:
    close = difflib.get_close_matches(name, option_names(), n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"the options are {', '.join(option_names())}."


def read_options(
    options: Mapping[str, object], where: str, as_flags: bool = False
) -> dict[str, Any]:
    """Check and convert raw options (YAML values or flag values); raise :class:`RunConfigError`.

    ``where`` names the source in messages ("inspection.yml", "the command line"); with ``as_flags``
    options are named as flags (``--notification-date``).
    """
    read: dict[str, Any] = {}
    for raw_name, value in options.items():
        name = str(raw_name).strip().replace("-", "_")
        shown = f"--{name.replace('_', '-')}" if as_flags else name
        if name not in READERS:
            raise RunConfigError(f"{where} has an unknown option {raw_name!r}; {_nearest(name)}")
        if value is None:
            continue  # an empty YAML value or a flag not given: the default stands
        try:
            read[name] = READERS[name](value)
        except ValueError as error:
            raise RunConfigError(
                f"The option {shown} in {where} must be {error}, not {value!r}."
            ) from error
    return read


class _DatesAsTextLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so ``2026-13-01`` reaches the date reader (and its
    one-sentence message) instead of failing inside the YAML parser."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)  # YAML timestamps are always scalars
    return str(loader.construct_scalar(node))


_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def load_config_file(path: Path) -> dict[str, Any]:
    """The options of a YAML config file, checked and converted (raises :class:`RunConfigError`)."""
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsTextLoader)  # noqa: S506 (a SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise RunConfigError(f"The config file {path} could not be read ({reason}).") from error
    except yaml.YAMLError as error:  # never its text: YAML quotes the line, maybe a key's
        mark = getattr(error, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark else ""
        raise RunConfigError(f"The config file {path} is not valid YAML{where}.") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise RunConfigError(f"The config file {path} must hold 'option: value' lines.")
    return read_options(loaded, str(path))


def resolve_run_config(config_file: Path | None, flags: Mapping[str, object]) -> RunConfig:
    """The run configuration: the config file's options, overridden by the flags given."""
    options = load_config_file(config_file) if config_file else {}
    options.update(read_options(flags, "the command line", as_flags=True))
    return replace(RunConfig(), **options)


def pseudonym_key(config: RunConfig, environment_variable: str) -> str | None:
    """The pseudonym key when pseudonymising: from the environment or the config file, never a flag."""
    if not config.pseudonymise:
        return None
    return os.environ.get(environment_variable) or config.pseudonym_key
