"""Om data: per indicator its definition, source, frequency, newest period, last import and provenance mix."""

from datetime import date

import streamlit as st

from ui import loaders
from ui.assemble import data_status
from ui.i18n import t
from ui.tables import data_table

# Load
lang = loaders.lang()
registry = loaders.registry()
status = loaders.indicator_status(loaders.data_version())

# Compute
about = data_status(registry, status, date.today(), lang)

# Render
st.title(t("page.about", lang))
st.caption(t("about.intro", lang))
if about.stale:
    st.warning(t("about.stale_count", lang, n=about.stale))
data_table(about.table, height=35 * (about.table.height + 1) + 3)
