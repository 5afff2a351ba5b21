"""Admin login (ui.auth): a verified e-mail on a well-formed allow-list, from the configured issuer and
tenant, compared without casefold's surprises. No Streamlit session needed: secrets and claims are given."""

from __future__ import annotations

import logging
import unicodedata

import pytest
import streamlit as st

import ui.auth
from ui.auth import (
    AdminPolicy,
    admin_config_error,
    admin_policy,
    auth_configured,
    current_identity,
    identity_email,
    is_admin,
    normalise_email,
)

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only",
        "client_id": "dashboard", "client_secret": "test-only",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration"}
ISSUER = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"
TENANT = "11111111-2222-3333-4444-555555555555"


def _secrets(**admin):
    return {"auth": AUTH, "admin": admin}


POLICY = admin_policy(_secrets(emails=["data@kk.example"]))


# ------------------------------------------------------------------ a misconfigured allow-list


@pytest.mark.parametrize(
    "admin, says",
    [
        pytest.param({"emails": "a@b.dk"}, "[admin] emails skal være en liste af e-mailadresser", id="a-string"),
        pytest.param({"emails": ["a@b.dk", 7]}, "[admin] emails nr. 2 er ikke en tekst (7)", id="a-number"),
        pytest.param({"emails": [["a@b.dk"]]}, "[admin] emails nr. 1 er ikke en tekst", id="a-nested-list"),
        pytest.param({"emails": ["a@b.dk", "navn"]}, "[admin] emails nr. 2 ('navn') er ikke en e-mailadresse",
                     id="no-at"),
        pytest.param({"emails": ["@kk.dk"]}, "er ikke en e-mailadresse", id="no-local-part"),
        pytest.param({"emails": ["a b@kk.dk"]}, "er ikke en e-mailadresse", id="a-space"),
        pytest.param({"emails": []}, "[admin] emails er tom", id="empty"),
        pytest.param({}, "[admin] emails mangler", id="missing"),
        pytest.param({"emails": {"a": "a@b.dk"}}, "[admin] emails skal være en liste af e-mailadresser", id="a-table"),
        pytest.param({"emails": ["a@b.dk"], "issuer": 5}, "[admin] issuer skal være udstederens adresse", id="issuer"),
        pytest.param({"emails": ["a@b.dk"], "tenant": ""}, "[admin] tenant skal være lejerens id", id="tenant"),
        pytest.param({"emails": ["a@b.dk"], "tenant": "x", "tid": "y"}, "[admin] tenant ('x') og tid ('y')",
                     id="tenant-and-tid-differ"),
    ],
)
def test_a_misconfigured_admin_section_is_a_configuration_error(admin, says, caplog, monkeypatch):
    secrets = _secrets(**admin)
    problem = admin_config_error(secrets)
    assert problem is not None and says in problem, problem
    assert problem.startswith("Login til dataimport er slået fra") and "secrets.toml" in problem
    with pytest.raises(ui.auth.AdminConfigError):
        admin_policy(secrets)
    with caplog.at_level(logging.ERROR, logger="ui.auth"):
        assert auth_configured(secrets) is False  # no admin page
    monkeypatch.setattr(ui.auth, "_secrets", lambda: secrets)  # as the admin page reads them: no one is admitted
    assert not is_admin({"email": "a@b.dk"}) and not is_admin({"email": "a"})


def test_a_string_instead_of_a_list_names_the_setting_and_what_is_expected(caplog, monkeypatch):
    monkeypatch.setattr(ui.auth, "_logged", set())  # each message is logged once per process
    secrets = _secrets(emails="a@b.dk")
    with caplog.at_level(logging.ERROR, logger="ui.auth"):
        assert auth_configured(secrets) is False
    assert "[admin] emails" in caplog.text and "en liste af e-mailadresser" in caplog.text
    assert 'emails = ["navn@kk.dk"]' in admin_config_error(secrets)
    # Refused, not read as a set of single characters that would let "a", "@", "." … in:
    with pytest.raises(ui.auth.AdminConfigError):
        admin_policy(secrets)
    monkeypatch.setattr(ui.auth, "_secrets", lambda: secrets)
    assert not is_admin({"email": "a"}) and not is_admin({"email": "@"})


def test_a_good_configuration_is_configured():
    secrets = _secrets(emails=[" Data@KK.example ", "anden@kk.example"], issuer=ISSUER, tid=TENANT)
    assert admin_config_error(secrets) is None and auth_configured(secrets)
    assert admin_policy(secrets) == AdminPolicy(frozenset({"data@kk.example", "anden@kk.example"}), ISSUER, TENANT)


def test_without_a_provider_nothing_is_configured():
    assert not auth_configured({"admin": {"emails": ["data@kk.example"]}})
    assert not auth_configured({})


