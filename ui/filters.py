"""The shared filters (period, district, organisational unit, target group), kept in the URL.

`parse_query` and `to_query` are pure, so a copied link and the widgets always agree; `sidebar_filters`
draws the widgets and writes the current choice back into `st.query_params` on every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

import streamlit as st

from ui.i18n import t
from ui.notices import escape_markdown

CITY = 0
ALL = ""  # the widgets' "no narrowing" choice (None would show as an empty selectbox)
PARAM_FROM, PARAM_TO, PARAM_DISTRICT, PARAM_UNIT, PARAM_GROUP = "fra", "til", "bydel", "enhed", "maalgruppe"
PARAM_PINNED = "pr"  # a frozen vintage: the data as they stood on that day
FILTER_PARAMS = (PARAM_FROM, PARAM_TO, PARAM_DISTRICT, PARAM_UNIT, PARAM_GROUP, PARAM_PINNED)
KEY_YEARS, KEY_DISTRICT, KEY_UNIT, KEY_GROUP, KEY_PINNED = "f_years", "f_district", "f_unit", "f_group", "f_pinned"


@dataclass(frozen=True)
class Choices:
    """What may be chosen: years and the codes that exist in the database."""

    years: tuple[int, int]
    districts: dict[int, str]  # code -> name, without the city
    units: dict[str, str]  # code -> indented label, in hierarchy order
    groups: dict[str, str]  # code -> name
    restricted: frozenset[str] = frozenset()  # units that exist but lie outside the viewer's scope


@dataclass(frozen=True)
class Filters:
    year_from: int
    year_to: int
    district: int = CITY
    unit: str | None = None
    group: str | None = None
    pinned: date | None = None

    @property
    def narrowed(self) -> bool:
        """True when anything but the period narrows the data below the whole city."""
        return self.district != CITY or self.unit is not None or self.group is not None


def default_filters(choices: Choices) -> Filters:
    return Filters(year_from=choices.years[0], year_to=choices.years[1])


def _is_plain_int(raw: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts '²', which int() refuses."""
    return raw.isascii() and raw.isdigit()


_SHOWN_LIMIT = 80  # characters of an ignored value that a notice repeats


def url_value_text(raw: str) -> str:
    """A value from the URL as a notice repeats it: shortened, and escaped so that Markdown shows it as
    written (never a link, an image or formatting)."""
    raw = str(raw)
    return escape_markdown(raw if len(raw) <= _SHOWN_LIMIT else raw[: _SHOWN_LIMIT - 1] + "…")


def parse_query(params: Mapping[str, str], choices: Choices, lang: str = "da") -> tuple[Filters, list[str]]:
    """Filters from URL parameters; unknown or malformed values are dropped with a notice each.
    The notices are Markdown: the URL's text in them is escaped (url_value_text)."""
    filters = default_filters(choices)
    notices: list[str] = []
    low, high = choices.years

    def year(name: str) -> int | None:
        raw = params.get(name)
        if raw is None:
            return None
        if _is_plain_int(raw) and low <= int(raw) <= high:
            return int(raw)
        notices.append(t("url.ignored_year", lang, param=name, raw=url_value_text(raw), low=low, high=high))
        return None

    year_from, year_to = year(PARAM_FROM), year(PARAM_TO)
    if year_from is not None:
        filters = replace(filters, year_from=year_from)
    if year_to is not None:
        filters = replace(filters, year_to=year_to)
    if filters.year_from > filters.year_to:
        notices.append(t("url.reversed", lang))
        filters = replace(filters, year_from=filters.year_to, year_to=filters.year_from)

    # Each code parameter: how to read it, which codes exist, the field it sets, the notice if unknown.
    district_code = lambda raw: int(raw) if _is_plain_int(raw) else None  # noqa: E731
    for param, read, known, field, notice in (
        (PARAM_DISTRICT, district_code, choices.districts, "district", "url.ignored_district"),
        (PARAM_UNIT, str, choices.units, "unit", "url.ignored_unit"),
        (PARAM_GROUP, str, choices.groups, "group", "url.ignored_group"),
    ):
        raw = params.get(param)
        if raw is None:
            continue
        value = read(raw)
        if value is not None and value in known:
            change: dict[str, Any] = {field: value}  # an int district or a str unit/group code
            filters = replace(filters, **change)
        elif field == "unit" and value in choices.restricted:
            # A unit outside the scope: the nearest allowed view (all units), never its numbers.
            notices.append(t("url.unit_not_allowed", lang))
        else:
            notices.append(t(notice, lang, param=param, raw=url_value_text(raw)))
    raw = params.get(PARAM_PINNED)
    if raw is not None:
        try:
            pinned = date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            pinned = None
        if pinned is not None and pinned <= date.today():
            filters = replace(filters, pinned=pinned)
        else:
            notices.append(t("url.ignored_pinned", lang, param=PARAM_PINNED, raw=url_value_text(raw)))
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
    if filters.pinned is not None:
        query[PARAM_PINNED] = filters.pinned.isoformat()
    return query


def _init_state(choices: Choices, lang: str) -> None:
    """First run of a session: take the filters from the URL, once."""
    if KEY_YEARS in st.session_state:
        return
    params = {name: st.query_params[name] for name in FILTER_PARAMS if name in st.query_params}
    filters, notices = parse_query(params, choices, lang)
    st.session_state[KEY_YEARS] = (filters.year_from, filters.year_to)
    st.session_state[KEY_DISTRICT] = filters.district
    st.session_state[KEY_UNIT] = filters.unit or ALL
    st.session_state[KEY_GROUP] = filters.group or ALL
    st.session_state[KEY_PINNED] = filters.pinned
    st.session_state["f_notices"] = notices


