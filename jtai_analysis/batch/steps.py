"""One step of a batch (indicators or packs) over its areas on Dask: submitted, retried once, counted.

A failure belongs to its area: it is tried again once, then recorded with its reason, and the
other areas go on. A progress line is printed as each area ends, with the time left at the pace so far.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from jtai_analysis.batch.manifest import AreaSpec
from jtai_analysis.batch.report import AreaOutcome

ATTEMPTS = 2  # a failing step is tried again once


def failure_reason(error: BaseException) -> str:
    """The reason recorded for a failed task: the area's own sentence, or what Dask said."""
    from jtai_analysis.batch.worker import AreaFailed

    if isinstance(error, AreaFailed):
        return str(error)
    return f"the Dask task failed ({type(error).__name__}: {error})".strip()


class Progress:
    """Counts of a pass and a time-left estimate from the pace so far, printed as each area ends."""

    def __init__(self, say: Callable[[str], None], step: str, total: int):
        self.say, self.step, self.total = say, step, total
        self.started = time.perf_counter()
        self.done = self.failed = 0

    def report(self, text: str) -> None:
        finished = self.done + self.failed
        left = self.total - finished
        elapsed = time.perf_counter() - self.started
        estimate = ""
        if finished and left:
            seconds = elapsed / finished * left
            estimate = (
                f", about {seconds / 60:.0f} min left"
                if seconds >= 90
                else f", about {seconds:.0f} s left"
            )
        self.say(
            f"[{self.step} {finished}/{self.total}] {text} · {self.done} done, "
            f"{self.failed} failed{estimate}"
        )


def run_step(
    client: Any,
    step: str,
    areas: list[AreaSpec],
    outcomes: dict[str, AreaOutcome],
    task: Callable[..., Any],
    arguments: Callable[[AreaSpec], tuple[Any, ...]],
    say: Callable[[str], None],
    on_done: Callable[[AreaSpec, Any], str],
) -> None:
    """Submit ``task`` for every area, try a failed area again once, record each outcome.

    ``on_done`` receives the area and the task's result and returns the progress text.
    """
    from distributed import as_completed

    if not areas:
        return
    progress = Progress(say, step, len(areas))
    pending: dict[Any, AreaSpec] = {}
    for area in areas:
        outcomes[area.folder].attempts = 1
        future = client.submit(
            task, *arguments(area), key=f"{step}-{area.folder}-{uuid.uuid4().hex[:8]}", pure=False
        )
        pending[future] = area
    queue = as_completed(list(pending))
    for future in queue:
        area = pending.pop(future)
        outcome = outcomes[area.folder]
        if future.status == "finished":
            progress.done += 1
            progress.report(on_done(area, future.result()))
        else:
            try:
                error = future.exception()
            except BaseException as cancelled:  # a cancelled task has no exception to give
                error = cancelled
            reason = failure_reason(error)
            if outcome.attempts < ATTEMPTS:
                outcome.attempts += 1
                say(f"[{step}] {area.area_name} failed ({reason}); trying once more")
                retry = client.submit(
                    task,
                    *arguments(area),
                    key=f"{step}-{area.folder}-{uuid.uuid4().hex[:8]}",
                    pure=False,
                )
                pending[retry] = area
                queue.add(retry)
            else:
                outcome.status, outcome.step, outcome.reason = "failed", step, reason
                progress.failed += 1
                progress.report(f"{area.area_name} FAILED: {reason}")
        future.release()
