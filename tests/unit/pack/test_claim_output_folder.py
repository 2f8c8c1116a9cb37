"""A run holds its output folder; a pack left aside by a run killed mid-publish is put back."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtai_analysis.pack.publish import OutputFolderBusy, claim_output_folder, publish


def test_a_second_claim_is_refused_in_one_sentence(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    with (
        claim_output_folder(out),
        pytest.raises(OutputFolderBusy) as busy,
        claim_output_folder(out),
    ):
        pass
    message = str(busy.value)
    assert message.startswith("Another jtai pack (process ") and str(out) in message
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # the lock went with its holder


def test_a_pack_left_aside_by_a_killed_publish_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    retired = tmp_path / ".pack.previous"  # the first rename done, the second never came
    retired.mkdir()
    (retired / "briefing-pack.html").write_text("the previous pack")
    with claim_output_folder(out):
        assert (out / "briefing-pack.html").read_text() == "the previous pack"
    assert not retired.exists()


def test_publish_replaces_the_folder_as_a_whole(tmp_path: Path) -> None:
    out, staging = tmp_path / "pack", tmp_path / ".pack.staging"
    out.mkdir()
    (out / "old.csv").write_text("old")
    staging.mkdir()
    (staging / "new.csv").write_text("new")
    publish(staging, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]
    assert sorted(p.name for p in out.iterdir()) == ["new.csv"]
