"""The theme file is typed: read as written, and a typo is refused naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jtai_analysis.catalogue.theme import ThemeError, load_theme, read_theme, theme_path


def test_the_shipped_theme_says_who_the_focus_children_are() -> None:
    theme = load_theme()
    assert theme.flag.column == "da_victim"
    assert [str(k) for k in theme.flag.lists] == ["assessments", "cin"]
    assert theme.focus.age_groups == ("unborn", "under_2", "2_to_4", "5_to_7")
    assert "referrals_nfa_pct" in theme.focus_figures
    assert theme.focus.others_label == "Other under-8s"
    assert {r.compare_with for r in theme.stands_out.rules} == {"england", "other_under8"}


def _write(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    content = yaml.safe_load(theme_path().read_text(encoding="utf-8"))
    change(content)
    path = tmp_path / "theme.yml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def test_an_unknown_key_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda c: c["focus"].update({"agegroups": ["unborn"]}))
    with pytest.raises(ThemeError) as error:
        read_theme(path)
    assert str(path) in str(error.value) and "focus.agegroups" in str(error.value)


def test_an_unknown_age_group_or_list_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda c: c["focus"].update({"age_groups": ["toddler"]}))
    with pytest.raises(ThemeError, match="focus.age_groups"):
        read_theme(path)
    path = _write(tmp_path, lambda c: c["flag"].update({"lists": ["nominations"]}))
    with pytest.raises(ThemeError, match="flag.lists"):
        read_theme(path)
