"""Warnings after an import, in words (ui.import_checks): one sentence per stored total, in the periods
the import touched, that disagrees with its real cells. Rows written by hand into a fresh SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from data_access import models
from data_access.db import create_db_engine
from data_access.setup import init_database
from ui.import_checks import total_warnings

Y2024, Q2 = date(2024, 1, 1), date(2024, 4, 1)


def _row(code, period, district=None, unit=None, group=None, *, n=None, d=None, v=None, base=None, prov="internal"):
    return dict(indicator_code=code, period=period, district_code=district, unit_code=unit, group_code=group,
                numerator=n, denominator=d, value=v, base_count=base, provenance=prov)


@pytest.fixture
def engine(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'checks.sqlite'}")
    init_database(engine)
    rows = [
        # S04 2024: cells 15/30 = 50 %, the stored city total 30/40 = 75 %
        _row("S04", Y2024, 1, n=10, d=20), _row("S04", Y2024, 2, n=5, d=10), _row("S04", Y2024, n=30, d=40, prov="published"),
        # S04 2023 disagrees too, but no import touched it
        _row("S04", date(2023, 1, 1), 1, n=10, d=20), _row("S04", date(2023, 1, 1), n=30, d=40, prov="published"),
        # KM01 2024 K2 (quarterly): cells 6, total 10; and K1 agrees (6 + 4 = 10)
        _row("KM01", Q2, 3, v=6, base=6), _row("KM01", Q2, v=10, base=10, prov="published"),
        _row("KM01", Y2024, 3, v=6, base=6), _row("KM01", Y2024, 4, v=4, base=4), _row("KM01", Y2024, v=10, base=10),
        # P02 2024: only sample cells under the total, which are never compared
        _row("P02", Y2024, 3, v=1, base=1, prov="sample"), _row("P02", Y2024, v=99, base=99, prov="published"),
    ]
    with engine.begin() as conn:
        conn.execute(insert(models.Observation.__table__), rows)
    yield engine
    engine.dispose()


TOUCHED = [("S04", Y2024), ("KM01", Q2), ("KM01", Y2024), ("P02", Y2024)]


def test_each_disagreeing_total_is_one_danish_sentence(engine):
    assert total_warnings(engine=engine, touched=TOUCHED) == [
        "KM01 2024-04-01, Hele byen: totalen 10 familier afviger fra summen af de virkelige celler (6 familier). Totalen vises.",
        "S04 2024, Hele byen: totalen 75,0 % afviger fra summen af de virkelige celler (50,0 %). Totalen vises.",
    ]


def test_the_same_in_english(engine):
    assert total_warnings(engine=engine, touched=TOUCHED, lang="en") == [
        "KM01 2024-04-01, Whole city: the total 10 families differs from the sum of the real cells (6 families). The total is shown.",
        "S04 2024, Whole city: the total 75.0 % differs from the sum of the real cells (50.0 %). The total is shown.",
    ]


def test_periods_no_import_touched_are_not_checked(engine):
    assert total_warnings(engine=engine, touched=[("S04", date(2022, 1, 1))]) == []
    assert total_warnings(engine=engine, touched=[]) == []


def test_a_partial_total_is_named_by_its_district_and_group(engine):
    with engine.begin() as conn:  # S01 2024, Nørrebro, adults: a unit's cell 10/40 = 25 %, the total 20/40 = 50 %
        conn.execute(insert(models.Observation.__table__), [
            _row("S01", Y2024, 3, "BCV", "voksne", n=10, d=40, base=40),
            _row("S01", Y2024, 3, None, "voksne", n=20, d=40, base=40, prov="published"),
        ])
    assert total_warnings(engine=engine, touched=[("S01", Y2024)], lang="en") == [
        "S01 2024, Nørrebro, Adults: the total 50.0 % differs from the sum of the real cells (25.0 %). "
        "The total is shown."]
