"""Great Expectations 1.x at its boundary: one ephemeral context a run (nothing written to disk,
progress bars and analytics off), the frame GX is given, and the rows it names.

Each list goes to GX once as a pandas frame (dates cast to ``datetime64[ns]``, which keeps GX on its
vectorised path, see ``tooling_notes.md``) and every unexpected row comes back by ``_row_id``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

import polars as pl

from jtai_analysis.common.startup import skip_slow_optional_imports
from jtai_analysis.validation.rules import RAW_PREFIX, REFERENCE_PARAMETER, ROW_ID, Check
from jtai_analysis.validation.unexpected_rows import agrees_with_gx, unexpected_row_ids

_log = logging.getLogger(__name__)


class GxRunner:
    """One ephemeral Great Expectations context, reused for every list of a run."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        skip_slow_optional_imports()
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = self.context.data_sources.add_pandas("jtai").add_dataframe_asset("list")
        self.batch = asset.add_batch_definition_whole_dataframe("whole")
        self._count = 0

    def run(
        self,
        suite: dict[str, Any],
        frame: Any,
        reference_date: dt.date,
        prepared: pl.DataFrame | None = None,
    ) -> list[tuple[dict[str, Any], list[int]]]:
        """Validate ``frame`` (pandas) against ``suite``; return (expectation meta, failing row ids) per expectation.

        One pass (``BOOLEAN_ONLY``, about half GX's cost per expectation) gives GX's verdict on every
        expectation. The failing rows come from the same predicate in polars over ``prepared`` (the
        frame before its conversion to pandas) when GX's verdict confirms it; otherwise, and without
        ``prepared``, GX names them in a ``COMPLETE`` pass over the failing expectations only.
        """
        parameters = {
            REFERENCE_PARAMETER: dt.datetime.combine(reference_date, dt.time()).isoformat()
        }
        quick = self.validate(suite, frame, {"result_format": "BOOLEAN_ONLY"}, parameters)
        rows: dict[int, list[int]] = {}
        ask_gx: list[int] = []
        for item in quick:
            position = item.expectation_config.meta["position"]
            found = (
                unexpected_row_ids(suite["expectations"][position], prepared, parameters)
                if prepared is not None
                else None
            )
            if found is not None and agrees_with_gx(item.success, found):
                rows[position] = found
                continue
            if found is not None:  # GX is the judge; the mirror needs looking at
                _log.warning(
                    "Great Expectations and the polars mirror disagree on %s %s; GX's answer is used",
                    suite["name"],
                    suite["expectations"][position]["type"],
                )
            if not item.success:
                ask_gx.append(position)
        if ask_gx:
            detail = {**suite, "expectations": [suite["expectations"][p] for p in sorted(ask_gx)]}
            complete = {
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [ROW_ID],
                "return_unexpected_index_query": False,
            }
            for item in self.validate(detail, frame, complete, parameters):
                entries = (item.result or {}).get("unexpected_index_list") or []
                rows[item.expectation_config.meta["position"]] = [
                    entry[ROW_ID] for entry in entries
                ]
        return [
            (
                dict(item.expectation_config.meta),
                [] if item.success else rows.get(item.expectation_config.meta["position"], []),
            )
            for item in quick
        ]

    def validate(
        self,
        suite: dict[str, Any],
        frame: Any,
        result_format: dict[str, Any],
        parameters: dict[str, str],
    ) -> list[Any]:
        self._count += 1
        gx_suite = self.gx.ExpectationSuite(**{**suite, "name": f"{suite['name']}_{self._count}"})
        batch = self.batch.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            gx_suite, result_format=result_format, expectation_parameters=parameters
        )
        for item in result.results:
            if item.exception_info and item.exception_info.get("raised_exception"):
                config = item.expectation_config
                raise RuntimeError(
                    f"Great Expectations could not run {config.type if config else 'an expectation'}: "
                    f"{item.exception_info}"
                )
        return list(result.results)


def gx_frame(frame: pl.DataFrame, raw: pl.DataFrame, checks: list[Check]) -> pl.DataFrame:
    """The list as GX sees it: row id, the columns the checks read, raw text and helper columns."""
    raw_text = raw.drop("_file", "_sheet", "_row", strict=False).select(
        pl.all().name.prefix(RAW_PREFIX)
    )
    with_raw = pl.concat([frame, raw_text], how="horizontal")
    helpers = [expr.alias(name) for name, expr in (c.helper for c in checks if c.helper)]
    prepared = with_raw.with_row_index(ROW_ID).with_columns(helpers)
    needed = [ROW_ID, *dict.fromkeys(col for check in checks for col in check.uses_columns())]
    return prepared.select(needed)


def for_gx(prepared: pl.DataFrame) -> Any:
    """To pandas once, at the GX boundary; dates as datetime64[ns] keep GX on its vectorised path."""
    return prepared.with_columns(pl.col(pl.Date).cast(pl.Datetime("ns"))).to_pandas()
