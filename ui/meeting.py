"""The meeting screen's look: no sidebar, large type, readable from across the committee room."""

import streamlit as st

MEETING_PARAM, MEETING_VALUE = "mode", "moede"
VISION_PARAM = "vision"

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {display: none;}
html, body, [data-testid="stAppViewContainer"] {font-size: 22px;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 3.4rem !important; line-height: 1.1;}
[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] * {font-size: 1.3rem !important;}
[data-testid="stMarkdownContainer"] p {font-size: 1.35rem;}
h1 {font-size: 3.4rem !important;}
.block-container {padding-top: 2rem; max-width: 96%;}
</style>
"""


def meeting_style() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)
