"""Sums of cells per group, and the indicator value computed from those sums.

Totals are never averages of shown values: a rate is sum(numerator)/sum(denominator),
a weighted mean is sum(value*base_count)/sum(base_count).
"""

from __future__ import annotations

import polars as pl

from metrics.uncertainty import add_share_interval
from registry import Indicator

SUM_COLUMNS = (
    "numerator",
    "denominator",
    "value_sum",
    "weighted_sum",
    "weight",
    "base_count",
    "n_cells",
    "sample_cells",
)
"""The columns (besides the group keys) that the data-access layer returns for a group."""


def _sql_sum(expr: pl.Expr) -> pl.Expr:
    """Sum like SQL SUM: null when there is no non-null input (polars would give 0)."""
    return pl.when(expr.count() > 0).then(expr.sum()).otherwise(None)


def sum_cells(cells: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Sum raw observation rows per group of `by` into the columns of SUM_COLUMNS, sorted by `by`.

    `cells` has numerator, denominator, value, base_count, provenance and the `by` columns.
    Sums over only nulls are null (as SQL SUM), counts are never null. This is the
    reference the SQL aggregation is tested against. An empty `by` gives one total row.
    """
    value = pl.col("value").cast(pl.Float64)
    base = pl.col("base_count").cast(pl.Float64)
    has_value = value.is_not_null()
    aggs = [
        _sql_sum(pl.col("numerator").cast(pl.Float64)).cast(pl.Float64).alias("numerator"),
        _sql_sum(pl.col("denominator").cast(pl.Float64)).cast(pl.Float64).alias("denominator"),
        _sql_sum(value).cast(pl.Float64).alias("value_sum"),
        _sql_sum(value * base).cast(pl.Float64).alias("weighted_sum"),
        _sql_sum(pl.when(has_value).then(base)).cast(pl.Float64).alias("weight"),
        _sql_sum(pl.col("base_count").cast(pl.Int64)).cast(pl.Int64).alias("base_count"),
        pl.len().cast(pl.Int64).alias("n_cells"),
        (pl.col("provenance") == "sample").fill_null(False).sum().cast(pl.Int64).alias("sample_cells"),
    ]
    if not by:
        return cells.select(aggs)
    return cells.group_by(by).agg(aggs).sort(by, nulls_last=True)


def finalize(sums: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """Add `value` (Float64) by the indicator's rule, `se`/`ci_low`/`ci_high` and `is_sample`.

    ratio: numerator/denominator (x100 for unit "pct"), null when the denominator is null or 0;
    sum: value_sum; weighted_mean: weighted_sum/weight, null when the weight is null or 0.
    Survey indicators get a 95 % interval from base_count (respondents); others get null columns.
    `is_sample` is true when any cell behind the row is sample data.
    """
    if indicator.rule == "ratio":
        scale = 100.0 if indicator.unit == "pct" else 1.0
        den = pl.col("denominator").cast(pl.Float64)
        value = pl.when(den.is_not_null() & (den != 0)).then(
            pl.col("numerator").cast(pl.Float64) / den * scale
        )
    elif indicator.rule == "sum":
        value = pl.col("value_sum").cast(pl.Float64)
    elif indicator.rule == "weighted_mean":
        weight = pl.col("weight").cast(pl.Float64)
        value = pl.when(weight.is_not_null() & (weight != 0)).then(
            pl.col("weighted_sum").cast(pl.Float64) / weight
        )
    else:
        raise ValueError(f"indicator {indicator.code}: unknown rule {indicator.rule!r}")
    out = sums.with_columns(
        value.cast(pl.Float64).alias("value"),
        (pl.col("sample_cells").fill_null(0) > 0).alias("is_sample"),
    )
    if indicator.survey:
        return add_share_interval(out, pct=indicator.unit == "pct")
    return out.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(c) for c in ("se", "ci_low", "ci_high")
    )
