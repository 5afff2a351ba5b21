"""The shared filters (period, district, organisational unit, target group) as a link keeps them.

Pure, without Streamlit: `parse_query` and `to_query` map URL parameters to `Filters` and back, so a
copied link and the widgets (ui.filters) always agree; `describe` says the filters in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from data_access.setup import CITY_CODE
from ui.escaping import escape_markdown
from ui.i18n import t

PARAM_FROM, PARAM_TO, PARAM_DISTRICT, PARAM_UNIT, PARAM_GROUP = "fra", "til", "bydel", "enhed", "maalgruppe"
PARAM_PINNED = "pr"  # a frozen vintage: the data as they stood on that day
FILTER_PARAMS = (PARAM_FROM, PARAM_TO, PARAM_DISTRICT, PARAM_UNIT, PARAM_GROUP, PARAM_PINNED)


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
    district: int = CITY_CODE
    unit: str | None = None
    group: str | None = None
    pinned: date | None = None

    @property
    def narrowed(self) -> bool:
        """True when anything but the period narrows the data below the whole city."""
        return self.district != CITY_CODE or self.unit is not None or self.group is not None

    @property
    def chosen_district(self) -> int | None:
        """The district chosen, or None for the whole city."""
        return self.district if self.district != CITY_CODE else None


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
    if filters.district != CITY_CODE:
        query[PARAM_DISTRICT] = str(filters.district)
    if filters.unit is not None:
        query[PARAM_UNIT] = filters.unit
    if filters.group is not None:
        query[PARAM_GROUP] = filters.group
    if filters.pinned is not None:
        query[PARAM_PINNED] = filters.pinned.isoformat()
    return query


def describe(filters: Filters, choices: Choices, lang: str = "da") -> str:
    """The filters in effect, in words (for exported files and the meeting screen)."""
    parts = [f"{filters.year_from}–{filters.year_to}"]
    if filters.district != CITY_CODE:
        parts.append(choices.districts[filters.district])
    if filters.unit:
        parts.append(choices.units[filters.unit].strip())
    if filters.group:
        parts.append(choices.groups[filters.group])
    if len(parts) == 1:
        parts.append(t("filters.city", lang))
    return ", ".join(parts)
