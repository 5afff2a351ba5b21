"""From cell sums to a series ready to draw and judge: value, interval, suppression, gaps."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.aggregate import finalize
from metrics.suppression import suppress
from registry import Indicator


def indicator_series(
    sums: pl.DataFrame, indicator: Indicator, *, years: tuple[int, int] | None = None
) -> pl.DataFrame:
    """One row per period with value, se, ci_low, ci_high, base_count, suppressed, is_sample, year.

    `sums` are the cell sums per period (data_access.queries.fetch_cell_sums, by=("period",)).
    Small cells are suppressed. For yearly indicators every year in `years` gets a row, so a year
    without data is a gap (null), never a zero.
    """
    out = suppress(finalize(sums, indicator)).with_columns(
        pl.col("period").dt.year().cast(pl.Int64).alias("year")
    )
    if indicator.frequency != "year" or years is None:
        return out
    frame = pl.DataFrame(
        {
            "period": [date(y, 1, 1) for y in range(years[0], years[1] + 1)],
            "year": list(range(years[0], years[1] + 1)),
        },
        schema={"period": pl.Date, "year": pl.Int64},
    )
    return frame.join(out.drop("year"), on="period", how="left").with_columns(
        pl.col("suppressed").fill_null(False),
        pl.col("is_sample").fill_null(False),
    )


def series_by_district(sums: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """Per district and period; a suppressed district cannot be recovered from the city total."""
    return suppress(finalize(sums, indicator), within=["period"]).with_columns(
        pl.col("period").dt.year().cast(pl.Int64).alias("year")
    )
