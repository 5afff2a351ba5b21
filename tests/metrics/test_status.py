"""Status of an indicator since its baseline year."""

import dataclasses

import polars as pl
import pytest

from metrics.status import (
    NO_DATA,
    NO_DIRECTION,
    RIGHT_WAY,
    UNCHANGED,
    WRONG_WAY,
    Assessment,
    assess,
    count_right_way,
)
from registry import load_registry


def indicator(code: str, **changes):
    """An indicator from the registry, optionally with fields replaced."""
    return dataclasses.replace(load_registry().indicator(code), **changes)


def series(years, values, se=None, suppressed=None) -> pl.DataFrame:
    columns = {"year": pl.Series(years, dtype=pl.Int64), "value": pl.Series(values, dtype=pl.Float64)}
    if se is not None:
        columns["se"] = pl.Series(se, dtype=pl.Float64)
    if suppressed is not None:
        columns["suppressed"] = pl.Series(suppressed, dtype=pl.Boolean)
    return pl.DataFrame(columns)


def same(result: Assessment, expected: Assessment) -> bool:
    return dataclasses.asdict(result) == pytest.approx(dataclasses.asdict(expected))


# S04: share of pupils qualifying for youth education, direction up, not a survey, baseline 2017.
S04 = indicator("S04", baseline_year=2017)


def test_right_way():
    # 50 -> 55: change +5, +10 % of 50; up is good
    result = assess(series([2017, 2018, 2019], [50.0, 52.0, 55.0]), S04)
    assert result == Assessment(2017, 50.0, 2019, 55.0, 5.0, 10.0, RIGHT_WAY, False)


def test_wrong_way():
    # 50 -> 47.5: change -2.5, -5 %
    result = assess(series([2017, 2019], [50.0, 47.5]), S04)
    assert result == Assessment(2017, 50.0, 2019, 47.5, -2.5, -5.0, WRONG_WAY, False)


def test_unchanged_non_survey_rounds_to_zero():
    # 50 -> 50.04: change 0.04 < 0.05, shown as 0.0
    result = assess(series([2017, 2019], [50.0, 50.04]), S04)
    assert same(result, Assessment(2017, 50.0, 2019, 50.04, 0.04, 0.08, UNCHANGED, False))


def test_survey_unchanged_within_uncertainty():
    # Lonely citizens (S01, down, survey). 42 % (se 2.4678) -> 40 % (se 2.4495):
    # threshold 1.959964 * sqrt(2.4678² + 2.4495²) = 6.815 > |−2| -> unchanged, within uncertainty
    result = assess(series([2017, 2019], [42.0, 40.0], se=[2.4678, 2.4495]), indicator("S01"))
    assert same(result, Assessment(2017, 42.0, 2019, 40.0, -2.0, -2 / 42 * 100, UNCHANGED, True))


def test_survey_significant_fall_is_right_way():
    # 42 % (se 2.4678) -> 30 % (se 2.2913): threshold 1.96 * sqrt(6.09 + 5.25) = 6.60 < 12 -> significant
    result = assess(series([2017, 2019], [42.0, 30.0], se=[2.4678, 2.2913]), indicator("S01"))
    assert same(result, Assessment(2017, 42.0, 2019, 30.0, -12.0, -12 / 42 * 100, RIGHT_WAY, False))


def test_survey_without_se_uses_plain_rule():
    result = assess(series([2017, 2019], [42.0, 40.0], se=[None, 2.4495]), indicator("S01"))
    assert result.status == RIGHT_WAY and not result.within_uncertainty


def test_no_data():
    # Only the baseline year is usable: 2018 is a gap and 2019 is suppressed.
    result = assess(series([2017, 2018, 2019], [50.0, None, 70.0], suppressed=[False, False, True]), S04)
    assert result == Assessment(2017, 50.0, 2017, 50.0, None, None, NO_DATA, False)
    assert assess(series([], []), S04) == Assessment(None, None, None, None, None, None, NO_DATA, False)
    # nothing from the baseline year on
    assert assess(series([2015, 2016], [1.0, 2.0]), S04).status == NO_DATA


def test_missing_baseline_year_uses_next_year():
    # No 2017 row, 2018 is null: baseline = 2019 (61), latest 2021 (64); 2016 is before the baseline.
    result = assess(series([2021, 2016, 2018, 2019], [64.0, 40.0, None, 61.0]), S04)
    assert same(result, Assessment(2019, 61.0, 2021, 64.0, 3.0, 3 / 61 * 100, RIGHT_WAY, False))


def test_baseline_year_argument_overrides_registry():
    result = assess(series([2017, 2019, 2021], [50.0, 55.0, 60.0]), S04, baseline_year=2019)
    assert result == Assessment(2019, 55.0, 2021, 60.0, 5.0, 5 / 55 * 100, RIGHT_WAY, False)


def test_falling_sick_leave_is_right_way():
    # Sick leave (S12) should fall: 6.0 % -> 5.25 %, change -0.75 (-12.5 %)
    result = assess(series([2017, 2020], [6.0, 5.25]), indicator("S12"))
    assert result == Assessment(2017, 6.0, 2020, 5.25, -0.75, -12.5, RIGHT_WAY, False)


def test_no_direction_still_reports_values():
    # Contact persons (KM03) have no desired direction; zero baseline -> no percentage change.
    result = assess(series([2023, 2024], [0.0, 12.0]), indicator("KM03"))
    assert result == Assessment(2023, 0.0, 2024, 12.0, 12.0, None, NO_DIRECTION, False)


def test_count_right_way():
    right = Assessment(2017, 50.0, 2019, 55.0, 5.0, 10.0, RIGHT_WAY, False)
    wrong = dataclasses.replace(right, status=WRONG_WAY)
    assert count_right_way([right, wrong, right]) == 2
    assert count_right_way([]) == 0
