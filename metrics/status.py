"""Is an indicator moving the right way since its baseline year?"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from metrics.uncertainty import difference_is_significant
from registry import Indicator

RIGHT_WAY = "right_way"
UNCHANGED = "unchanged"
WRONG_WAY = "wrong_way"
NO_DATA = "no_data"
NO_DIRECTION = "no_direction"

UNCHANGED_BELOW = 0.05
"""A non-survey change smaller than this (in the indicator's unit) rounds to zero at one decimal."""


@dataclass(frozen=True)
class Assessment:
    """Baseline, latest value, change and status of one indicator series."""

    baseline_period: int | None
    baseline_value: float | None
    latest_period: int | None
    latest_value: float | None
    change: float | None
    change_pct: float | None
    status: str
    within_uncertainty: bool
    latest_provenance: str | None = None  # published | internal | sample: what kind the latest value is
    baseline_provenance: str | None = None  # the same for the baseline value


def _usable_rows(series: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows with a non-null, unsuppressed, finite value, sorted by year."""
    frame = series
    if "suppressed" in frame.columns:
        frame = frame.filter(~pl.col("suppressed").fill_null(False))
    frame = frame.filter(pl.col("value").is_not_null() & pl.col("year").is_not_null()).sort("year")
    return [r for r in frame.to_dicts() if not math.isnan(r["value"])]


def assess(series: pl.DataFrame, indicator: Indicator, *, baseline_year: int | None = None) -> Assessment:
    """Compare the latest value of a yearly series with its baseline and classify the change.

    `series` has `year`, `value` (null for gaps/suppressed) and optionally `se` and `suppressed`.
    Baseline: the value in `baseline_year` (default indicator.baseline_year), else the first later
    year with a value. Latest: the last year with a usable value. NO_DATA when either is missing
    or the latest year is not after the baseline (known values are still reported).
    Survey indicators with an se at both ends: UNCHANGED (within_uncertainty) unless the change
    is significant at 95 %. Others: UNCHANGED when |change| < 0.05. Otherwise RIGHT_WAY or
    WRONG_WAY by the desired direction; direction "none" gives NO_DIRECTION.
    """
    year0 = indicator.baseline_year if baseline_year is None else baseline_year
    rows = _usable_rows(series)
    base = next((r for r in rows if r["year"] >= year0), None)
    latest = rows[-1] if rows else None
    if base is None or latest is None or latest["year"] <= base["year"]:
        return Assessment(
            baseline_period=base["year"] if base else None,
            baseline_value=base["value"] if base else None,
            latest_period=latest["year"] if latest else None,
            latest_value=latest["value"] if latest else None,
            change=None,
            change_pct=None,
            status=NO_DATA,
            within_uncertainty=False,
            latest_provenance=latest.get("provenance") if latest else None,
            baseline_provenance=base.get("provenance") if base else None,
        )
    v0, v1 = float(base["value"]), float(latest["value"])
    change = v1 - v0
    change_pct = change / v0 * 100 if v0 != 0 else None
    se0, se1 = base.get("se"), latest.get("se")
    within_uncertainty = False
    if indicator.survey and se0 is not None and se1 is not None and not (math.isnan(se0) or math.isnan(se1)):
        within_uncertainty = not difference_is_significant(v0, se0, v1, se1)
        unchanged = within_uncertainty
    else:
        unchanged = abs(change) < UNCHANGED_BELOW
    if indicator.direction == "none":
        status = NO_DIRECTION
    elif unchanged:
        status = UNCHANGED
    elif (change > 0) == (indicator.direction == "up"):
        status = RIGHT_WAY
    else:
        status = WRONG_WAY
    return Assessment(
        baseline_period=base["year"],
        baseline_value=v0,
        latest_period=latest["year"],
        latest_value=v1,
        change=change,
        change_pct=change_pct,
        status=status,
        within_uncertainty=within_uncertainty,
        latest_provenance=latest.get("provenance"),
        baseline_provenance=base.get("provenance"),
    )


def count_right_way(assessments: Iterable[Assessment]) -> int:
    """How many of the assessments have status RIGHT_WAY."""
    return sum(1 for a in assessments if a.status == RIGHT_WAY)
