"""Cached reads for the pages, and the only st.cache_* use (pages may also import data_access constants).

Results are cached per filter combination, per data version and per viewer's scope (ui.access), so
switching pages or filters does not re-read unchanged data, a rebuilt database is never served from an
old cache, and no user is ever served another user's unit-level rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import polars as pl
import streamlit as st
from sqlalchemy import Engine

from data_access import queries, setup
from data_access.access import SYSTEM, Scope, fetch_visible_units
from data_access.boundaries import Boundaries, load_areas, load_districts
from data_access.db import DEFAULT_SQLITE_PATH, database_url, get_engine, is_embedded_default
from data_access.import_targets import fetch_unit_targets
from data_access.sample_db import ensure_sample_database
from metrics.series import indicator_series
from metrics.status import Assessment, assess
from metrics.suppression import hidden_for_view, suppression_pattern
from registry import Indicator, load_registry
from ui.access import current_scope
from ui.charts import BuiltChart, screen
from ui.formatting import danish_sort_key
from ui.url_filters import Choices, Filters

ROOT_UNIT = "SOF"  # managers filter within Socialforvaltningen


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    url = database_url()
    if is_embedded_default(url):  # a fresh clone: build the embedded sample database first
        ensure_sample_database(DEFAULT_SQLITE_PATH)
    return get_engine(url)


@st.cache_data(show_spinner=False, ttl=10)
def database_state() -> str:
    """unreachable | uninitialised | empty | ready (data_access.setup), checked at most every 10 s."""
    return setup.database_state(engine())


@st.cache_data(show_spinner=False, ttl=5)
def build_info() -> dict[str, str]:
    """The data's fingerprint and date, from the database: re-read at most every 5 s (one indexed read of
    a few rows), so an import through any process is seen by every process within seconds."""
    return queries.fetch_build_info(engine=engine())


def data_version() -> str:
    return build_info().get("fingerprint", "")


def data_updated() -> date | None:
    raw = build_info().get("data_updated")
    return date.fromisoformat(raw) if raw else None


def choices(version: str, lang: str = "da") -> Choices:
    """What the filters offer this viewer: every district and group, the units the scope may see."""
    return _choices(version, lang, current_scope())


@st.cache_data(show_spinner=False)
def _choices(version: str, lang: str, scope: Scope) -> Choices:
    eng = engine()
    districts = queries.fetch_districts(engine=eng).filter(pl.col("code") != setup.CITY_CODE)
    groups = queries.fetch_target_groups(engine=eng)
    units = _unit_labels(queries.fetch_org_units(engine=eng), ROOT_UNIT)
    visible = fetch_visible_units(engine=eng, scope=scope)
    return Choices(
        years=queries.fetch_year_range(engine=eng),
        districts=dict(districts.select("code", "name").iter_rows()),
        units={code: label for code, label in units.items() if code in visible},
        groups=dict(groups.select("code", "name_en" if lang == "en" else "name_da").iter_rows()),
        restricted=frozenset(units) - visible,
    )


def _unit_labels(units: pl.DataFrame, root: str) -> dict[str, str]:
    """Units below `root` in hierarchy order, indented by depth (centre, then its units)."""
    children: dict[str | None, list[tuple[str, str]]] = {}
    for code, name, parent in units.select("code", "name", "parent_code").iter_rows():
        children.setdefault(parent, []).append((code, name))
    labels: dict[str, str] = {}

    def walk(parent: str, depth: int) -> None:
        for code, name in sorted(children.get(parent, []), key=lambda item: danish_sort_key(item[1])):
            labels[code] = "\u2003" * depth + name
            walk(code, depth + 1)

    walk(root, 0)
    return labels


def applicable(indicator: Indicator, filters: Filters) -> tuple[dict, list[str]]:
    """The filters an indicator can take (as query arguments) and the breakdowns of those it cannot."""
    kwargs: dict = {}
    ignored: list[str] = []
    for breakdown, value in (
        ("district", filters.chosen_district),
        ("unit", filters.unit),
        ("group", filters.group),
    ):
        if value is None:
            continue
        if indicator.has_breakdown(breakdown):
            kwargs[breakdown] = value
        else:
            ignored.append(breakdown)
    return kwargs, ignored


def level_sums(code: str, version: str, by: tuple[str, ...] = ("period",), **filters: Any) -> pl.DataFrame:
    """The level sums of a view, read with this viewer's scope (a unit outside it gives no rows)."""
    return _level_sums(code, version, current_scope(), by, **filters)


@st.cache_data(show_spinner=False, max_entries=2000)
def _level_sums(code: str, version: str, scope: Scope, by: tuple[str, ...], **filters: Any) -> pl.DataFrame:
    return queries.fetch_level_sums(engine=engine(), indicator=code, by=by, scope=scope, **filters)


@st.cache_data(show_spinner=False, max_entries=500)
def pattern(code: str, version: str, as_of: date | None = None) -> pl.DataFrame:
    """The indicator's suppression pattern over every view (metrics.suppression), once per data version
    and date: every page, file and language takes its hidden cells from it."""
    eng = engine()
    # Every cell, whoever looks: the pattern is not shown, and all viewers must get the same hidden cells.
    rows = queries.fetch_observations(engine=eng, indicator=code, as_of=as_of, scope=SYSTEM)
    parents = dict(queries.fetch_org_units(engine=eng).select("code", "parent_code").iter_rows())
    return suppression_pattern(rows, load_registry().indicator(code), parents)


