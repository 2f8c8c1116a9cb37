"""Owner-only files at rest, and sharing with one named group."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

import pytest

from jtai_analysis.common.private_files import (
    UnknownGroupError,
    owner_only,
    restrict_new_files,
    share_with_group,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_files_and_folders_made_inside_are_owner_only(tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        with owner_only():
            (tmp_path / "a" / "b").mkdir(parents=True)
            (tmp_path / "a" / "b" / "rows.csv").write_text("x\n")
        assert _mode(tmp_path / "a") == 0o700 and _mode(tmp_path / "a" / "b") == 0o700
        assert _mode(tmp_path / "a" / "b" / "rows.csv") == 0o600
        assert os.umask(0o022) == 0o022  # the previous umask is back after the block
    finally:
        os.umask(before)


def test_a_stricter_umask_is_never_loosened() -> None:
    before = os.umask(0o277)
    try:
        with owner_only():
            assert os.umask(0o277) == 0o277
        assert restrict_new_files() == 0o277
        assert os.umask(0o277) == 0o277
    finally:
        os.umask(before)


def test_sharing_gives_the_group_read_access_only(tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name  # a group this account may hand files to
    with owner_only():
        (tmp_path / "out" / "sample").mkdir(parents=True)
        (tmp_path / "out" / "sample" / "selected_6.csv").write_text("child_id\n")
        (tmp_path / "out" / "pack.html").write_text("<p>")
    (tmp_path / "outside.txt").write_text("x")
    os.chmod(tmp_path / "outside.txt", 0o600)
    os.symlink(tmp_path / "outside.txt", tmp_path / "out" / "link")
    assert share_with_group([tmp_path / "out", tmp_path / "absent"], group) == [tmp_path / "out"]
    for folder in (tmp_path / "out", tmp_path / "out" / "sample"):
        assert _mode(folder) == 0o2750 and folder.stat().st_gid == os.getgid()
    for file in (tmp_path / "out" / "pack.html", tmp_path / "out" / "sample" / "selected_6.csv"):
        assert _mode(file) == 0o640 and file.stat().st_gid == os.getgid()
    assert _mode(tmp_path / "outside.txt") == 0o600  # a link out of the folder is not followed


def test_an_unknown_group_is_one_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(UnknownGroupError, match=r"^The group 'no-such-group-x' does not exist"):
        share_with_group([tmp_path], "no-such-group-x")
