from datetime import date

import pytest

from metrics.freshness import expected_latest, is_stale


@pytest.mark.parametrize(
    ("frequency", "today", "expected"),
    [
        ("year", date(2026, 11, 26), date(2025, 1, 1)),  # 2025 ended Dec 2025, due by July 2026
        ("year", date(2026, 6, 30), date(2024, 1, 1)),  # 2025 is not due yet
        ("year", date(2026, 7, 1), date(2025, 1, 1)),
        ("quarter", date(2026, 11, 26), date(2026, 4, 1)),  # Q2 ended June, due by October
        ("quarter", date(2026, 9, 30), date(2026, 1, 1)),
    ],
)
def test_expected_latest(frequency, today, expected):
    assert expected_latest(frequency, today) == expected


def test_is_stale():
    assert not is_stale(date(2025, 1, 1), "year", date(2026, 11, 26))
    assert is_stale(date(2024, 1, 1), "year", date(2026, 11, 26))
    assert is_stale(date(2025, 10, 1), "quarter", date(2026, 11, 26))
    assert is_stale(None, "year", date(2026, 11, 26))
