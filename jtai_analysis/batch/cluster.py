"""The Dask cluster a batch runs on: an existing scheduler, or a local cluster sized to the machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Memory a worker needs for a `typical` area at its peak: the worker and two notebook kernels
# (benchmarks/results/pack.json measured about 0.8 GB for a lone pack; doubled for headroom).
MEMORY_PER_WORKER = 1_600_000_000


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
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise SchedulerUnreachable(
                f"The Dask scheduler at {scheduler} could not be reached ({error})."
            ) from error
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
        # Any free port: Dask's fixed 8787 warns when another cluster (a parallel test, a second
        # batch) already has it. The batch does not use the dashboard.
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
