"""Creating a database and telling its state (data_access.setup), on a SQLite file in tmp_path."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy import insert, select

from data_access import models
from data_access.db import create_db_engine
from data_access.setup import (
    CITY_CODE,
    EMPTY,
    POPULATION_CSV,
    READY,
    UNINITIALISED,
    UNREACHABLE,
    database_state,
    init_database,
    registry_rows,
    state_message,
)
from registry import load_registry

REG = load_registry()


@pytest.fixture
def sqlite(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'setup.sqlite'}")
    yield engine
    engine.dispose()


def _build_info(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(models.BuildInfo.key, models.BuildInfo.value)).all())


def test_the_state_goes_from_uninitialised_to_empty_to_ready(sqlite):
    assert database_state(sqlite) == UNINITIALISED  # an empty file: no tables
    init_database(sqlite)
    assert database_state(sqlite) == EMPTY  # tables and dimensions, no observation
    with sqlite.begin() as conn:
        conn.execute(insert(models.Observation).values(indicator_code="S04", period=date(2024, 1, 1), district_code=3,
                                                       numerator=1.0, denominator=2.0, provenance="internal"))
    assert database_state(sqlite) == READY


def test_a_database_that_cannot_be_opened_is_unreachable(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite'}")
    assert database_state(engine) == UNREACHABLE


def test_each_state_has_its_line_for_the_command_line():
    assert state_message(UNREACHABLE) == "Databasen kan ikke nås. Kontrollér DATABASE_URL, og at databaseserveren kører."
    assert state_message(UNINITIALISED) == "Databasen er ikke sat op. Kør først: python -m data_access init"
    assert state_message(EMPTY) is None and state_message(READY) is None


def test_init_writes_the_registry_once_and_a_rerun_changes_nothing(sqlite):
    population = pl.read_csv(POPULATION_CSV).height
    first = init_database(sqlite)
    assert first == {
        "indicator_group": (len(REG.groups), 0), "indicator": (len(REG.indicators), 0),
        "district": (11, 0), "target_group": (len(REG.target_groups), 0), "org_unit": (len(REG.org_units), 0),
        "population": (population, 0),
    }
    info = _build_info(sqlite)
    assert info["kind"] == "production" and info["fingerprint"].startswith("init-")
    again = init_database(sqlite, kind="sample")
    assert set(again.values()) == {(0, 0)}
    assert _build_info(sqlite) == info  # neither the kind nor the data version changes on a re-run


def test_a_changed_registry_row_is_updated(sqlite):
    init_database(sqlite)
    with sqlite.begin() as conn:
        conn.execute(models.District.__table__.update().where(models.District.code == 3).values(name="Forkert"))
    assert init_database(sqlite)["district"] == (0, 1)
    with sqlite.connect() as conn:
        assert conn.execute(select(models.District.name).where(models.District.code == 3)).scalar() == "Nørrebro"


def test_the_districts_are_the_whole_city_and_the_ten_bydele():
    districts = registry_rows()["district"]
    assert districts[0] == {"code": CITY_CODE, "name": "Hele byen"}
    assert [d["code"] for d in districts] == list(range(11))
    assert {"code": 3, "name": "Nørrebro"} in districts
