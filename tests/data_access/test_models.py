"""The tables and indexes (data_access.models), as created on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from data_access import models
from data_access.db import create_db_engine
from data_access.setup import init_database


@pytest.fixture(params=["sqlite", "postgresql"])
def initialised(request, tmp_path):
    """An empty database after init_database: the registry's dimensions, no observation."""
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path / 'models.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    init_database(engine)
    yield engine
    engine.dispose()


def test_the_observation_key_is_unique_with_null_breakdowns(initialised):
    """The unique index treats NULL breakdowns as equal, on both databases."""
    row = dict(indicator_code="S04", period=date(2026, 1, 1), district_code=1, numerator=1.0, denominator=2.0,
               provenance="internal")
    table = models.Observation.__table__
    with initialised.begin() as conn:
        conn.execute(insert(table), [row])
    with pytest.raises(IntegrityError):
        with initialised.begin() as conn:
            conn.execute(insert(table), [row])


def test_the_aggregation_is_answered_from_the_covering_index(engine):
    """The plan for one indicator's sums uses the covering index (bench/results.md explains why)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT period, SUM(numerator) FROM observation "
                "WHERE indicator_code = :code GROUP BY period"), {"code": "S01"}))
        assert "COVERING INDEX ix_observation_cover" in plan
    else:
        with engine.connect() as conn:
            names = conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'observation'")).scalars().all()
            definition = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_observation_cover'")).scalar()
        assert "ix_observation_cover" in names and "INCLUDE" in definition


TABLES = {"indicator_group", "indicator", "district", "org_unit", "target_group", "population", "observation",
          "build_info", "import_log", "import_change", "org_unit_change"}


def test_every_table_is_in_the_metadata():
    assert TABLES <= set(SQLModel.metadata.tables)


def test_the_observation_key_index_is_unique_over_the_five_key_columns():
    index = models.OBSERVATION_KEY_INDEX
    assert (index.name, index.unique, index.table.name) == ("ux_observation_key", True, "observation")
    assert index in models.Observation.__table__.indexes
    # NULL breakdowns are part of the key: coalesced, so two totals over the same breakdown collide
    assert [str(e.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            for e in index.expressions] == [
        "observation.indicator_code", "observation.period", "coalesce(observation.district_code, -1)",
        "coalesce(observation.unit_code, '')", "coalesce(observation.group_code, '')",
    ]


def test_a_null_breakdown_is_a_total_and_provenance_is_required():
    columns = models.Observation.__table__.c
    assert [c.name for c in columns if c.nullable] == [
        "district_code", "unit_code", "group_code", "numerator", "denominator", "value", "base_count", "source", "note",
    ]
    assert not columns.provenance.nullable and not columns.indicator_code.nullable


def test_init_creates_the_indexes(initialised):
    catalogue = {"sqlite": "SELECT name FROM sqlite_master WHERE type = 'index'",
                 "postgresql": "SELECT indexname FROM pg_indexes"}[initialised.dialect.name]
    with initialised.connect() as conn:
        names = set(conn.exec_driver_sql(catalogue).scalars())
    assert {"ux_observation_key", "ix_observation_cover", "ix_observation_indicator_district",
            "ix_import_change_import", "ix_import_change_observation"} <= names


def test_an_observation_is_its_id_key_and_values_named_once():
    assert [c.name for c in models.OBSERVATION.columns] == ["id", *models.OBSERVATION_KEY, *models.OBSERVATION_VALUES]


@pytest.mark.parametrize(("change", "recorded", "values"), [
    (models.IMPORT_CHANGE, models.OBSERVATION, models.OBSERVATION_VALUES),
    (models.ORG_UNIT_CHANGE, models.ORG_UNIT, models.ORG_UNIT_VALUES),
], ids=["import_change", "org_unit_change"])
def test_a_change_record_keeps_an_old_value_of_every_value_column_with_its_type(change, recorded, values):
    old = {c.name: c for c in change.columns if c.name.startswith("old_")}
    assert list(old) == [f"old_{name}" for name in values]
    for name in values:
        column = old[f"old_{name}"]
        assert column.nullable  # an inserted row has no old values
        assert column.type.compile(dialect=sqlite.dialect()) == recorded.c[name].type.compile(dialect=sqlite.dialect())
