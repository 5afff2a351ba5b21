"""The page shown instead of the dashboard while the database cannot be used (ui.unavailable): the words
for each state, in Danish and English, and the look-again while it is unreachable."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _script(state: str, lang: str, answer: str) -> None:
    import streamlit as st

    from ui.unavailable import unavailable_page

    def check() -> str:  # what the database says when the page looks again
        st.session_state["checks"] = st.session_state.get("checks", 0) + 1
        st.session_state["state"] = answer
        return answer

    unavailable_page(st.session_state.get("state", state), lang, check=check)


def _page(state: str, lang: str = "da", answer: str | None = None) -> AppTest:
    at = AppTest.from_function(_script, args=(state, lang, answer or state)).run()
    assert not at.exception
    return at


def test_unreachable_says_it_looks_again_every_five_seconds():
    at = _page("unreachable")
    assert [t.value for t in at.title] == ["Dashboardet er midlertidigt utilgængeligt"]
    assert [i.value for i in at.info] == ["Databasen svarer ikke lige nu. Siden prøver igen hvert 5. sekund og viser "
                                          "tallene, så snart databasen er tilbage."]
    assert at.session_state["checks"] == 1 and not at.code


def test_when_the_database_is_back_the_app_runs_again():
    at = _page("unreachable", answer="ready")
    assert at.session_state["checks"] == 1  # looked once, then the whole app reran with the new state
    assert not at.title and not at.info


@pytest.mark.parametrize(("lang", "title", "body"), [
    ("da", "Databasen er ikke sat op endnu", "Dashboardet er forbundet til en database uden tabeller. "
     "En administrator opretter dem med kommandoen herunder."),
    ("en", "The database has not been set up yet", "The dashboard is connected to a database without tables. "
     "An administrator creates them with the command below."),
])
def test_uninitialised_names_the_init_command(lang, title, body):
    at = _page("uninitialised", lang)
    assert ([t.value for t in at.title], [i.value for i in at.info]) == ([title], [body])
    assert [c.value for c in at.code] == ["python -m data_access init"]


def test_empty_names_the_import_commands_and_the_format():
    at = _page("empty", "en")
    assert [t.value for t in at.title] == ["No figures yet"]
    assert [c.value for c in at.code] == ["python -m data_access units enheder.csv\npython -m data_access import tal.csv"]
    assert [c.value for c in at.caption] == ["The file format is described in docs/import-format.md."]


def test_a_ready_database_draws_nothing_here():
    at = _page("ready")
    assert not at.title and not at.info and not at.code
