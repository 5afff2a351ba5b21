"""Progress towards the numeric targets of the social-policy goals (pejlemærker)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class GoalProgress:
    """Target value, share of the targeted change achieved (a fraction, not clipped), and whether reached."""

    target_value: float | None
    progress: float | None
    reached: bool | None
    has_numeric_target: bool
    baseline_known: bool

    @property
    def bar(self) -> float:
        """How full a progress bar is drawn: the share achieved, between 0 (none, or moving away) and 1."""
        return max(0.0, min(self.progress or 0.0, 1.0))

    @property
    def percent(self) -> float:
        """The share of the targeted change achieved, in per cent (0 when unknown), not clipped."""
        return (self.progress or 0.0) * 100


def goal_progress(
    *,
    baseline_value: float | None,
    latest_value: float | None,
    target_change: float | None,
    baseline_known: bool = True,
) -> GoalProgress:
    """Progress = (latest - baseline) / target_change; reached when progress >= 1.

    No numeric target ("X pct."): has_numeric_target False, the rest None. Unknown baseline
    (flagged, or baseline_value None): baseline_known False, target/progress/reached None.
    No latest value (or a zero target change): target_value only.
    """
    if target_change is None:
        return GoalProgress(None, None, None, has_numeric_target=False, baseline_known=baseline_known)
    if not baseline_known or baseline_value is None:
        return GoalProgress(None, None, None, has_numeric_target=True, baseline_known=False)
    target_value = baseline_value + target_change
    if latest_value is None or target_change == 0:
        return GoalProgress(target_value, None, None, has_numeric_target=True, baseline_known=True)
    progress = (latest_value - baseline_value) / target_change
    return GoalProgress(target_value, progress, progress >= 1, has_numeric_target=True, baseline_known=True)


def value_in_year(series: pl.DataFrame, year: int) -> float | None:
    """The shown (unsuppressed) value of a yearly series in exactly `year`, else None: a goal's baseline
    is its baseline year's figure, never a later year standing in for it."""
    row = series.filter((pl.col("year") == year) & ~pl.col("suppressed") & pl.col("value").is_not_null())
    return row["value"].item() if row.height else None
