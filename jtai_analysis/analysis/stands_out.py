"""What stands out: short statements generated from the figures by the theme's reviewed rules
(``stands_out`` in ``data_contracts/themes/<theme>.yml``).

Two kinds of comparison, each a fair one (issue 25):

- **Focus children beside the other under-8s** (``compare_with: other_under8``): the figure's
  groups ``focus=Yes`` and ``focus=No_under8``, two disjoint groups of children of the same ages,
  with the 95% interval of the difference of the two proportions (Newcombe's hybrid score
  interval). Never focus children against all children, who include them. A difference is called
  out when the interval excludes 0. Where focus children are found only later in the journey than
  the figure's rows (contacts, referrals), the theme's selection-effect note goes beside it.
- **The area beside England** (``compare_with: england``): the figure for all children against the
  England figure, a fixed comparator, with the 95% Wilson interval of the figure; called out when
  it excludes England's figure. England's figure is labelled with its period, and not used when
  its period is more than a year from the data's (:mod:`.comparators`).

The intervals and the focus difference are the figures model's (:mod:`.figures.comparison`), the
difference the one each compared figure records on its ``focus=Yes`` row.

Statements carry numbers, not formatted counts: the pack writes the counts (and hides small ones)
through its one suppression rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import yaml

from jtai_analysis.analysis.comparators import comparator_period
from jtai_analysis.analysis.fair_comparisons import (
    FOCUS_GROUP,
    OTHERS_GROUP,
    selection_effect_note,
)
from jtai_analysis.analysis.figures import FigureSet, definitions
from jtai_analysis.analysis.figures.comparison import focus_difference, wilson_interval
from jtai_analysis.analysis.figures.comparison import newcombe_interval as newcombe_interval
from jtai_analysis.analysis.figures.definitions import FigureDefinition
from jtai_analysis.catalogue.labels import headings
from jtai_analysis.catalogue.theme import StandsOut, StandsOutRule, Theme, load_theme

_CRITERIA = Path(__file__).with_name("evaluation_criteria.yml")
ENGLAND = "england"
OTHER_UNDER8 = "other_under8"
ALL = "all"

STATEMENT_SCHEMA: dict[str, Any] = {
    "indicator_id": pl.String,  # the figure
    "group": pl.String,  # its group compared: focus=Yes, or all (against England)
    "statement": pl.String,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
    "value": pl.Float64,
    "compared_with": pl.String,  # the area figure compared with (None: England)
    "compared_group": pl.String,  # its group (focus=No_under8; None: England)
    "compared_numerator": pl.Int64,
    "compared_denominator": pl.Int64,
    "compared_value": pl.Float64,
    "comparator": pl.String,  # the comparator in words (England's with its period and value)
    "difference": pl.Float64,  # percentage points, focus less the other under-8s
    "low": pl.Float64,  # the 95% interval: of the difference, or (England) of the figure
    "high": pl.Float64,
    "interval": pl.String,
    "enquiry": pl.String,
    "ec": pl.String,
    "is_called_out": pl.Boolean,
    "comparator_words": pl.String,
    "note": pl.String,  # what to read beside it: the selection effect, England out of period
}


def rules() -> StandsOut:
    """The reviewed rules of the theme."""
    return load_theme().stands_out


def _usable(row: dict[str, Any] | None) -> bool:
    return bool(row and row["available"] and row["value"] is not None and row["denominator"])


def _focus_statement(
    rule: StandsOutRule, definition: FigureDefinition, figures: FigureSet, theme: Theme
) -> dict[str, Any] | None:
    focus = figures.figure(definition.id, FOCUS_GROUP)
    others = figures.figure(definition.id, OTHERS_GROUP)
    if focus is None or others is None or not (_usable(focus) and _usable(others)):
        return None
    # the difference the figure records on its focus row, by the figures model's one function
    compared = focus_difference(focus, others, theme.stands_out.z, theme.focus)
    difference, low, high = (
        float(compared[k]) for k in ("difference", "difference_low", "difference_high")
    )
    is_called_out = low > 0 or high < 0
    if is_called_out:
        statement = rule.higher if difference > 0 else rule.lower
    else:
        statement = (
            f"No clear difference: {definition.title} "
            f"({theme.focus.label.lower()} and {theme.focus.others_label.lower()})"
        )
    return {
        "indicator_id": definition.id,
        "group": FOCUS_GROUP,
        "statement": statement,
        "numerator": int(focus["numerator"]),
        "denominator": int(focus["denominator"]),
        "value": focus["value"],
        "compared_with": definition.id,
        "compared_group": OTHERS_GROUP,
        "compared_numerator": int(others["numerator"]),
        "compared_denominator": int(others["denominator"]),
        "compared_value": others["value"],
        "comparator": theme.focus.others_label,
        "difference": difference,
        "low": low,
        "high": high,
        "interval": f"{difference:+.1f} points ({low:+.1f} to {high:+.1f})",
        "is_called_out": is_called_out,
        "comparator_words": theme.focus.others_words,
        "note": selection_effect_note(definition, theme, short=True),
    }


def _england_statement(
    rule: StandsOutRule, definition: FigureDefinition, figures: FigureSet, theme: Theme
) -> dict[str, Any] | None:
    row = figures.figure(definition.id, ALL)
    national = definition.national
    if national is None or row is None or not _usable(row):
        return None
    label = f"England {national.period}" + (" (derived)" if national.derived else "")
    common = {
        "indicator_id": definition.id,
        "group": ALL,
        "numerator": int(row["numerator"]),
        "denominator": int(row["denominator"]),
        "value": row["value"],
        "comparator_words": label,
    }
    period = comparator_period(national.period, figures.reference_date)
    if period is not None and not period.is_in_period:
        return {
            **common,
            "statement": f"Not compared with England: {definition.title}",
            "comparator": f"{label}: {national.value:.1f}% (out of period)",
            "interval": "",
            "is_called_out": False,
            "note": period.note,
        }
    low, high = wilson_interval(int(row["numerator"]), int(row["denominator"]), theme.stands_out.z)
    is_called_out = not (low <= national.value <= high)
    wording = rule.higher if row["value"] > national.value else rule.lower
    return {
        **common,
        "statement": wording if is_called_out else f"No clear difference: {definition.title}",
        "comparator": f"{label}: {national.value:.1f}%",
        "low": low,
        "high": high,
        "interval": f"{low:.1f}% to {high:.1f}%",
        "is_called_out": is_called_out,
        "note": "",
    }


def statements(figures: FigureSet) -> pl.DataFrame:
    """Every rule of the theme applied to the run's figures.

    Returns
    -------
    polars.DataFrame
        One row per rule whose figures are available (:data:`STATEMENT_SCHEMA`): the statement,
        the figure's group and numbers, what it is compared with (the other under-8s' group of the
        same figure, or England's figure in words), the interval, the line of enquiry, the
        evaluation criteria, ``is_called_out`` and the note to read beside it; called-out
        statements first, in rule order.
    """
    theme = load_theme()
    all_definitions = definitions(theme)
    records = []
    for rule in theme.stands_out.rules:
        definition = all_definitions.get(rule.indicator)
        if definition is None:
            continue
        make = _focus_statement if rule.compare_with == OTHER_UNDER8 else _england_statement
        record = make(rule, definition, figures, theme)
        if record is not None:
            records.append({**record, "enquiry": rule.enquiry, "ec": rule.ec})
    table = pl.DataFrame(records, schema=STATEMENT_SCHEMA)
    return (
        table.with_row_index("order")
        .sort(["is_called_out", "order"], descending=[True, False])
        .drop("order")
    )


def ec_glossary(ec_texts: list[str]) -> pl.DataFrame:
    """The evaluation criteria cited in ``ec_texts`` (e.g. ``"EC3; EC9"``), each in a few words."""
    titles = yaml.safe_load(_CRITERIA.read_text(encoding="utf-8"))
    cited = {code.strip() for text in ec_texts if text for code in text.split(";")}
    codes = sorted((c for c in cited if c in titles), key=lambda c: int(c.removeprefix("EC")))
    heading = headings("criteria")
    return pl.DataFrame(
        {heading["criterion"]: codes, heading["in_short"]: [titles[c] for c in codes]},
        schema={heading["criterion"]: pl.String, heading["in_short"]: pl.String},
    )
