"""The admin page's access sections (ui.roles_admin), each drawn alone on a copy of the sample database:
a refused role change says why and writes nothing, a repeated grant says it was already there, every
change is listed, and the view log shows who saw which unit. (The whole page: tests/pages/test_access_apptest.py.)"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.access import fetch_role_changes, fetch_roles, record_view


@pytest.fixture
def database(sample_copy):
    return sample_copy.url.render_as_string(hide_password=False), sample_copy


def _section(url: str, name: str) -> AppTest:
    def script(url: str, name: str) -> None:  # AppTest runs this function's source alone: imports inside
        from data_access.db import create_db_engine
        from ui import roles_admin

        engine = create_db_engine(url)
        if name == "roles":
            roles_admin.roles_section(engine, "admin@kk.dk", {"BCV01": "Center for Voksne 01"}, "da")
        else:
            roles_admin.view_log_section(engine, "da")
        engine.dispose()

    return AppTest.from_function(script, args=(url, name), default_timeout=30).run()


def _grant(at: AppTest, email: str, role: str, unit: str | None) -> AppTest:
    at.text_input(key="role_email").input(email)
    at.selectbox(key="role_role").select(role)
    at.selectbox(key="role_unit").select(unit)
    return at.button[[b.label for b in at.button].index("Giv rollen")].click().run()


def test_a_manager_without_a_unit_is_refused_with_the_reason_and_nothing_is_written(database):
    url, engine = database
    at = _grant(_section(url, "roles"), "ny@kk.dk", "manager", None)
    assert [e.value for e in at.error] == ["En leder skal have en enhed (--unit KODE)."]
    assert fetch_roles(engine=engine, email="ny@kk.dk").is_empty()
    assert fetch_role_changes(engine=engine).is_empty()


def test_a_grant_given_twice_says_so_and_is_logged_once(database):
    url, engine = database
    at = _grant(_section(url, "roles"), "ny@kk.dk", "manager", "BCV01")
    assert [s.value for s in at.success] == [r"ny\@kk\.dk har nu rollen leder."]
    at = _grant(at, "ny@kk.dk", "manager", "BCV01")
    assert [s.value for s in at.success] == [r"ny\@kk\.dk havde allerede rollen leder."]  # Markdown-escaped
    assert fetch_role_changes(engine=engine).select("changed_by", "action", "email", "role", "unit_code").rows() == [
        ("admin@kk.dk", "grant", "ny@kk.dk", "manager", "BCV01")]
    shown = at.dataframe[0].value  # the roles table under the form
    assert ("ny@kk.dk", "manager", "BCV01") in list(zip(shown["email"], shown["role"], shown["unit_code"], strict=True))


def test_the_view_log_shows_who_saw_which_unit_on_which_page(database):
    url, engine = database
    record_view(engine=engine, email="leder@kk.dk", unit="BCV01", page="min-enhed")
    at = _section(url, "views")
    shown = at.dataframe[0].value
    assert list(zip(shown["email"], shown["unit_code"], shown["page"], strict=True)) == [
        ("leder@kk.dk", "BCV01", "min-enhed")]
