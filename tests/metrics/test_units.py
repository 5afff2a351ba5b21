"""Where a unit stands: its latest shown year, the comparisons that year, and its own target."""

import polars as pl
import pytest

from metrics.units import UnitStanding, latest_shown_year, unit_standing
from registry import load_registry

REG = load_registry()
S01 = REG.indicator("S01")  # down is good
S02 = REG.indicator("S02")


def series(values: dict[int, float | None], hidden: tuple[int, ...] = ()) -> pl.DataFrame:
    return pl.DataFrame({"year": list(values), "value": list(values.values()),
                         "suppressed": [y in hidden for y in values]},
                        schema={"year": pl.Int64, "value": pl.Float64, "suppressed": pl.Boolean})


def targets(*rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"indicator_code": pl.Utf8, "year": pl.Int64, "value": pl.Float64}, orient="row")


def test_the_latest_year_is_the_last_one_shown():
    assert latest_shown_year(series({2023: 40.0, 2024: None, 2025: 30.0}, hidden=(2025,))) == 2023
    assert latest_shown_year(series({2024: None})) is None


def test_a_unit_beside_its_centre_and_the_administration_against_its_target():
    got = unit_standing(S01, own=series({2024: 40.0, 2025: 36.0}), centre=series({2024: 41.0, 2025: 39.0}),
                        administration=series({2024: 42.0, 2025: 40.5}),
                        targets=targets(("S01", 2024, 38.0), ("S01", 2026, 35.0), ("S02", 2026, 70.0)))
    assert got == UnitStanding(2025, 36.0, 39.0, 40.5, 2026, 35.0, meets_target=False)


def test_a_met_target_in_the_good_direction_and_the_last_target_when_none_lies_ahead():
    got = unit_standing(S02, own=series({2025: 71.0}), centre=None, administration=series({2025: 60.0}),
                        targets=targets(("S02", 2023, 65.0), ("S02", 2024, 70.0)))
    assert (got.target_year, got.target, got.meets_target, got.centre) == (2024, 70.0, True, None)


@pytest.mark.parametrize("hidden_centre", [True, False])
def test_a_hidden_centre_value_is_never_shown(hidden_centre):
    centre = series({2025: 39.0}, hidden=(2025,) if hidden_centre else ())
    got = unit_standing(S01, own=series({2025: 36.0}), centre=centre, administration=series({2025: 40.0}),
                        targets=targets())
    assert got.centre == (None if hidden_centre else 39.0)
    assert (got.target, got.meets_target) == (None, None)
