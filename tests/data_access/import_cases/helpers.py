"""Shared by the importer tests: the case folder, database snapshots and small databases."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, delete, func, insert, inspect, select

from data_access import models
from data_access.sample_db import SAMPLE_DIR
from data_access.setup import init_database

CASES = Path(__file__).parent
OBS = models.Observation.__table__


def observation_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(OBS).order_by(OBS.c.id))]


def snapshot(engine: Engine) -> dict:
    """Row count and content checksum of the observation table, build_info, and the audit log size."""
    rows = observation_rows(engine)
    with engine.connect() as conn:
        build = dict(conn.execute(select(models.BuildInfo.key, models.BuildInfo.value)).all())
        log = 0
        if inspect(conn).has_table("import_log"):
            log = conn.execute(select(func.count()).select_from(models.ImportLog.__table__)).scalar()
    return {
        "rows": len(rows),
        "checksum": hashlib.sha256(repr(rows).encode()).hexdigest(),
        "build_info": build,
        "import_log": log,
    }


def write_units(engine: Engine) -> None:
    units = pl.read_csv(SAMPLE_DIR / "org_units.csv", schema_overrides={"parent_code": pl.Utf8})
    with engine.begin() as conn:
        conn.execute(insert(models.OrgUnit), units.to_dicts())


def small_database(engine: Engine, indicators: tuple[str, ...] = ("S04", "S05", "S07", "KM01")) -> Engine:
    """The registry, the sample units and the sample observations of a few indicators (fast to checksum)."""
    init_database(engine)
    write_units(engine)
    obs = pl.read_csv(
        SAMPLE_DIR / "observations.csv",
        schema_overrides={"period": pl.Date, "district_code": pl.Int64, "unit_code": pl.Utf8,
                          "group_code": pl.Utf8, "numerator": pl.Float64, "denominator": pl.Float64,
                          "value": pl.Float64, "base_count": pl.Int64},
    ).filter(pl.col("indicator_code").is_in(list(indicators)))
    with engine.begin() as conn:
        conn.execute(insert(OBS), obs.to_dicts())
        conn.execute(delete(models.BuildInfo).where(models.BuildInfo.key == "fingerprint"))
        conn.execute(insert(models.BuildInfo), [dict(key="fingerprint", value="small"),
                                                dict(key="data_updated", value=date(2026, 1, 1).isoformat())])
    return engine


def empty_database(engine: Engine) -> Engine:
    """The registry and the sample units, no observations."""
    init_database(engine)
    write_units(engine)
    with engine.begin() as conn:
        conn.execute(delete(models.BuildInfo).where(models.BuildInfo.key == "fingerprint"))
        conn.execute(insert(models.BuildInfo), [dict(key="fingerprint", value="empty")])
    return engine