def hidden(indicator: Indicator, filters: Filters, *, by_district: bool = False, city: bool = False) -> pl.DataFrame:
    """The view's hidden periods (or periods and districts) in the indicator's pattern."""
    kwargs = {} if city else applicable(indicator, filters)[0]
    if by_district:
        kwargs.pop("district", None)
    return hidden_for_view(pattern(indicator.code, data_version(), filters.pinned), by_district=by_district, **kwargs)


def series(indicator: Indicator, filters: Filters, *, city: bool = False) -> pl.DataFrame:
    """The indicator's series up to the filters' last year; `city=True` ignores the other filters.

    Earlier years than the period's start are kept, since the baseline may lie before it;
    pages show the chosen period. Finished series are cached per view, data version and scope.
    """
    kwargs = {} if city else applicable(indicator, filters)[0]
    return _series(indicator.code, data_version(), current_scope(), filters.year_to, filters.pinned, city,
                   tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False, max_entries=4000)
def _series(code: str, version: str, scope: Scope, year_to: int, pinned: date | None, city: bool,
            view: tuple[tuple[str, Any], ...]) -> pl.DataFrame:
    indicator = load_registry().indicator(code)
    kwargs = dict(view)
    first = _choices(version, "da", scope).years[0]
    sums = _level_sums(code, version, scope, ("period",), year_to=year_to, as_of=pinned, **kwargs)
    hidden_periods = hidden_for_view(pattern(code, version, pinned), **kwargs)
    return indicator_series(sums, indicator, hidden=hidden_periods, view=tuple(kwargs), years=(first, year_to))


def assessment(indicator: Indicator, filters: Filters) -> Assessment:
    """Where the indicator's series under the filters stands (metrics.status.assess), cached like the
    series: a warm rerun of the overview no longer assesses 15 series again."""
    kwargs = applicable(indicator, filters)[0]
    return _assessment(indicator.code, data_version(), current_scope(), filters.year_to, filters.pinned,
                       tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False, max_entries=4000)
def _assessment(code: str, version: str, scope: Scope, year_to: int, pinned: date | None,
                view: tuple[tuple[str, Any], ...]) -> Assessment:
    series = _series(code, version, scope, year_to, pinned, False, view)
    return assess(series, load_registry().indicator(code))


def other_filters(indicator: Indicator, filters: Filters) -> dict:
    """The unit and target-group filters the indicator takes (a district map varies the district)."""
    return {k: v for k, v in applicable(indicator, filters)[0].items() if k != "district"}


def district_sums(indicator: Indicator, filters: Filters) -> pl.DataFrame:
    """Level sums per period and district, under the unit and target-group filters (not the district)."""
    return level_sums(indicator.code, data_version(), by=("period", "district_code"), year_to=filters.year_to,
                      as_of=filters.pinned, **other_filters(indicator, filters))


def city_series(indicator: Indicator, filters: Filters) -> pl.DataFrame:
    """The whole city's series under the same unit and target-group filters."""
    return series(indicator, replace(filters, district=setup.CITY_CODE))


@st.cache_data(show_spinner=False, max_entries=4000)
def vega_spec(key: tuple, lang: str, _build: Callable[[], BuiltChart]) -> dict:
    """The finished Vega-Lite spec of a chart, built and validated once per `key` and language.

    `key` must name everything the chart depends on: the chart's kind and indicator, the filters, the
    data version and the viewer's scope (current_scope() is added here), and its labels. A warm rerun
    then draws the spec with st.vega_lite_chart and never builds or validates the chart again (that
    was about half of a warm vision page's server time)."""
    return screen(_build(), lang).to_dict()


def chart_key(*parts: object) -> tuple:
    """A vega_spec key: the parts given, the data version and this viewer's scope."""
    return (*parts, data_version(), current_scope())


def unit_targets(unit: str, version: str) -> pl.DataFrame:
    """The unit's own targets (indicator_code, year, value), read with this viewer's scope."""
    return _unit_targets(unit, version, current_scope())


@st.cache_data(show_spinner=False, ttl=60)
def _unit_targets(unit: str, version: str, scope: Scope) -> pl.DataFrame:
    return fetch_unit_targets(engine=engine(), unit=unit, scope=scope)


@st.cache_data(show_spinner=False)
def population(version: str) -> pl.DataFrame:
    return queries.fetch_population(engine=engine())


@st.cache_data(show_spinner=False)
def org_units(version: str) -> pl.DataFrame:
    return queries.fetch_org_units(engine=engine())


@st.cache_data(show_spinner=False, ttl=60)
def district_boundaries(names: dict[int, str]) -> Boundaries:
    return load_districts(names)


@st.cache_data(show_spinner=False, ttl=60)
def vulnerable_areas() -> dict | None:
    return load_areas()


@st.cache_data(show_spinner=False)
def indicator_status(version: str) -> pl.DataFrame:
    return queries.fetch_indicator_status(engine=engine())


def data_changed() -> None:
    """After an import or a rollback: forget the data version, so every cache key changes."""
    build_info.clear()


def registry():
    return load_registry()


def lang() -> str:
    """The language chosen for this session (set by dashboard.py from the URL)."""
    return st.session_state.get("lang", "da")
