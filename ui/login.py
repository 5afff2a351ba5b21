"""The sidebar's word on who is looking and what they may see, with the login and logout buttons."""

from __future__ import annotations

import streamlit as st

from data_access.access import Scope
from ui import auth
from ui.auth import identity_email, login_configured
from ui.escaping import escape_markdown
from ui.i18n import t


def scope_text(scope: Scope, email: str | None, lang: str) -> str:
    """One sentence: the open demo, the public level, or the user and the units they see."""
    if not login_configured():
        return t("access.open", lang)
    if email is None:
        return t("access.anonymous", lang)
    who = escape_markdown(email)
    if scope.sees_all:
        return t("access.all", lang, who=who)
    if scope.kind == "units":
        return t("access.units", lang, who=who, units=", ".join(scope.units))
    return t("access.public", lang, who=who)


def login_box(scope: Scope, lang: str) -> None:
    email = identity_email(auth.current_identity()) if login_configured() else None
    st.caption(scope_text(scope, email, lang))
    if not login_configured():
        return
    if email is None:
        st.button(t("access.login", lang), on_click=st.login, key="sidebar_login", icon=":material/login:")
    else:
        st.button(t("access.logout", lang), on_click=st.logout, key="sidebar_logout", icon=":material/logout:")
