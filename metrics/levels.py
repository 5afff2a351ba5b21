"""The reading rule: which stored rows give the figure of a view.

The database holds cells and totals side by side (a NULL breakdown is the total over it). For the
level of a view (the breakdowns its filters or its grouping fix) and a period:

1. a row stored at exactly that level is the value: a published or internal total wins over any
   sum of its cells;
2. otherwise one finer level is added up by the indicator's rule: the full cells when there are
   any, else the coarsest finer level there is. A total is never added to its own cells, because
   only one level is ever summed;
3. otherwise, where only a coarser row exists (e.g. the whole city for a district view), the view
   is a gap with that reason (`gap="coarser"`, `coarser` names the breakdowns the data lack). A
   city figure is never shown as a district's;
4. a share given as a percentage (no numerator/denominator) cannot be added up: a sum that would
   need one is a gap with `gap="not_additive"`.

Input: data_access.queries.fetch_level_sums (sums per group key, `mask`, `unit_exact`).
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from metrics.aggregate import with_counts
from registry import BREAKDOWN_BITS, SUM_COLUMNS, Indicator

KEY_BREAKDOWN = {"district_code": "district", "unit_code": "unit", "group_code": "group"}
"""Group-key columns that are breakdowns: grouping by one fixes it in the view, like a filter."""

EXACT, SUM = "exact", "sum"
COARSER, NOT_ADDITIVE = "coarser", "not_additive"


def view_mask(view: Iterable[str]) -> int:
    return sum(BREAKDOWN_BITS[b] for b in set(view))


def _sum_levels(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Add up rows of the same key and level (SQL-like sums: null when every input is null)."""
    aggs = [
        pl.when(pl.col(c).count() > 0).then(pl.col(c).sum()).otherwise(None).alias(c)
        for c in SUM_COLUMNS
    ]
    return frame.group_by([*keys, "mask"], maintain_order=True).agg(aggs)


def as_level_sums(sums: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """Sums without level columns are sums of full cells (e.g. a hand-written frame): say so, and add
    any missing count column as 0."""
    sums = with_counts(sums)
    if "mask" in sums.columns:
        return sums
    return sums.with_columns(pl.lit(indicator.cell_mask, dtype=pl.Int64).alias("mask"),
                             pl.lit(1, dtype=pl.Int64).alias("unit_exact"))


def resolve(level_sums: pl.DataFrame, indicator: Indicator, *, view: Iterable[str] = ()) -> pl.DataFrame:
    """One row per group key with the sums of the level the reading rule picks.

    `view` is the breakdowns the view's filters fix (group keys that are breakdowns are added).
    Returns the keys, SUM_COLUMNS, `level` (exact | sum | null), `gap` (null | coarser |
    not_additive) and `coarser` (the breakdowns missing from the nearest coarser row, comma-separated).
    Gap rows carry null sums. Where a grouping breakdown is null in the input (a total over it, e.g.
    the whole city when grouping by district), one row with that key null says, per period, why
    keys without a row of their own are gaps.
    """
    level_sums = as_level_sums(level_sums, indicator)
    keys = [c for c in level_sums.columns if c in ("period", *KEY_BREAKDOWN)]
    grouped = [KEY_BREAKDOWN[k] for k in keys if k in KEY_BREAKDOWN]
    fixed = view_mask([*view, *grouped]) & indicator.cell_mask
    mask = pl.col("mask")
    frame = level_sums.with_columns(
        ((mask == fixed) & (pl.col("unit_exact") == 1)).alias("_exact"),
        ((mask & fixed) == fixed).alias("_at_or_below"),
    )
    exact = frame.filter(pl.col("_exact")).pipe(_sum_levels, keys).with_columns(pl.lit(EXACT).alias("level"))
    finer = (
        frame.filter(pl.col("_at_or_below") & ~pl.col("_exact"))
        .pipe(_sum_levels, keys)
        # the full cells first, else the coarsest finer level; the lowest mask breaks a tie
        .with_columns(
            pl.when(mask == indicator.cell_mask).then(0).otherwise(mask.bitwise_count_ones().cast(pl.Int64))
            .alias("_rank")
        )
        .sort([*keys, "_rank", "mask"], nulls_last=True)
        .unique(subset=keys, keep="first", maintain_order=True)
        .drop("_rank")
        .with_columns(pl.lit(SUM).alias("level"))
    )
    chosen = pl.concat([exact, finer.join(exact.select(keys), on=keys, how="anti", nulls_equal=True)])
    # only a ratio can hold a share given as a percentage; other rules keep their value in value_sum
    not_additive = (pl.col("level") == SUM) & (pl.col("share_cells") > 0) & pl.lit(indicator.rule == "ratio")
    chosen = chosen.with_columns(
        pl.when(not_additive).then(pl.lit(NOT_ADDITIVE)).otherwise(None).cast(pl.Utf8).alias("gap"),
        pl.lit(None, dtype=pl.Utf8).alias("coarser"),
    ).with_columns(
        [pl.when(pl.col("gap").is_null()).then(pl.col(c)).alias(c) for c in SUM_COLUMNS if c != "n_cells"]
    )
    coarse = _coarser_gaps(frame.filter(~pl.col("_at_or_below")), keys, fixed)
    coarse = coarse.join(chosen.select(keys), on=keys, how="anti", nulls_equal=True)
    columns = [*keys, *SUM_COLUMNS, "level", "gap", "coarser"]
    return pl.concat([chosen.select(columns), coarse.select(columns)], how="vertical_relaxed").sort(
        keys, nulls_last=True
    )


def _coarser_gaps(coarse: pl.DataFrame, keys: list[str], fixed: int) -> pl.DataFrame:
    """Per key, the nearest coarser row (most of the view's breakdowns named) and what it lacks."""
    names = {bit: name for name, bit in BREAKDOWN_BITS.items()}
    if coarse.is_empty():
        return pl.DataFrame(schema={**{k: coarse.schema[k] for k in keys}, **{c: coarse.schema[c] for c in SUM_COLUMNS},
                                    "level": pl.Utf8, "gap": pl.Utf8, "coarser": pl.Utf8})
    nearest = (
        coarse.with_columns((pl.col("mask") & fixed).bitwise_count_ones().cast(pl.Int64).alias("_named"))
        .sort([*keys, "_named", "mask"], descending=[False] * len(keys) + [True, False], nulls_last=True)
        .unique(subset=keys, keep="first", maintain_order=True)
    )
    missing = [
        pl.when((pl.col("mask") & bit) == 0).then(pl.lit(name)).otherwise(None)
        for bit, name in names.items() if fixed & bit
    ]
    return nearest.select(
        *keys,
        *[pl.lit(None, dtype=nearest.schema[c]).alias(c) for c in SUM_COLUMNS],
        pl.lit(None, dtype=pl.Utf8).alias("level"),
        pl.lit(COARSER).alias("gap"),
        pl.concat_str(missing, separator=",", ignore_nulls=True).alias("coarser"),
    )
