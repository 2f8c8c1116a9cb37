"""`jtai explain`: a figure of a built pack in words, its numbers, availability and the rows behind it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from jtai_analysis.cli.shared import EXIT_OK, UsageError

FIRST_ROWS = 20


def _number(value: Any) -> str:
    return "" if value is None else f"{value:,}"


def _value(row: dict[str, Any]) -> str:
    if not row["available"] or row["value"] is None:
        return "not available"
    if row["unit"] == "count":
        return f"{int(row['value']):,}"
    if row["unit"] == "median":
        return f"{row['value']:.1f} (median)"
    return f"{row['value']:.1f}% ({row['numerator']:,} of {row['denominator']:,})"


def _comparison(pack: Any, figure_id: str, group: str) -> list[str]:
    """Focus children's difference from the other under-8s, as ``figures.csv`` records it on the
    figure's focus row, for the focus group, the group compared with, or all children."""
    from jtai_analysis.analysis.figures.availability import NOT_AVAILABLE
    from jtai_analysis.analysis.figures.comparison import FOCUS_GROUP
    from jtai_analysis.presentation.group_labels import group_label

    if FOCUS_GROUP not in pack.figures.filter(pack.figures["figure_id"] == figure_id)["group"]:
        return []
    focus = pack.figure(figure_id, FOCUS_GROUP)
    compared = focus.get("compared_group")
    if not compared or group not in ("all", FOCUS_GROUP, compared):
        return []
    who = f"{group_label(FOCUS_GROUP)} beside the {group_label(compared).lower()} ({compared})"
    if focus.get("difference") is None:
        reason = str(focus.get("difference_note") or "").removeprefix(NOT_AVAILABLE)
        return [f"{who}: difference not available" + (f" ({reason})" if reason else "")]
    low, high = float(focus["difference_low"]), float(focus["difference_high"])
    return [
        f"{who}: difference {float(focus['difference']):+.1f} percentage points, "
        f"95% interval {low:+.1f} to {high:+.1f} (Newcombe)"
    ]


def explanation(folder: Path, figure_id: str, group: str) -> tuple[list[str], Any]:
    """The lines ``jtai explain`` prints (before the rows), and the pack's figures."""
    from jtai_analysis.analysis.figures import definitions
    from jtai_analysis.analysis.figures.words import definition_words
    from jtai_analysis.common.derive import window_start
    from jtai_analysis.pack.pack_figures import PackFigures
    from jtai_analysis.presentation.group_labels import group_label

    pack = PackFigures.read(folder)
    row = pack.figure(figure_id, group)
    definition = definitions().get(figure_id)
    lines = [f"{figure_id} ({group}): {definition.title if definition else figure_id}"]
    if definition is not None:
        words = definition_words(definition)
        lines.append(f"Counts: {words.counts}.")
        if words.over:
            lines.append(f"Out of: {words.over}.")
        if definition.about:
            lines.append(definition.about)
    reference = pack.reference_date()
    if reference:
        day = dt.date.fromisoformat(reference)
        lines.append(
            f"Window: {window_start(day):%d/%m/%Y} to {day:%d/%m/%Y} (reference date), both included."
        )
    noun = "children" if definition is not None and definition.counts_children else "rows"
    lines += [
        f"Group: {group_label(group)} ({group})",
        f"Value: {_value(row)}",
        f"Numerator: {_number(row['numerator'])} {noun if row['numerator'] is not None else ''}".rstrip(),
        f"Denominator: {_number(row['denominator'])} {noun if row['denominator'] is not None else ''}".rstrip(),
        f"Available: {'yes' if row['available'] else 'no'}",
    ]
    if row["note"]:
        lines.append(f"Note: {row['note']}")
    if row["national_value"] is not None:
        lines.append(f"England: {row['national_value']:.1f}% ({row['national_period']})")
    lines += _comparison(pack, figure_id, group)
    return lines, pack


def run_explain(args: argparse.Namespace) -> int:
    from jtai_analysis.common.spreadsheet import csv_text, write_csv
    from jtai_analysis.pack.pack_figures import NotAPack, UnknownFigure

    try:
        lines, pack = explanation(Path(args.pack), args.figure_id, args.group)
    except (NotAPack, UnknownFigure) as error:
        raise UsageError(str(error)) from error
    print("\n".join(lines))
    rows = pack.rows(args.figure_id, args.group)
    if args.csv:
        out = Path(args.csv)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_csv(rows, out)
        print(f"All {rows.height:,} rows behind it (numerator and denominator) written to {out}.")
        return EXIT_OK
    numerator = rows.filter(rows["role"] == "numerator").drop("figure_id", "group", "role")
    if numerator.is_empty():
        print("No rows behind the numerator.")
        return EXIT_OK
    shown = numerator if args.all else numerator.head(args.rows)
    if shown.height < numerator.height:
        print(
            f"Rows behind the numerator: the first {shown.height:,} of {numerator.height:,} "
            "(--all for every one, --csv FILE to write them with the denominator's):"
        )
    else:
        print(f"Rows behind the numerator ({numerator.height:,}):")
    sys.stdout.write(csv_text(shown))
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the command to the ``jtai`` parser."""
    explain = commands.add_parser(
        "explain",
        help="a figure of a built pack in words, its numbers and the rows behind it",
    )
    explain.add_argument("figure_id", metavar="FIGURE_ID", help="e.g. rereferrals_12m_pct")
    explain.add_argument("--pack", required=True, help="the folder jtai pack wrote")
    explain.add_argument(
        "--group", default="all", help="all (default), or BREAKDOWN=VALUE such as focus=Yes"
    )
    explain.add_argument("--all", action="store_true", help="print every row, not the first 20")
    explain.add_argument("--rows", type=int, default=FIRST_ROWS, help=argparse.SUPPRESS)
    explain.add_argument("--csv", metavar="FILE", help="write every row behind it to a CSV file")
    explain.set_defaults(handler=run_explain)
