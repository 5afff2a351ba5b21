"""From stored level sums to a series ready to draw and judge: the reading rule, value, interval,
provenance, suppression, gaps and their reasons."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from metrics.aggregate import finalize
from metrics.levels import resolve
from metrics.suppression import hide
from registry import Indicator


def view_values(level_sums: pl.DataFrame, indicator: Indicator, *, view: Iterable[str] = ()) -> pl.DataFrame:
    """The reading rule (metrics.levels.resolve) then the indicator's rule: one finished row per key."""
    return finalize(resolve(level_sums, indicator, view=view), indicator)


def indicator_series(
    level_sums: pl.DataFrame, indicator: Indicator, *, hidden: pl.DataFrame, view: Iterable[str] = (),
    years: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """One row per period with value, se, ci_low, ci_high, base_count, provenance, suppressed, is_sample,
    level, gap, coarser and year.

    `level_sums` come from data_access.queries.fetch_level_sums(by=("period",)) under the view's
    filters, and `view` names the breakdowns those filters fix. `hidden` is the view's periods in the
    indicator's suppression pattern (metrics.suppression.hidden_for_view): they are suppressed. For
    yearly indicators every year in `years` gets a row, so a year without data is a gap (null),
    never a zero.
    """
    out = hide(view_values(level_sums, indicator, view=view), hidden).with_columns(
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


def series_by_district(level_sums: pl.DataFrame, indicator: Indicator, *, hidden: pl.DataFrame,
                       view: Iterable[str] = ()) -> pl.DataFrame:
    """Per district and period, with the districts the suppression pattern hides (`hidden`: period and
    district_code, from metrics.suppression.hidden_for_view(by_district=True)).

    `level_sums` are grouped by (period, district_code). Rows with a null district_code (kept, carrying
    no value) say why districts without a row of their own are gaps, e.g. only the whole city
    is published.
    """
    values = view_values(level_sums, indicator, view=view)
    districts = hide(values.filter(pl.col("district_code").is_not_null()), hidden)
    reasons = values.filter(pl.col("district_code").is_null()).with_columns(pl.lit(False).alias("suppressed"))
    return pl.concat([districts, reasons.select(districts.columns)]).with_columns(
        pl.col("period").dt.year().cast(pl.Int64).alias("year")
    )


def from_year(series: pl.DataFrame, year_from: int) -> pl.DataFrame:
    """The points a page shows and its files carry: from the chosen period's first year on."""
    return series.filter(pl.col("year") >= year_from)


def suppressed_years(series: pl.DataFrame) -> list[int]:
    """The years whose value is hidden to protect persons."""
    years: list[int] = series.filter(pl.col("suppressed"))["year"].to_list()  # an Int64 column
    return years


def compares_with_whole(indicator: Indicator) -> bool:
    """Whether a part's line (a district, a unit) is drawn beside the whole's: a rate can be, but a count
    for one part next to the whole's count would flatten the line."""
    return indicator.rule != "sum"
