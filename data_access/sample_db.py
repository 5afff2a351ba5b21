"""The one builder of the sample database, used by the app, the tests and the demo.

`write_sample_database(engine)` loads the registry and the committed CSVs in sample_data/ into any
SQLAlchemy engine (SQLite or PostgreSQL). `ensure_sample_database(path)` builds the embedded SQLite
default once, and again only when the registry or the sample CSVs change.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, func, insert, select
from sqlmodel import SQLModel

from data_access import models
from data_access.db import REPO_ROOT, create_db_engine
from registry import load_registry

SAMPLE_DIR = REPO_ROOT / "sample_data"
REGISTRY_DIR = REPO_ROOT / "registry"
CITY_CODE = 0
CITY_NAME = "Hele byen"
_CHUNK = 5_000


def _source_files() -> list[Path]:
    # The table definitions count too: a changed schema rebuilds the embedded database.
    models_file = Path(__file__).with_name("models.py")
    return sorted(SAMPLE_DIR.glob("*.csv")) + sorted(REGISTRY_DIR.glob("*.toml")) + [models_file]


def sample_fingerprint() -> str:
    """A hash of everything the sample database is built from."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_registry(engine: Engine) -> None:
    """Create the tables and write the registry's definitions and dimensions."""
    reg = load_registry()
    SQLModel.metadata.create_all(engine)
    groups = [
        dict(code=g.code, kind=g.kind, title_da=g.title_da, title_en=g.title_en, order=g.order)
        for g in reg.groups
    ]
    indicators = [
        dict(
            code=i.code, group_code=i.group, title_da=i.title_da, title_en=i.title_en, unit=i.unit,
            direction=i.direction, rule=i.rule, survey=i.survey, breakdowns=",".join(i.breakdowns),
            frequency=i.frequency, source=i.source, definition_da=i.definition_da,
        )
        for i in reg.indicators
    ]
    districts = [dict(code=CITY_CODE, name=CITY_NAME)] + [
        dict(code=d.code, name=d.name) for d in reg.districts
    ]
    groups_t = [dict(code=g.code, kind=g.kind, name_da=g.name_da, name_en=g.name_en) for g in reg.target_groups]
    units = [dict(code=u.code, name=u.name, parent_code=u.parent) for u in reg.org_units]
    with engine.begin() as conn:
        conn.execute(insert(models.IndicatorGroup), groups)
        conn.execute(insert(models.IndicatorDef), indicators)
        conn.execute(insert(models.District), districts)
        conn.execute(insert(models.TargetGroup), groups_t)
        conn.execute(insert(models.OrgUnit), units)


def _read_csv(name: str, schema: dict) -> pl.DataFrame:
    return pl.read_csv(SAMPLE_DIR / name, schema_overrides=schema)


def _insert_frame(conn, table, frame: pl.DataFrame) -> None:
    rows = frame.to_dicts()
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert(table), rows[start : start + _CHUNK])


def write_sample_rows(engine: Engine) -> None:
    """Load the committed sample CSVs (org units, population, observations) and the targets."""
    units = _read_csv("org_units.csv", {"code": pl.Utf8, "name": pl.Utf8, "parent_code": pl.Utf8})
    population = _read_csv("population.csv", {"district_code": pl.Int64, "year": pl.Int64})
    observations = _read_csv(
        "observations.csv",
        {
            "indicator_code": pl.Utf8, "period": pl.Date, "district_code": pl.Int64,
            "unit_code": pl.Utf8, "group_code": pl.Utf8, "numerator": pl.Float64,
            "denominator": pl.Float64, "value": pl.Float64, "base_count": pl.Int64,
            "provenance": pl.Utf8, "source": pl.Utf8,
        },
    )
    with engine.begin() as conn:
        _insert_frame(conn, models.OrgUnit, units)
        _insert_frame(conn, models.Population, population)
        _insert_frame(conn, models.Observation, observations)
    write_targets(engine)


def write_targets(engine: Engine) -> None:
    """Targets of the goals: the baseline is what the data says in the baseline year.

    A goal whose baseline is not known ("baseline endnu ukendt") keeps no baseline value, and a
    goal whose target is "X pct." keeps no target value: no number is invented.
    """
    reg = load_registry()
    obs = models.Observation.__table__.c
    rows = []
    with engine.begin() as conn:
        for ind in reg.goals():
            baseline_value = None
            if ind.baseline_known:
                start = date(ind.baseline_year, 1, 1)
                end = date(ind.baseline_year + 1, 1, 1)
                if ind.rule == "ratio":
                    expr = 100.0 * func.sum(obs.numerator) / func.nullif(func.sum(obs.denominator), 0)
                else:
                    expr = func.sum(obs.value)
                stmt = select(expr).where(
                    obs.indicator_code == ind.code, obs.period >= start, obs.period < end
                )
                baseline_value = conn.execute(stmt).scalar()
            target_value = None
            if ind.target_change is not None and baseline_value is not None:
                target_value = baseline_value + ind.target_change
            rows.append(
                dict(
                    indicator_code=ind.code, baseline_period=ind.baseline_year,
                    baseline_value=baseline_value, target_period=ind.target_year,
                    target_value=target_value, target_text=ind.target_text,
                )
            )
        conn.execute(insert(models.Target), rows)


def write_sample_database(engine: Engine, *, data_updated: date | None = None) -> None:
    """Build the complete sample database into an empty engine."""
    write_registry(engine)
    write_sample_rows(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(models.BuildInfo),
            [
                # "fingerprint" is the data version the app's caches key on (imports change it);
                # "sample_fingerprint" says which sources the file was built from (only a rebuild does).
                dict(key="fingerprint", value=sample_fingerprint()),
                dict(key="sample_fingerprint", value=sample_fingerprint()),
                dict(key="data_updated", value=(data_updated or date.today()).isoformat()),
                dict(key="kind", value="sample"),
            ],
        )


def _stored_fingerprint(path: Path) -> str | None:
    engine = create_db_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            stmt = select(models.BuildInfo.value).where(models.BuildInfo.key == "sample_fingerprint")
            return conn.execute(stmt).scalar()
    except Exception:  # an old or broken file is simply rebuilt
        return None
    finally:
        engine.dispose()


def ensure_sample_database(path: Path) -> None:
    """Build the embedded SQLite file if it is missing or was built from other sources."""
    if path.exists() and _stored_fingerprint(path) == sample_fingerprint():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and swap in atomically, so a second process never sees half a file.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    engine = create_db_engine(f"sqlite:///{tmp}")
    try:
        write_sample_database(engine)
    finally:
        engine.dispose()
    os.replace(tmp, path)


def main() -> None:
    from data_access.db import DEFAULT_SQLITE_PATH

    ensure_sample_database(DEFAULT_SQLITE_PATH)
    print(f"Eksempeldatabasen er klar: {DEFAULT_SQLITE_PATH.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
