"""How concerns arrive: contacts and referrals by source, by age group and domestic abuse, repeat contacts.

Sources are the CIN census source codes; their names and groups (Police, Health services, Schools, ...)
come from the ``source`` code list in ``data_contracts/_shared.yml``. Only valid rows dated in the
window count; the age group and domestic abuse flag are the child's, from the cohort.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jtai_analysis.analysis.indicators import percent
from jtai_analysis.catalogue.lists import Catalogue, load_catalogue
from jtai_analysis.common.derive import AGE_GROUP_LABELS, AGE_GROUPS, window_start
from jtai_analysis.model.prepared import PreparedData

# The list, its date and its source column, for the two lists that record where a concern came from.
_SOURCES = {
    "contacts": ("contact_date", "contact_source"),
    "referrals": ("referral_date", "referral_source"),
}


def _rows_in_window(
    data: PreparedData, list_key: str, reference_date: dt.date
) -> pl.DataFrame | None:
    frame = data.frame(list_key)
    date, source = _SOURCES[list_key]
    if frame is None or date not in frame.columns or source not in frame.columns:
        return None
    return frame.filter(pl.col(date).is_between(window_start(reference_date), reference_date))


def source_names(catalogue: Catalogue | None = None) -> pl.DataFrame:
    """Each source code with its Annex A label and group, in code-list order."""
    catalogue = catalogue or load_catalogue()
    codes = catalogue.codelists["source"].codes
    return pl.DataFrame(
        {
            "order": list(range(len(codes))),
            "source": [c.code for c in codes],
            # the code with its census description ("3A: Health services - GP"), which tells the
            # health sources apart where the template label ("g) 3A: Health services") does not
            "Source": [
                f"{c.code}: {c.descriptions[0]}" if c.descriptions else c.label.split(") ", 1)[-1]
                for c in codes
            ],
            "Group": [c.group or c.label for c in codes],
        }
    )


def by_source(
    data: PreparedData, reference_date: dt.date, catalogue: Catalogue | None = None
) -> pl.DataFrame | None:
    """Contacts and referrals in the window by source: rows and % of the list's rows.

    None when neither list has arrived with its source column. A source with no rows is left out;
    rows whose source is blank are shown as "Not recorded".
    """
    names = source_names(catalogue)
    columns = []
    for key, (_, source) in _SOURCES.items():
        rows = _rows_in_window(data, key, reference_date)
        if rows is None:
            continue
        counts = rows.group_by(pl.col(source).alias("source")).len(name=key)
        columns.append((key, counts, rows.height))
    if not columns:
        return None
    table = names
    for _key, counts, _ in columns:
        table = table.join(counts, on="source", how="full", coalesce=True)
    table = table.with_columns(
        pl.col("Source").fill_null("Not recorded"), pl.col("Group").fill_null("Not recorded")
    )
    present = [key for key, _, _ in columns]
    table = table.filter(pl.any_horizontal(pl.col(k).is_not_null() for k in present)).sort(
        "order", nulls_last=True
    )
    out = [pl.col("Source"), pl.col("Group")]
    for key, _, total in columns:
        label = key.capitalize()
        out.append(pl.col(key).fill_null(0).cast(pl.Int64).alias(label))
        out.append(_percent_of(pl.col(key).fill_null(0), total).alias(f"% of {key}"))
    return table.select(out)


def _percent_of(count: pl.Expr, total: int) -> pl.Expr:
    """Each count as a percentage of ``total``, rounded half up (see ``indicators.percent``)."""
    return count.map_elements(lambda n: percent(int(n), total), return_dtype=pl.Float64)


def police_share_by_group(
    data: PreparedData,
    reference_date: dt.date,
    cohort: pl.DataFrame,
    police_codes: tuple[str, ...],
    list_key: str = "contacts",
) -> pl.DataFrame | None:
    """% of a list's rows in the window from the police, by the child's age group and domestic abuse."""
    rows = _rows_in_window(data, list_key, reference_date)
    if rows is None:
        return None
    _, source = _SOURCES[list_key]
    joined = rows.select("child_id", pl.col(source).is_in(list(police_codes)).alias("police")).join(
        cohort.select("child_id", pl.col("age_group").cast(pl.String), "is_da"),
        on="child_id",
        how="left",
    )
    table = (
        joined.with_columns(pl.col("age_group").fill_null("unknown"))
        .group_by("age_group")
        .agg(
            pl.len().alias("Contacts"),
            pl.col("police").sum().alias("From police"),
            pl.col("is_da").fill_null(False).sum().alias("Child has domestic abuse recorded"),
        )
    )
    order = {g: i for i, g in enumerate(AGE_GROUPS)}
    return (
        table.sort(pl.col("age_group").replace_strict(order, default=99))
        .with_columns(
            pl.struct("From police", "Contacts")
            .map_elements(
                lambda r: percent(r["From police"], r["Contacts"]), return_dtype=pl.Float64
            )
            .alias("% from police"),
            pl.col("age_group")
            .replace_strict(AGE_GROUP_LABELS, default="Unknown")
            .alias("Age group"),
        )
        .select(
            "Age group",
            "Contacts",
            "From police",
            "% from police",
            "Child has domestic abuse recorded",
        )
    )


def repeat_contacts(data: PreparedData, reference_date: dt.date) -> pl.DataFrame | None:
    """Children by number of contacts in the window: 1, 2, 3 or more (cumulative harm, EC9)."""
    rows = _rows_in_window(data, "contacts", reference_date)
    if rows is None:
        return None
    per_child = rows.filter(pl.col("child_id").is_not_null()).group_by("child_id").len()
    bands = per_child.select(
        pl.when(pl.col("len") >= 3)
        .then(pl.lit("3 or more"))
        .otherwise(pl.col("len").cast(pl.String))
        .alias("Contacts in the six months")
    )
    counts = dict(bands.group_by("Contacts in the six months").len().iter_rows())
    return pl.DataFrame(
        {
            "Contacts in the six months": ["1", "2", "3 or more"],
            "Children": [int(counts.get(k, 0)) for k in ("1", "2", "3 or more")],
        }
    )


def contact_to_referral(data: PreparedData, reference_date: dt.date) -> pl.DataFrame | None:
    """Children with a contact in the window, and how many of them had a referral in the window."""
    contacts = _rows_in_window(data, "contacts", reference_date)
    referrals = _rows_in_window(data, "referrals", reference_date)
    if contacts is None or referrals is None:
        return None
    contacted = set(contacts["child_id"].drop_nulls())
    referred = contacted & set(referrals["child_id"].drop_nulls())
    return pl.DataFrame(
        {
            "Children with a contact": [len(contacted)],
            "Of whom referred": [len(referred)],
            "% referred": [percent(len(referred), len(contacted))],
        }
    )
