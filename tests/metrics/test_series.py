from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from metrics.series import compares_with_whole, from_year, indicator_series, suppressed_years
from registry import load_registry
from tests.levels import NOTHING_HIDDEN, level_sums

S01 = load_registry().indicator("S01")  # ratio, survey, pct
S07 = load_registry().indicator("S07")  # sum, count
# The columns of the hand-written rows: a ratio's and a count's sums, the rest as fetch_level_sums leaves them.
RATIO = ("period", "numerator", "denominator", "base_count", "n_cells", "sample_cells")
COUNT = ("period", "value_sum", "base_count", "n_cells", "sample_cells")


def test_gap_year_is_null_not_zero_and_small_year_is_suppressed():
    sums = level_sums([
        (date(2017, 1, 1), 168.0, 400.0, 400, 3, 3),  # 42 %
        (date(2019, 1, 1), 2.0, 4.0, 4, 1, 1),  # base 4 < 5
    ], RATIO)
    got = indicator_series(sums, S01, hidden=NOTHING_HIDDEN, years=(2017, 2019))
    assert got["year"].to_list() == [2017, 2018, 2019]
    assert got["value"].to_list() == [42.0, None, None]
    assert got["suppressed"].to_list() == [False, False, True]
    assert got["base_count"].to_list() == [400, None, None]
    # 95 % interval of 42 % with 400 respondents: 42 ± 1.959964 * sqrt(.42 * .58 / 400) * 100
    assert round(got["ci_low"][0], 3) == 37.163 and round(got["ci_high"][0], 3) == 46.837


def test_sum_indicator_series_keeps_counts():
    sums = level_sums([
        (date(2014, 1, 1), 1000.0, 1000, 10, 10),
        (date(2015, 1, 1), 1100.0, 1100, 10, 10),
    ], COUNT)
    got = indicator_series(sums, S07, hidden=NOTHING_HIDDEN, years=(2014, 2015)).select("year", "value", "is_sample")
    expected = pl.DataFrame({"year": [2014, 2015], "value": [1000.0, 1100.0], "is_sample": [True, True]})
    assert_frame_equal(got, expected)


SHOWN = pl.DataFrame({"year": [2016, 2017, 2018, 2019], "value": [1.0, None, 3.0, None],
                      "suppressed": [False, True, False, True]})


def test_a_page_shows_its_points_from_the_periods_first_year():
    assert_frame_equal(from_year(SHOWN, 2017), SHOWN.slice(1))
    assert from_year(SHOWN, 2020).is_empty()


def test_suppressed_years():
    assert suppressed_years(SHOWN) == [2017, 2019]
    assert suppressed_years(SHOWN.slice(2, 1)) == []


def test_only_rates_are_drawn_beside_the_whole():
    assert compares_with_whole(S01) and not compares_with_whole(S07)
