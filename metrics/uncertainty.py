"""95 % intervals for survey shares (normal approximation) and a test for a significant change."""

from __future__ import annotations

import math

import polars as pl

Z95 = 1.959964
"""Two-sided 95 % quantile of the standard normal distribution."""


def add_share_interval(
    frame: pl.DataFrame,
    *,
    value_col: str = "value",
    n_col: str = "base_count",
    pct: bool = True,
) -> pl.DataFrame:
    """Add `se`, `ci_low`, `ci_high` (Float64) for a share, by the normal (Wald) approximation.

    se = sqrt(p(1-p)/n) with p as a fraction and n the number of respondents; the three
    columns come back in the unit of the value (percentage points when `pct`), the interval
    clipped to [0, 100] (or [0, 1]). All null when n is null or <= 0, the value is null,
    or the value is not a share (outside [0, 100] / [0, 1]).
    """
    scale = 100.0 if pct else 1.0
    value = pl.col(value_col).cast(pl.Float64)
    n = pl.col(n_col).cast(pl.Float64)
    p = value / scale
    valid = value.is_not_null() & n.is_not_null() & (n > 0) & (p >= 0) & (p <= 1)
    se = pl.when(valid).then((p * (1 - p) / n).sqrt() * scale).otherwise(None)
    frame = frame.with_columns(se.cast(pl.Float64).alias("se"))
    return frame.with_columns(
        (value - Z95 * pl.col("se")).clip(0.0, scale).alias("ci_low"),
        (value + Z95 * pl.col("se")).clip(0.0, scale).alias("ci_high"),
    )


def difference_is_significant(v0: float, se0: float, v1: float, se1: float) -> bool:
    """True when |v1 - v0| > Z95 * sqrt(se0² + se1²) (two independent estimates, 95 % level)."""
    return abs(v1 - v0) > Z95 * math.sqrt(se0**2 + se1**2)
