"""The admin page's access sections: grant and revoke roles (audited), the role changes, who saw which
unit, and the units' targets import."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from data_access.access import (
    ROLES,
    RoleError,
    fetch_role_changes,
    fetch_roles,
    fetch_view_log,
    grant_role,
    revoke_role,
)
from data_access.import_targets import import_targets
from ui.escaping import escape_markdown
from ui.i18n import t
from ui.tables import data_table, problems_table


def roles_section(engine: Engine, admin: str, units: dict[str, str], lang: str) -> None:
    """Grant or revoke a role; every change is written to role_change with who made it."""
    st.subheader(t("roles.heading", lang))
    st.caption(t("roles.explain", lang))
    with st.form("grant_role", clear_on_submit=True, border=True):
        cols = st.columns([2, 1, 2])
        email = cols[0].text_input(t("roles.email", lang), key="role_email")
        role = cols[1].selectbox(t("roles.role", lang), ROLES, key="role_role",
                                 format_func=lambda r: t(f"roles.name.{r}", lang))
        unit = cols[2].selectbox(t("roles.unit", lang), [None, *units], key="role_unit",
                                 format_func=lambda c: t("roles.no_unit", lang) if c is None else units[c].strip())
        grant, revoke = st.columns(2)
        granted = grant.form_submit_button(t("roles.grant", lang), type="primary")
        revoked = revoke.form_submit_button(t("roles.revoke", lang))
    if granted or revoked:
        try:
            done = (grant_role if granted else revoke_role)(engine=engine, email=email, role=role, unit=unit, by=admin)
        except RoleError as err:
            st.error(str(err))
        else:
            key = ("roles.granted" if done else "roles.had") if granted else ("roles.revoked" if done else "roles.had_not")
            st.success(t(key, lang, who=escape_markdown(email.strip()), role=t(f"roles.name.{role}", lang)))
    data_table(fetch_roles(engine=engine))
    st.caption(t("roles.changes", lang))
    data_table(fetch_role_changes(engine=engine))


def view_log_section(engine: Engine, lang: str) -> None:
    st.subheader(t("roles.views", lang))
    st.caption(t("roles.views_explain", lang))
    data_table(fetch_view_log(engine=engine))


def targets_section(engine: Engine, admin: str, lang: str) -> None:
    """Upload the units' targets: a dry run first, the import only on confirmation."""
    st.subheader(t("targets.heading", lang))
    st.caption(t("targets.explain", lang))
    upload = st.file_uploader(t("targets.upload", lang), type=["csv", "xlsx"], key="targets_upload")
    if upload is None:
        return
    data = upload.getvalue()
    preview = import_targets(engine=engine, data=data, filename=upload.name, user=admin, dry_run=True)
    if not preview.ok:
        st.error(preview.summary())
        problems_table(preview.problems)
        return
    st.info(preview.summary())
    if st.button(t("targets.confirm", lang), type="primary", key="targets_confirm"):
        result = import_targets(engine=engine, data=data, filename=upload.name, user=admin)
        (st.success if result.ok else st.error)(result.summary())
