"""The one model of a run's options: unknown keys refused naming them, the same options read from a
config file, a manifest area and a notebook's options, and JSON for the notebooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jtai_analysis.batch.manifest import read_manifest
from jtai_analysis.common.run_options import (
    OptionError,
    Place,
    RunOptions,
    notebook_options,
    read_options,
)
from jtai_analysis.pack.run_config import load_config_file


def test_an_unknown_key_is_refused_naming_it_the_nearest_and_the_source() -> None:
    with pytest.raises(OptionError) as raised:
        read_options({"lock_7": ["1001"]}, "inspection.yml", Place.FILE)
    assert str(raised.value) == (
        "inspection.yml has an unknown option 'lock_7'; did you mean 'lock_6'?"
    )


def test_a_notebook_option_the_model_lacks_is_refused() -> None:
    with pytest.raises(
        OptionError, match=r"options has an unknown option 'sed'; did you mean 'seed'\?"
    ):
        notebook_options({"area_name": "A", "sed": 3})


def test_a_blank_date_in_a_notebook_s_options_is_a_date_not_given() -> None:
    chosen = notebook_options(
        {"area_name": "A", "notification_date": "2026-11-16", "reference_date": ""}
    )
    assert chosen.reference_date is None
    assert chosen.reference_or_notification_date == dt.date(2026, 11, 16)


def test_an_option_is_refused_where_it_may_not_be_written() -> None:
    # The pseudonym key goes in the config file or the environment, never on the command line,
    # and a manifest area's pack goes to DIR/<name>/, never to an `out` of its own.
    with pytest.raises(OptionError, match="unknown option 'pseudonym_key'"):
        read_options({"pseudonym_key": "k" * 16}, "the command line", Place.FLAG)
    with pytest.raises(OptionError, match="unknown option 'out'"):
        read_options({"out": "/tmp/x"}, "Area 1", Place.MANIFEST)


def test_the_model_itself_refuses_an_undeclared_field() -> None:
    with pytest.raises(ValueError, match="lock_7"):
        RunOptions(lock_7=("1",))  # type: ignore[call-arg]


def test_a_bad_value_is_named_as_the_source_writes_it() -> None:
    with pytest.raises(OptionError) as from_flags:
        read_options({"lock_6": "1001"}, "the command line", Place.FLAG)
    assert str(from_flags.value) == (
        "The option --lock-6 in the command line must be a list of child IDs "
        "(for example [1001, 1002]), not '1001'."
    )
    with pytest.raises(OptionError) as from_file:
        read_options({"strict": "maybe"}, "inspection.yml", Place.FILE)
    assert (
        str(from_file.value)
        == "The option strict in inspection.yml must be true or false, not 'maybe'."
    )


def test_a_config_file_and_a_manifest_area_read_into_the_same_options(tmp_path: Path) -> None:
    (tmp_path / "inspection.yml").write_text(
        "data: [/srv/a]\nla: Example Borough\nnotification_date: 2026-11-16\n"
        "seed: 7\nlock: [1001]\nlock_6: [C-1]\nexclude_6: [C-2, C-3]\nstrict: true\n",
        encoding="utf-8",
    )
    (tmp_path / "areas.csv").write_text(
        "name,data,notification_date,seed,lock,lock_6,exclude_6,strict\n"
        "Example Borough,/srv/a,2026-11-16,7,1001,C-1,C-2;C-3,yes\n",
        encoding="utf-8",
    )
    from_file = RunOptions(**load_config_file(tmp_path / "inspection.yml"))
    (area,) = read_manifest(tmp_path / "areas.csv")
    expected = RunOptions(
        data_paths=(Path("/srv/a"),),
        area_name="Example Borough",
        notification_date=dt.date(2026, 11, 16),
        seed=7,
        lock=("1001",),
        lock_6=("C-1",),
        exclude_6=("C-2", "C-3"),
        is_strict=True,
    )
    assert from_file == expected
    assert area.folder == "example-borough"
    assert RunOptions(**{**area.values()}) == expected  # the area is those options and its folder


def test_the_notebooks_are_given_the_options_that_decide_the_pack(tmp_path: Path) -> None:
    options = RunOptions(
        data_paths=(tmp_path / "data",),
        area_name="A",
        notification_date=dt.date(2026, 11, 16),
        out_dir=tmp_path / "pack",
        lock=("1001",),
        is_strict=True,
        pseudonym_key="a key of sixteen characters",
    )
    assert options.notebook_parameters() == {
        "data_paths": [str(tmp_path / "data")],
        "area_name": "A",
        "notification_date": "2026-11-16",
        "reference_date": "2026-11-16",  # none given: the notification date
        "seed": 1,
        "as_of": "",
        "suppress_below": 0,
        "lock": ["1001"],
        "exclude": [],
        "lock_6": [],
        "exclude_6": [],
    }  # never the key, the output folder or the switches of the command
    back = notebook_options(options.notebook_parameters())
    assert (back.area_name, back.lock, back.reference_date) == (
        "A",
        ("1001",),
        dt.date(2026, 11, 16),
    )


def test_what_a_pack_still_needs_is_named_as_flags() -> None:
    assert RunOptions(area_name="A").missing() == ["--data", "--notification-date", "--out"]
