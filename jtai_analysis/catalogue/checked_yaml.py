"""YAML read into typed models that refuse what they do not know, naming the file and key at fault.

Every file of the catalogue (the data contracts, ``events.yml``, ``information_requests.yml``) is
read through here: a typo in a key, a value of the wrong type or a name that points nowhere fails
at load with one sentence such as ``contacts.yml: columns[contact_source]: unknown key 'alias'
(did you mean 'aliases'?)``, and the code that reads the file gets typed attributes.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    model_validator,
)

Model = TypeVar("Model", bound=BaseModel)

# Keys that name an item of a list, in the order they are looked for: a column `key` (or the shared
# column it `use`s), a rule `id`, a code, a list, an information item's `number`, a header.
_ITEM_NAMES = ("key", "use", "id", "code", "list", "number", "header")


class ContractError(ValueError):
    """A catalogue file is malformed (a developer error, caught by the contract tests)."""


class KeyProblem(ValueError):
    """A problem a validator finds under a key of the model it checks (``signature``, ``rules[x]``).

    Raised by a check that looks across a model's keys, so the message can still point at one.
    """

    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key


class FrozenModel(BaseModel):
    """A catalogue entry: immutable, and refusing any key it does not declare."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_keys(cls, data: Any) -> Any:
        # pydantic refuses them too (extra="forbid"); this says which keys would have been right.
        if isinstance(data, Mapping):
            accepted = _accepted_keys(cls)
            for key in data:
                if key not in accepted:
                    raise ValueError(_unknown_key(key, accepted))
        return data


@cache
def _accepted_keys(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items())


def _unknown_key(key: object, accepted: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(key), accepted, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(accepted)}"
    return f"unknown key {key!r} ({hint})"


def _one_or_many(value: Any) -> Any:
    """A YAML value that may be one word or a list of them, as a list (nothing: an empty one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value


def _none_as_empty(value: Any) -> Any:
    return () if value is None else value


# `aliases: Contact Date` and `aliases: [Contact Date, Date contact received]` both read as a tuple.
Words = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]
# An empty `rules:` (YAML null) reads as no rules.
OptionalItems = BeforeValidator(_none_as_empty)
# Prose written over several YAML lines, without the line break a block scalar leaves at its end.
Prose = Annotated[str, AfterValidator(str.strip)]


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely, with libyaml's C parser when present (ten times faster; dashboards
    start by loading the catalogue, so its parse time is time before the first widget)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContractError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ContractError(f"{path.name}: is not valid YAML{where}.") from None


def validated(
    model: type[Model], raw: Any, file: str, context: dict[str, Any] | None = None
) -> Model:
    """``raw`` (a file's parsed YAML) as ``model``, or :class:`ContractError` naming file and key.

    Parameters
    ----------
    model
        The model of the whole file.
    raw
        The file as parsed.
    file
        The file's name, for the message.
    context
        What validators may look at beyond the file (other files' names: code lists, lists).
    """
    if not isinstance(raw, Mapping):
        raise ContractError(f"{file}: should hold keys and values, not {type(raw).__name__}.")
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as error:
        raise ContractError(describe(error, raw, file)) from None


def read_checked(model: type[Model], path: Path, context: dict[str, Any] | None = None) -> Model:
    """A catalogue YAML file read as ``model`` (see :func:`validated` for ``context``).

    Raises
    ------
    ContractError
        The file cannot be read, is not YAML, or does not fit ``model``; the message names the
        file and the key.
    """
    return validated(model, read_yaml(path), path.name, context)


def describe(error: ValidationError, raw: Any, file: str) -> str:
    """The first problem of ``error`` as "file: key path: problem", and how many more there are."""
    problems = error.errors()
    first = problems[0]
    path = _key_path(raw, first["loc"])
    found = (first.get("ctx") or {}).get("error")
    if isinstance(found, KeyProblem):
        path = f"{path}.{found.key}" if path else found.key
    sentence = f"{file}: {path + ': ' if path else ''}{_problem(first)}"
    if len(problems) > 1:
        more = len(problems) - 1
        sentence += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
    return sentence


def _key_path(raw: Any, loc: tuple[int | str, ...]) -> str:
    """``columns[contact_source].type``: list items named by their key, id or code where they have one."""
    path = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            name = _item_name(node, part)
            path += f"[{name}]"
            node = node[part] if isinstance(node, list | tuple) and part < len(node) else None
        elif isinstance(node, Mapping) and part in node:
            path += f".{part}" if path else str(part)
            node = node[part]
        elif isinstance(node, Mapping):  # a key the file lacks
            path += f".{part}" if path else str(part)
            node = None
        # else: a key pydantic adds to a one-word value (`not_weekend: icpc_date`): the path stops
    return path


def _item_name(items: Any, index: int) -> str:
    if isinstance(items, list | tuple) and index < len(items) and isinstance(items[index], Mapping):
        for key in _ITEM_NAMES:
            value = items[index].get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)
    return str(index)


def _problem(problem: Any) -> str:
    kind, value, ctx = problem["type"], problem.get("input"), problem.get("ctx") or {}
    if kind == "value_error":  # raised by a validator of ours: already a sentence
        return str(ctx.get("error", problem["msg"]))
    if kind == "missing":
        return "is missing"
    if kind == "literal_error":
        return f"unknown {problem['loc'][-1]} {value!r} (one of {ctx['expected']})"
    if kind == "union_tag_invalid":
        return f"unknown kind {ctx['tag']!r} (one of {ctx['expected_tags']})"
    # "Input should be a valid integer, unable to parse string as an integer": the first clause
    message = str(problem["msg"]).removeprefix("Input ").split(",")[0]
    if kind == "string_type" and isinstance(value, bool):
        # YAML 1.1 reads an unquoted Yes, No, On or Off as true or false.
        return (
            f"{message}, not {value}: quote it (YAML reads an unquoted Yes or No as true or false)"
        )
    return f"{message}, not {_short(value)}"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
