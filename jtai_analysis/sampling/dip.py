"""Dip samples (para 72): a reproducible, stratified sample of valid rows of one list.

Conditions are ``KEY=VALUE`` as ``jtai dip --where`` takes them: KEY is one of the list's contract
keys, or a derived key: ``age_group`` (from date of birth at the reference date; ``under_8`` means
unborn to 7, the inspection's ages), ``focus`` (a focus child, interfaces.md) or, on List 5,
``enquiry_open`` (``Yes``: no conference date, not recorded as unnecessary, and the strategy
discussion at most ``open_enquiry_working_days`` working days before the reference date, so a
conference may still follow on time). VALUE is a code as in the contract (any accepted spelling),
``blank``, ``not_blank``, ``window`` (a date within the window), a date ``YYYY-MM-DD``, or a number
compared with ``>=``, ``<=``, ``>``, ``<`` (written ``KEY=>=1``, or ``KEY>=1``). The presets an
inspector reaches for are in ``data_contracts/rules/sampling.yml``: each is headed by its list and
samples children unborn to 7 unless it says otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from jtai_analysis.catalogue.codes import YES, ListKey
from jtai_analysis.catalogue.lists import Catalogue, ListContract, load_catalogue
from jtai_analysis.common.derive import FOCUS_AGE_GROUPS, age_group_expr, window_start
from jtai_analysis.common.text import normalise_code
from jtai_analysis.common.workdays import working_days_series
from jtai_analysis.model.prepared import PreparedData
from jtai_analysis.sampling.rules import DipPreset, load_rules

DERIVED_KEYS = ("age_group", "focus", "enquiry_open")
UNDER_8 = "under_8"  # the age_group value for unborn to 7 (FOCUS_AGE_GROUPS)
_ENQUIRY_COLUMNS = ("strategy_date", "icpc_date", "icpc_unnecessary")
_COMPARISON = re.compile(r"^(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$")
_CONDITION = re.compile(r"^([A-Za-z0-9_]+)\s*(=|>=|<=|>|<)\s*(.*)$")
# Lists whose domestic abuse field makes a focus child (interfaces.md, "Focus children").
_FOCUS_LISTS = ("assessments", "cin")


# Where ingest records the row the local area sees, and the names the dip sample gives them.
_PROVENANCE = {"_sheet": "sheet", "_row": "row"}


class DipError(ValueError):
    """A condition or stratum that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class DipResult:
    """The sample, how many rows matched, and a sentence saying what was drawn."""

    table: pl.DataFrame
    matched: int
    wanted: int
    message: str


