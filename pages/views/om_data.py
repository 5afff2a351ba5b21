"""Om data: per indicator its definition, source, frequency, newest period, last import and provenance mix.

One card per indicator, with every field named and explained in words above them: a wide table needed
sideways scrolling on a tablet and cut the definitions and sources short.
"""

from datetime import date

import streamlit as st

from ui import loaders
from ui.assemble import data_status
from ui.i18n import t
from ui.layout import tile_grid

# The fields under each card's heading, in this order (the code and title make the heading).
FIELDS = ("frequency", "last_period", "fresh", "last_import", "mix", "source")

# Load
lang = loaders.lang()
registry = loaders.registry()
status = loaders.indicator_status(loaders.data_version())

# Compute
about = data_status(registry, status, date.today(), lang)

# Render
st.title(t("page.about", lang))
st.caption(t("about.intro", lang))
if about.stale:  # named, so no one has to search the cards for them
    key = "about.stale_one" if len(about.stale) == 1 else "about.stale_count"
    st.warning(t(key, lang, n=len(about.stale), codes=", ".join(about.stale)))
with st.expander(t("about.how_to_read", lang), expanded=True):
    st.markdown("\n".join(f"- **{t(f'about.col.{name}', lang)}**: {t(f'about.explain.{name}', lang)}"
                          for name in ("code", "definition", *FIELDS)))
column = {name: t(f"about.col.{name}", lang) for name in ("code", "title", "definition", *FIELDS)}
with tile_grid("about"):
    for row in about.table.iter_rows(named=True):
        with st.container(border=True):
            st.markdown(f"**{row[column['code']]} · {row[column['title']]}**")
            st.markdown(row[column["definition"]])
            st.markdown("  \n".join(f"{column[name]}: **{row[column[name]]}**" for name in FIELDS))
