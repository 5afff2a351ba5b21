"""Engines: the embedded SQLite default, or any SQLAlchemy URL in DATABASE_URL.

Nothing connects at import time; `get_engine()` is called by whoever needs data.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / ".data" / "socialstrategi.sqlite"


def database_url() -> str:
    """DATABASE_URL when set (production, PostgreSQL), else the embedded SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def create_db_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: database_url(), read at each call), built once per URL."""
    return _engine_for(url or database_url())


def is_embedded_default(url: str) -> bool:
    """The embedded sample database (built by data_access.sample_db.ensure_sample_database)."""
    return url == f"sqlite:///{DEFAULT_SQLITE_PATH}"


@cache
def _engine_for(url: str) -> Engine:
    return create_db_engine(url)