# ------------------------------------------------------------------ comparing e-mails


def test_the_comparison_ignores_case_space_and_unicode_composition():
    assert is_admin({"email": "  DATA@kk.Example "}, POLICY)
    decomposed = unicodedata.normalize("NFD", "søren.åberg@kk.dk")
    policy = admin_policy(_secrets(emails=[decomposed]))
    assert is_admin({"email": "Søren.Åberg@kk.dk"}, policy)
    assert normalise_email(decomposed) == "søren.åberg@kk.dk"


def test_sharp_s_is_not_ss():
    policy = admin_policy(_secrets(emails=["straße@x.dk"]))
    assert is_admin({"email": "STRAßE@x.dk"}, policy)
    assert not is_admin({"email": "strasse@x.dk"}, policy)
    assert not is_admin({"email": "straße@x.dk"}, admin_policy(_secrets(emails=["strasse@x.dk"])))


def test_someone_not_on_the_list_or_without_an_email_is_not_an_admin():
    assert not is_admin({"email": "someone@kk.example"}, POLICY)
    assert not is_admin({}, POLICY) and not is_admin(None, POLICY)
    assert not is_admin({"email": None}, POLICY) and not is_admin({"email": ["data@kk.example"]}, POLICY)


# ------------------------------------------------------------------ a verified e-mail


@pytest.mark.parametrize(
    "verified, admin",
    [(True, True), ("true", True), ("True", True), (False, False), ("false", False), (None, False), (0, False),
     ("", False), ("yes", False)],
)
def test_an_email_the_provider_calls_unverified_is_not_an_admin(verified, admin):
    assert is_admin({"email": "data@kk.example", "email_verified": verified}, POLICY) is admin


def test_a_provider_that_sends_no_email_verified_claim_is_trusted_for_the_email():
    assert is_admin({"email": "data@kk.example"}, POLICY)
    assert is_admin("data@kk.example", POLICY)  # an identity given as the e-mail alone (older test fakes)


# ------------------------------------------------------------------ the issuer and the tenant


def test_the_issuer_must_be_the_configured_one():
    policy = admin_policy(_secrets(emails=["data@kk.example"], issuer=ISSUER))
    assert is_admin({"email": "data@kk.example", "iss": ISSUER}, policy)
    assert not is_admin({"email": "data@kk.example", "iss": "https://login.microsoftonline.com/other/v2.0"}, policy)
    assert not is_admin({"email": "data@kk.example", "iss": ISSUER + "/"}, policy)
    assert not is_admin({"email": "data@kk.example"}, policy)  # no issuer claim
    assert not is_admin("data@kk.example", policy)


@pytest.mark.parametrize("key", ["tenant", "tid"])
def test_the_tenant_must_be_the_configured_one(key):
    policy = admin_policy(_secrets(emails=["data@kk.example"], **{key: TENANT}))
    assert is_admin({"email": "data@kk.example", "tid": TENANT.upper()}, policy)
    assert not is_admin({"email": "data@kk.example", "tid": "99999999-2222-3333-4444-555555555555"}, policy)
    assert not is_admin({"email": "data@kk.example"}, policy)


def test_issuer_tenant_and_verification_together():
    policy = admin_policy(_secrets(emails=["data@kk.example"], issuer=ISSUER, tenant=TENANT))
    good = {"email": "data@kk.example", "email_verified": True, "iss": ISSUER, "tid": TENANT}
    assert is_admin(good, policy)
    for claim, bad in (("email_verified", False), ("iss", "https://evil.example/v2.0"), ("tid", "x")):
        assert not is_admin(good | {claim: bad}, policy), claim


# ------------------------------------------------------------------ the login's claims


class _User(dict):
    def __init__(self, logged_in: bool, **claims):
        super().__init__(claims)
        self.is_logged_in = logged_in


def test_current_identity_gives_the_claims_the_check_reads(monkeypatch):
    monkeypatch.setattr(st, "user", _User(True, email="data@kk.example", email_verified=False, iss=ISSUER,
                                          tid=TENANT, name="Data", sub="123"))
    identity = current_identity()
    assert identity == {"email": "data@kk.example", "email_verified": False, "iss": ISSUER, "tid": TENANT}
    assert identity_email(identity) == "data@kk.example"
    assert not is_admin(identity, POLICY)  # unverified


def test_current_identity_leaves_out_claims_not_sent_and_is_none_when_logged_out(monkeypatch):
    monkeypatch.setattr(st, "user", _User(True, email="data@kk.example"))
    assert current_identity() == {"email": "data@kk.example"}
    monkeypatch.setattr(st, "user", _User(False))
    assert current_identity() is None
