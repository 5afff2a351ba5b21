"""Warnings after an import, in words: stored totals that disagree with their real cells.

Shared by the command line (data_access/__main__.py) and the admin page; no Streamlit here. The
comparison itself is metrics.consistency; this module reads the rows and words the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl
from sqlalchemy import Engine

from data_access.access import SYSTEM
from data_access.queries import fetch_observations, fetch_org_units
from metrics.consistency import total_disagreements
from registry import load_registry
from ui.formatting import locale_for, value_text
from ui.i18n import t


def _where(row: dict, lang: str) -> str:
    parts = []
    reg = load_registry()
    if row["district_code"] is not None:
        parts.append(next(d.name for d in reg.districts if d.code == row["district_code"]))
    if row["unit_code"] is not None:
        parts.append(row["unit_code"])
    if row["group_code"] is not None:
        parts.append(next(g.title(lang) for g in reg.target_groups if g.code == row["group_code"]))
    return ", ".join(parts) or t("filters.city", lang)


def total_warnings(*, engine: Engine, touched: Iterable[tuple[str, date]], lang: str = "da") -> list[str]:
    """One sentence per stored total (in the periods an import touched) that disagrees with its cells."""
    reg = load_registry()
    parents = dict(fetch_org_units(engine=engine).select("code", "parent_code").iter_rows())
    by_indicator: dict[str, set[date]] = {}
    for code, period in touched:
        by_indicator.setdefault(code, set()).add(period)
    locale = locale_for(lang)
    out = []
    for code, periods in sorted(by_indicator.items()):
        ind = reg.indicator(code)
        years = sorted(p.year for p in periods)
        # Every cell: the check runs for whoever imports (an admin or the IT department's command line).
        rows = fetch_observations(engine=engine, indicator=code, year_from=years[0], year_to=years[-1], scope=SYSTEM)
        rows = rows.filter(pl.col("period").is_in(sorted(periods)))
        for row in total_disagreements(rows, ind, unit_parents=parents).iter_rows(named=True):
            out.append(t("import.total_disagrees", lang, code=code, period=row["period"].year if ind.frequency == "year"
                         else row["period"].isoformat(), where=_where(row, lang),
                         total=value_text(row["total"], ind, locale=locale),
                         cells=value_text(row["cells"], ind, locale=locale)))
    return out
