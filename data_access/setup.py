"""Creating a database and telling what state it is in: the schema and the registry's dimensions.

`init_database(engine)` works on any empty or existing SQLite/PostgreSQL database and is idempotent:
it creates missing tables and indexes, and inserts or updates the registry's definitions (visions,
indicators, districts, target groups, the top of the organisation) and the district populations
(public statistics, Statistikbanken Be4.3/Be62). It never writes an observation, so a production
database holds no sample row. `database_state(engine)` says whether the app and the importer can
use a database, without a traceback.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, Table, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from data_access import models
from registry import load_registry

REPO_ROOT = Path(__file__).resolve().parent.parent
POPULATION_CSV = REPO_ROOT / "sample_data" / "population.csv"
CITY_CODE = 0
CITY_NAME = "Hele byen"
INIT_COMMAND = "python -m data_access init"

# States of a database, as database_state reports them.
UNREACHABLE, UNINITIALISED, EMPTY, READY = "unreachable", "uninitialised", "empty", "ready"


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]], key: tuple[str, ...]) -> tuple[int, int]:
    """Insert rows whose key is new, update those whose other columns differ: (inserted, updated)."""
    columns = [table.c[name] for name in rows[0]] if rows else []
    existing = {tuple(r[:len(key)]): tuple(r[len(key):])
                for r in conn.execute(select(*[table.c[k] for k in key], *[c for c in columns if c.name not in key]))}
    inserted = updated = 0
    for row in rows:
        k = tuple(row[name] for name in key)
        rest = tuple(row[c.name] for c in columns if c.name not in key)
        if k not in existing:
            conn.execute(insert(table).values(**row))
            inserted += 1
        elif existing[k] != rest:
            where = [table.c[name] == row[name] for name in key]
            conn.execute(update(table).where(*where).values(**{n: v for n, v in row.items() if n not in key}))
            updated += 1
    return inserted, updated


def registry_rows() -> dict[str, list[dict[str, Any]]]:
    """The registry's definitions as rows of the dimension tables."""
    reg = load_registry()
    return {
        "indicator_group": [dict(code=g.code, kind=g.kind, title_da=g.title_da, title_en=g.title_en, order=g.order)
                            for g in reg.groups],
        "indicator": [
            dict(code=i.code, group_code=i.group, title_da=i.title_da, title_en=i.title_en, unit=i.unit,
                 direction=i.direction, rule=i.rule, survey=i.survey, breakdowns=",".join(i.breakdowns),
                 frequency=i.frequency, source=i.source, definition_da=i.definition_da)
            for i in reg.indicators
        ],
        "district": [dict(code=CITY_CODE, name=CITY_NAME)] + [dict(code=d.code, name=d.name) for d in reg.districts],
        "target_group": [dict(code=g.code, kind=g.kind, name_da=g.title_da, name_en=g.title_en)
                         for g in reg.target_groups],
        "org_unit": [dict(code=u.code, name=u.name, parent_code=u.parent) for u in reg.org_units],
    }


def _population_rows() -> list[dict[str, Any]]:
    frame = pl.read_csv(POPULATION_CSV, schema_overrides={"district_code": pl.Int64, "year": pl.Int64})
    return frame.select("district_code", "year", "population", "source").to_dicts()


def init_database(engine: Engine, *, kind: str = "production") -> dict[str, tuple[int, int]]:
    """Create the schema and write the registry's dimensions and the populations; safe to run again.

    Returns per table (inserted, updated). build_info gets `kind` and a `fingerprint` only when it
    has none (a re-run does not change the data version).
    """
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:  # an expression index cannot be reflected, so no checkfirst
        conn.execute(CreateIndex(models.OBSERVATION_KEY_INDEX, if_not_exists=True))
    counts: dict[str, tuple[int, int]] = {}
    tables = SQLModel.metadata.tables
    with engine.begin() as conn:
        for name, rows in registry_rows().items():
            counts[name] = _upsert(conn, tables[name], rows, ("code",))
        counts["population"] = _upsert(conn, tables["population"], _population_rows(), ("district_code", "year"))
        build = models.BUILD_INFO
        have = set(conn.execute(select(build.c.key)).scalars())
        for key, value in (("kind", kind), ("fingerprint", f"init-{uuid.uuid4().hex[:16]}")):
            if key not in have:
                conn.execute(insert(build).values(key=key, value=value))
    return counts


def database_state(engine: Engine) -> str:
    """UNREACHABLE (no connection), UNINITIALISED (tables missing), EMPTY (no observation) or READY."""
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            needed = {models.Observation.__tablename__, models.BuildInfo.__tablename__, models.OrgUnit.__tablename__,
                      models.IndicatorDef.__tablename__}
            if not needed <= names:
                return UNINITIALISED
            obs = models.OBSERVATION
            has_rows = conn.execute(select(select(obs.c.id).exists())).scalar()
    except (DBAPIError, SQLAlchemyError, OSError):
        return UNREACHABLE
    return READY if has_rows else EMPTY


def state_message(state: str) -> str | None:
    """One line for the command line, naming what to do (None when the database is ready)."""
    return {
        UNREACHABLE: "Databasen kan ikke nås. Kontrollér DATABASE_URL, og at databaseserveren kører.",
        UNINITIALISED: f"Databasen er ikke sat op. Kør først: {INIT_COMMAND}",
        EMPTY: None,
        READY: None,
    }[state]
