"""Where a unit stands on a sign of success: its latest shown value beside its centre and the whole
administration in the same year, and its own target from its development plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl

from metrics.targets import value_in_year
from registry import Indicator


@dataclass(frozen=True)
class UnitStanding:
    year: int | None  # the unit's latest year with a shown value
    own: float | None
    centre: float | None  # the centre's value that year (None: hidden, missing, or no centre)
    administration: float | None
    target_year: int | None
    target: float | None
    meets_target: bool | None  # direction-aware; None without a target, a value or a direction


def latest_shown_year(series: pl.DataFrame) -> int | None:
    shown = series.filter(~pl.col("suppressed") & pl.col("value").is_not_null())
    return int(cast(int, shown["year"].max())) if shown.height else None  # an Int64 column's max is an int


def unit_standing(indicator: Indicator, *, own: pl.DataFrame, centre: pl.DataFrame | None,
                  administration: pl.DataFrame, targets: pl.DataFrame) -> UnitStanding:
    """`own`, `centre` and `administration` are yearly series (metrics.series.indicator_series);
    `targets` has indicator_code, year and value for the unit. The target is the first one from the
    latest year on, else the last one set."""
    year = latest_shown_year(own)
    mine = targets.filter(pl.col("indicator_code") == indicator.code).sort("year")
    ahead = mine.filter(pl.col("year") >= year) if year is not None else mine
    chosen = ahead.head(1) if ahead.height else mine.tail(1)
    target_year = int(chosen["year"].item()) if chosen.height else None
    target = float(chosen["value"].item()) if chosen.height else None
    value = value_in_year(own, year) if year is not None else None
    meets = None
    if value is not None and target is not None and indicator.direction != "none":
        meets = value >= target if indicator.direction == "up" else value <= target
    return UnitStanding(
        year=year, own=value,
        centre=value_in_year(centre, year) if centre is not None and year is not None else None,
        administration=value_in_year(administration, year) if year is not None else None,
        target_year=target_year, target=target, meets_target=meets,
    )
