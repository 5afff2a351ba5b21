"""The viewer's scope for this session (data_access.access): who is logged in, their roles in the
database, an optional groups claim mapped in secrets.toml, and the admin allow-list.

Without login configured (the embedded demo) every unit is open, and the sidebar says so. With login
configured, an anonymous visitor sees the public level, and a logged-in user what their roles give.
A failure to read the roles gives the public level: never more than the rule allows.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.access import ALL, NOTHING, PUBLIC, Scope, fetch_role_pairs, record_view, roles_from_groups, scope_of
from ui import auth  # auth.current_identity is looked up at call time: tests replace it
from ui.auth import claims_of, group_roles, identity_email, is_admin, login_configured, verified

SCOPE_KEY = "scope"


def session_scope(engine: Engine, secrets: Mapping | None = None) -> Scope:
    """The scope of whoever runs this session."""
    if not login_configured(secrets):
        return ALL
    identity = auth.current_identity()
    email = identity_email(identity)
    claims = claims_of(identity)
    if email is None or not verified(claims):
        return PUBLIC
    groups = claims.get("groups") or []
    pairs = roles_from_groups([str(g) for g in groups] if isinstance(groups, list) else [], group_roles(secrets))
    try:
        pairs += fetch_role_pairs(engine=engine, email=email)
    except SQLAlchemyError:
        return PUBLIC
    if is_admin(identity):
        pairs.append(("admin", None))
    return scope_of(pairs)


def current_scope() -> Scope:
    """This session's scope, as dashboard.py set it for this run (none set: no unit at all)."""
    scope = st.session_state.get(SCOPE_KEY)
    return scope if isinstance(scope, Scope) else NOTHING


def record_unit_view(engine: Engine, unit: str, page: str) -> None:
    """Log that the logged-in user was shown `unit`'s figures on `page` (data_access.access.record_view),
    once per session, unit and page; nothing is logged without a login (the open demo, anonymous)."""
    if not login_configured():
        return
    email = identity_email(auth.current_identity())
    seen = st.session_state.setdefault("_views_logged", set())
    if email is None or (unit, page) in seen:
        return
    try:
        record_view(engine=engine, email=email, unit=unit, page=page)
    except SQLAlchemyError:
        return  # the figures were shown under the rule; a log that cannot be written must not break the page
    seen.add((unit, page))
