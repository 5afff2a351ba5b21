"""Data-access tests, parametrized over filters and the exact rows expected; run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import insert

from data_access import models
from data_access.access import ALL
from data_access.db import create_db_engine
from data_access.queries import fetch_level_sums, fetch_observations
from data_access.setup import init_database
from tests.levels import view_series

# A handful of hand-written cells of S01 (a ratio, survey) in two districts, two units, two years.
# BCV01 and BCV02 are below BCV (Borgercenter Voksne); HUE01 is below HUE.
TINY_UNITS = [
    dict(code="BCV01", name="Enhed 1", parent_code="BCV"),
    dict(code="BCV02", name="Enhed 2", parent_code="BCV"),
    dict(code="HUE01", name="Enhed 3", parent_code="HUE"),
]
TINY_CELLS = [
    # period, district, unit, group, numerator, denominator, base, provenance
    (2017, 3, "BCV01", "sindslidelse", 40.0, 100.0, 100, "sample"),
    (2017, 3, "HUE01", "hjemloeshed", 30.0, 50.0, 50, "sample"),
    (2017, 8, "BCV02", "sindslidelse", 10.0, 50.0, 50, "published"),
    (2018, 3, "BCV01", "sindslidelse", 35.0, 100.0, 100, "sample"),
    (2018, 8, "BCV02", "sindslidelse", 3.0, 4.0, 4, "sample"),
]


def _tiny(engine):
    init_database(engine)
    rows = [
        dict(indicator_code="S01", period=date(y, 1, 1), district_code=d, unit_code=u, group_code=g,
             numerator=n, denominator=den, base_count=b, provenance=p)
        for y, d, u, g, n, den, b, p in TINY_CELLS
    ]
    with engine.begin() as conn:
        conn.execute(insert(models.OrgUnit), TINY_UNITS)
        conn.execute(insert(models.Observation), rows)
    return engine


@pytest.fixture(scope="module")
def tiny_sqlite(tmp_path_factory):
    return _tiny(create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('tiny') / 'tiny.sqlite'}"))


@pytest.fixture(scope="module")
def tiny_postgresql(new_postgres_database):
    return _tiny(new_postgres_database())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def tiny(request):
    return request.getfixturevalue(f"tiny_{request.param}")


def _sums(keys: dict, rows: list[tuple]) -> pl.DataFrame:
    """Expected sums: rows of key values + (numerator, denominator, base_count, n_cells, sample_cells)."""
    data = [
        tuple(r[: len(keys)]) + (r[-5], r[-4], None, None, None, r[-3], r[-2], r[-1]) for r in rows
    ]
    schema = keys | {
        "numerator": pl.Float64, "denominator": pl.Float64, "value_sum": pl.Float64,
        "weighted_sum": pl.Float64, "weight": pl.Float64, "base_count": pl.Int64,
        "n_cells": pl.Int64, "sample_cells": pl.Int64,
    }
    return pl.DataFrame(data, schema=schema, orient="row")


Y = {"period": pl.Date}
YD = {"period": pl.Date, "district_code": pl.Int64}
Y17, Y18 = date(2017, 1, 1), date(2018, 1, 1)


@pytest.mark.parametrize(
    ("filters", "by", "expected"),
    [
        pytest.param({}, ("period",), _sums(Y, [(Y17, 80.0, 200.0, 200, 3, 2), (Y18, 38.0, 104.0, 104, 2, 2)]), id="city"),
        pytest.param({}, ("period", "district_code"), _sums(YD, [
            (Y17, 3, 70.0, 150.0, 150, 2, 2), (Y17, 8, 10.0, 50.0, 50, 1, 0),
            (Y18, 3, 35.0, 100.0, 100, 1, 1), (Y18, 8, 3.0, 4.0, 4, 1, 1),
        ]), id="by-district"),
        pytest.param({"district": 8}, ("period",), _sums(Y, [(Y17, 10.0, 50.0, 50, 1, 0), (Y18, 3.0, 4.0, 4, 1, 1)]), id="one-district"),
        pytest.param({"unit": "BCV"}, ("period",), _sums(Y, [(Y17, 50.0, 150.0, 150, 2, 1), (Y18, 38.0, 104.0, 104, 2, 2)]), id="centre-includes-units"),
        pytest.param({"unit": "SOF"}, ("period",), _sums(Y, [(Y17, 80.0, 200.0, 200, 3, 2), (Y18, 38.0, 104.0, 104, 2, 2)]), id="administration-includes-all"),
        pytest.param({"unit": "HUE01"}, ("period",), _sums(Y, [(Y17, 30.0, 50.0, 50, 1, 1)]), id="leaf-unit"),
        pytest.param({"group": "hjemloeshed"}, ("period",), _sums(Y, [(Y17, 30.0, 50.0, 50, 1, 1)]), id="target-group"),
        pytest.param({"year_from": 2018}, ("period",), _sums(Y, [(Y18, 38.0, 104.0, 104, 2, 2)]), id="year-from"),
        pytest.param({"year_to": 2017}, ("period",), _sums(Y, [(Y17, 80.0, 200.0, 200, 3, 2)]), id="year-to"),
        pytest.param({"as_of": date(2017, 12, 31)}, ("period",), _sums(Y, [(Y17, 80.0, 200.0, 200, 3, 2), (Y18, 38.0, 104.0, 104, 2, 2)]), id="as-of-without-imports-is-everything"),
        pytest.param({"district": 5}, ("period",), _sums(Y, []), id="no-rows"),
    ],
)
def test_fetch_level_sums_of_cells(tiny, filters, by, expected):
    got = fetch_level_sums(engine=tiny, indicator="S01", by=by, scope=ALL, **filters)
    # every tiny row is a full cell (district, unit and group named: mask 7)
    assert set(got["mask"].to_list()) <= {7}
    assert_frame_equal(got.select(expected.columns), expected)
    assert got["share_cells"].sum() == 0 and got["internal_cells"].sum() == 0


def test_fetch_level_sums_rejects_unknown_grouping(tiny):
    with pytest.raises(ValueError, match="Kan ikke gruppere"):
        fetch_level_sums(engine=tiny, indicator="S01", by=("period; DROP TABLE observation",))


def test_filter_values_are_bound_not_spliced(tiny):
    # A hostile value is compared as a value: it simply matches nothing.
    got = fetch_level_sums(engine=tiny, indicator="S01' OR '1'='1", by=("period",))
    assert got.height == 0
    got = fetch_level_sums(engine=tiny, indicator="S01", group="x' OR '1'='1", by=("period",))
    assert got.height == 0


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def with_totals(request, tmp_path_factory):
    """The tiny cells plus a published city total for 2017 (42 % of 7,094) and a district total."""
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('totals') / 'totals.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    _tiny(engine)
    with engine.begin() as conn:
        conn.execute(insert(models.Observation).values(
            indicator_code="S01", period=Y17, value=42.0, base_count=7094, provenance="published"))
        conn.execute(insert(models.Observation).values(
            indicator_code="S01", period=Y17, district_code=3, numerator=71.0, denominator=150.0, base_count=150,
            provenance="internal"))
    return engine


@pytest.mark.parametrize(
    ("filters", "by", "expected"),
    [
        # the city: the total (mask 0), the district total (mask 1) and the cells (mask 7), one row each
        ({}, ("period",), [(Y17, 0, 1, 1, 0, 0), (Y17, 1, 1, 0, 1, 0), (Y17, 7, 3, 0, 0, 2), (Y18, 7, 2, 0, 0, 2)]),
        # Nørrebro: the city total comes along as the coarser level (mask 0), for the gap's reason
        ({"district": 3}, ("period",), [(Y17, 0, 1, 1, 0, 0), (Y17, 1, 1, 0, 1, 0), (Y17, 7, 2, 0, 0, 2),
                                        (Y18, 7, 1, 0, 0, 1)]),
        # a target group: both totals are coarser (no group named)
        ({"group": "hjemloeshed"}, ("period",), [(Y17, 0, 1, 1, 0, 0), (Y17, 1, 1, 0, 1, 0), (Y17, 7, 1, 0, 0, 1)]),
    ],
    ids=["city", "district", "group"],
)
def test_fetch_level_sums_keeps_each_level_apart(with_totals, filters, by, expected):
    got = fetch_level_sums(engine=with_totals, indicator="S01", by=by, scope=ALL, **filters)
    assert got.select("period", "mask", "n_cells", "share_cells", "internal_cells", "sample_cells").rows() == expected


@pytest.mark.parametrize(
    ("filters", "view", "expected"),
    [
        ({}, (), 42.0),  # the published total wins over 71/150 and over the cells' 80/200
        ({"district": 3}, ("district",), 71.0 / 150.0 * 100),  # the district's own total
        ({"district": 8}, ("district",), 20.0),  # no district total: its cells, 10/50
        ({"group": "hjemloeshed"}, ("group",), 60.0),  # cells 30/50
    ],
    ids=["city-total", "district-total", "district-cells", "group-cells"],
)
def test_the_reading_rule_on_the_database(with_totals, filters, view, expected):
    series = view_series(engine=with_totals, indicator="S01", year_to=2017, **filters)
    assert view == tuple(filters)
    assert series["value"].to_list() == [pytest.approx(expected)]


def test_fetch_observations_returns_the_cells_behind_a_sum(tiny):
    cells = fetch_observations(engine=tiny, scope=ALL, indicator="S01", unit="BCV", year_to=2017)
    assert cells.select("unit_code", "numerator", "denominator").rows() == [
        ("BCV01", 40.0, 100.0), ("BCV02", 10.0, 50.0),
    ]
    assert cells["period"].to_list() == [Y17, Y17]
