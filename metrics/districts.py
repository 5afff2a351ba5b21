"""District values for maps and rankings: the rule per district, suppression, rates per 1,000."""

from __future__ import annotations

from collections.abc import Iterable
from typing import overload

import polars as pl

from metrics.series import series_by_district
from registry import Indicator


def uses_rate_per_1000(indicator: Indicator) -> bool:
    """Counts differ with district size; a map colours them per 1,000 inhabitants, never raw."""
    return indicator.rule == "sum" and indicator.unit == "count"


def district_values(level_sums: pl.DataFrame, indicator: Indicator, population: pl.DataFrame, *,
                    hidden: pl.DataFrame, view: Iterable[str] = ()) -> pl.DataFrame:
    """Per district and period: value, base_count, suppressed, provenance, gap, population and `map_value`.

    `level_sums` come from fetch_level_sums by (period, district_code) under the view's other
    filters (`view` names them); `population` has district_code, year, population. Rows with a null
    district_code carry the reason for districts without figures (see series_by_district).
    `map_value` is what a map colours: the value itself, or for counts the rate per 1,000 inhabitants
    of that year's population. `hidden` (period, district_code) comes from the indicator's suppression
    pattern, so a hidden district cannot be recovered from the city or from another view.
    """
    out = series_by_district(level_sums, indicator, hidden=hidden, view=view).join(
        population.select("district_code", "year", "population"), on=["district_code", "year"], how="left"
    )
    if uses_rate_per_1000(indicator):
        rate = pl.col("value") / pl.col("population") * 1000
    else:
        rate = pl.col("value")
    return out.with_columns(rate.cast(pl.Float64).alias("map_value")).sort("period", "district_code", nulls_last=True)


def one_district(values: pl.DataFrame, code: int) -> pl.DataFrame:
    """One district's rows of district_values: its series."""
    return values.filter(pl.col("district_code") == code)


def city_value(city_sums_value: float | None, indicator: Indicator, population_total: int | None) -> float | None:
    """The whole city's value on the map's scale (per 1,000 inhabitants for counts)."""
    if city_sums_value is None:
        return None
    if uses_rate_per_1000(indicator):
        return city_sums_value / population_total * 1000 if population_total else None
    return city_sums_value


def district_names(districts: dict[int, str]) -> pl.DataFrame:
    """The districts as a frame to join on: district_code, navn."""
    return pl.DataFrame({"district_code": list(districts), "navn": list(districts.values())},
                        schema={"district_code": pl.Int64, "navn": pl.Utf8})


def districts_for_year(values: pl.DataFrame, districts: dict[int, str], year: int) -> pl.DataFrame:
    """Every district in one year, named (`navn`). A district without a row of its own is a gap with
    the year's reason (e.g. gap "coarser": only the whole city has a figure), never a number."""
    names = district_names(districts)
    this_year = values.filter(pl.col("year") == year).drop("year")
    reason = this_year.filter(pl.col("district_code").is_null()).select("gap", "coarser").head(1)
    gap, coarser = (reason.row(0) if reason.height else (None, None))
    return names.join(this_year, on="district_code", how="left").with_columns(
        pl.col("suppressed").fill_null(False),
        pl.col("is_sample").fill_null(False),
        pl.when(pl.col("level").is_null() & pl.col("gap").is_null()).then(pl.lit(gap)).otherwise(pl.col("gap"))
        .alias("gap"),
        pl.when(pl.col("level").is_null() & pl.col("coarser").is_null()).then(pl.lit(coarser))
        .otherwise(pl.col("coarser")).alias("coarser"),
        pl.lit(year, dtype=pl.Int64).alias("year"),
    )


def city_value_for_year(city_series: pl.DataFrame, indicator: Indicator, population: pl.DataFrame,
                        year: int) -> float | None:
    """The whole city's value in `year` on the map's scale, from the city's series (metrics.series)."""
    row = city_series.filter((pl.col("year") == year) & ~pl.col("suppressed"))
    total = int(population.filter(pl.col("year") == year)["population"].sum())  # an Int64 column: int already
    return city_value(row["value"].item() if row.height else None, indicator, total)


def class_breaks(values: list[float], classes: int = 5) -> list[float]:
    """Inner breaks of equal-count classes over the shown (unsuppressed) values."""
    shown = sorted(v for v in values if v is not None)
    if len(shown) < 2:
        return []
    breaks = []
    for k in range(1, classes):
        position = k * (len(shown) - 1) / classes
        low = int(position)
        frac = position - low
        breaks.append(shown[low] + (shown[min(low + 1, len(shown) - 1)] - shown[low]) * frac)
    return sorted(set(breaks))


@overload
def class_of(value: float, breaks: list[float]) -> int: ...
@overload
def class_of(value: None, breaks: list[float]) -> None: ...
def class_of(value: float | None, breaks: list[float]) -> int | None:
    """0-based class of a value (None when hidden or missing)."""
    if value is None:
        return None
    return sum(1 for b in breaks if value > b)
