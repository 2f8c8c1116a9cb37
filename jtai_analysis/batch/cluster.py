"""The Dask cluster a batch runs on: an existing scheduler, or a local cluster sized to the machine.

A local cluster listens on 127.0.0.1 only, its diagnostics dashboard too. An existing scheduler is
reached as Dask's own configuration says: a ``tls://`` address uses the certificates named there
(``distributed.comm.tls``: ``ca-file``, ``client.cert``, ``client.key``; the README shows the file).
A scheduler that cannot be used is one sentence (:class:`SchedulerUnreachable`), never a traceback.
"""

from __future__ import annotations

import gc
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Memory a worker needs for a `typical` area at its peak: the worker and two notebook kernels
# (benchmarks/results/pack.json measured about 0.8 GB for a lone pack; doubled for headroom).
MEMORY_PER_WORKER = 1_600_000_000
CONNECT_S = 20  # how long a scheduler is given to answer (one that is starting up may be late)
LOOPBACK = "127.0.0.1"


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler given with ``--scheduler`` could not be reached, or has no workers."""


def default_workers() -> int:
    """Workers for a local cluster: one per core, fewer if memory would not hold them."""
    import psutil

    by_memory = psutil.virtual_memory().available // MEMORY_PER_WORKER
    return int(max(1, min(os.cpu_count() or 1, by_memory)))


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Dask client on an existing scheduler, or on a local cluster of ``workers`` processes.

    Local workers run one task at a time (a pack already runs two notebook kernels of its own) and
    stay up for the whole batch, which is what lets them keep imports and contracts between areas.
    """
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        check_scheduler(scheduler)
        try:
            client = Client(scheduler, timeout=f"{CONNECT_S}s")
        except Exception as error:  # noqa: BLE001 (any failure is the scheduler's, in one sentence)
            reason = type(error).__name__
            del error
            _collect_quietly()
            raise SchedulerUnreachable(
                f"The Dask scheduler at {scheduler} did not answer as a Dask scheduler ({reason})."
            ) from None
        try:
            client.wait_for_workers(1, timeout=120)
        except TimeoutError as error:
            client.close()
            raise SchedulerUnreachable(
                f"The Dask scheduler at {scheduler} has no workers (waited 2 minutes)."
            ) from error
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host=LOOPBACK,  # the scheduler and workers: this machine only
        # Any free port, on this machine only: Dask's fixed 8787 warns when another cluster (a
        # parallel test, a second batch) already has it. The batch does not use the dashboard.
        dashboard_address=f"{LOOPBACK}:0",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def check_scheduler(address: str, connect_s: float = CONNECT_S) -> None:
    """Raise :class:`SchedulerUnreachable`, in one sentence, unless ``address`` can be tried.

    Its form (``tcp://HOST:PORT`` or ``tls://HOST:PORT``), the certificates a ``tls://`` address
    needs, and something listening there within ``connect_s``: found before Dask is asked, whose
    own failures print tracebacks as the failed client is collected.
    """
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.security import Security

    try:
        protocol, location = parse_address(address)
        host, port = parse_host_port(location)
    except ValueError:
        raise SchedulerUnreachable(
            f"{address!r} is not the address of a Dask scheduler (tcp://HOST:PORT or tls://HOST:PORT)."
        ) from None
    if protocol == "tls":
        security = Security()  # what Dask's configuration names (attributes set from it)
        if not (
            getattr(security, "tls_ca_file", None) and getattr(security, "tls_client_cert", None)
        ):
            raise SchedulerUnreachable(
                f"The Dask scheduler at {address} uses TLS, but Dask's configuration names no "
                "certificates (distributed.comm.tls: ca-file, client.cert and client.key)."
            )
    deadline = time.monotonic() + connect_s
    while True:
        try:
            with socket.create_connection((host, int(port)), timeout=max(1.0, connect_s / 4)):
                return
        except OSError as error:
            if time.monotonic() >= deadline:
                raise SchedulerUnreachable(
                    f"The Dask scheduler at {address} could not be reached within "
                    f"{connect_s:.0f} s ({error.strerror or type(error).__name__})."
                ) from None
            time.sleep(0.5)


def _collect_quietly() -> None:
    """Collect a client that failed to connect without its clean-up printing a traceback."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous
