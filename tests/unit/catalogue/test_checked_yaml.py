"""Files read into typed models: unknown keys refused, and every problem said as "file: key path: problem"."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jtai_analysis.catalogue.checked_yaml import ContractError, FrozenModel, Words, validated


class Item(FrozenModel):
    key: str
    size: int
    words: Words = ()


class File(FrozenModel):
    items: tuple[Item, ...]
    title: str = ""


def _message(raw: object) -> str:
    with pytest.raises(ContractError) as raised:
        validated(File, raw, "f.yml")
    return str(raised.value)


def test_a_well_formed_file_reads_into_typed_attributes() -> None:
    file = validated(File, {"items": [{"key": "a", "size": 1, "words": "one"}]}, "f.yml")
    assert file.items[0].size == 1
    assert file.items[0].words == ("one",)  # one word or a list of words: a tuple


def test_an_unknown_key_is_named_with_the_item_it_is_in_and_the_key_meant() -> None:
    raw = {"items": [{"key": "a", "size": 1}, {"key": "b", "sise": 2}]}
    assert _message(raw) == "f.yml: items[b]: unknown key 'sise' (did you mean 'size'?)"


def test_an_unknown_key_with_no_near_spelling_lists_the_keys() -> None:
    raw = {"items": [], "colour": "red"}
    assert _message(raw) == "f.yml: unknown key 'colour' (the keys are items, title)"


def test_a_value_of_the_wrong_type_names_its_key_and_value() -> None:
    raw = {"items": [{"key": "a", "size": "big"}]}
    assert _message(raw) == "f.yml: items[a].size: should be a valid integer, not 'big'"


def test_an_unquoted_yes_read_as_true_is_explained() -> None:
    raw = {"items": [{"key": True, "size": 1}]}  # `key: Yes` in YAML 1.1
    message = _message(raw)
    assert message.startswith("f.yml: items[0].key: ")
    assert "quote it" in message


def test_a_missing_key_is_named() -> None:
    assert _message({"items": [{"key": "a"}]}) == "f.yml: items[a].size: is missing"


def test_further_problems_are_counted_not_listed() -> None:
    raw = {"items": [{"key": "a", "size": "big"}, {"key": "b", "size": "small"}]}
    assert _message(raw).endswith("not 'big' (1 more problem in this file)")


def test_a_file_that_is_not_a_mapping_is_refused_in_one_sentence() -> None:
    assert _message(["a", "b"]) == "f.yml: should hold keys and values, not list."


def test_a_read_model_cannot_be_changed() -> None:
    file = validated(File, {"items": []}, "f.yml")
    with pytest.raises(ValidationError):
        file.title = "changed"  # type: ignore[misc]
