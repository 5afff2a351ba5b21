"""Primary and secondary suppression of small cells."""

import polars as pl
from polars.testing import assert_frame_equal

from metrics.suppression import MIN_BASE_COUNT, suppress

SCHEMA = {"period": pl.Int64, "district": pl.Int64, "base_count": pl.Int64, "value": pl.Float64}
OUT_SCHEMA = {**SCHEMA, "suppressed": pl.Boolean, "suppression": pl.Utf8}

# Rows deliberately out of order: the output keeps the input order.
FRAME = pl.DataFrame(
    [
        # 2020: district 1 is primary (3 < 5). The smallest shown bases are 8 (districts 4 and 3):
        # the tie goes to district 3 (sort order of the remaining columns), which is secondary.
        (2020, 2, 50, 20.0),
        (2020, 4, 8, 40.0),
        (2020, 1, 3, 10.0),
        (2020, 3, 8, 30.0),
        # 2021: two primaries protect each other -> no secondary.
        (2021, 1, 2, 11.0),
        (2021, 2, 3, 12.0),
        (2021, 3, 100, 13.0),
        # 2022: a null base is not suppressed; 10 >= 5.
        (2022, 1, None, 5.0),
        (2022, 2, 10, 7.0),
        # 2023: a single row in its group: primary only, nothing to pair with.
        (2023, 1, 1, 9.0),
    ],
    schema=SCHEMA,
    orient="row",
)


def test_min_base_count():
    assert MIN_BASE_COUNT == 5


def test_primary_and_secondary_within_period():
    result = suppress(FRAME, within=["period"])
    expected = pl.DataFrame(
        [
            (2020, 2, 50, 20.0, False, None),
            (2020, 4, 8, 40.0, False, None),
            (2020, 1, None, None, True, "primary"),  # base_count nulled too
            (2020, 3, None, None, True, "secondary"),
            (2021, 1, None, None, True, "primary"),
            (2021, 2, None, None, True, "primary"),
            (2021, 3, 100, 13.0, False, None),
            (2022, 1, None, 5.0, False, None),
            (2022, 2, 10, 7.0, False, None),
            (2023, 1, None, None, True, "primary"),
        ],
        schema=OUT_SCHEMA,
        orient="row",
    )
    assert_frame_equal(result, expected)


def test_primary_only_without_within():
    result = suppress(FRAME)
    assert result["suppression"].to_list() == [
        None, None, "primary", None, "primary", "primary", None, None, None, "primary",
    ]


def test_value_cols_limits_what_is_nulled():
    frame = pl.DataFrame({"base_count": [2], "value": [1.0], "se": [0.5]})
    result = suppress(frame, value_cols=["value"])
    expected = pl.DataFrame(
        {"base_count": [2], "value": [None], "se": [0.5], "suppressed": [True], "suppression": ["primary"]},
        schema={
            "base_count": pl.Int64,
            "value": pl.Float64,
            "se": pl.Float64,
            "suppressed": pl.Boolean,
            "suppression": pl.Utf8,
        },
    )
    assert_frame_equal(result, expected)


def test_default_value_cols_cover_interval_and_sums():
    frame = pl.DataFrame(
        {
            "district": [1, 2],
            "numerator": [1.0, 10.0],
            "denominator": [4.0, 20.0],
            "base_count": [4, 20],
            "value": [25.0, 50.0],
            "se": [21.7, 11.2],
            "ci_low": [0.0, 28.1],
            "ci_high": [67.4, 71.9],
            "label": ["a", "b"],
        }
    )
    result = suppress(frame, within=[])  # an empty `within` means primary only
    row = result.row(0, named=True)
    assert row["suppression"] == "primary"
    assert [row[c] for c in ("numerator", "denominator", "base_count", "value", "se", "ci_low", "ci_high")] == [
        None
    ] * 7
    assert (row["district"], row["label"]) == (1, "a")  # keys and labels stay
    assert result.row(1) == frame.row(1) + (False, None)
