"""A programme run in some districts (e.g. the Københavner-model): where it runs is read from data,
and every figure its page shows is computed here (enrolment against places, coverage and its map
classes, staffing, outcomes, the quarters hidden to protect persons)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import cast

import polars as pl

from metrics.districts import class_breaks, district_names, district_values
from metrics.series import indicator_series, view_values
from registry import Indicator

MAX_CLASSES = 5
"""A coverage map has at most this many classes, and never more than there are districts with the programme."""


def offered_districts(sums_by_district: pl.DataFrame) -> list[int]:
    """Districts with any row of the programme's indicator, in code order."""
    if sums_by_district.is_empty():
        return []
    codes = sums_by_district.filter(pl.col("district_code").is_not_null())["district_code"].unique()
    return sorted(codes.to_list())


def mark_offered(frame: pl.DataFrame, offered: list[int]) -> pl.DataFrame:
    """Add `offered` (Boolean): whether the district has the programme."""
    return frame.with_columns(pl.col("district_code").is_in(offered).alias("offered"))


@dataclass(frozen=True)
class ProgrammeStatus:
    """What the programme page shows, computed once from the level sums."""

    offered: list[int]
    offered_names: list[str]  # the districts with the programme, named, in code order
    enrolled: pl.DataFrame  # per district and period: value, suppressed, navn
    first_period: date | None  # the first and last quarter with enrolment rows
    last_period: date | None
    enrolled_now: float | None  # the programme's whole enrolment in the last period (None when hidden)
    contacts_now: float | None
    coverage_now: pl.DataFrame  # every district in the last period, with `offered`
    coverage_breaks: list[float]  # the coverage map's inner class breaks, over the districts with the programme
    fte_now: pl.DataFrame  # per unit in KM04's last period: navn, value
    fte_total: float | None  # the staff in that period (None without rows)
    outcomes: dict[str, pl.DataFrame]  # per outcome indicator: per district and period, named (navn)
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
    outcomes: Mapping[str, Figures],
    population: pl.DataFrame,
    districts: dict[int, str],
    units: pl.DataFrame,
) -> ProgrammeStatus:
    """`enrolled`, `coverage` and each of `outcomes` are by period and district, `enrolled_total` and
    `contacts` by period, `fte` by period and unit (staff, no persons to protect). Enrolment now is the
    programme's total, as the suppression pattern shows it: never a sum of the districts left shown."""
    names = district_names(districts)
    offered = offered_districts(enrolled[0])
    by_district = _named_district_values(enrolled, population, names)
    # `period` is a Date column (polars types max() as any Python literal)
    first = cast(date | None, by_district["period"].min()) if by_district.height else None
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
    breaks = class_breaks(coverage_now.filter(pl.col("offered"))["map_value"].to_list(),
                          classes=min(len(offered), MAX_CLASSES))
    fte_values = view_values(fte[0], fte[1]).filter(pl.col("unit_code").is_not_null())
    fte_now = fte_values.filter(pl.col("period") == fte_values["period"].max()).join(
        units.select(pl.col("code").alias("unit_code"), pl.col("name").alias("navn")), on="unit_code", how="left"
    ).with_columns(suppressed=pl.lit(False))  # staff, not persons served: never hidden (files say so per row)
    fte_total = float(fte_now["value"].sum()) if fte_now.height else None
    hidden = sorted(set(by_district.filter(pl.col("suppressed"))["period"].to_list()))
    return ProgrammeStatus(
        offered=offered, offered_names=[districts[code] for code in offered], enrolled=by_district,
        first_period=first, last_period=last, enrolled_now=enrolled_now, contacts_now=contacts_now, coverage_now=coverage_now,
        coverage_breaks=breaks, fte_now=fte_now, fte_total=fte_total,
        outcomes={code: _named_district_values(figures, population, names) for code, figures in outcomes.items()},
        hidden_periods=hidden,
    )


def _named_district_values(figures: Figures, population: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """Per district and period (metrics.districts.district_values), for the named districts only."""
    sums, indicator, hidden = figures
    return district_values(sums, indicator, population, hidden=hidden).join(names, on="district_code")


def _value_in(series: pl.DataFrame, period: date | None) -> float | None:
    """The shown value in `period` (None when hidden or missing)."""
    row = series.filter(pl.col("period") == period)
    value: float | None = row["value"].item() if row.height == 1 else None  # a Float64 column
    return value
