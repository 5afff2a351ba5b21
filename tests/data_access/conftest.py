"""The sample database as a file built once per session, and a fresh copy of it for each test."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from data_access.db import create_db_engine
from data_access.sample_db import write_sample_database


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
