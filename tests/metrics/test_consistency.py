"""Totals against their real cells: warn on more than rounding, never compare with sample cells."""

from datetime import date

import polars as pl
import pytest

from metrics.consistency import total_disagreements
from registry import load_registry

REG = load_registry()
Y17 = date(2017, 1, 1)
SCHEMA = {"period": pl.Date, "district_code": pl.Int64, "unit_code": pl.Utf8, "group_code": pl.Utf8,
          "numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64, "base_count": pl.Int64,
          "provenance": pl.Utf8}
PARENTS = {"BCV01": "BCV", "BCV02": "BCV", "HUE01": "HUE", "BCV": "SOF", "HUE": "SOF"}


def rows(*data):
    return pl.DataFrame(list(data), schema=SCHEMA, orient="row")


CELLS = [  # S01 cells: Nørrebro 30/100 (BCV01), 10/50 (HUE01); Bispebjerg 20/50 (BCV02): city 60/200 = 30 %
    (Y17, 3, "BCV01", "voksne", 30.0, 100.0, None, 100, "internal"),
    (Y17, 3, "HUE01", "voksne", 10.0, 50.0, None, 50, "internal"),
    (Y17, 8, "BCV02", "voksne", 20.0, 50.0, None, 50, "internal"),
]


@pytest.mark.parametrize(("total", "expected"), [
    ((Y17, None, None, None, None, None, 42.0, 7094, "published"), [(None, None, 42.0, 30.0)]),  # city: 42 vs 30
    ((Y17, None, None, None, None, None, 30.0, 7094, "published"), []),  # agrees
    ((Y17, None, None, None, None, None, 30.4, 7094, "published"), [(None, None, 30.4, 30.0)]),  # 1 decimal: 0.4 > 0.05
    ((Y17, 3, None, None, 40.0, 150.0, None, 150, "internal"), []),  # Nørrebro 40/150: its cells exactly
    ((Y17, None, "BCV", None, 50.0, 150.0, None, 150, "internal"), []),  # BCV01 + BCV02 = 50/150
    ((Y17, None, "BCV", None, 60.0, 150.0, None, 150, "internal"), [(None, "BCV", 40.0, 33.3333)]),
])
def test_a_total_is_compared_with_the_cells_under_it(total, expected):
    got = total_disagreements(rows(*CELLS, total), REG.indicator("S01"), unit_parents=PARENTS)
    assert [(r["district_code"], r["unit_code"], round(r["total"], 4), round(r["cells"], 4))
            for r in got.iter_rows(named=True)] == expected


def test_sample_cells_are_never_compared():
    sample = [c[:-1] + ("sample",) for c in CELLS]
    total = (Y17, None, None, None, None, None, 42.0, 7094, "published")
    assert total_disagreements(rows(*sample, total), REG.indicator("S01"), unit_parents=PARENTS).is_empty()
