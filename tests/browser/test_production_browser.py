"""The app on a production database (no sample row) and on a database that is missing, then returns.

A new user's path: init, units, published figures, open the app: real figures marked as published, no
sample banner anywhere. A database that cannot be reached gives a calm page that recovers by itself.
"""

from __future__ import annotations

import pytest

from data_access.db import create_db_engine
from data_access.importer import import_file
from data_access.setup import init_database
from tests.browser.conftest import OVERVIEW_HEADING, STARTUP_S, launch_app, save_screenshot, wait_for_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
PUBLISHED = ROOT / "published_figures" / "offentliggjorte_tal.csv"


def _production_database(path) -> str:
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    init_database(engine)
    assert import_file(engine=engine, path=PUBLISHED, user="it").ok
    engine.dispose()
    return url


def test_a_production_database_shows_published_figures_and_no_sample_banner(browser, tmp_path):
    url = _production_database(tmp_path / "prod.sqlite")
    with launch_app(tmp_path, url) as base:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK").new_page()
        page.goto(f"{base}/?fra=2017&til=2020")
        wait_for_app(page, OVERVIEW_HEADING, timeout_ms=STARTUP_S * 1000)
        text = page.inner_text("body").replace("\xa0", " ").replace("\u202f", " ")
        save_screenshot(page, "production_overview")
        assert "Eksempeldata" not in text and "EKSEMPELDATA" not in text
        assert "42,0 %" in text  # S01 2017, the seeds' published figure
        assert "Offentliggjort tal" in text
        page.goto(f"{base}/et-vaerdigt-liv?fra=2017&til=2020&bydel=3")
        wait_for_app(page, "Et værdigt liv")
        body = page.inner_text("body")
        save_screenshot(page, "production_vision_district")
        assert "Kun opgjort for hele byen: 2017." in body  # the city figure is never shown as Nørrebro's
        assert "Eksempeldata" not in body


def test_an_unreachable_database_gives_a_calm_page_that_recovers_by_itself(browser, tmp_path):
    missing = tmp_path / "not-yet" / "prod.sqlite"  # SQLite cannot open a file in a missing folder
    with launch_app(tmp_path, f"sqlite:///{missing}") as base:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK").new_page()
        page.goto(f"{base}/")  # a cold server's first visit is "/" (deep links on a cold server: issue 15)
        wait_for_app(page, "Dashboardet er midlertidigt utilgængeligt", timeout_ms=STARTUP_S * 1000)
        page.goto(f"{base}/et-vaerdigt-liv")
        wait_for_app(page, "Dashboardet er midlertidigt utilgængeligt")
        save_screenshot(page, "database_unreachable")
        assert "Traceback" not in page.inner_text("body")
        missing.parent.mkdir()
        _production_database(missing)  # the database comes back
        page.wait_for_selector("text=Et værdigt liv", timeout=30_000)
        wait_for_app(page, "Et værdigt liv")
        assert "midlertidigt utilgængeligt" not in page.inner_text("body")
