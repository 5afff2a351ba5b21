"""Discretion: hide values that rest on fewer than MIN_BASE_COUNT persons, everywhere they are shown.

Null base_count is not suppressed: base_count is null only where no persons stand behind a
cell (e.g. staff FTEs, or plain counts whose base was not recorded), so there is no small
group to protect and hiding them would blank out whole indicators. Person-based cells
must therefore always carry base_count.
"""

from __future__ import annotations

import polars as pl

MIN_BASE_COUNT = 5

DEFAULT_VALUE_COLS = (
    "value",
    "numerator",
    "denominator",
    "value_sum",
    "weighted_sum",
    "weight",
    "base_count",
    "se",
    "ci_low",
    "ci_high",
)
"""Columns nulled in suppressed rows by default (those present); base_count too, so a small
count cannot be read from the base."""

_ROW = "__row"
_PRIMARY = "__primary"
_CANDIDATE = "__candidate"


def suppress(
    frame: pl.DataFrame,
    *,
    within: list[str] | None = None,
    base_col: str = "base_count",
    value_cols: list[str] | None = None,
) -> pl.DataFrame:
    """Add `suppressed` (Boolean) and `suppression` (null | "primary" | "secondary"), null the values.

    Primary: base_col < MIN_BASE_COUNT. Secondary (only when `within` is given): in each
    group of `within` where exactly one row is primarily suppressed and there are other rows,
    the unsuppressed row with the smallest base is suppressed too, so the hidden cell cannot
    be recovered by subtraction from a shown total (ties: sort order of the remaining columns;
    rows with a null base come last). Row order is kept.
    """
    cols = [c for c in (value_cols if value_cols is not None else DEFAULT_VALUE_COLS) if c in frame.columns]
    out = frame.with_row_index(_ROW).with_columns(
        (pl.col(base_col) < MIN_BASE_COUNT).fill_null(False).alias(_PRIMARY)
    )
    secondary = pl.lit(False)
    if within:
        rest = [c for c in frame.columns if c not in within and c != base_col]
        out = out.sort([*within, base_col, *rest, _ROW], nulls_last=True).with_columns(
            (
                ~pl.col(_PRIMARY)
                & (pl.col(_PRIMARY).sum().over(within) == 1)
                & (pl.len().over(within) > 1)
            ).alias(_CANDIDATE)
        )
        # the first candidate in each group, in the sort order above
        secondary = pl.col(_CANDIDATE) & (pl.col(_CANDIDATE).cast(pl.Int64).cum_sum().over(within) == 1)
    kind = (
        pl.when(pl.col(_PRIMARY))
        .then(pl.lit("primary"))
        .when(secondary)
        .then(pl.lit("secondary"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
    )
    out = out.with_columns(kind.is_not_null().alias("suppressed"), kind.alias("suppression"))
    out = out.with_columns(pl.when(~pl.col("suppressed")).then(pl.col(c)).alias(c) for c in cols)
    return out.sort(_ROW).drop(_ROW, _PRIMARY, _CANDIDATE, strict=False)
