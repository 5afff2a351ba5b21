"""The shared filters (period, district, organisational unit, target group), kept in the URL.

`parse_query` and `to_query` are pure, so a copied link and the widgets always agree; `sidebar_filters`
draws the widgets and writes the current choice back into `st.query_params` on every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import streamlit as st

CITY = 0
ALL = ""  # the widgets' "no narrowing" choice (None would show as an empty selectbox)
PARAM_FROM, PARAM_TO, PARAM_DISTRICT, PARAM_UNIT, PARAM_GROUP = "fra", "til", "bydel", "enhed", "maalgruppe"
FILTER_PARAMS = (PARAM_FROM, PARAM_TO, PARAM_DISTRICT, PARAM_UNIT, PARAM_GROUP)
KEY_YEARS, KEY_DISTRICT, KEY_UNIT, KEY_GROUP = "f_years", "f_district", "f_unit", "f_group"


@dataclass(frozen=True)
class Choices:
    """What may be chosen: years and the codes that exist in the database."""

    years: tuple[int, int]
    districts: dict[int, str]  # code -> name, without the city
    units: dict[str, str]  # code -> indented label, in hierarchy order
    groups: dict[str, str]  # code -> name


@dataclass(frozen=True)
class Filters:
    year_from: int
    year_to: int
    district: int = CITY
    unit: str | None = None
    group: str | None = None

    @property
    def narrowed(self) -> bool:
        """True when anything but the period narrows the data below the whole city."""
        return self.district != CITY or self.unit is not None or self.group is not None


def default_filters(choices: Choices) -> Filters:
    return Filters(year_from=choices.years[0], year_to=choices.years[1])


def _is_plain_int(raw: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts '²', which int() refuses."""
    return raw.isascii() and raw.isdigit()


def parse_query(params: Mapping[str, str], choices: Choices) -> tuple[Filters, list[str]]:
    """Filters from URL parameters; unknown or malformed values are dropped with a notice each."""
    filters = default_filters(choices)
    notices: list[str] = []
    low, high = choices.years

    def year(name: str) -> int | None:
        raw = params.get(name)
        if raw is None:
            return None
        if _is_plain_int(raw) and low <= int(raw) <= high:
            return int(raw)
        notices.append(f"'{name}={raw}' blev ignoreret (år skal ligge mellem {low} og {high}).")
        return None

    year_from, year_to = year(PARAM_FROM), year(PARAM_TO)
    if year_from is not None:
        filters = replace(filters, year_from=year_from)
    if year_to is not None:
        filters = replace(filters, year_to=year_to)
    if filters.year_from > filters.year_to:
        notices.append("Perioden i linket var omvendt og blev vendt.")
        filters = replace(filters, year_from=filters.year_to, year_to=filters.year_from)

    raw = params.get(PARAM_DISTRICT)
    if raw is not None:
        if _is_plain_int(raw) and int(raw) in choices.districts:
            filters = replace(filters, district=int(raw))
        else:
            notices.append(f"'{PARAM_DISTRICT}={raw}' blev ignoreret (ukendt bydel).")
    raw = params.get(PARAM_UNIT)
    if raw is not None:
        if raw in choices.units:
            filters = replace(filters, unit=raw)
        else:
            notices.append(f"'{PARAM_UNIT}={raw}' blev ignoreret (ukendt enhed).")
    raw = params.get(PARAM_GROUP)
    if raw is not None:
        if raw in choices.groups:
            filters = replace(filters, group=raw)
        else:
            notices.append(f"'{PARAM_GROUP}={raw}' blev ignoreret (ukendt målgruppe).")
    return filters, notices


def to_query(filters: Filters, choices: Choices) -> dict[str, str]:
    """URL parameters for the filters; defaults are left out so plain links stay plain."""
    query: dict[str, str] = {}
    if filters.year_from != choices.years[0]:
        query[PARAM_FROM] = str(filters.year_from)
    if filters.year_to != choices.years[1]:
        query[PARAM_TO] = str(filters.year_to)
    if filters.district != CITY:
        query[PARAM_DISTRICT] = str(filters.district)
    if filters.unit is not None:
        query[PARAM_UNIT] = filters.unit
    if filters.group is not None:
        query[PARAM_GROUP] = filters.group
    return query


def _init_state(choices: Choices) -> None:
    """First run of a session: take the filters from the URL, once."""
    if KEY_YEARS in st.session_state:
        return
    params = {name: st.query_params[name] for name in FILTER_PARAMS if name in st.query_params}
    filters, notices = parse_query(params, choices)
    st.session_state[KEY_YEARS] = (filters.year_from, filters.year_to)
    st.session_state[KEY_DISTRICT] = filters.district
    st.session_state[KEY_UNIT] = filters.unit or ALL
    st.session_state[KEY_GROUP] = filters.group or ALL
    st.session_state["f_notices"] = notices


def sidebar_filters(choices: Choices) -> Filters:
    """Draw the filters in the sidebar and keep the URL in step with them."""
    _init_state(choices)
    with st.sidebar:
        st.header("Filtre")
        low, high = choices.years
        years = st.slider("Periode", min_value=low, max_value=high, key=KEY_YEARS, format="%d")
        district = st.selectbox(
            "Bydel",
            options=[CITY, *choices.districts],
            format_func=lambda code: "Hele byen" if code == CITY else choices.districts[code],
            key=KEY_DISTRICT,
        )
        unit = st.selectbox(
            "Organisatorisk enhed",
            options=[ALL, *choices.units],
            format_func=lambda code: "Hele Socialforvaltningen" if code == ALL else choices.units[code],
            key=KEY_UNIT,
        )
        group = st.selectbox(
            "Målgruppe",
            options=[ALL, *choices.groups],
            format_func=lambda code: "Alle målgrupper" if code == ALL else choices.groups[code],
            key=KEY_GROUP,
        )
        # Said once, on the run that read the link; later runs reflect the user's own choices.
        for notice in st.session_state.pop("f_notices", []):
            st.caption(f"ℹ️ {notice}")
    filters = Filters(
        year_from=years[0], year_to=years[1], district=district, unit=unit or None, group=group or None
    )
    _write_url(filters, choices)
    return filters


def _write_url(filters: Filters, choices: Choices) -> None:
    wanted = to_query(filters, choices)
    for name in FILTER_PARAMS:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def url_select(label: str, options: list, *, key: str, param: str, default, format_func=str, slider: bool = False):
    """A page's own choice (e.g. the map's indicator), taken from and written back to the URL."""
    by_text = {str(option): option for option in options}
    if key not in st.session_state:
        raw = st.query_params.get(param)
        if raw is not None and raw not in by_text:
            st.caption(f"ℹ️ '{param}={raw}' blev ignoreret (ukendt værdi).")
        st.session_state[key] = by_text.get(raw, default) if raw is not None else default
    if st.session_state[key] not in options:  # e.g. a year outside a narrowed period
        st.session_state[key] = default
    widget = st.select_slider if slider else st.selectbox
    value = widget(label, options=options, format_func=format_func, key=key)
    if value == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)
    return value


def select_district(code: int) -> None:
    """Make `code` the chosen district (e.g. after a click on the map); call from a callback."""
    st.session_state[KEY_DISTRICT] = code
