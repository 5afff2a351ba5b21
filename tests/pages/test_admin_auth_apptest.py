"""The admin page through AppTest with a login's claims: a verified e-mail from the configured issuer
and tenant imports; an unverified one, another issuer or tenant, and a misconfigured allow-list do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
ADMIN = "pages/views/admin.py"
ISSUER = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"
TENANT = "11111111-2222-3333-4444-555555555555"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only",
        "client_id": "dashboard", "client_secret": "test-only",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration"}
GOOD = {"email": "data@kk.example", "email_verified": True, "iss": ISSUER, "tid": TENANT}


def _app(identity, admin, monkeypatch) -> AppTest:
    monkeypatch.setattr(ui.auth, "current_identity", lambda: identity)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["admin"] = admin
    at.run()
    assert not at.exception
    return at


def test_a_verified_admin_from_the_configured_tenant_may_import(database, monkeypatch):
    at = _app(GOOD, {"emails": ["Data@KK.example"], "issuer": ISSUER, "tenant": TENANT}, monkeypatch)
    at.switch_page(ADMIN).run()
    assert not at.exception and not at.error
    assert at.get("file_uploader")


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(GOOD | {"email_verified": False}, id="unverified"),
        pytest.param(GOOD | {"iss": "https://login.microsoftonline.com/other/v2.0"}, id="other-issuer"),
        pytest.param(GOOD | {"tid": "99999999-2222-3333-4444-555555555555"}, id="other-tenant"),
        pytest.param({"email": "data@kk.example"}, id="no-issuer-claim"),
    ],
)
def test_an_admin_email_alone_is_not_enough(database, monkeypatch, claims):
    at = _app(claims, {"emails": ["data@kk.example"], "issuer": ISSUER, "tenant": TENANT}, monkeypatch)
    at.switch_page(ADMIN).run()
    assert not at.exception
    assert "har ikke adgang til dataimport" in at.error[0].value
    assert not at.get("file_uploader")


def test_a_string_instead_of_a_list_of_emails_means_no_admin_page(database, monkeypatch):
    at = _app(GOOD, {"emails": "data@kk.example"}, monkeypatch)
    with pytest.raises(Exception):
        at.switch_page(ADMIN).run()
