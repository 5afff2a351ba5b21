"""Who may import data: an OpenID Connect login (st.login) and an allow-list, both from secrets.

Without an [auth] section in .streamlit/secrets.toml there is no admin page at all. The [admin]
section names the admins and, optionally, the identity provider they must come from:

    [admin]
    emails = ["navn@kk.dk"]                                          # a list of e-mail addresses
    issuer = "https://login.microsoftonline.com/<tenant>/v2.0"       # optional: the token's `iss`
    tenant = "<tenant id>"                                           # optional: the token's `tid`

A user is an admin when the e-mail of the login is on the list (compared after Unicode NFC
normalisation, without surrounding space, in lower case), the provider has not said that the
e-mail is unverified (`email_verified`), and the token's issuer and tenant are the configured ones.
A misconfigured [admin] section is refused with a Danish message: no admin page, never a guess.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from data_access.access import normalise_email  # one rule for every e-mail comparison

CLAIMS = ("email", "email_verified", "iss", "tid", "groups")  # what the checks read from the login
_EXAMPLE = 'emails = ["navn@kk.dk"]'
_log = logging.getLogger(__name__)
_logged: set[str] = set()


class AdminConfigError(ValueError):
    """The [admin] section of the secrets cannot be used; the message says what is wrong, in Danish."""


@dataclass(frozen=True)
class AdminPolicy:
    """Who is an admin: the normalised e-mails, and the issuer and tenant their login must come from."""

    emails: frozenset[str]
    issuer: str | None = None
    tenant: str | None = None


def _secrets() -> Mapping:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file (StreamlitSecretNotFoundError): nothing is configured
        return {}


def _is_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and domain) and not any(ch.isspace() for ch in text)


def _problem(what: str) -> AdminConfigError:
    return AdminConfigError(f"Login til dataimport er slået fra: {what} (i .streamlit/secrets.toml).")


def _optional_text(section: Mapping, key: str, expected: str) -> str | None:
    value = section.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _problem(f"[admin] {key} skal være {expected}; fundet {value!r}")
    return value.strip()


def admin_policy(secrets: Mapping | None = None) -> AdminPolicy:
    """The [admin] section as a policy; AdminConfigError (in Danish) when it cannot be used."""
    secrets = _secrets() if secrets is None else secrets
    section = secrets.get("admin", {})
    if not isinstance(section, Mapping):
        raise _problem(f"[admin] skal være en sektion med emails = en liste af e-mailadresser, fx {_EXAMPLE}")
    emails = section.get("emails")
    expected = f"en liste af e-mailadresser, fx {_EXAMPLE}"
    if emails is None:
        raise _problem(f"[admin] emails mangler; forventet {expected}")
    if isinstance(emails, str) or not isinstance(emails, (list, tuple)):
        raise _problem(f"[admin] emails skal være {expected}; fundet {type(emails).__name__} {emails!r}")
    if not emails:
        raise _problem(f"[admin] emails er tom; forventet {expected}")
    normalised = set()
    for number, entry in enumerate(emails, start=1):
        if not isinstance(entry, str):
            raise _problem(f"[admin] emails nr. {number} er ikke en tekst ({entry!r}); forventet {expected}")
        if not _is_email(normalise_email(entry)):
            raise _problem(f"[admin] emails nr. {number} ({entry!r}) er ikke en e-mailadresse; forventet {expected}")
        normalised.add(normalise_email(entry))
    issuer = _optional_text(section, "issuer", 'udstederens adresse som tekst, fx issuer = '
                                               '"https://login.microsoftonline.com/<tenant>/v2.0"')
    tenant = _optional_text(section, "tenant", "lejerens id (tid) som tekst")
    tid = _optional_text(section, "tid", "lejerens id (tid) som tekst")
    if tenant and tid and tenant.lower() != tid.lower():
        raise _problem(f"[admin] tenant ({tenant!r}) og tid ({tid!r}) er forskellige; angiv kun én")
    return AdminPolicy(frozenset(normalised), issuer=issuer, tenant=tenant or tid)


def admin_config_error(secrets: Mapping | None = None) -> str | None:
    """What is wrong with the [admin] section, in Danish; None when it can be used."""
    try:
        admin_policy(secrets)
    except AdminConfigError as err:
        return str(err)
    return None


def login_configured(secrets: Mapping | None = None) -> bool:
    """True when an OpenID Connect provider is configured ([auth] with redirect_uri, cookie_secret and a
    client_id): then the app asks who you are, and unit-level figures follow your roles."""
    secrets = _secrets() if secrets is None else secrets
    auth = secrets.get("auth", {})
    if not isinstance(auth, Mapping):
        return False
    has_provider = bool(auth.get("client_id") or any(isinstance(v, Mapping) and v.get("client_id") for v in auth.values()))
    return bool(auth.get("redirect_uri") and auth.get("cookie_secret") and has_provider)


def group_roles(secrets: Mapping | None = None) -> dict[str, str]:
    """[roles] groups = {"<group in the login's groups claim>" = "manager:BCV01" | "analyst" | …}."""
    secrets = _secrets() if secrets is None else secrets
    groups = secrets.get("roles", {}).get("groups", {}) if isinstance(secrets.get("roles", {}), Mapping) else {}
    return {str(k): str(v) for k, v in groups.items()} if isinstance(groups, Mapping) else {}


def auth_configured(secrets: Mapping | None = None) -> bool:
    """True when an OIDC provider and a valid [admin] section are configured. A misconfigured [admin]
    section next to a provider is logged (once) with what is expected."""
    secrets = _secrets() if secrets is None else secrets
    if not login_configured(secrets):
        return False
    problem = admin_config_error(secrets)
    if problem is not None:
        if problem not in _logged:
            _logged.add(problem)
            _log.error(problem)
        return False
    return True


def current_identity() -> dict | None:
    """The logged-in user's claims that the admin check reads (CLAIMS: email, email_verified, iss,
    tid; a claim the provider did not send is left out), or None. (Tests replace this function,
    with such a dict or, as before, with the e-mail alone.)"""
    try:
        logged_in = bool(st.user.is_logged_in)
    except (AttributeError, KeyError):  # no login information in this session (e.g. a test run)
        return None
    if not logged_in:
        return None
    return {claim: st.user[claim] for claim in CLAIMS if claim in st.user}


def claims_of(identity: Mapping | str | None) -> dict:
    """The claims of an identity; an e-mail alone stands for {"email": …} (no other claim sent)."""
    if identity is None:
        return {}
    if isinstance(identity, str):
        return {"email": identity}
    return dict(identity)


def identity_email(identity: Mapping | str | None) -> str | None:
    """The e-mail of the login as the provider sent it (for the page and the import log)."""
    email = claims_of(identity).get("email")
    return email if isinstance(email, str) else None


def verified(claims: Mapping) -> bool:
    """False only when the provider says the e-mail is not verified (True or "true" is verified)."""
    if "email_verified" not in claims:
        return True
    flag = claims["email_verified"]
    return flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")


def is_admin(identity: Mapping | str | None, policy: AdminPolicy | None = None) -> bool:
    """True when the login's verified e-mail is on the allow-list and its issuer and tenant are the
    configured ones. Without `policy` it is read from the secrets; a misconfigured one admits no one."""
    if policy is None:
        try:
            policy = admin_policy()
        except AdminConfigError:
            return False
    claims = claims_of(identity)
    email = claims.get("email")
    if not isinstance(email, str) or not verified(claims):
        return False
    if policy.issuer is not None and claims.get("iss") != policy.issuer:
        return False
    if policy.tenant is not None:
        tid = claims.get("tid")
        if not isinstance(tid, str) or tid.strip().lower() != policy.tenant.lower():
            return False
    return normalise_email(email) in policy.emails
