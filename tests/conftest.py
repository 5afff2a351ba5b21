"""Shared fixtures: the sample database on SQLite and on PostgreSQL, built by the one builder."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.db import create_db_engine  # noqa: E402
from data_access.sample_db import write_sample_database  # noqa: E402
from devtools.postgres import postgres_available, postgres_server  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _require(available: bool, what: str) -> None:
    """In CI a missing dependency fails the run; on a laptop it skips with the reason."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available on this machine")


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory):
    engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'sample.sqlite'}")
    write_sample_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_admin_url():
    _require(postgres_available(), "PostgreSQL")
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def new_postgres_database(postgres_admin_url):
    """A factory for empty PostgreSQL databases, dropped at the end of the session."""
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    created: list[tuple[str, object]] = []

    def make():
        name = f"test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # identifier, not a value: cannot be bound
        engine = create_db_engine(admin.url.set(database=name).render_as_string(hide_password=False))
        created.append((name, engine))
        return engine

    yield make
    for name, engine in created:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgresql_engine(new_postgres_database):
    engine = new_postgres_database()
    write_sample_database(engine)
    return engine


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request):
    """The sample database; every test using it runs on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """The sample database, built once by the one builder; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "sample.sqlite"
    engine = create_db_engine(f"sqlite:///{path}")
    write_sample_database(engine, data_updated=date(2026, 1, 2))
    engine.dispose()
    return path


@pytest.fixture
def sample_copy(sqlite_template, tmp_path):
    """An engine on this test's own copy of the sample database (SQLite)."""
    path = tmp_path / "sample.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()
