"""Dataimport (admins only): upload a file, see what would change, confirm; the log, and rollback.

Listed in the navigation only when login is configured; every run checks the user again.
"""

import polars as pl
import streamlit as st

from data_access.importer import import_file, rollback_import
from data_access.queries import fetch_imports
from ui import loaders
from ui.auth import admin_config_error, current_identity, identity_email, is_admin
from ui.escaping import escape_markdown
from ui.i18n import t
from ui.import_checks import total_warnings
from ui.roles_admin import roles_section, targets_section, view_log_section
from ui.tables import data_table, problems_table

lang = loaders.lang()
st.title(t("page.admin", lang))

# Who is this? (A misconfigured [admin] section admits no one and says why.)
problem = admin_config_error()
if problem is not None:
    st.error(problem)
    st.stop()
identity = current_identity()
if identity is None:
    st.info(t("admin.login_needed", lang))
    st.button(t("admin.login", lang), on_click=st.login, key="login")
    st.stop()
email = identity_email(identity)
if email is None or not is_admin(identity):  # (is_admin needs an e-mail too; this says so to mypy)
    st.error(t("admin.denied", lang, who=escape_markdown(email or "?")))
    st.button(t("admin.logout", lang), on_click=st.logout, key="logout")
    st.stop()
st.caption(escape_markdown(email))

# Load
engine = loaders.engine()
upload = st.file_uploader(t("admin.upload", lang), type=["csv", "xlsx"], key="upload")

# Compute and render: a dry run first, the real import only on confirmation.
if upload is not None:
    data = upload.getvalue()
    preview = import_file(engine=engine, data=data, filename=upload.name, user=email, dry_run=True)
    if preview.problems:
        st.error(t("admin.rejected", lang, n=len(preview.problems)))
        problems_table(preview.problems)
    else:
        st.info(t("admin.preview", lang, inserted=preview.inserted, updated=preview.updated, unchanged=preview.unchanged))
        if st.button(t("admin.confirm", lang), type="primary", key="confirm"):
            result = import_file(engine=engine, data=data, filename=upload.name, user=email)
            if result.ok:
                loaders.data_changed()
                st.success(result.summary())
                for warning in total_warnings(engine=engine, touched=result.touched, lang=lang):
                    st.warning(warning)
            else:
                st.error(result.summary())

st.subheader(t("admin.log", lang))
log = fetch_imports(engine=engine)
data_table(log)
done = log.filter((pl.col("action") == "import") & (pl.col("status") == "imported")) if log.height else log
if done.height:
    cols = st.columns([2, 1])
    chosen = cols[0].selectbox(t("admin.rollback_pick", lang), done["id"].to_list(), key="rollback_id")
    if cols[1].button(t("admin.rollback", lang), key="rollback"):
        outcome = rollback_import(engine=engine, import_id=int(chosen), user=email)
        if outcome.ok:
            loaders.data_changed()
            st.success(outcome.summary())
        else:
            st.error(outcome.summary())

targets_section(engine, email, lang)
roles_section(engine, email, loaders.choices(loaders.data_version(), lang).units, lang)
view_log_section(engine, lang)