def sidebar_filters(choices: Choices, lang: str = "da") -> Filters:
    """Draw the filters in the sidebar and keep the URL in step with them."""
    _init_state(choices, lang)
    with st.sidebar:
        st.header(t("filters.header", lang))
        low, high = choices.years
        # a range slider: its state (KEY_YEARS) is a (from, to) pair, which the stubs cannot see
        years = cast(tuple[int, int], st.slider(t("filters.period", lang), min_value=low, max_value=high,
                                                key=KEY_YEARS, format="%d"))
        district = st.selectbox(
            t("filters.district", lang),
            options=[CITY, *choices.districts],
            format_func=lambda code: t("filters.city", lang) if code == CITY else choices.districts[code],
            key=KEY_DISTRICT,
        )
        unit = st.selectbox(
            t("filters.unit", lang),
            options=[ALL, *choices.units],
            format_func=lambda code: t("filters.all_units", lang) if code == ALL else choices.units[code],
            key=KEY_UNIT,
        )
        group = st.selectbox(
            t("filters.group", lang),
            options=[ALL, *choices.groups],
            format_func=lambda code: t("filters.all_groups", lang) if code == ALL else choices.groups[code],
            key=KEY_GROUP,
        )
        with st.expander(t("filters.pin", lang), expanded=st.session_state.get(KEY_PINNED) is not None):
            pinned = st.date_input(t("filters.pin_date", lang), key=KEY_PINNED, max_value=date.today(),
                                   format="DD.MM.YYYY", help=t("filters.pin_help", lang))
        # Said once, on the run that read the link; later runs reflect the user's own choices.
        for notice in st.session_state.pop("f_notices", []):
            st.caption(f"ℹ️ {notice}")
    filters = Filters(
        year_from=years[0], year_to=years[1], district=district, unit=unit or None, group=group or None,
        pinned=pinned or None,
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


def url_select(label: str, options: list, *, key: str, param: str, default, format_func=str, slider: bool = False,
               lang: str = "da"):
    """A page's own choice (e.g. the map's indicator), taken from and written back to the URL."""
    by_text = {str(option): option for option in options}
    if key not in st.session_state:
        raw = st.query_params.get(param)
        if raw is not None and raw not in by_text:
            st.caption("ℹ️ " + t("url.ignored_value", lang, param=param, raw=url_value_text(raw)))
        st.session_state[key] = by_text.get(raw, default) if raw is not None else default
    if st.session_state[key] not in options:  # e.g. a year outside a narrowed period
        st.session_state[key] = default
    if slider:
        value = st.select_slider(label, options=options, format_func=format_func, key=key)
    else:
        value = st.selectbox(label, options=options, format_func=format_func, key=key)
    if value == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)
    return value


def describe(filters: Filters, choices: Choices, lang: str = "da") -> str:
    """The filters in effect, in words (for exported files and the meeting screen)."""
    parts = [f"{filters.year_from}–{filters.year_to}"]
    if filters.district != CITY:
        parts.append(choices.districts[filters.district])
    if filters.unit:
        parts.append(choices.units[filters.unit].strip())
    if filters.group:
        parts.append(choices.groups[filters.group])
    if len(parts) == 1:
        parts.append(t("filters.city", lang))
    return ", ".join(parts)


def select_district(code: int) -> None:
    """Make `code` the chosen district (e.g. after a click on the map); call from a callback."""
    st.session_state[KEY_DISTRICT] = code


PARAM_LANG, KEY_LANG = "lang", "f_lang"
LANG_NAMES = {"da": "Dansk", "en": "English"}


def url_language(meeting: bool = False) -> str:
    """The language: from the URL on a session's first run, then from the switch in the sidebar."""
    if KEY_LANG not in st.session_state:
        raw = st.query_params.get(PARAM_LANG, "da")
        st.session_state[KEY_LANG] = raw if raw in LANG_NAMES else "da"
    if not meeting:
        with st.sidebar:
            st.selectbox("Sprog · Language", list(LANG_NAMES), format_func=LANG_NAMES.__getitem__, key=KEY_LANG,
                         on_change=_keep_choices_across_languages)
    lang = st.session_state[KEY_LANG]
    if lang == "da":
        if PARAM_LANG in st.query_params:
            del st.query_params[PARAM_LANG]
    elif st.query_params.get(PARAM_LANG) != lang:
        st.query_params[PARAM_LANG] = lang
    return lang


# Widgets whose option labels change with the language (their values do not).
_TRANSLATED_WIDGETS = (KEY_DISTRICT, KEY_UNIT, KEY_GROUP, "map_indicator")


def _keep_choices_across_languages() -> None:
    """Streamlit matches a keyed selectbox's choice by its label; restate the values so a label
    in the new language does not reset them to the default."""
    for key in _TRANSLATED_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def filters_from_url(choices: Choices, lang: str = "da") -> Filters:
    """The filters of a link, without widgets (the meeting screen has no sidebar)."""
    params = {name: st.query_params[name] for name in FILTER_PARAMS if name in st.query_params}
    return parse_query(params, choices, lang)[0]
