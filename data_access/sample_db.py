"""The one builder of the sample database, used by the app, the tests and the demo.

`write_sample_database(engine)` initialises any SQLAlchemy engine (SQLite or PostgreSQL) like
`python -m data_access init`, loads the committed CSVs in sample_data/, and imports the published
figures in published_figures/ on top. `ensure_sample_database(path)` builds the embedded SQLite
default once, and again only when the registry, the CSVs or the tables change.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, Engine, Table, insert, select, update

from data_access import models
from data_access.db import REPO_ROOT, create_db_engine
from data_access.importer import import_file
from data_access.setup import init_database

SAMPLE_DIR = REPO_ROOT / "sample_data"
PUBLISHED_DIR = REPO_ROOT / "published_figures"
REGISTRY_DIR = REPO_ROOT / "registry"
_CHUNK = 5_000


def _source_files() -> list[Path]:
    # The table definitions count too: a changed schema rebuilds the embedded database.
    models_file = Path(__file__).with_name("models.py")
    return (sorted(SAMPLE_DIR.glob("*.csv")) + sorted(PUBLISHED_DIR.glob("*.csv")) + sorted(REGISTRY_DIR.glob("*.toml"))
            + [models_file])


def sample_fingerprint() -> str:
    """A hash of everything the sample database is built from."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_csv(name: str, schema: dict[str, type[pl.DataType]]) -> pl.DataFrame:
    return pl.read_csv(SAMPLE_DIR / name, schema_overrides=schema)


def _insert_frame(conn: Connection, table: Table, frame: pl.DataFrame) -> None:
    rows = frame.to_dicts()
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert(table), rows[start : start + _CHUNK])


def write_sample_rows(engine: Engine) -> None:
    """Load the committed sample CSVs (leaf org units, observations)."""
    units = _read_csv("org_units.csv", {"code": pl.Utf8, "name": pl.Utf8, "parent_code": pl.Utf8})
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
        _insert_frame(conn, models.ORG_UNIT, units)
        _insert_frame(conn, models.OBSERVATION, observations)


def write_published_figures(engine: Engine, *, today: date | None = None) -> None:
    """Import the municipality's published figures (published_figures/*.csv) on top of the sample,
    through the importer, so that they are validated and logged like any import."""
    for path in sorted(PUBLISHED_DIR.glob("*.csv")):
        result = import_file(engine=engine, path=path, user="published_figures", today=today)
        if not result.ok:
            raise ValueError(f"{path.name}: " + "; ".join(str(p) for p in result.problems[:5]))


def write_sample_database(engine: Engine, *, data_updated: date | None = None) -> None:
    """Build the complete sample database into an empty engine: the registry's dimensions, the sample
    rows, and the published figures on top (a real figure wins wherever one exists)."""
    init_database(engine, kind="sample")
    write_sample_rows(engine)
    fingerprint = sample_fingerprint()
    with engine.begin() as conn:
        build = models.BUILD_INFO
        # "fingerprint" is the data version the app's caches key on (imports change it);
        # "sample_fingerprint" says which sources the file was built from (only a rebuild does).
        conn.execute(update(build).where(build.c.key == "fingerprint").values(value=fingerprint))
        conn.execute(insert(build), [dict(key="sample_fingerprint", value=fingerprint),
                                     dict(key="data_updated", value=(data_updated or date.today()).isoformat())])
    write_published_figures(engine, today=data_updated)


def _stored_fingerprint(path: Path) -> str | None:
    engine = create_db_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            build = models.BUILD_INFO
            stmt = select(build.c.value).where(build.c.key == "sample_fingerprint")
            value = conn.execute(stmt).scalar()
            return None if value is None else str(value)
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
