"""The filter widgets in the sidebar, a page's own choice kept in the URL, and the language switch.

What a link says is read and written by ui.url_filters (pure); the widgets here write the current
choice back into `st.query_params` on every run.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import streamlit as st

from data_access.setup import CITY_CODE
from ui.i18n import t
from ui.url_filters import FILTER_PARAMS, Choices, Filters, parse_query, to_query, url_value_text

ALL = ""  # the widgets' "no narrowing" choice (None would show as an empty selectbox)
KEY_YEARS, KEY_DISTRICT, KEY_UNIT, KEY_GROUP, KEY_PINNED = "f_years", "f_district", "f_unit", "f_group", "f_pinned"
_PAGE_CHOICES = "f_page_choices"  # session key: the keys of the pages' own choices drawn so far (url_select)


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
            options=[CITY_CODE, *choices.districts],
            format_func=lambda code: t("filters.city", lang) if code == CITY_CODE else choices.districts[code],
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
    st.session_state.setdefault(_PAGE_CHOICES, set()).add(key)  # kept across a change of language
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


def _keep_choices_across_languages() -> None:
    """Streamlit matches a keyed selectbox's choice by its label; restate the values so a label
    in the new language does not reset them to the default: the sidebar's filters and every page's
    own choice (url_select records its key), whichever page drew it."""
    for key in (KEY_DISTRICT, KEY_UNIT, KEY_GROUP, *st.session_state.get(_PAGE_CHOICES, ())):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def filters_from_url(choices: Choices, lang: str = "da") -> Filters:
    """The filters of a link, without widgets (the meeting screen has no sidebar)."""
    params = {name: st.query_params[name] for name in FILTER_PARAMS if name in st.query_params}
    return parse_query(params, choices, lang)[0]
