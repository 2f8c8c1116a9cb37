"""The options of a run, declared once: what a pack, a batch area or a dashboard is made from.

One typed model, :class:`RunOptions`, names every option with its type, its default and its help.
Everything else is made from it: the flags of ``jtai pack``, ``jtai sample`` and ``jtai dashboard``
(:mod:`jtai_analysis.cli.run_arguments`), the ``--config`` file (:mod:`jtai_analysis.pack.run_config`),
an area of a batch manifest (:mod:`jtai_analysis.batch.manifest`), the pack's request
(``PackRequest`` adds how the pack is run), the dashboards' request, and the notebooks' ``options``
parameter with the ``parameters`` recorded in ``provenance.json`` (:meth:`RunOptions.notebook_parameters`).

Each source is read by :func:`read_options`: an unknown key is refused naming the nearest known one,
and a value of the wrong type is refused in one sentence naming the option and where it came from
(``The option seed in inspection.yml must be a whole number, not 'abc'.``). A new option is one
more field here.

Users write an option by its flag's long name (``--la``, ``la:`` in ``--config``), which is the
field's name except for the few in :data:`LONG_NAMES`; notebooks are given the field names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo

# Every model of a run's options refuses keys it does not declare (a typo is an error, never ignored).
OPTIONS_CONFIG = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


class OptionError(ValueError):
    """Options that cannot be used: one plain sentence naming the option and where it came from."""


class Place(enum.Flag):
    """Where users write an option."""

    FLAG = enum.auto()  # a flag of the commands that take it (`--lock-6`)
    FILE = enum.auto()  # a key of the --config file
    MANIFEST = enum.auto()  # a key of an area of a batch manifest
    NOTEBOOK = enum.auto()  # a key of the notebooks' options (and of provenance.json's parameters)


EVERYWHERE = Place.FLAG | Place.FILE | Place.MANIFEST | Place.NOTEBOOK


class Kind(enum.Enum):
    """What a value is, which says how a flag and a CSV cell hold it."""

    PATHS = "paths"  # one flag, several values (`--data a b`); `;` between them in a CSV cell
    IDS = "ids"  # a flag given once per value (`--lock 1001 --lock 1002`); `;` in a CSV cell
    YES_NO = "yes_no"  # a switch (`--strict`); yes/no, true/false in a CSV cell
    WHOLE = "whole"
    TEXT = "text"


# --- readers: the same for a YAML value, a flag's text and a CSV cell; each says what it wants ---


def _text(value: object) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError("a piece of text")


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


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


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("true or false")


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = _text(value).strip()
    if not text:  # a notebook's parameters write a date not given as ""
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError("a date written YYYY-MM-DD") from error


def _moment(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = "" if value is None else _text(value).strip()
    if text:
        try:
            dt.datetime.fromisoformat(text)
        except ValueError as error:
            raise ValueError("a moment written YYYY-MM-DD or YYYY-MM-DDTHH:MM") from error
    return text


def _path(value: object) -> Path | None:
    if value is None or isinstance(value, Path):
        return value
    if isinstance(value, str) and value.strip():
        return Path(value)
    raise ValueError("a path")


def _paths(value: object) -> tuple[Path, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    try:
        return tuple(Path(item) if isinstance(item, Path) else Path(_text(item)) for item in items)
    except ValueError as error:
        raise ValueError("a path or a list of paths") from error


def _ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError("a list of child IDs (for example [1001, 1002])")
    try:
        return tuple(_text(item) for item in value)
    except ValueError as error:
        raise ValueError("a list of child IDs (for example [1001, 1002])") from error


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Count = Annotated[int, BeforeValidator(_count)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(_date)]
Moment = Annotated[str, BeforeValidator(_moment)]
OptionalPath = Annotated[Path | None, BeforeValidator(_path)]
Paths = Annotated[tuple[Path, ...], BeforeValidator(_paths)]
ChildIds = Annotated[tuple[str, ...], BeforeValidator(_ids)]


def _option(
    default: Any, help: str, kind: Kind = Kind.TEXT, places: Place = EVERYWHERE, **more: Any
) -> Any:
    """A field of :class:`RunOptions` with its help, its kind and the places users write it."""
    return Field(
        default,
        description=help,
        json_schema_extra={"kind": kind.value, "places": places.value},
        **more,
    )


@dataclass(frozen=True, config=OPTIONS_CONFIG)
class RunOptions:
    """Every option of a run (see the module docstring). A blank or empty value means "not given"."""

    data_paths: Paths = _option((), "Annex A workbooks, CSVs or folders", Kind.PATHS)
    area_name: Text = _option("", "the local area's name")
    notification_date: OptionalDate = _option(None, "day 1 of the inspection (YYYY-MM-DD)")
    # Not given: the period end in the sheets' title rows when they name one (interfaces.md,
    # issue 9), else the notification date.
    reference_date: OptionalDate = _option(
        None, "date the lists were extracted (default: the notification date)"
    )
    out_dir: OptionalPath = _option(None, "output folder", places=Place.FLAG | Place.FILE)
    seed: WholeNumber = _option(
        1, "seed of the proposed sample (same seed, same children)", Kind.WHOLE
    )
    as_of: Moment = _option("", "judge deadlines at this moment, YYYY-MM-DDTHH:MM (default: now)")
    # The key is never a flag (flags show in `ps`): the environment, or the --config file.
    pseudonym_key: OptionalText = _option(
        None, "key of the pseudonyms", places=Place.FILE, repr=False
    )
    suppress_below: Count = _option(
        0, "hide counts from 1 to N-1 (packs shared beyond the team)", Kind.WHOLE
    )
    lock: ChildIds = _option((), "a child the proposed 20 must include", Kind.IDS)
    exclude: ChildIds = _option((), "a child the proposed 20 must not include", Kind.IDS)
    lock_6: ChildIds = _option((), "a child the 6 must include", Kind.IDS)
    exclude_6: ChildIds = _option((), "a child the 6 must not include", Kind.IDS)
    is_strict: YesNo = _option(
        False,
        "exit 1 if the data have error findings (pack still built)",
        Kind.YES_NO,
        Place.FLAG | Place.FILE | Place.MANIFEST,
    )
    is_pseudonymised: YesNo = _option(
        False,
        "child IDs as keyed pseudonyms (key: $JTAI_PSEUDONYM_KEY)",
        Kind.YES_NO,
        Place.FLAG | Place.FILE | Place.MANIFEST,
    )
    # --share-with-group is a flag of every command that writes (cli/main.py), so not one of these.
    share_with_group: OptionalText = _option(
        None, "a group that may read the outputs (default: owner only)", places=Place.FILE
    )
    # The batch's table of every area's indicators (its area comparison section); blank otherwise.
    comparison_path: Text = _option("", "the batch's cross-area table", places=Place.NOTEBOOK)

    @property
    def reference_date_given(self) -> bool:
        return self.reference_date is not None

    @property
    def reference_or_notification_date(self) -> dt.date:
        """The reference date given, else the notification date (raises if there is neither)."""
        date = self.reference_date or self.notification_date
        if date is None:
            raise OptionError("The options give neither a reference date nor a notification date.")
        return date

    def missing(self, required: Sequence[str] = ()) -> list[str]:
        """The options of ``required`` (default :data:`PACK_REQUIRED`) not given, as flags (``--la``)."""
        return [flag_name(name) for name in required or PACK_REQUIRED if not getattr(self, name)]

    def values(self) -> dict[str, Any]:
        """Every option by field name, as typed (for making a model that adds to these options)."""
        return {f.name: getattr(self, f.name) for f in fields(RunOptions)}

    def to_json(self) -> dict[str, Any]:
        """Every option as plain JSON values (dates ISO, paths and IDs as lists of text)."""
        return dict(_JSON.dump_python(RunOptions(**self.values()), mode="json"))

    def notebook_parameters(self) -> dict[str, object]:
        """What every notebook is given, as ``options`` (and what provenance.json records).

        The reference date is the one the run uses (else the notification date); data paths are
        absolute; ``comparison_path`` is given only in a batch.
        """
        values = self.to_json()
        parameters = {name: values[name] for name in options_in(Place.NOTEBOOK)}
        reference = self.reference_date or self.notification_date
        parameters["reference_date"] = reference.isoformat() if reference else ""
        parameters["data_paths"] = [str(p.resolve()) for p in self.data_paths]
        if not self.comparison_path:
            del parameters["comparison_path"]
        return parameters


_JSON = TypeAdapter(RunOptions)
# A pack run needs these, as flags or in --config.
PACK_REQUIRED = ("data_paths", "area_name", "notification_date", "out_dir")
# How users write an option (`--la`, `la:`) when not by its field's name.
LONG_NAMES = {
    "data_paths": "data",
    "area_name": "la",
    "out_dir": "out",
    "is_strict": "strict",
    "is_pseudonymised": "pseudonymise",
}
# An area of a batch manifest names its area `name` (interfaces.md).
MANIFEST_NAMES = {**LONG_NAMES, "area_name": "name"}


# The declared fields, with their help and metadata (pydantic keeps them on the class).
_FIELDS: dict[str, FieldInfo] = RunOptions.__pydantic_fields__  # type: ignore[attr-defined]


def _metadata(name: str) -> dict[str, Any]:
    extra = _FIELDS[name].json_schema_extra
    assert isinstance(extra, dict)  # every field is made by _option
    return extra


def option_help(name: str) -> str:
    """The help of an option (the text its flag shows in ``--help``)."""
    return str(_FIELDS[name].description)


def option_kind(name: str) -> Kind:
    return Kind(_metadata(name)["kind"])


def options_in(place: Place) -> list[str]:
    """The field names of the options written in ``place``, in the model's order."""
    return [f.name for f in fields(RunOptions) if Place(_metadata(f.name)["places"]) & place]


