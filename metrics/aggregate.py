"""Sums of cells per group, and the indicator value computed from those sums.

Totals are never averages of shown values: a rate is sum(numerator)/sum(denominator),
a weighted mean is sum(value*base_count)/sum(base_count).
"""

from __future__ import annotations

import polars as pl

from metrics.uncertainty import add_share_interval
from registry import PROVENANCES, SUM_COLUMNS, Indicator


def _sql_sum(expr: pl.Expr) -> pl.Expr:
    """Sum like SQL SUM: null when there is no non-null input (polars would give 0)."""
    return pl.when(expr.count() > 0).then(expr.sum()).otherwise(None)


def sum_cells(cells: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Sum raw observation rows per group of `by` into the columns of registry.SUM_COLUMNS, sorted by `by`.

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
        (value.is_not_null() & pl.col("numerator").is_null() & pl.col("denominator").is_null())
        .sum().cast(pl.Int64).alias("share_cells"),
        *[(pl.col("provenance") == name).fill_null(False).sum().cast(pl.Int64).alias(f"{name}_cells")
          for name in PROVENANCES],
    ]
    if not by:
        return cells.select(aggs)
    return cells.group_by(by).agg(aggs).sort(by, nulls_last=True)


def with_counts(sums: pl.DataFrame) -> pl.DataFrame:
    """Add any missing count column of registry.SUM_COLUMNS (share_cells, *_cells) as 0."""
    missing = [c for c in SUM_COLUMNS if c.endswith("_cells") and c not in sums.columns]
    return sums.with_columns(pl.lit(0, dtype=pl.Int64).alias(c) for c in missing) if missing else sums


def finalize(sums: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """Add `value` (Float64) by the indicator's rule, `se`/`ci_low`/`ci_high`, `provenance` and `is_sample`.

    ratio: numerator/denominator (x100 for unit "pct"), null when the denominator is null or 0; a
    single share given as a percentage (share_cells = n_cells = 1) is its value; shares are never
    added up (metrics.levels makes such a sum a gap, and here it stays null);
    sum: value_sum; weighted_mean: weighted_sum/weight, null when the weight is null or 0.
    Survey indicators get a 95 % interval from base_count (respondents); others get null columns.
    `provenance` is the weakest kind behind the row (sample, else internal, else published), so a
    figure resting on any sample cell is sample; `is_sample` says the same as a flag.
    """
    sums = with_counts(sums)
    value: pl.Expr  # a when/then chain or a plain column, by rule
    if indicator.rule == "ratio":
        scale = 100.0 if indicator.unit == "pct" else 1.0
        den = pl.col("denominator").cast(pl.Float64)
        shares = pl.col("share_cells").fill_null(0)
        value = (
            pl.when((shares == 1) & (pl.col("n_cells") == 1)).then(pl.col("value_sum").cast(pl.Float64))
            .when((shares == 0) & den.is_not_null() & (den != 0)).then(pl.col("numerator").cast(pl.Float64) / den * scale)
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
    provenance = pl.lit(None, dtype=pl.Utf8)
    for name in reversed(PROVENANCES):  # the last `when` applied first: sample outranks the others
        provenance = pl.when(pl.col(f"{name}_cells").fill_null(0) > 0).then(pl.lit(name)).otherwise(provenance)
    out = sums.with_columns(
        value.cast(pl.Float64).alias("value"),
        provenance.alias("provenance"),
        (pl.col("sample_cells").fill_null(0) > 0).alias("is_sample"),
    )
    if indicator.survey:
        return add_share_interval(out, pct=indicator.unit == "pct")
    return out.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(c) for c in ("se", "ci_low", "ci_high")
    )
