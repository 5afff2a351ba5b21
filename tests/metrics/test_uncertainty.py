"""95 % intervals for survey shares, by hand."""

import polars as pl
from polars.testing import assert_frame_equal

from metrics.uncertainty import Z95, add_share_interval, difference_is_significant


def test_wald_interval_by_hand():
    frame = pl.DataFrame(
        {"value": [42.0, 50.0, 1.0, 42.0, 42.0, None], "base_count": [400, 100, 10, None, 0, 400]},
        schema={"value": pl.Float64, "base_count": pl.Int64},
    )
    result = add_share_interval(frame)
    expected = frame.with_columns(
        # 42 %, n = 400: se = sqrt(0.42 * 0.58 / 400) * 100 = 2.4678 pp; 42 -/+ 1.959964 * 2.4678
        # 50 %, n = 100: se = sqrt(0.25 / 100) * 100 = 5 pp;           50 -/+ 9.79982
        #  1 %, n = 10:  se = sqrt(0.0099 / 10) * 100 = 3.1464 pp;      1 - 6.1669 < 0 -> clipped to 0
        # no n, n = 0, or no value: null
        se=pl.Series([2.4678, 5.0, 3.1464, None, None, None], dtype=pl.Float64),
        ci_low=pl.Series([37.1632, 40.20018, 0.0, None, None, None], dtype=pl.Float64),
        ci_high=pl.Series([46.8368, 59.79982, 7.1669, None, None, None], dtype=pl.Float64),
    )
    assert_frame_equal(result, expected, rel_tol=1e-5)


def test_interval_as_fraction():
    # p = 0.42, n = 400: se = 0.024678, CI 0.371632 .. 0.468368, clipped to [0, 1]
    frame = pl.DataFrame({"share": [0.42, 0.999], "n": [400, 10]})
    result = add_share_interval(frame, value_col="share", n_col="n", pct=False)
    expected = frame.with_columns(
        se=pl.Series([0.024678, 0.0099950]),  # sqrt(0.999 * 0.001 / 10) = 0.0099950
        ci_low=pl.Series([0.371632, 0.979410]),  # 0.999 - 1.959964 * 0.009995
        ci_high=pl.Series([0.468368, 1.0]),  # 1.01859 -> clipped to 1
    )
    assert_frame_equal(result, expected, rel_tol=1e-4)


def test_z95():
    assert Z95 == 1.959964


def test_difference_is_significant():
    # threshold = 1.959964 * sqrt(2.4678² + 2.5²) = 6.885
    assert difference_is_significant(42.0, 2.4678, 50.0, 2.5)  # |8| > 6.885
    assert difference_is_significant(50.0, 2.5, 42.0, 2.4678)  # the sign does not matter
    assert not difference_is_significant(42.0, 2.4678, 48.0, 2.5)  # |6| < 6.885
    assert not difference_is_significant(42.0, 0.0, 42.0, 0.0)  # no change is never significant
