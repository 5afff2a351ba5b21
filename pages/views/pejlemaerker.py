"""Pejlemærker: the committee's 10 social-policy goals, actual against baseline and example target."""

import streamlit as st

from metrics.series import from_year
from ui import loaders
from ui.assemble import goal_rows
from ui.formatting import change_text, locale_for, value_text
from ui.i18n import t
from ui.layout import tile_grid
from ui.narrative import progress_text
from ui.notices import record_shown
from ui.tiles import delta_arrow, delta_colour, delta_text, provenance_caption, status_badge, unknown_baseline_badge

# Load
lang = loaders.lang()
locale = locale_for(lang)
filters = st.session_state["filters"]

# Compute (baseline and latest from the data, progress towards the registry's example target)
goals = goal_rows(filters)

# Render
st.title(t("goals.heading", lang))
st.caption(t("goals.intro", lang))
record_shown(from_year(row.series, filters.year_from) for row in goals)
for number, row in enumerate(goals, start=1):
    ind, assessment, progress = row.indicator, row.assessment, row.progress
    with st.container(border=True):
        st.subheader(f"{number}. {ind.title(lang)}")
        # Baseline, latest and target side by side where they fit (a grid, ui.layout), then the progress
        # across the whole card: four columns cut the figures short on a tablet.
        figures = tile_grid(f"goal-{number}")
        known = row.baseline_known
        baseline_label = t("goals.baseline", lang, year=ind.baseline_year)
        if known:
            figures.metric(baseline_label, value_text(row.baseline_value, ind, locale=locale))
        else:
            figures.markdown(f"{baseline_label}  \n**{t('goals.unknown', lang)}**")
        figures.metric(
            t("goals.latest", lang, year=assessment.latest_period or "–"),
            value_text(assessment.latest_value, ind, locale=locale),
            # A change from an unknown baseline would be a number without meaning.
            delta=delta_text(assessment, ind, locale=locale) if known and assessment.change is not None else None,
            delta_color=delta_colour(ind, assessment), delta_arrow=delta_arrow(assessment),
        )
        if progress.has_numeric_target and progress.target_value is not None:
            figures.metric(t("goals.target", lang, year=ind.target_year),
                           value_text(progress.target_value, ind, locale=locale))
            st.progress(progress.bar, text=progress_text(progress, assessment.latest_period, ind.target_year, lang))
        elif progress.has_numeric_target:
            # a change, not a level: "+480 borgere" beside "Seneste 520 borgere" would read as met
            figures.metric(t("goals.target_change", lang), change_text(ind.target_change, ind, locale=locale))
            st.info(t("goals.unknown_info", lang))
        else:
            figures.markdown(f"{t('goals.target_plain', lang)}  \n**{t('goals.no_numeric', lang)}**")
            st.info(t("goals.no_numeric_info", lang))
        st.markdown(status_badge(assessment, lang) if known else unknown_baseline_badge(lang))
        # What kind the figures are (sample or published), card by card, and what the goal measures: two
        # goals (livskvalitet, tilfredshed) sound like signs on the overview but are measured otherwise.
        st.caption(provenance_caption(assessment, ind, lang))
        st.caption(t("goals.measured", lang, definition=ind.definition(lang)))
        st.caption(t("goals.example", lang, text=ind.target_text, source=ind.source))
