"""Whole-page data that more than one page needs, or that a page shows as a table: the signs with their
assessments, the goals' rows, the committee handout and the data's state per indicator (Om data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from data_access.setup import CITY_CODE
from metrics.freshness import expected_latest, is_stale
from metrics.series import from_year
from metrics.status import Assessment, assess, count_right_way
from metrics.targets import GoalProgress, goal_progress, value_in_year
from metrics.units import UnitStanding, unit_standing
from registry import Indicator, Registry
from ui import loaders
from ui.charts import BuiltChart, trend_chart
from ui.formatting import datetime_text, locale_for, number, period_text, value_text
from ui.handout import Handout, SignPage, UnitHandout, UnitRow, build_handout
from ui.i18n import t
from ui.narrative import narrative, unit_sentence
from ui.provenance import has_sample
from ui.tiles import status_text
from ui.url_filters import Filters, describe


@dataclass(frozen=True)
class Signs:
    """The 15 signs of success under the filters: their series and where each stands."""

    indicators: list[Indicator]
    series: dict[str, pl.DataFrame]
    assessments: dict[str, Assessment]

    @property
    def right_way(self) -> int:
        return count_right_way(self.assessments.values())

    def shown(self, year_from: int) -> list[pl.DataFrame]:
        """The points the tiles and charts show (from the period's first year)."""
        return [from_year(frame, year_from) for frame in self.series.values()]


def sign_assessments(filters: Filters, vision: str | None = None) -> Signs:
    """The signs of success (those of one vision, if given): each one's series and where it stands."""
    registry = loaders.registry()
    signs = registry.signs() if vision is None else [i for i in registry.indicators_in(vision) if i.is_sign]
    series = {ind.code: loaders.series(ind, filters) for ind in signs}
    return Signs(signs, series, {ind.code: loaders.assessment(ind, filters) for ind in signs})


@dataclass(frozen=True)
class UnitSign:
    """One sign measured by unit: the unit's shown points, where it stands, its sentence and chart, and
    every line the chart draws with its label (the unit, its centre, the whole administration: what the
    banner counts and the files hold)."""

    indicator: Indicator
    shown: pl.DataFrame
    assessment: Assessment  # the unit's own line against its baseline year, as the vision pages judge the city's
    standing: UnitStanding
    sentence: str
    chart: Callable[[], BuiltChart]
    spec: dict
    lines: list[tuple[pl.DataFrame, str]]


@dataclass(frozen=True)
class UnitView:
    """Min enhed for one unit: its centre (the unit above it, if the viewer may see it) and its signs."""

    name: str
    centre_name: str | None
    signs: list[UnitSign]
    handout: UnitHandout


def unit_view(unit: str, filters: Filters, lang: str) -> UnitView:
    """Each sign measured by unit for `unit`, beside its centre and the whole administration (city-wide,
    every target group), with the unit's own targets."""
    registry, version = loaders.registry(), loaders.data_version()
    units = loaders.choices(version, lang).units
    parent = dict(loaders.org_units(version).select("code", "parent_code").iter_rows()).get(unit)
    centre = parent if parent in units else None
    name, centre_name = units[unit].strip(), units[centre].strip() if centre else None
    administration_name = t("unit.administration", lang)
    base = replace(filters, district=CITY_CODE, group=None)
    targets = loaders.unit_targets(unit, version)
    signs = []
    for ind in (i for i in registry.signs() if i.has_breakdown("unit")):
        own = loaders.series(ind, replace(base, unit=unit))
        centre_series = loaders.series(ind, replace(base, unit=centre)) if centre else None
        administration = loaders.series(ind, replace(base, unit=None))
        standing = unit_standing(ind, own=own, centre=centre_series, administration=administration, targets=targets)
        sentence = unit_sentence(ind, standing, unit=name, centre=centre_name, administration=administration_name,
                                 lang=lang)

        def chart(own: pl.DataFrame = own, compare: pl.DataFrame | None = centre_series,
                  administration: pl.DataFrame = administration, ind: Indicator = ind) -> BuiltChart:
            return trend_chart(own, ind, year_from=filters.year_from, label=name, compare=compare,
                               compare_label=centre_name, second=(administration, administration_name), lang=lang)

        spec = loaders.vega_spec(loaders.chart_key("unit", ind.code, unit, centre, filters), lang, chart)
        lines = [(from_year(own, filters.year_from), name)]
        if centre_series is not None and centre_name is not None:
            lines.append((from_year(centre_series, filters.year_from), centre_name))
        lines.append((from_year(administration, filters.year_from), administration_name))
        assessment = loaders.assessment(ind, replace(base, unit=unit))
        signs.append(UnitSign(ind, from_year(own, filters.year_from), assessment, standing, sentence, chart, spec, lines))
    handout = UnitHandout(
        lang=lang, unit=name, data_date=loaders.data_updated(), period=f"{filters.year_from}–{filters.year_to}",
        sample=any(has_sample(sign.shown) for sign in signs),
        rows=[UnitRow(s.indicator.title(lang), s.standing, s.sentence, s.indicator.unit) for s in signs],
    )
    return UnitView(name, centre_name, signs, handout)


@dataclass(frozen=True)
class GoalRow:
    indicator: Indicator
    baseline_value: float | None  # the data's value in the goal's baseline year (city), if any
    assessment: Assessment
    progress: GoalProgress
    series: pl.DataFrame

    @property
    def baseline_known(self) -> bool:
        return self.baseline_value is not None


def goal_rows(filters: Filters) -> list[GoalRow]:
    """The 10 goals for the whole city: baseline and latest value from the data, targets from the registry."""
    rows = []
    for ind in loaders.registry().goals():
        series = loaders.series(ind, filters, city=True)
        assessment = assess(series, ind, baseline_year=ind.baseline_year)
        baseline = value_in_year(series, ind.baseline_year) if ind.baseline_known else None
        progress = goal_progress(baseline_value=baseline, latest_value=assessment.latest_value,
                                 target_change=ind.target_change, baseline_known=ind.baseline_known)
        rows.append(GoalRow(ind, baseline, assessment, progress, series))
    return rows


def handout_pdf(filters: Filters, lang: str) -> bytes:
    """The committee handout for the current filters and language."""
    registry = loaders.registry()
    version = loaders.data_version()
    choices = loaders.choices(version, lang)
    locale = locale_for(lang)
    signs = sign_assessments(filters)
    series, assessments = signs.series, signs.assessments
    visions = []
    for vision in registry.visions():
        pages = []
        for ind in registry.indicators_in(vision.code):
            chart = trend_chart(series[ind.code], ind, year_from=filters.year_from, label=t("filters.city", lang),
                                lang=lang)
            pages.append(SignPage(ind.title(lang), chart, narrative(ind, assessments[ind.code], lang), ind.source))
        visions.append((vision.title(lang), pages))
    goals = []
    for row in goal_rows(filters):
        unit = row.indicator  # a count names what it counts
        target = (value_text(row.progress.target_value, unit, locale=locale) if row.progress.target_value is not None
                  else t("goals.no_numeric", lang) if not row.progress.has_numeric_target else t("goals.unknown", lang))
        baseline = (value_text(row.baseline_value, unit, locale=locale) if row.baseline_known
                    else t("goals.unknown", lang))
        status = status_text(row.assessment, lang) if row.baseline_known else t("status.unknown_baseline", lang)
        goals.append((row.indicator.title(lang), t(
            "handout.goal_line", lang, baseline=baseline, target=target, status=status,
            latest=value_text(row.assessment.latest_value, unit, locale=locale),
        )))
    handout = Handout(
        lang=lang, heading=t("handout.heading", lang),
        count_line=t("overview.count", lang, n=signs.right_way, total=len(signs.indicators)),
        data_date=loaders.data_updated(), filters=describe(filters, choices, lang),
        sample=any(has_sample(frame) for frame in signs.shown(filters.year_from)), pinned=filters.pinned, visions=visions, goals_heading=t("goals.heading", lang), goals=goals,
    )
    return build_handout(handout)


@dataclass(frozen=True)
class DataStatus:
    """Om data's table: per indicator its definition, source, frequency, newest period, freshness, last
    import and provenance mix (columns named in the language); and which are not as new as they should be."""

    table: pl.DataFrame
    stale: list[str]  # the codes of the indicators whose newest period is older than their frequency allows


def data_status(registry: Registry, status: pl.DataFrame, today: date, lang: str = "da") -> DataStatus:
    """`status` is data_access.queries.fetch_indicator_status (one row per indicator with data)."""
    by_code = {row["indicator_code"]: row for row in status.to_dicts()}
    locale = locale_for(lang)
    rows: list[dict[str, str]] = []
    stale: list[str] = []
    for ind in registry.indicators:
        row = by_code.get(ind.code, {})
        last = row.get("last_period")
        old = is_stale(last, ind.frequency, today)
        if old:
            stale.append(ind.code)
        expected = period_text(expected_latest(ind.frequency, today), ind.frequency, lang)
        rows.append({
            t("about.col.code", lang): ind.code,
            t("about.col.title", lang): ind.title(lang),
            t("about.col.frequency", lang): t(f"about.frequency.{ind.frequency}", lang),
            t("about.col.last_period", lang): period_text(last, ind.frequency, lang),
            t("about.col.fresh", lang): t("about.stale", lang, expected=expected) if old else t("about.fresh", lang),
            t("about.col.last_import", lang): (datetime_text(row["last_import"], locale=locale_for(lang))
                                                if row.get("last_import") else "–"),
            t("about.col.mix", lang): t("about.mix", lang, **{kind: number(row.get(f"{kind}_rows", 0), 0, locale=locale)
                                                          for kind in ("published", "internal", "sample")}),
            t("about.col.source", lang): ind.source,
            t("about.col.definition", lang): ind.definition(lang),
        })
    return DataStatus(pl.DataFrame(rows), stale)
