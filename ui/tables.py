"""On-screen tables. Streamlit's table toolbar offers its own CSV download, which bypasses ui.export,
so every table is neutralised against formula injection before it is drawn."""

from __future__ import annotations

import polars as pl
import streamlit as st

from data_access.text_safety import neutralise_frame


def data_table(frame: pl.DataFrame, **kwargs) -> None:
    """st.dataframe of `frame` with every formula-like text cell prefixed by an apostrophe."""
    st.dataframe(neutralise_frame(frame), hide_index=True, width="stretch", **kwargs)