def parse_condition(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` (or ``KEY>=N`` ...) as ``(key, value)``, the operator kept in the value."""
    found = _CONDITION.match(text.strip())
    if not found:
        raise DipError(f"{text!r} is not a condition written KEY=VALUE.")
    key, operator, value = found.groups()
    return key, value.strip() if operator == "=" else f"{operator}{value.strip()}"


def focus_children(data: PreparedData, reference_date: dt.date) -> set[str]:
    """Children with domestic abuse = Yes on a List 4 or 6 row whose age group is a focus group."""
    out: set[str] = set()
    for key in _FOCUS_LISTS:
        frame = data.frame(key)
        if frame is None or "da_victim" not in frame.columns:
            continue
        rows = frame.with_columns(
            pl.col("date_of_birth").cast(pl.String).str.slice(0, 10).str.to_date(strict=False)
        ).filter(
            (pl.col("da_victim") == YES)
            & age_group_expr("date_of_birth", reference_date).is_in(FOCUS_AGE_GROUPS)
        )
        out |= set(rows["child_id"].drop_nulls().cast(pl.String).to_list())
    return out


def _is_yes(value: str) -> bool:
    return normalise_code(value) in {normalise_code(s) for s in (YES, "Y", "true", "1")}


def enquiry_open_expr(reference_date: dt.date, working_days: int) -> pl.Expr:
    """Whether a List 5 row is an enquiry a conference may still follow on time (null: unknown).

    Open: no conference date, not recorded as unnecessary, and ``working_days`` or fewer working
    days from the strategy discussion to ``reference_date``. A row with no strategy discussion date
    and no conference is neither open nor closed (null), so no condition on it matches.
    """
    since_strategy = pl.col("strategy_date").map_batches(
        lambda dates: working_days_series(dates, pl.Series([reference_date] * len(dates))),
        return_dtype=pl.Int64,
    )
    not_decided = pl.col("icpc_date").is_null() & (pl.col("icpc_unnecessary") != YES).fill_null(
        True
    )
    return not_decided & since_strategy.is_between(0, working_days)


def _with_dates(frame: pl.DataFrame, contract: ListContract) -> pl.DataFrame:
    """Date columns as dates (prepared data may hold them as ISO text)."""
    dated = [c.key for c in contract.columns if c.type == "date" and c.key in frame.columns]
    return frame.with_columns(
        pl.col(k).cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        for k in dated
        if frame.schema[k] != pl.Date
    )


def _condition(
    key: str,
    value: str,
    contract: ListContract,
    catalogue: Catalogue,
    frame: pl.DataFrame,
    reference_date: dt.date,
    focus: set[str] | None,
) -> pl.Expr:
    if key == "focus":
        return pl.col("child_id").is_in(sorted(focus or set())) == _is_yes(value)
    if key == "age_group":
        if "date_of_birth" not in frame.columns:
            raise DipError(f"age_group needs dates of birth, which the {contract.key} list lacks.")
        groups = age_group_expr("date_of_birth", reference_date).cast(pl.String)
        return groups.is_in(FOCUS_AGE_GROUPS) if value == UNDER_8 else groups == value
    if key == "enquiry_open":
        missing = [c for c in _ENQUIRY_COLUMNS if c not in frame.columns]
        if contract.key != ListKey.S47 or missing:
            raise DipError(
                f"enquiry_open is read from List 5 ({', '.join(_ENQUIRY_COLUMNS)}); "
                f"the {contract.key} list as submitted lacks "
                f"{', '.join(missing) if contract.key == ListKey.S47 else 'them'}."
            )
        days = load_rules().open_enquiry_working_days
        return (enquiry_open_expr(reference_date, days) == _is_yes(value)).fill_null(False)
    if key not in contract.column_keys:
        raise DipError(
            f"{key!r} is not a column of the {contract.key} list (its keys: "
            f"{', '.join(contract.column_keys)}; also {', '.join(DERIVED_KEYS)})."
        )
    if key not in frame.columns:
        raise DipError(f"The {contract.key} list as submitted has no {key!r} column.")
    column = contract.column(key)
    column_expr = pl.col(key)
    if value == "blank":
        return column_expr.is_null()
    if value == "not_blank":
        return column_expr.is_not_null()
    compared = _COMPARISON.match(value)
    if compared:
        operator, number = compared.groups()
        numeric = column_expr.cast(pl.Float64, strict=False)
        limit = float(number)
        return {
            ">=": numeric >= limit,
            "<=": numeric <= limit,
            ">": numeric > limit,
            "<": numeric < limit,
        }[operator].fill_null(False)
    if column.type == "date":
        as_date = column_expr
        if value == "window":
            return as_date.is_between(window_start(reference_date), reference_date)
        try:
            return as_date == dt.date.fromisoformat(value)
        except ValueError as error:
            raise DipError(f"{value!r} for {key} is not a date YYYY-MM-DD or 'window'.") from error
    if column.type in ("code", "codes"):
        code = catalogue.codelist_for(column).lookup().get(normalise_code(value))
        if code is None:
            raise DipError(f"{value!r} is not a code of {key} in the {contract.key} contract.")
        if column.type == "codes":
            return column_expr.str.split(";").list.contains(code)
        return column_expr == code
    return column_expr.cast(pl.String).str.to_lowercase() == value.lower()


def _order(seed: int, sheet: str, row: int) -> int:
    """A row's place in the seeded order, independent of the other rows."""
    digest = hashlib.sha256(f"{seed}:{sheet}:{row}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def dip_sample(
    data: PreparedData,
    list_key: str,
    n: int,
    where: Sequence[tuple[str, str]] = (),
    stratify: str | None = None,
    reference_date: dt.date | None = None,
    seed: int = 1,
    catalogue: Catalogue | None = None,
) -> DipResult:
    """N valid rows of one list meeting every condition, spread over the ``stratify`` values.

    Parameters
    ----------
    data
        The prepared submission (valid rows only are sampled).
    list_key
        The list (``LIST_KEY`` of interfaces.md).
    n
        How many rows; when fewer match, all of them (the message says so).
    where
        ``(KEY, VALUE)`` conditions (see the module docstring); all must hold.
    stratify
        A column (or derived key): rows are taken from each value in turn, so every value present
        gets a fair share (the first strata in order get one more when N does not divide evenly).
    reference_date
        For the window and age groups; defaults to the data's reference date.
    seed
        Same data, conditions and seed give the same rows.

    Returns
    -------
    DipResult
        ``table`` has ``child_id``, ``sheet``, ``row`` and the list's keys (and ``stratum`` when
        stratified), ordered by sheet and row.

    Raises
    ------
    DipError
        A list, key or value that cannot be used.
    """
    catalogue = catalogue or load_catalogue()
    reference_date = reference_date or data.reference_date
    if list_key not in catalogue.lists:
        raise DipError(f"{list_key!r} is not a list (lists: {', '.join(catalogue.lists)}).")
    if n < 1:
        raise DipError("--n must be at least 1.")
    frame = data.frame(list_key)
    if frame is None:
        raise DipError(f"The {list_key} list is not in the submission.")
    contract = catalogue.lists[list_key]
    frame = _with_dates(frame, contract).rename(
        {k: v for k, v in _PROVENANCE.items() if k in frame.columns}
    )
    uses_focus = any(k == "focus" for k, _ in where) or stratify == "focus"
    focus = focus_children(data, reference_date) if uses_focus else None
    conditions = [
        _condition(k, v, contract, catalogue, frame, reference_date, focus) for k, v in where
    ]
    matched = frame.filter(pl.all_horizontal(conditions)) if conditions else frame
    keys = [k for k in contract.column_keys if k in frame.columns and k != "child_id"]
    columns = ["child_id", "sheet", "row", *keys]
    if stratify:
        if stratify == "focus":
            stratum = pl.col("child_id").is_in(sorted(focus or set())).cast(pl.String)
        elif stratify == "age_group" and "date_of_birth" in frame.columns:
            stratum = age_group_expr("date_of_birth", reference_date).cast(pl.String)
        elif stratify in frame.columns:
            stratum = pl.col(stratify).cast(pl.String)
        else:
            raise DipError(f"{stratify!r} is not a column of the {list_key} list to stratify by.")
        matched = matched.with_columns(stratum.fill_null("(blank)").alias("stratum"))
        columns.append("stratum")
    return draw(matched, n, seed, columns, f"the {list_key} list", stratified=bool(stratify))


def draw(
    matched: pl.DataFrame,
    n: int,
    seed: int,
    columns: Sequence[str],
    what: str,
    *,
    stratified: bool = False,
) -> DipResult:
    """N of the ``matched`` rows (with ``sheet`` and ``row``, and a ``stratum`` when
    ``stratified``) in the seeded order, spread over the strata in turn; ``what`` names them in
    the message (``the referrals list``). The same rows and seed always give the same sample."""
    if not stratified:
        matched = matched.with_columns(pl.lit("all").alias("stratum"))
    ordered = matched.with_columns(
        pl.struct("sheet", "row")
        .map_elements(lambda r: _order(seed, str(r["sheet"]), int(r["row"])), pl.UInt64)
        .alias("_order")
    ).sort("stratum", "_order")
    # Round robin over the strata: the k-th row of every stratum before any (k+1)-th.
    picked = (
        ordered.with_columns(pl.int_range(pl.len()).over("stratum").alias("_turn"))
        .sort("_turn", "stratum")
        .head(n)
        .sort("sheet", "row")
    )
    table = picked.select([c for c in columns if c in picked.columns])
    wanted = min(n, matched.height)
    if matched.height < n:
        message = f"Only {matched.height} rows of {what} match; all of them are taken."
    else:
        message = f"{n} of the {matched.height} matching rows of {what} taken."
    return DipResult(table=table, matched=matched.height, wanted=wanted, message=message)


def preset_heading(preset: DipPreset, catalogue: Catalogue | None = None) -> str:
    """What a preset samples, headed by its list: ``List 3 Referrals: ... (children unborn to 7)``.

    The ages are said unless the preset's own conditions already name them (an age group or focus
    children); a preset over all ages says so.
    """
    catalogue = catalogue or load_catalogue()
    rules = load_rules()
    contract = catalogue.lists[preset.list_key]
    own_keys = {key for key, _ in preset.own_where}
    if preset.is_all_ages:
        ages = f" ({rules.dip_all_ages_words})"
    elif own_keys & {"age_group", "focus"}:
        ages = ""
    else:
        ages = f" ({rules.dip_scope_words})"
    title = preset.title.format(open_enquiry_working_days=rules.open_enquiry_working_days)
    return f"{contract.label}: {title}{ages}"


def preset_samples(
    data: PreparedData, reference_date: dt.date, seed: int, presets: Sequence[DipPreset] = ()
) -> list[tuple[DipPreset, DipResult | None, str]]:
    """Each dip preset of the rules: its sample, or None and why it is not available."""
    out: list[tuple[DipPreset, DipResult | None, str]] = []
    for preset in presets or load_rules().dip_presets:
        if not data.has(preset.list_key):
            out.append((preset, None, f"not available: the {preset.list_key} list has not arrived"))
            continue
        try:
            result = dip_sample(
                data, preset.list_key, preset.n, preset.where, None, reference_date, seed
            )
        except DipError as error:
            out.append((preset, None, f"not available: {error}"))
            continue
        out.append((preset, result, result.message))
    return out
