"""A full disk or file-size limit is told apart from other failures to write, however it arrives."""

from __future__ import annotations

import errno
import os

from jtai_analysis.common.out_of_room import is_out_of_room


def _chained(inner: BaseException) -> RuntimeError:
    try:
        try:
            raise inner
        except BaseException as error:
            raise RuntimeError("a notebook failed") from error
    except RuntimeError as outer:
        return outer


def test_full_disk_file_size_and_quota_errors_are_out_of_room() -> None:
    for number in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        assert is_out_of_room(OSError(number, os.strerror(number), "pack.html"))


def test_behind_another_error_or_as_a_kernel_s_text() -> None:
    assert is_out_of_room(_chained(OSError(errno.ENOSPC, "No space left on device")))
    assert is_out_of_room(RuntimeError("OSError: [Errno 27] File too large"))


def test_other_failures_are_not() -> None:
    assert not is_out_of_room(OSError(errno.EACCES, "Permission denied"))
    assert not is_out_of_room(_chained(ValueError("bad date")))
