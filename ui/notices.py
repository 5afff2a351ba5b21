"""Notices every page shares: the sample-data marker and the data date."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui.formatting import date_text

SAMPLE_MARK = "Eksempeldata — ikke virkelige tal"


def sample_banner() -> None:
    st.warning(
        f"**{SAMPLE_MARK}.** Tallene er kunstige og kun til afprøvning af dashboardet; "
        "de må ikke citeres eller bruges som grundlag for beslutninger.",
        icon="⚠️",
    )


def data_date_caption(updated: date | None) -> None:
    if updated is not None:
        st.caption(f"Data opdateret {date_text(updated)}")
