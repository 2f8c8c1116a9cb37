"""The labels file: typed, unknown sections refused, headings read by table."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtai_analysis.catalogue.checked_yaml import ContractError
from jtai_analysis.catalogue.labels import headings, load_labels, word

_SECTIONS = """\
reconciliation: {rows_in: Rows in}
groups: {flag: {"Yes": Domestic abuse recorded}}
group_headings: {flag: Domestic abuse recorded}
indicator_headlines: {x: {group: age_band=5_to_7, title: Children aged 5 to 7}}
event_details: {da_victim: Domestic abuse}
headings: {sample: {child_id: Child ID}}
words: {not_yet: Not yet}
request_statuses: {received: received}
captions: {meetings: Meetings}
"""


def test_a_file_of_the_right_shape_reads_as_typed_sections(tmp_path: Path) -> None:
    path = tmp_path / "labels.yml"
    path.write_text(_SECTIONS, encoding="utf-8")
    labels = load_labels(path)
    assert labels.headings == {"sample": {"child_id": "Child ID"}}
    assert labels.indicator_headlines["x"].group == "age_band=5_to_7"
    assert labels.groups["flag"] == {"Yes": "Domestic abuse recorded"}


def test_an_unknown_section_is_refused_with_the_file_and_key_named(tmp_path: Path) -> None:
    path = tmp_path / "labels.yml"
    path.write_text(_SECTIONS + "heading: {}\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"^labels\.yml: .*'heading'.*did you mean 'headings'"):
        load_labels(path)


def test_the_packaged_file_gives_the_headings_the_pack_shows() -> None:
    assert headings("findings_by_rule") == {
        "list": "List",
        "rule": "Rule",
        "severity": "Severity",
        "rows": "Rows",
    }
    assert word("not_yet") == "Not yet"
    with pytest.raises(KeyError):
        headings("no_such_table")
