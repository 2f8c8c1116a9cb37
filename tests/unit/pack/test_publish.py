"""Publishing replaces the pack folder as a whole; kernel shutdown noise is not kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtai_analysis.pack.publish import (
    OutputFolderError,
    check_output_folder,
    drop_shutdown_noise,
    publish,
    staging_dir,
)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _make(folder: Path, names: list[str]) -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name, encoding="utf-8")


def test_nothing_of_the_previous_pack_survives(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    _make(out, ["briefing-pack.html", "sample/selected_20.csv", "kernels.log", "old.txt"])
    staging = staging_dir(out)
    _make(staging, ["briefing-pack.html", "validation.json"])
    (staging / "briefing-pack.html").write_text("new", encoding="utf-8")
    publish(staging, out)
    assert _files(out) == {"briefing-pack.html", "validation.json"}
    assert (out / "briefing-pack.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no staging, no old copy left


def test_the_runs_own_inputs_inside_the_folder_are_kept(tmp_path: Path) -> None:
    """The demo writes its synthetic data to ``out/data`` and then builds the pack in ``out``."""
    out = tmp_path / "demo"
    _make(out, ["data/annex_a.xlsx", "sample/selected_6.csv", "briefing-pack.html"])
    staging = staging_dir(out)
    _make(staging, ["briefing-pack.html"])
    publish(staging, out, inputs=[out / "data"])
    assert _files(out) == {"briefing-pack.html", "data/annex_a.xlsx"}


def test_a_first_publish_creates_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "new"
    staging = staging_dir(out)
    _make(staging, ["briefing-pack.html"])
    publish(staging, out)
    assert _files(out) == {"briefing-pack.html"}


def test_a_folder_holding_other_files_is_refused(tmp_path: Path) -> None:
    _make(tmp_path / "home", ["thesis.docx"])
    with pytest.raises(OutputFolderError, match="not a briefing pack"):
        check_output_folder(tmp_path / "home", [])
    _make(tmp_path / "pack", ["briefing-pack.html", "notes.txt"])
    check_output_folder(tmp_path / "pack", [])  # an earlier pack may be replaced
    _make(tmp_path / "demo", ["data/annex_a.xlsx"])
    check_output_folder(tmp_path / "demo", [tmp_path / "demo" / "data"])  # only this run's inputs
    check_output_folder(tmp_path / "absent", [])


SHUTDOWN = """\
Traceback (most recent call last):
  File "/x/ipykernel/kernelbase.py", line 1, in dispatch_queue
    await self.process_one()
KeyboardInterrupt
"""


def test_shutdown_noise_alone_is_not_kept(tmp_path: Path) -> None:
    log = tmp_path / "kernels.log"
    log.write_text(SHUTDOWN + SHUTDOWN, encoding="utf-8")
    drop_shutdown_noise(log)
    assert not log.exists()


def test_anything_else_a_kernel_said_keeps_the_log(tmp_path: Path) -> None:
    log = tmp_path / "kernels.log"
    log.write_text(SHUTDOWN + "[IPKernelApp] ERROR | out of file handles\n", encoding="utf-8")
    drop_shutdown_noise(log)
    assert log.exists()


def test_an_empty_log_is_not_kept(tmp_path: Path) -> None:
    log = tmp_path / "kernels.log"
    log.write_text("", encoding="utf-8")
    drop_shutdown_noise(log)
    assert not log.exists()
