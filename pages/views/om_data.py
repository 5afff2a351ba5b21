"""Om data: per indicator its definition, source, frequency, newest period, last import and provenance mix."""

from datetime import date

import polars as pl
import streamlit as st

from metrics.freshness import expected_latest, is_stale
from ui import loaders
from ui.charts import period_label
from ui.i18n import t
from ui.tables import data_table

# Load
lang = loaders.lang()
registry = loaders.registry()
status = {row["indicator_code"]: row for row in loaders.indicator_status(loaders.data_version()).to_dicts()}
today = date.today()


def _period(day: date | None, frequency: str) -> str:
    if day is None:
        return "–"
    if frequency == "year":
        return str(day.year)
    return period_label(pl.DataFrame({"period": [day]}), lang)["kvartal"].item()


# Compute
rows, stale = [], 0
for ind in registry.indicators:
    row = status.get(ind.code, {})
    last = row.get("last_period")
    old = is_stale(last, ind.frequency, today)
    stale += old
    rows.append({
        t("about.col.code", lang): ind.code,
        t("about.col.title", lang): ind.title(lang),
        t("about.col.frequency", lang): t(f"about.frequency.{ind.frequency}", lang),
        t("about.col.last_period", lang): _period(last, ind.frequency),
        t("about.col.fresh", lang): (t("about.stale", lang, expected=_period(expected_latest(ind.frequency, today), ind.frequency))
                                     if old else t("about.fresh", lang)),
        t("about.col.last_import", lang): row["last_import"].strftime("%d.%m.%Y %H:%M") if row.get("last_import") else "–",
        t("about.col.mix", lang): f"{row.get('published_rows', 0)} / {row.get('internal_rows', 0)} / {row.get('sample_rows', 0)}",
        t("about.col.source", lang): ind.source,
        t("about.col.definition", lang): ind.definition(lang),
    })

# Render
st.title(t("page.about", lang))
st.caption(t("about.intro", lang))
if stale:
    st.warning(t("about.stale_count", lang, n=stale))
data_table(pl.DataFrame(rows), height=35 * (len(rows) + 1) + 3)