def long_name(name: str) -> str:
    """An option as ``--config`` and the flags name it (``area_name`` is ``la``)."""
    return LONG_NAMES.get(name, name)


def flag_name(name: str) -> str:
    """An option's flag (``lock_6`` is ``--lock-6``)."""
    return f"--{long_name(name).replace('_', '-')}"


def _names_in(place: Place) -> dict[str, str]:
    """How ``place`` writes each of its options (written name -> field name)."""
    if place is Place.NOTEBOOK:
        return {name: name for name in options_in(place)}
    written = MANIFEST_NAMES if place is Place.MANIFEST else LONG_NAMES
    return {written.get(name, name): name for name in options_in(place)}


def _nearest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"the options are {', '.join(known)}."


def read_options(raw: Mapping[Any, object], where: str, place: Place) -> dict[str, Any]:
    """Check and convert the options one source gives; raise :class:`OptionError`.

    Parameters
    ----------
    raw
        The options as written (YAML values, flag values, CSV cells, a notebook's ``options``),
        by the names ``place`` uses (dashes or underscores); a value of None is an option not given.
    where
        The source, for messages ("inspection.yml", "the command line").
    place
        Where the options were written: which options it may give, and by which names (flags are
        named as flags in messages, ``--notification-date``).

    Returns
    -------
    dict
        The options given, by field name, typed (pass them to :class:`RunOptions`).
    """
    names = _names_in(place)
    given: dict[str, object] = {}
    for raw_name, value in raw.items():
        written = str(raw_name).strip().replace("-", "_")
        if written not in names:
            raise OptionError(
                f"{where} has an unknown option {raw_name!r}; {_nearest(written, list(names))}"
            )
        if value is not None:  # an empty YAML value or a flag not given: the default stands
            given[names[written]] = value
    try:
        typed = RunOptions(**given)  # type: ignore[arg-type]
    except ValidationError as error:
        problem = error.errors()[0]
        name = str(problem["loc"][0])
        written_as = {field: written for written, field in names.items()}
        shown = flag_name(name) if place is Place.FLAG else written_as[name]
        found = (problem.get("ctx") or {}).get("error")
        wanted = str(found) if found else str(problem["msg"]).removeprefix("Input should be ")
        raise OptionError(
            f"The option {shown} in {where} must be {wanted}, not {given[name]!r}."
        ) from None
    return {name: getattr(typed, name) for name in given}


def notebook_options(options: Mapping[str, Any] | None, where: str = "options") -> RunOptions:
    """A notebook's ``options`` (or a run's ``options.json``, or provenance.json's parameters)."""
    return RunOptions(**read_options(dict(options or {}), where, Place.NOTEBOOK))
