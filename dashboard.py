"""Entry point: `streamlit run dashboard.py`. The frame of every page: navigation, language, filters, notices.

`?mode=moede` opens the meeting screen (no sidebar, large type, one vision per screen).
"""

import streamlit as st

from data_access.setup import READY
from registry import load_registry
from ui import loaders
from ui.access import SCOPE_KEY, record_unit_view, session_scope
from ui.auth import auth_configured
from ui.filters import filters_from_url, sidebar_filters, url_language
from ui.i18n import t
from ui.layout import collapse_sidebar_on_narrow_screens, responsive_style
from ui.login import login_box
from ui.meeting import MEETING_PARAM, MEETING_VALUE, meeting_style
from ui.navigation import (
    ABOUT,
    ACCESSIBILITY,
    ADMIN,
    DISTRICTS,
    FAMILY_MODEL,
    GOALS,
    MEETING,
    MY_UNIT,
    OVERVIEW,
    URL_PATHS,
    VISIONS,
)
from ui.notices import data_date_caption, document_language, permalink, pinned_banner, sample_banner, start_page
from ui.unavailable import unavailable_page

meeting = st.query_params.get(MEETING_PARAM) == MEETING_VALUE
# "auto" collapses the sidebar only up to 768 px; ui.layout also starts it collapsed up to 1000 px.
st.set_page_config(
    page_title="Socialstrategi · En by med plads til alle", page_icon="🏙️", layout="wide",
    initial_sidebar_state="collapsed" if meeting else "auto",
)
responsive_style()  # wrap instead of cut, tiles that reflow: from 390 px to 1920 px (ui.layout)

registry = load_registry()
lang = url_language(meeting)
st.session_state["lang"] = lang
state = loaders.database_state()
if state != READY:
    # Unreachable, not set up or without data: one calm page at every address, never a traceback.
    def _check() -> str:
        loaders.database_state.clear()
        return loaders.database_state()

    st.navigation([st.Page(lambda: unavailable_page(state, lang, check=_check), title=t("app.title", lang),
                           url_path=path, default=path == "forside") for path in URL_PATHS], position="hidden").run()
    st.stop()
# Who is looking decides which units' figures every read of this run may return (deny by default).
st.session_state[SCOPE_KEY] = scope = session_scope(loaders.engine())
version = loaders.data_version()
choices = loaders.choices(version, lang)

if meeting:
    meeting_style()
    page = st.navigation([st.Page(MEETING, title="Møde", url_path="moede")], position="hidden")
    st.session_state["filters"] = filters_from_url(choices, lang)
else:
    pages = {
        t("nav.strategy", lang): [
            st.Page(OVERVIEW, title=t("page.overview", lang), icon=":material/home:", default=True, url_path="forside")
        ] + [
            st.Page(script, title=registry.group(code).title(lang), url_path=slug)
            for code, (script, slug) in VISIONS.items()
        ],
        t("nav.committee", lang): [
            st.Page(GOALS, title=t("page.goals", lang), icon=":material/flag:", url_path="pejlemaerker")
        ],
        **({t("nav.unit", lang): [st.Page(MY_UNIT, title=t("page.my_unit", lang), icon=":material/groups:",
                                          url_path="min-enhed")]} if scope.kind in ("units", "all") else {}),
        t("nav.city", lang): [
            st.Page(DISTRICTS, title=t("page.districts", lang), icon=":material/map:", url_path="bydele"),
            st.Page(FAMILY_MODEL, title=t("page.family_model", lang), icon=":material/family_restroom:",
                    url_path="koebenhavnermodel"),
        ],
        t("page.about", lang): [st.Page(ABOUT, title=t("page.about", lang), icon=":material/info:", url_path="om-data"),
                                st.Page(ACCESSIBILITY, title=t("a11y.heading", lang), icon=":material/accessibility:",
                                        url_path="tilgaengelighed")]
        # The import page exists only where login and an allow-list of admins are configured.
        + ([st.Page(ADMIN, title=t("page.admin", lang), icon=":material/upload:", url_path="dataimport")]
           if auth_configured() else []),
    }
    page = st.navigation(pages)
    collapse_sidebar_on_narrow_screens()
    st.session_state["filters"] = sidebar_filters(choices, lang)
    with st.sidebar:
        login_box(scope, lang)
        data_date_caption(loaders.data_updated(), lang)
# A distinct title per page (WCAG 2.4.2), and the document's language for screen readers (3.1.1).
st.set_page_config(page_title=f"{page.title} · {t('app.title', lang)}")
document_language(lang)
banner = st.empty()  # filled after the page has run, with the share of what it showed that is sample
pinned_banner(st.session_state["filters"].pinned, lang)
start_page()
page.run()
if st.session_state["filters"].unit:  # unit-level figures were shown: who saw which unit, never the figures
    record_unit_view(loaders.engine(), st.session_state["filters"].unit, page.url_path or "forside")
sample_banner(banner, lang, meeting=meeting)
if not meeting:
    with st.sidebar:
        permalink(page.url_path, lang)
