"""Engines (data_access.db): the embedded SQLite default or DATABASE_URL, and SQLite's foreign keys."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from data_access import db


def test_without_database_url_the_embedded_sqlite_file_is_used(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert db.database_url() == f"sqlite:///{db.REPO_ROOT / '.data' / 'socialstrategi.sqlite'}"
    assert db.is_embedded_default(db.database_url())


@pytest.mark.parametrize("url", ["postgresql://dash@db.example/socialstrategi", "sqlite:////tmp/other.sqlite"])
def test_database_url_wins_and_is_not_the_embedded_default(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    assert db.database_url() == url
    assert not db.is_embedded_default(url)


def test_an_empty_database_url_means_the_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")
    assert db.is_embedded_default(db.database_url())


def test_one_engine_per_url(tmp_path):
    first, second = f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
    assert db.get_engine(first) is db.get_engine(first)
    assert db.get_engine(first) is not db.get_engine(second)
    assert str(db.get_engine(second).url) == second


def test_sqlite_enforces_foreign_keys(tmp_path):
    engine = db.create_db_engine(f"sqlite:///{tmp_path / 'fk.sqlite'}")
    with engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))")
    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO child (id, parent_id) VALUES (1, 99)")
    engine.dispose()
