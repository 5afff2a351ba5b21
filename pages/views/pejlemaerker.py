"""Pejlemærker: the committee's 10 social-policy goals, actual against baseline and example target."""

import polars as pl
import streamlit as st

from metrics.status import assess
from metrics.targets import goal_progress
from ui import loaders
from ui.formatting import change_text, value_text
from ui.tiles import UNKNOWN_BASELINE_BADGE, status_badge

# Load
filters = st.session_state["filters"]
registry = loaders.registry()
goals = registry.goals()
targets = {row["indicator_code"]: row for row in loaders.targets(loaders.data_version()).to_dicts()}
series = {ind.code: loaders.series(ind, filters, city=True) for ind in goals}

# Compute
rows = []
for ind in goals:
    target = targets[ind.code]
    assessment = assess(series[ind.code], ind, baseline_year=target["baseline_period"])
    progress = goal_progress(
        baseline_value=target["baseline_value"],
        latest_value=assessment.latest_value,
        target_change=ind.target_change,
        baseline_known=ind.baseline_known,
    )
    rows.append((ind, target, assessment, progress))

# Render
st.title("Socialpolitiske pejlemærker")
st.caption(
    "Socialudvalgets ti mål for det socialpolitiske arbejde med de eksempler på mål, som udvalgets "
    "grundlag nævner. Tallene gælder hele byen."
)
for number, (ind, target, assessment, progress) in enumerate(rows, start=1):
    with st.container(border=True):
        st.subheader(f"{number}. {ind.title_da}")
        cols = st.columns([1, 1, 1, 2])
        if target["baseline_value"] is not None:
            cols[0].metric(f"Udgangspunkt ({target['baseline_period']})", value_text(target["baseline_value"], ind.unit))
        else:
            cols[0].markdown(f"Udgangspunkt ({target['baseline_period']})  \n**Endnu ukendt**")
        known = target["baseline_value"] is not None
        cols[1].metric(
            f"Seneste ({assessment.latest_period or '–'})",
            value_text(assessment.latest_value, ind.unit),
            # A change from an unknown baseline would be a number without meaning.
            delta=change_text(assessment.change, ind.unit) if known and assessment.change is not None else None,
            delta_color="inverse" if ind.direction == "down" else "normal",
        )
        if progress.has_numeric_target and progress.target_value is not None:
            cols[2].metric(f"Mål ({target['target_period']})", value_text(progress.target_value, ind.unit))
            share = max(0.0, min(progress.progress or 0.0, 1.0))
            pct = (progress.progress or 0.0) * 100
            cols[3].progress(share, text=f"{value_text(pct, 'pct')} af vejen mod målet")
        elif progress.has_numeric_target:
            cols[2].metric("Mål", change_text(ind.target_change, ind.unit))
            cols[3].info("Udgangspunktet er endnu ukendt, så fremdriften kan ikke beregnes.")
        else:
            cols[2].markdown("Mål  \n**Intet numerisk mål**")
            cols[3].info("Målet er formuleret som »X pct.« i udvalgets grundlag; der opfindes ikke et tal.")
        st.markdown(status_badge(assessment) if known else UNKNOWN_BASELINE_BADGE)
        st.caption(f"Eksempel på mål: {target['target_text']} · Kilde: {ind.source}")
