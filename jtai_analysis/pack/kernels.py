"""How notebook kernels are started for papermill runs (the pack, its benchmark and the tests).

Kernels talk to this process over local Unix sockets (IPC), not TCP. With TCP, jupyter_client picks
free ports, releases them and the kernel binds them a moment later; when several kernels start at
once (notebooks run two at a time, tests on both cores) another kernel can take a port in between
and the kernel dies with "Address already in use". Each kernel's socket files get their own
random name in the temporary folder, so there is nothing to race for.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

KERNEL_NAME = "python3"
# Only the kernel's errors reach the terminal (it otherwise logs start-up chatter on every run).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


class LocalSocketKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels listen on Unix sockets instead of TCP ports.

    A kernel's own stderr (start-up chatter, and shutdown races inside ipykernel that print
    tracebacks) goes to :attr:`stderr_log` when set, so it is kept with the run, not shown to users.
    """

    stderr_log: ClassVar[Path | None] = None

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # For IPC the "ip" is the socket files' path prefix. jupyter_client's own default can be a
        # relative "kernel-ipc", shared by every kernel started in one folder; make it unique.
        return os.path.join(tempfile.gettempdir(), f"jtai-kernel-{uuid.uuid4().hex[:16]}")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self.stderr_log is None or "stderr" in kw:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        with self.stderr_log.open(
            "a", encoding="utf-8"
        ) as log:  # the kernel process keeps its own copy
            await super()._async_launch_kernel(kernel_cmd, stderr=log, **kw)


@contextmanager
def kernel_stderr_to(path: Path) -> Iterator[None]:
    """While inside, kernels started for papermill write their stderr to ``path``."""
    previous = LocalSocketKernelManager.stderr_log
    LocalSocketKernelManager.stderr_log = path
    try:
        yield
    finally:
        LocalSocketKernelManager.stderr_log = previous


def papermill_kernel_options() -> dict[str, Any]:
    """Keyword arguments for ``papermill.execute_notebook`` that start kernels as described above."""
    return {
        "kernel_name": KERNEL_NAME,
        "extra_arguments": KERNEL_ARGUMENTS,
        "kernel_manager_class": LocalSocketKernelManager,
    }
