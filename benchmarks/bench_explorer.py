"""Benchmark: the functions behind an explorer widget change, on the `large` area.

Target (``design/targets.md``): at most 100 ms for the functions behind a widget change. Measures a
cohort refilter with summary, following one child across the lists, and the sampling workbench's
answer to a lock as the page makes it (the 20 and 6 chosen as the pack chooses them, then their
balance against the focus children): before the information on the 20 arrives (a lock changes the
20) and after (a lock into the 6 among the returned 20), each over many changes (median and 95th
percentile), after the one-off preparation;
and the front door over time beside the filtered children (issue 23): their weekly flows and
journey patterns counted, and the children of a clicked week or pattern.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from _common import record
from jtai_analysis.analysis import front_door
from jtai_analysis.dashboards import explore, sample_view
from jtai_analysis.model.cohort import children
from jtai_analysis.model.prepared import prepare
from jtai_analysis.sampling.balance import focus_population
from jtai_analysis.sampling.candidates import candidates
from jtai_analysis.sampling.sample import given_20
from jtai_analysis.synth import DEFAULT_REFERENCE_DATE, write_submission


def timed_ms(action, repeats: list) -> dict[str, float]:  # type: ignore[no-untyped-def, type-arg]
    timings = []
    for argument in repeats:
        start = time.perf_counter()
        action(argument)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(float(np.percentile(timings, 95)), 2),
        "changes": len(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="large")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jtai-bench-explorer-"))
    try:
        write_submission(work, size=args.size, seed=1)
        data, _ = prepare([work], DEFAULT_REFERENCE_DATE)
        start = time.perf_counter()
        cohort = children(data, DEFAULT_REFERENCE_DATE)
        events = explore.all_events(data)
        pool = candidates(data, DEFAULT_REFERENCE_DATE)
        given = given_20(data)  # the synthetic area's information on the 20
        focus = focus_population(
            data, DEFAULT_REFERENCE_DATE
        )  # made once a session, as the page does
        setup_s = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        doors = front_door.front_door_children(data, DEFAULT_REFERENCE_DATE)
        front_door_setup_s = round(time.perf_counter() - start, 2)
        rng = np.random.default_rng(1)
        filters = [
            {"age_groups": tuple(rng.choice(["unborn", "under_2", "2_to_4", "5_to_7"], size=int(rng.integers(1, 4)), replace=False)),
             "lists": tuple(rng.choice(["cin", "cp", "assessments", "contacts"], size=int(rng.integers(0, 3)), replace=False)),
             "is_da_only": bool(rng.integers(0, 2))}
            for _ in range(50)
        ]  # fmt: skip
        child_ids = [
            str(i) for i in rng.choice(cohort["child_id"].to_numpy(), size=50, replace=False)
        ]
        locks = [[c.child_id] for c in pool[:30]]
        locks_6 = [[child] for child in (given.ids if given else ())]

        def workbench_answer(lock_20: list[str], lock_6: list[str], given=None) -> object:  # type: ignore[no-untyped-def]
            adjusted = sample_view.adjust(pool, 1, lock_20, lock_6=lock_6, given=given)
            return sample_view.balance(data, DEFAULT_REFERENCE_DATE, adjusted, focus)

        chosen = [explore.filter_cohort(cohort, **f)["child_id"] for f in filters]
        clicks = [
            (doors.flows[int(rng.integers(0, len(doors.flows)))], week.label)
            for week in doors.window
        ]
        patterns = front_door.pattern_counts(doors)["pattern"].head(10).to_list()
        results = {
            "children": cohort.height,
            "events": events.height,
            "one_off_setup_s": setup_s,
            "filter_and_summarise": timed_ms(
                lambda f: explore.summarise(explore.filter_cohort(cohort, **f)), filters
            ),
            "follow_a_child": timed_ms(lambda child: explore.events_for(events, child), child_ids),
            "workbench_lock_before_the_return": timed_ms(
                lambda lock: workbench_answer(lock, []), locks
            ),
            "workbench_lock_into_the_6_after_the_return": timed_ms(
                lambda lock: workbench_answer([], lock, given), locks_6
            ),
            "front_door_one_off_setup_s": front_door_setup_s,
            "front_door_counts_for_the_filtered_children": timed_ms(
                lambda ids: (
                    front_door.weekly_counts(doors, ids),
                    front_door.pattern_counts(doors, ids),
                ),
                chosen,
            ),
            "front_door_children_of_a_clicked_week": timed_ms(
                lambda click: front_door.children_in_week(doors, *click), clicks
            ),
            "front_door_children_of_a_clicked_pattern": timed_ms(
                lambda pattern: front_door.children_with_pattern(doors, pattern), patterns
            ),
        }
        slowest = max(v["p95_ms"] for v in results.values() if isinstance(v, dict))
        results["target"] = "<= 100 ms per widget change"
        results["meets_target"] = slowest <= 100
        print(record(f"explorer_{args.size}", results).read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
