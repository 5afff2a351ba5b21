"""A programme run in some districts (e.g. the Københavner-model): where it runs is read from data,
and the figures its page shows are computed here (enrolment against places, coverage, staffing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import polars as pl

from metrics.districts import district_values
from metrics.series import indicator_series, view_values
from registry import Indicator


def offered_districts(sums_by_district: pl.DataFrame) -> list[int]:
    """Districts with any row of the programme's indicator, in code order."""
    if sums_by_district.is_empty():
        return []
    codes = sums_by_district.filter(pl.col("district_code").is_not_null())["district_code"].unique()
    return sorted(codes.to_list())


def mark_offered(frame: pl.DataFrame, offered: list[int]) -> pl.DataFrame:
    """Add `offered` (Boolean): whether the district has the programme."""
    return frame.with_columns(pl.col("district_code").is_in(offered).alias("offered"))


def district_names(districts: dict[int, str]) -> pl.DataFrame:
    return pl.DataFrame({"district_code": list(districts), "navn": list(districts.values())},
                        schema={"district_code": pl.Int64, "navn": pl.Utf8})


@dataclass(frozen=True)
class ProgrammeStatus:
    """What the programme page shows, computed once from the level sums."""

    offered: list[int]
    enrolled: pl.DataFrame  # per district and period: value, suppressed, navn
    last_period: date | None
    enrolled_now: float | None  # the programme's whole enrolment in the last period (None when hidden)
    contacts_now: float | None
    coverage_now: pl.DataFrame  # every district in the last period, with `offered`
    fte_now: pl.DataFrame  # per unit in KM04's last period: navn, value
    hidden_periods: list[date]  # periods where some district's enrolment is suppressed


Figures = tuple[pl.DataFrame, Indicator, pl.DataFrame]
"""An indicator's level sums, the indicator and the hidden keys of its suppression pattern for that view."""


def programme_status(
    *,
    enrolled: Figures,
    enrolled_total: Figures,
    coverage: Figures,
    contacts: Figures,
    fte: tuple[pl.DataFrame, Indicator],
    population: pl.DataFrame,
    districts: dict[int, str],
    units: pl.DataFrame,
) -> ProgrammeStatus:
    """`enrolled` and `coverage` are by period and district, `enrolled_total` and `contacts` by period,
    `fte` by period and unit (staff, no persons to protect). Enrolment now is the programme's total, as
    the suppression pattern shows it: never a sum of the districts left shown."""
    names = district_names(districts)
    offered = offered_districts(enrolled[0])
    by_district = district_values(enrolled[0], enrolled[1], population, hidden=enrolled[2]).join(names, on="district_code")
    # `period` is a Date column (polars types max() as any Python literal)
    last = cast(date | None, by_district["period"].max()) if by_district.height else None
    total = indicator_series(enrolled_total[0], enrolled_total[1], hidden=enrolled_total[2])
    enrolled_now = _value_in(total, last)
    contacts_now = _value_in(indicator_series(contacts[0], contacts[1], hidden=contacts[2]), last)
    coverage_now = (
        names.join(district_values(coverage[0], coverage[1], population, hidden=coverage[2])
                   .filter(pl.col("period") == last), on="district_code", how="left")
        .pipe(mark_offered, offered)
        .with_columns(pl.col("suppressed").fill_null(False))
    )
    fte_values = view_values(fte[0], fte[1]).filter(pl.col("unit_code").is_not_null())
    fte_now = fte_values.filter(pl.col("period") == fte_values["period"].max()).join(
        units.select(pl.col("code").alias("unit_code"), pl.col("name").alias("navn")), on="unit_code", how="left"
    )
    hidden = sorted(set(by_district.filter(pl.col("suppressed"))["period"].to_list()))
    return ProgrammeStatus(offered, by_district, last, enrolled_now, contacts_now, coverage_now, fte_now, hidden)


def _value_in(series: pl.DataFrame, period: date | None) -> float | None:
    """The shown value in `period` (None when hidden or missing)."""
    row = series.filter(pl.col("period") == period)
    value: float | None = row["value"].item() if row.height == 1 else None  # a Float64 column
    return value
