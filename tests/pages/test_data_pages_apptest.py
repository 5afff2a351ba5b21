"""Om data and the admin import page (AppTest). The identity provider is replaced by a test identity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
from data_access.queries import fetch_indicator_status
from metrics.freshness import is_stale
from registry import load_registry
from tests.levels import fetch_cell_sums

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
ADMIN = "pages/views/admin.py"
SECRETS = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only",
             "client_id": "dashboard", "client_secret": "test-only",
             "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration"},
    "admin": {"emails": ["data@kk.example"]},
}
GOOD = "indikator;periode;bydel;taeller;naevner;grundlag;proveniens;kilde\nS04;2025;Nørrebro;120;200;200;offentliggjort;BUF\n"
BAD = "indikator;periode;bydel;taeller;naevner;grundlag;proveniens;kilde\nS04;2025;Nørrebro;300;200;200;offentliggjort;BUF\n"


def _app(identity=None, secrets=SECRETS, monkeypatch=None):
    monkeypatch.setattr(ui.auth, "current_identity", lambda: identity)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    return at


def test_no_admin_page_without_configuration(database, monkeypatch):
    at = _app("data@kk.example", secrets={}, monkeypatch=monkeypatch)
    assert not at.exception
    with pytest.raises(Exception):
        at.switch_page(ADMIN).run()


def test_admin_page_asks_for_login(database, monkeypatch):
    at = _app(None, monkeypatch=monkeypatch)
    at.switch_page(ADMIN).run()
    assert not at.exception
    assert "Log ind" in at.info[-1].value or any("Log ind" in b.label for b in at.button)
    assert not at.file_uploader


def test_admin_page_refuses_someone_not_on_the_list(database, monkeypatch):
    at = _app("someone@kk.example", monkeypatch=monkeypatch)
    at.switch_page(ADMIN).run()
    # The e-mail comes from outside: escaped, so Markdown shows it as written (never a link).
    assert r"someone\@kk\.example har ikke adgang til dataimport." in at.error[0].value
    assert not at.file_uploader


def test_admin_previews_and_imports_a_good_file(database, monkeypatch):
    at = _app("data@kk.example", monkeypatch=monkeypatch)
    at.switch_page(ADMIN).run()
    at.file_uploader(key="upload").upload("s04.csv", GOOD.encode("cp1252"), "text/csv").run()
    assert not at.exception
    assert "0 nye, 1 ændrede, 0 uændrede rækker" in at.info[-1].value or "1 nye" in at.info[-1].value
    at.button(key="confirm").click().run()
    assert "Importeret" in at.success[0].value
    sums = fetch_cell_sums(engine=database, indicator="S04", district=3, year_from=2025, year_to=2025)
    assert (sums["numerator"][0], sums["denominator"][0]) == (120.0, 200.0)


def test_admin_rejects_a_bad_file_and_changes_nothing(database, monkeypatch):
    before = fetch_cell_sums(engine=database, indicator="S04", district=3)
    at = _app("data@kk.example", monkeypatch=monkeypatch)
    at.switch_page(ADMIN).run()
    at.file_uploader(key="upload").upload("s04.csv", BAD.encode(), "text/csv").run()
    assert "Filen er afvist, og intet er gemt" in at.error[0].value
    assert len(at.dataframe[0].value) == 1
    assert not [b for b in at.button if b.key == "confirm"]
    assert fetch_cell_sums(engine=database, indicator="S04", district=3).equals(before)


def test_about_page_lists_every_indicator_with_its_provenance(database, monkeypatch):
    at = _app(None, secrets={}, monkeypatch=monkeypatch)
    at.switch_page("pages/views/om_data.py").run()
    assert not at.exception
    # One card per indicator (no wide table to scroll sideways), each field named, every field explained.
    registry = load_registry()
    texts = [m.value for m in at.markdown]
    headings = [text for text in texts if text.startswith("**") and " · " in text]
    assert headings == [f"**{i.code} · {i.title_da}**" for i in registry.indicators]
    s01 = texts[texts.index(headings[0]) + 2]  # heading, definition, fields
    assert "Seneste periode: **2025**" in s01 and "Aktualitet: **Ajour**" in s01
    assert "Rækker efter herkomst: **offentliggjort 1 · internt 0 · eksempeldata " in s01  # the published 2017 total
    # the indicators behind on their data are named in the warning (the sample's programme data end in 2025)
    status = {r["indicator_code"]: r["last_period"] for r in fetch_indicator_status(engine=database).to_dicts()}
    behind = [i.code for i in registry.indicators if is_stale(status.get(i.code), i.frequency, date.today())]
    assert behind  # the premise
    (warning,) = [w.value for w in at.warning if "frekvens" in w.value]
    assert warning == f"{len(behind)} indikatorer har ældre data, end deres frekvens tillader: {', '.join(behind)}."
    explained = next(text for text in texts if text.startswith("- **Kode**"))
    assert "- **Rækker efter herkomst**: hvor mange rækker med tal der er offentliggjorte tal" in explained
    assert explained.count("\n- **") == 7  # code, definition, frequency, period, freshness, import, rows, source


def test_the_accessibility_statement_says_what_does_not_yet_conform_in_both_languages():
    from tests.pages.apptest_helpers import new_app, show
    from ui.navigation import ACCESSIBILITY

    at = show(new_app(), ACCESSIBILITY)
    assert at.title[0].value == "Tilgængelighedserklæring"
    text = " ".join(m.value for m in at.markdown)
    assert "delvist i overensstemmelse" in text and "WCAG 2.1" in text and "Digitaliseringsstyrelsen" in text
    assert "Navigationen i sidepanelet" in text  # Streamlit's own frame, named as such
    english = show(new_app(lang="en"), ACCESSIBILITY)
    assert english.title[0].value == "Accessibility statement"
