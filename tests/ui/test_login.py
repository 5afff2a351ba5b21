"""The sidebar's word on who is looking (ui.login): one sentence per kind of viewer, the e-mail escaped
for Markdown (st.caption renders it), and the button that fits (log in, log out, or none in the open demo)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.access import ALL, PUBLIC, managing
from ui import login

CASES = [
    (False, ALL, None, "da", "Åben demo: login er ikke sat op, så alle ser alle enheder."),
    (True, PUBLIC, None, "da",
     "Du er ikke logget ind: du ser byen, bydelene og målgrupperne, ikke de enkelte enheder."),
    (True, PUBLIC, "laeser@kk.dk", "da",
     r"Logget ind som laeser\@kk\.dk: du ser byen, bydelene og målgrupperne, ikke de enkelte enheder."),
    (True, managing(["BCV02", "BCV01"]), "leder@kk.dk", "da",
     r"Logget ind som leder\@kk\.dk: du ser dine enheder (BCV01, BCV02) og tallene over dem."),
    (True, ALL, "analytiker@kk.dk", "en", r"Logged in as analytiker\@kk\.dk: you see every unit."),
    (True, ALL, "a_b*c@kk.dk", "da", r"Logget ind som a\_b\*c\@kk\.dk: du ser alle enheder."),
]


@pytest.mark.parametrize(("configured", "scope", "email", "lang", "expected"), CASES)
def test_one_sentence_says_what_this_viewer_sees(monkeypatch, configured, scope, email, lang, expected):
    monkeypatch.setattr(login, "login_configured", lambda: configured)
    assert login.scope_text(scope, email, lang) == expected


def _box(monkeypatch, configured: bool, email: str | None) -> AppTest:
    # AppTest runs the script in this process: the patched functions are the ones it calls, and
    # monkeypatch puts them back after the test (set inside the script, they would stay for later tests).
    monkeypatch.setattr(login, "login_configured", lambda: configured)
    monkeypatch.setattr(login.auth, "current_identity",
                        lambda: None if email is None else {"email": email, "email_verified": True})

    def script() -> None:
        from data_access.access import PUBLIC
        from ui import login

        login.login_box(PUBLIC, "da")

    return AppTest.from_function(script).run()


@pytest.mark.parametrize(("configured", "email", "buttons"), [
    (False, None, []),
    (True, None, ["Log ind"]),
    (True, "laeser@kk.dk", ["Log ud"]),
])
def test_the_box_offers_log_in_or_log_out_only_where_login_is_set_up(monkeypatch, configured, email, buttons):
    at = _box(monkeypatch, configured, email)
    assert not at.exception
    assert [b.label for b in at.button] == buttons
    assert len(at.caption) == 1
