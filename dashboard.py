"""Entry point: `streamlit run dashboard.py`. Shared frame of every page: navigation, filters, notices."""

import streamlit as st

from registry import load_registry
from ui import loaders
from ui.filters import sidebar_filters
from ui.navigation import DISTRICTS, FAMILY_MODEL, GOALS, OVERVIEW, VISIONS
from ui.notices import data_date_caption, sample_banner

st.set_page_config(page_title="Socialstrategi · En by med plads til alle", page_icon="🏙️", layout="wide")

registry = load_registry()
pages = {
    "Socialstrategien": [st.Page(OVERVIEW, title="Forside", icon=":material/home:", default=True, url_path="forside")]
    + [
        st.Page(script, title=registry.group(code).title_da, url_path=slug)
        for code, (script, slug) in VISIONS.items()
    ],
    "Socialudvalget": [st.Page(GOALS, title="Pejlemærker", icon=":material/flag:", url_path="pejlemaerker")],
    "Byen": [
        st.Page(DISTRICTS, title="Bydele", icon=":material/map:", url_path="bydele"),
        st.Page(FAMILY_MODEL, title="Københavner-modellen", icon=":material/family_restroom:",
                url_path="koebenhavnermodel"),
    ],
}
page = st.navigation(pages)

version = loaders.data_version()
st.session_state["filters"] = sidebar_filters(loaders.choices(version))
with st.sidebar:
    data_date_caption(loaders.data_updated())
if loaders.has_sample_data(version):
    sample_banner()
page.run()
