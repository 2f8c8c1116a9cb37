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
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clients: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        """A kernel client, remembered so :meth:`stop_clients` can disconnect it."""
        made = super().client(**kwargs)
        self._clients.append(made)
        return made

    def stop_clients(self) -> None:
        """Disconnect every client made so far.

        nbclient leaves its client connected when it does not own the kernel (a kept kernel), so
        without this each notebook run on a kept kernel would leave one more subscriber that the
        kernel sends every output to and that buffers them unread: measured in a 153-area batch as
        workers growing about 15 MB an area and each pack slower than the one before.
        """
        clients, self._clients = self._clients, []
        for kernel_client in clients:
            kernel_client.stop_channels()

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


# The first cell of a notebook run on a kernel that ran another notebook before: it empties the
# namespace, so no notebook can lean on another's variables. Imported modules stay loaded, which is
# the point of reusing the kernel. Tagged so the pack's export leaves it out.
KERNEL_RESET_TAG = "jtai-kernel-reset"
KERNEL_RESET_SOURCE = "get_ipython().run_line_magic('reset', '-f')"


class KernelPool:
    """Kernels kept between notebooks: each run takes an idle kernel (or starts one) and gives it back.

    A kernel start with the pack's imports (polars, plotly, the workbench) costs about 2 s of CPU;
    a pack has a dozen sections, so starting one kernel per section was most of a pack's cost. A
    pack keeps its kernels for all its sections; a batch worker keeps them for all its areas. A
    kernel that died is replaced the next time one is asked for. Kernels are started with
    ``JPY_PARENT_PID`` set, so they also end if this process dies without :meth:`close`.
    """

    def __init__(self) -> None:
        self._idle: list[LocalSocketKernelManager] = []
        self._managers: list[LocalSocketKernelManager] = []
        self._lock = threading.Lock()

    @contextmanager
    def kernel(self) -> Iterator[LocalSocketKernelManager]:
        """An idle kernel manager, or a new one (its kernel is started by the first notebook run on it)."""
        with self._lock:
            manager = self._idle.pop() if self._idle else None
        if manager is not None and manager.has_kernel and not run_sync(manager.is_alive)():
            _shut_down(manager)  # died (the notebook that killed it has already failed)
            manager = None
        if manager is None:
            manager = LocalSocketKernelManager(kernel_name=KERNEL_NAME)
            with self._lock:
                self._managers.append(manager)
        try:
            yield manager
        finally:
            with self._lock:
                self._idle.append(manager)

    @property
    def size(self) -> int:
        """How many kernel managers the pool has made (alive or not)."""
        return len(self._managers)

    def kill(self) -> None:
        """Kill every kernel at once: the notebooks running on them fail within about a second.

        For a stopped pack, whose notebook threads would otherwise run to their end. :meth:`close`
        still follows, to clean up.
        """
        with self._lock:
            managers = list(self._managers)
        for manager in managers:
            process = getattr(getattr(manager, "provisioner", None), "process", None)
            if process is not None and process.poll() is None:
                process.kill()

    def close(self) -> None:
        """Shut every kernel down and remove its socket files."""
        with self._lock:
            managers, self._managers, self._idle = self._managers, [], []
        for manager in managers:
            _shut_down(manager)


def _shut_down(manager: LocalSocketKernelManager) -> None:
    try:
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    except RuntimeError:
        pass  # already gone
    run_sync(manager.cleanup_resources)()


@contextmanager
def kernel_pool() -> Iterator[KernelPool]:
    """A :class:`KernelPool` whose kernels are shut down on leaving, whatever happened inside."""
    pool = KernelPool()
    try:
        yield pool
    finally:
        pool.close()
