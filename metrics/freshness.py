"""Is an indicator's newest period as new as its frequency allows? (for the Om data page)"""

from __future__ import annotations

from datetime import date

# Time allowed after a period ends before its figure is expected (publication lag).
GRACE_MONTHS = {"year": 6, "quarter": 3}
PERIOD_MONTHS = {"year": 12, "quarter": 3}


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def expected_latest(frequency: str, today: date) -> date:
    """The start of the newest period whose figure should exist by `today`."""
    length, grace = PERIOD_MONTHS[frequency], GRACE_MONTHS[frequency]
    # A period starting at s ends at s + length; it is due at s + length + grace.
    due_start = _add_months(date(today.year, today.month, 1), -(length + grace))
    if frequency == "year":
        return date(due_start.year, 1, 1)
    return date(due_start.year, (due_start.month - 1) // 3 * 3 + 1, 1)


def is_stale(last_period: date | None, frequency: str, today: date) -> bool:
    return last_period is None or last_period < expected_latest(frequency, today)
