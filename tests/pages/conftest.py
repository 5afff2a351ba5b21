"""Fixtures of the page tests."""

from __future__ import annotations

import pytest

from data_access.db import create_db_engine
from data_access.sample_db import write_sample_database


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A fresh sample database for one test, as the app's DATABASE_URL, so nothing touches the shared one."""
    import ui.loaders

    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    engine = create_db_engine(url)
    write_sample_database(engine)
    monkeypatch.setenv("DATABASE_URL", url)
    ui.loaders.engine.clear()
    ui.loaders.build_info.clear()
    yield engine
    ui.loaders.engine.clear()
    ui.loaders.build_info.clear()
