"""Who may import data: an OpenID Connect login (st.login) and an allow-list, both from secrets.

Without an [auth] section in .streamlit/secrets.toml there is no admin page at all.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def _secrets() -> Mapping:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file (StreamlitSecretNotFoundError): nothing is configured
        return {}


def auth_configured(secrets: Mapping | None = None) -> bool:
    """True when an OIDC provider and the allow-list of admins are configured."""
    secrets = _secrets() if secrets is None else secrets
    auth = secrets.get("auth", {})
    has_provider = bool(auth.get("client_id") or any(isinstance(v, Mapping) and v.get("client_id") for v in auth.values()))
    return bool(auth.get("redirect_uri") and auth.get("cookie_secret") and has_provider and admin_allow_list(secrets))


def admin_allow_list(secrets: Mapping | None = None) -> set[str]:
    secrets = _secrets() if secrets is None else secrets
    return {e.strip().casefold() for e in secrets.get("admin", {}).get("emails", []) if e.strip()}


def current_identity() -> str | None:
    """The logged-in user's e-mail, or None. (Tests replace this function.)"""
    if not st.user.is_logged_in:
        return None
    return st.user.get("email")


def is_admin(identity: str | None, allow_list: set[str]) -> bool:
    return identity is not None and identity.casefold() in allow_list
