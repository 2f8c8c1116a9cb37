"""The typed run configuration: YAML and flags read the same way; unknown keys, wrong types and bad
dates refused in one sentence naming the option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jtai_analysis.common.run_options import OptionError as RunConfigError
from jtai_analysis.pack.run_config import load_config_file, resolve_run_config, to_request

GOOD = """\
data: [/srv/jtai/uploads/annex_a]
la: Example Borough
notification_date: 2026-11-16
out: /srv/jtai/reports/example
strict: true
seed: 7
lock: [1001, C-2]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inspection.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_config_is_read_into_typed_fields(tmp_path: Path) -> None:
    config = resolve_run_config(_write(tmp_path, GOOD), {})
    assert config.data_paths == (Path("/srv/jtai/uploads/annex_a"),)
    assert config.area_name == "Example Borough"
    assert config.notification_date == dt.date(2026, 11, 16)
    assert config.out_dir == Path("/srv/jtai/reports/example")
    assert config.is_strict is True and config.seed == 7
    assert config.lock == ("1001", "C-2")  # IDs are text even when YAML reads them as numbers
    assert config.reference_date is None and config.missing() == []


def test_flags_override_the_file_and_unset_flags_do_not(tmp_path: Path) -> None:
    flags = {"seed": 3, "strict": None, "la": None, "reference_date": "2026-11-10"}
    config = resolve_run_config(_write(tmp_path, GOOD), flags)
    assert config.seed == 3
    assert config.is_strict is True  # --strict not given: the file's value stands
    assert config.area_name == "Example Borough"
    assert config.reference_date == dt.date(2026, 11, 10)


def test_reference_date_defaults_to_the_notification_date(tmp_path: Path) -> None:
    request = to_request(resolve_run_config(_write(tmp_path, GOOD), {}))
    assert request.reference_or_notification_date == dt.date(2026, 11, 16)
    assert request.area_name == "Example Borough" and request.lock == ("1001", "C-2")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("strcit: true", "unknown option 'strcit'; did you mean 'strict'?"),
        ("notification-dat: 2026-11-16", "did you mean 'notification_date'?"),
        ("colour: blue", "unknown option 'colour'; the options are data, la,"),
    ],
)
def test_an_unknown_key_is_refused_naming_the_nearest(
    tmp_path: Path, line: str, expected: str
) -> None:
    with pytest.raises(RunConfigError) as raised:
        load_config_file(_write(tmp_path, GOOD + line + "\n"))
    assert expected in str(raised.value)
    assert str(raised.value).count(". ") == 0  # one sentence


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("seed: abc", "The option seed in {path} must be a whole number, not 'abc'."),
        ("seed: 1.5", "The option seed in {path} must be a whole number, not 1.5."),
        ("strict: maybe", "The option strict in {path} must be true or false, not 'maybe'."),
        (
            "lock: 1001",
            "The option lock in {path} must be a list of child IDs (for example [1001, 1002]), not 1001.",
        ),
        (
            "suppress_below: -1",
            "The option suppress_below in {path} must be a whole number, 0 or more, not -1.",
        ),
        (
            "notification_date: 2026-13-01",
            "The option notification_date in {path} must be a date written YYYY-MM-DD, not '2026-13-01'.",
        ),
        (
            "reference_date: 16/11/2026",
            "The option reference_date in {path} must be a date written YYYY-MM-DD, not '16/11/2026'.",
        ),
        (
            "as_of: tomorrow",
            "The option as_of in {path} must be a moment written YYYY-MM-DD or YYYY-MM-DDTHH:MM, not 'tomorrow'.",
        ),
        ("la: [a, b]", "The option la in {path} must be a piece of text, not ['a', 'b']."),
    ],
)
def test_a_wrong_type_or_bad_date_is_refused_in_one_sentence(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = _write(tmp_path, line + "\n")
    with pytest.raises(RunConfigError) as raised:
        load_config_file(path)
    assert str(raised.value) == expected.format(path=path)


def test_flags_are_named_as_flags_in_messages() -> None:
    with pytest.raises(RunConfigError) as raised:
        resolve_run_config(None, {"notification_date": "2026-02-30"})
    message = str(raised.value)  # the flag as typed, where it came from, the form, the value
    assert message.startswith("The option --notification-date in the command line ")
    assert (
        "YYYY-MM-DD" in message and "'2026-02-30'" in message and "notification_date" not in message
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "must hold 'option: value' lines"),
        ("la: [unclosed\n", "is not valid YAML near line 2."),
    ],
)
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(RunConfigError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        load_config_file(_write(tmp_path, text))


def test_a_missing_config_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RunConfigError, match="could not be read"):
        load_config_file(tmp_path / "absent.yml")


def test_missing_required_options_are_named_as_flags() -> None:
    config = resolve_run_config(None, {"la": "X"})
    assert config.missing() == ["--data", "--notification-date", "--out"]
    with pytest.raises(RunConfigError, match="needs --data, --notification-date, --out"):
        to_request(config)


def test_a_reference_date_not_given_is_left_to_the_data(tmp_path: Path) -> None:
    """Without a reference date the pack may use the sheets' period end (issue 9, item 8)."""
    assert to_request(resolve_run_config(_write(tmp_path, GOOD), {})).reference_date_given is False
    given = resolve_run_config(_write(tmp_path, GOOD + "reference_date: 2026-11-10\n"), {})
    assert to_request(given).reference_date_given is True
