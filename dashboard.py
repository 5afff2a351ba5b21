"""Entry point: `streamlit run dashboard.py`. The frame of every page: navigation, language, filters, notices.

`?mode=moede` opens the meeting screen (no sidebar, large type, one vision per screen).
"""

import streamlit as st

from registry import load_registry
from ui import loaders
from ui.auth import auth_configured
from ui.filters import filters_from_url, sidebar_filters, url_language
from ui.i18n import t
from ui.meeting import MEETING_PARAM, MEETING_VALUE, meeting_style
from ui.navigation import ABOUT, ADMIN, DISTRICTS, FAMILY_MODEL, GOALS, MEETING, OVERVIEW, VISIONS
from ui.notices import data_date_caption, permalink, pinned_banner, sample_banner

meeting = st.query_params.get(MEETING_PARAM) == MEETING_VALUE
st.set_page_config(
    page_title="Socialstrategi · En by med plads til alle", page_icon="🏙️", layout="wide",
    initial_sidebar_state="collapsed" if meeting else "auto",
)

registry = load_registry()
version = loaders.data_version()
lang = url_language(meeting)
st.session_state["lang"] = lang
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
        t("nav.city", lang): [
            st.Page(DISTRICTS, title=t("page.districts", lang), icon=":material/map:", url_path="bydele"),
            st.Page(FAMILY_MODEL, title=t("page.family_model", lang), icon=":material/family_restroom:",
                    url_path="koebenhavnermodel"),
        ],
        t("page.about", lang): [st.Page(ABOUT, title=t("page.about", lang), icon=":material/info:", url_path="om-data")]
        # The import page exists only where login and an allow-list of admins are configured.
        + ([st.Page(ADMIN, title=t("page.admin", lang), icon=":material/upload:", url_path="dataimport")]
           if auth_configured() else []),
    }
    page = st.navigation(pages)
    st.session_state["filters"] = sidebar_filters(choices, lang)
    with st.sidebar:
        data_date_caption(loaders.data_updated(), lang)
if loaders.has_sample_data(version):
    sample_banner(lang)
pinned_banner(st.session_state["filters"].pinned, lang)
page.run()
if not meeting:
    with st.sidebar:
        permalink(page.url_path, lang)
