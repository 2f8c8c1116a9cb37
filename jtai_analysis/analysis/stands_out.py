"""What stands out: short statements generated from the indicators by the theme's reviewed rules
(``stands_out`` in ``data_contracts/themes/<theme>.yml``).

Each statement gives the figure, its comparator (England where published, the area's all-children
figure otherwise), the 95% Wilson interval of the figure, and a line of enquiry tied to its
evaluation criteria. A difference is called out only when the interval excludes the comparator.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import yaml

from jtai_analysis.catalogue.theme import StandsOut, load_theme

_CRITERIA = Path(__file__).with_name("evaluation_criteria.yml")


def rules() -> StandsOut:
    """The reviewed rules of the theme."""
    return load_theme().stands_out


def wilson_interval(numerator: int, denominator: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of ``numerator / denominator``, as percentages (0-100).

    Parameters
    ----------
    numerator, denominator
        Successes and trials; ``denominator`` must be positive.
    z
        The normal quantile: 1.96 for a 95% interval.
    """
    p = numerator / denominator
    z2 = z * z
    centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator)
    half = (
        z
        * math.sqrt(p * (1 - p) / denominator + z2 / (4 * denominator * denominator))
        / (1 + z2 / denominator)
    )
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def figure_text(numerator: int, denominator: int, value: float, small: int) -> str:
    """ "N of D (P%)"; a count under ``small`` as "fewer than 5", without the percentage that
    would give it away."""
    if 0 < denominator < small:
        return f"fewer than {small} in all"
    if 0 < numerator < small:
        return f"fewer than {small} of {denominator:,}"
    return f"{numerator:,} of {denominator:,} ({value:.1f}%)"


def statements(indicators: pl.DataFrame) -> pl.DataFrame:
    """Every rule applied to the indicator table (the rows of ``indicators.csv``).

    Returns
    -------
    polars.DataFrame
        One row per rule whose figures are available: ``statement``, ``figure``, ``comparator``,
        ``interval``, ``enquiry``, ``ec``, ``is_called_out`` (the interval excludes the
        comparator), ``indicator_id``, ``compared_with`` (the area figure compared with, if
        any) and ``comparator_words``; called-out statements first, in rule order.
    """
    config = rules()
    small, z = config.small_count, config.z
    by_id = {row["indicator_id"]: row for row in indicators.iter_rows(named=True)}
    records = []
    for rule in config.rules:
        row = by_id.get(rule.indicator)
        if row is None or row["value"] is None or not row["denominator"]:
            continue
        if rule.compare_with == "england":
            comparator = row["national_value"]
            comparator_text = "England (derived)" if row.get("national_derived") else "England"
            compared_with = None
        else:
            other = by_id.get(rule.compare_with, {})
            comparator, comparator_text = other.get("value"), "all children in the area"
            compared_with = rule.compare_with
        if comparator is None:
            continue
        low, high = wilson_interval(row["numerator"], row["denominator"], z)
        is_called_out = not (low <= comparator <= high)
        wording = rule.higher if row["value"] > comparator else rule.lower
        records.append(
            {
                "indicator_id": rule.indicator,
                "statement": wording if is_called_out else f"No clear difference: {row['title']}",
                "figure": figure_text(row["numerator"], row["denominator"], row["value"], small),
                "comparator": f"{comparator_text} {comparator:.1f}%",
                "interval": f"{low:.1f}% to {high:.1f}%",
                "enquiry": rule.enquiry,
                "ec": rule.ec,
                "is_called_out": is_called_out,
                "compared_with": compared_with,
                "comparator_words": comparator_text,
            }
        )
    schema = {
        "indicator_id": pl.String,
        "statement": pl.String,
        "figure": pl.String,
        "comparator": pl.String,
        "interval": pl.String,
        "enquiry": pl.String,
        "ec": pl.String,
        "is_called_out": pl.Boolean,
        "compared_with": pl.String,  # the figure compared with, when it is one of the area's
        "comparator_words": pl.String,
    }
    table = pl.DataFrame(records, schema=schema)
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
    return pl.DataFrame(
        {"Criterion": codes, "In short": [titles[c] for c in codes]},
        schema={"Criterion": pl.String, "In short": pl.String},
    )


def for_readers(table: pl.DataFrame) -> pl.DataFrame:
    """Statements as the pack shows them."""
    return table.select(
        pl.col("statement").alias("What stands out"),
        pl.col("figure").alias("Figure"),
        pl.col("comparator").alias("Compared with"),
        pl.col("interval").alias("95% interval"),
        pl.col("enquiry").alias("Line of enquiry"),
        pl.col("ec").alias("Informs"),
    )
