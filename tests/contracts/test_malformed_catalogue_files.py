"""A malformed catalogue file fails at load, and the message names the file and the key at fault.

Each case edits one line of a copy of the real files (an unknown key at every level, a value of the
wrong type, a rule of an unknown kind, a code list that does not exist) and checks the message's
opening ("file: key path") and that it names what was wrong. The contracts are copied as a folder
(they are read together); events.yml and information_requests.yml one file at a time.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jtai_analysis.catalogue import events, request_items
from jtai_analysis.catalogue.lists import ContractError, load_catalogue
from jtai_analysis.common.paths import contracts_dir

# The catalogue's own files beside the contracts, and how each is read.
READERS: dict[str, Callable[[Path], object]] = {
    "events.yml": events.read_events_file,
    "information_requests.yml": request_items.read_requests_file,
}
# (file, text in it, replacement, the message's opening "file: key path", a word it names)
CASES = [
    # an unknown key at each level of a list contract
    ("contacts.yml", "duplicate_key:", "duplicate_keys:", "contacts.yml: unknown key", "'duplicate_keys'"),
    ("contacts.yml", "aliases: [Source of Contact]", "alias: [Source of Contact]", "contacts.yml: columns[contact_source]: unknown key", "'alias'"),
    ("contacts.yml", "  - use: age\n", "  - {use: age, colour: red}\n", "contacts.yml: columns[age]: unknown key", "'colour'"),
    ("contacts.yml", "    severity: warning\n", "    severity: warning\n    note: x\n", "contacts.yml: rules[contact_age_matches_date_of_birth]: unknown key", "'note'"),
    ("contacts.yml", "{tolerance_years: 1}", "{tolerance_year: 1}", "contacts.yml: rules[contact_age_matches_date_of_birth].check.age_matches_date_of_birth: unknown key", "'tolerance_year'"),
    # an unknown key at each level of the shared file
    ("_shared.yml", "personal_columns:\n", "personal_column:\n", "_shared.yml: unknown key", "'personal_column'"),
    ("_shared.yml", "  yes_no:\n    reading: whole", "  yes_no:\n    readin: whole", "_shared.yml: codelists.yes_no: unknown key", "'readin'"),
    ("_shared.yml", '    - {code: A, label: "A"', '    - {code: A, lable: "A"', "_shared.yml: codelists.nomination_list[A]: unknown key", "'lable'"),
    ("_shared.yml", "    header: Gender\n", "    header: Gender\n    colour: red\n", "_shared.yml: columns.sex: unknown key", "'colour'"),
    ("_shared.yml", "  - {header: Address,", "  - {heder: Address,", "_shared.yml: personal_columns[3]: unknown key", "'heder'"),
    ("_shared.yml", "  present_optional:", "  present_optionel:", "_shared.yml: column_rules: unknown key", "'present_optionel'"),
    ("_shared.yml", "  not_negative:\n    severity: warning\n", "  not_negative:\n    severity: warning\n    level: 2\n", "_shared.yml: column_rules.not_negative: unknown key", "'level'"),
    # a value of the wrong type
    ("contacts.yml", 'annex_a: "1"', "annex_a: 1", "contacts.yml: annex_a:", "string"),
    ("contacts.yml", "    type: date\n    blank: false", "    type: date\n    blank: maybe", "contacts.yml: columns[contact_date].blank:", "'maybe'"),
    ("contacts.yml", "type: code\n", "type: colour\n", "contacts.yml: columns[contact_source].type:", "'colour'"),
    ("contacts.yml", "severity: warning", "severity: warn", "contacts.yml: rules[contact_age_matches_date_of_birth].severity:", "'warn'"),
    ("s47.yml", "{not_weekend: icpc_date}", "{not_weekend: [icpc_date]}", "s47.yml: rules[icpc_not_on_a_weekend].check.not_weekend:", "string"),
    ("_shared.yml", '  yes_no:\n    reading: whole\n    codes:\n      - {code: "Yes"', "  yes_no:\n    reading: whole\n    codes:\n      - {code: Yes", "_shared.yml: codelists.yes_no.codes[0].code:", "quote it"),
    # a rule of an unknown kind, or naming columns and lists that do not exist
    ("contacts.yml", "{not_after_reference: [contact_date]}", "{not_after_referance: [contact_date]}", "contacts.yml: rules[contact_dates_not_after_reference].check:", "'not_after_referance'"),
    ("s47.yml", "{not_weekend: icpc_date}", "{not_weekend: icpc_day}", "s47.yml: rules[icpc_not_on_a_weekend].check:", "'icpc_day'"),
    ("cp.yml", "{child_in_list: cin}", "{child_in_list: cinn}", "cp.yml: rules[cp_child_in_list_6].check:", "'cinn'"),
    ("s47.yml", "plan_start: cpp_start_date", "plan_start: cpp_begin_date", "s47.yml: rules[icpc_plan_in_list_7].check:", "'cpp_begin_date'"),
    ("contacts.yml", "id: contact_dates_not_after_reference", "id: referral_dates_not_after_reference", "referrals.yml: rules[referral_dates_not_after_reference]:", "contacts.yml"),
    # a code list missing: named by a column that does not exist, or not named by a code column
    ("contacts.yml", "codes: source", "codes: sources", "contacts.yml: columns[contact_source].codes:", "'sources'"),
    ("contacts.yml", "    type: code\n    codes: source\n", "    type: code\n", "contacts.yml: columns[contact_source].codes:", "code list"),
    ("_shared.yml", "    codes: sex\n", "    codes: gender\n", "_shared.yml: columns.sex.codes:", "'gender'"),
    # keys that name other keys of the file
    ("contacts.yml", "signature: [contact_date, contact_source]", "signature: [contact_date, contact_time]", "contacts.yml: signature:", "'contact_time'"),
    ("contacts.yml", "  - use: age\n", "  - use: shoe_size\n", "contacts.yml: columns[shoe_size]:", "no shared column"),
    ("contacts.yml", "list: contacts", "list: referrals", "referrals.yml: list:", "contacts.yml"),
    # the catalogue's own files
    ("events.yml", "events:", "event:", "events.yml: unknown key", "'event'"),
    ("events.yml", "column: contact_date, event: Contact,", "column: contact_date, evnt: Contact,", "events.yml: events[contacts]: unknown key", "'evnt'"),
    ("events.yml", "{column: referral_nfa, code: \"Yes\", words: no further action}", "{column: referral_nfa, code: \"Yes\", word: no further action}", "events.yml: events[referrals].ends: unknown key", "'word'"),
    ("events.yml", "list: contacts, column: contact_date", "list: contact, column: contact_date", "events.yml: events[contact].list:", "'contact'"),
    ("events.yml", "column: cin_start_date", "column: cin_start", "events.yml: events[cin].column:", "'cin_start'"),
    ("events.yml", "{column: referral_nfa, code: \"Yes\"", "{column: referral_nfa, code: \"Y\"", "events.yml: events[referrals].ends.code:", "'Y'"),
    ("events.yml", "{column: referral_nfa,", "{column: referral_date,", "events.yml: events[referrals].ends.column:", "'referral_date'"),
    ("events.yml", "event: Contact, activity: Contacts, step: C}", "event: Contact, activity: Contacts, step: X}", "events.yml: events[0].step:", "'X'"),
    ("events.yml", "event: Child protection plan started, step: P}", "event: Child protection plan started}", "events.yml: journey:", "'P'"),
    ("information_requests.yml", "agencies:", "agency:", "information_requests.yml: unknown key", "'agency'"),
    ("information_requests.yml", "  title: Threshold criteria\n", "  titel: Threshold criteria\n", "information_requests.yml: items[1.3]: unknown key", "'titel'"),
    ("information_requests.yml", "- number: '1.1'\n  agency: LA", "- number: '1.1'\n  agency: COUNCIL", "information_requests.yml: items[1.1]:", "'COUNCIL'"),
    ("information_requests.yml", "- number: '1.2'", "- number: 1.2", "information_requests.yml: items[1].number:", "string"),
    ("information_requests.yml", "- number: '1.2'", "- number: '1.1'", "information_requests.yml: items[1.1]:", "twice"),
]  # fmt: skip


def _copy_contracts(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    shutil.copytree(contracts_dir(), folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: update the case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refusal(tmp_path: Path, file: str, old: str, new: str) -> str:
    """The message of the ContractError that reading ``file`` with one edit raises."""
    with pytest.raises(ContractError) as raised:
        if file in READERS:
            path = tmp_path / file
            shutil.copyfile(Path(events.__file__).with_name(file), path)
            _edit(path, old, new)
            READERS[file](path)
        else:
            folder = _copy_contracts(tmp_path)
            _edit(folder / file, old, new)
            load_catalogue(folder)
    return str(raised.value)


@pytest.mark.parametrize(("file", "old", "new", "opening", "named"), CASES)
def test_a_malformed_file_names_its_file_and_key(
    tmp_path: Path, file: str, old: str, new: str, opening: str, named: str
) -> None:
    message = _refusal(tmp_path, file, old, new)
    assert message.startswith(opening), message
    assert named in message, message


def test_the_unedited_copies_load(tmp_path: Path) -> None:
    """The cases above fail because of their edit, not because a copy cannot load."""
    assert "contacts" in load_catalogue(_copy_contracts(tmp_path)).lists
    for file, read in READERS.items():
        shutil.copyfile(Path(events.__file__).with_name(file), tmp_path / file)
        assert read(tmp_path / file)


def test_an_unknown_key_says_which_key_was_meant(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "contacts.yml", "aliases: [Source", "alias: [Source")
    assert "did you mean 'aliases'" in message


def test_a_file_that_is_not_yaml_names_its_line(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "contacts.yml", "title: Contacts\n", "title: [Contacts\n")
    assert re.match(r"contacts\.yml: is not valid YAML at line \d+", message), message
