"""One plain sentence per chart, generated from the same assessment as the tiles (also the chart's alt text)."""

from __future__ import annotations

from collections.abc import Iterable

from metrics.status import NO_DATA, NO_DIRECTION, RIGHT_WAY, UNCHANGED, WRONG_WAY, Assessment
from metrics.targets import GoalProgress
from metrics.units import UnitStanding
from registry import Indicator
from ui.formatting import locale_for, value_text
from ui.i18n import t


def and_list(items: Iterable[str], lang: str = "da") -> str:
    """'Nørrebro og Valby', 'Nørrebro og Valby og Bispebjerg' (an empty list: '')."""
    return t("filters.and", lang).join(items)


def breakdowns_text(breakdowns: Iterable[str], lang: str = "da") -> str:
    """The breakdowns (district, unit, group) in words, e.g. the filters an indicator does not take:
    'bydel og målgruppe'."""
    return and_list((t(f"filters.breakdown.{b}", lang) for b in breakdowns), lang)


def narrative(indicator: Indicator, assessment: Assessment, lang: str = "da") -> str:
    """E.g. 'Ensomme borgere faldt fra 42,0 % i 2017 til 37,0 % i 2025 — i den ønskede retning.'"""
    subject = indicator.short(lang)
    if assessment.status == NO_DATA or assessment.change is None:
        return t("narr.no_data", lang, subject_lower=subject[0].lower() + subject[1:])
    locale = locale_for(lang)
    values = dict(
        subject=subject,
        v0=value_text(assessment.baseline_value, indicator, locale=locale),
        y0=assessment.baseline_period,
        v1=value_text(assessment.latest_value, indicator, locale=locale),
        y1=assessment.latest_period,
    )
    if assessment.status == UNCHANGED:
        key = "narr.unchanged_uncertainty" if assessment.within_uncertainty else "narr.unchanged"
        return t(key, lang, **values)
    verb = t("narr.fell" if assessment.change < 0 else "narr.rose", lang)
    ending = {RIGHT_WAY: "narr.right_way", WRONG_WAY: "narr.wrong_way", NO_DIRECTION: "narr.no_direction"}[assessment.status]
    return t("narr.moved", lang, verb=verb, **values) + t(ending, lang)


def unit_sentence(indicator: Indicator, standing: UnitStanding, *, unit: str, centre: str | None,
                  administration: str, lang: str = "da") -> str:
    """Where a unit stands, e.g. 'BCV01: 36,0 % i 2025 (Borgercenter Voksne 39,0 %, hele
    Socialforvaltningen 40,5 %). Målet for 2026 er 35,0 % – endnu ikke nået.'"""
    locale = locale_for(lang)

    def text(value: float | None) -> str:
        return value_text(value, indicator, locale=locale)

    if standing.year is None or standing.own is None:
        subject = indicator.short(lang)
        return t("unit.no_data", lang, unit=unit, subject_lower=subject[0].lower() + subject[1:])
    beside = [f"{name} {text(value)}" for name, value in ((centre, standing.centre), (administration, standing.administration))
              if name is not None and value is not None]
    sentence = t("unit.value", lang, unit=unit, value=text(standing.own), year=standing.year)
    if beside:
        sentence += f" ({', '.join(beside)})"
    sentence += "."
    if standing.target is not None:
        status = {True: "unit.target_met", False: "unit.target_not_met", None: "unit.target_plain"}[standing.meets_target]
        sentence += " " + t(status, lang, year=standing.target_year, target=text(standing.target))
    return sentence


def progress_text(progress: GoalProgress, latest_year: int | None, target_year: int | None, lang: str = "da") -> str:
    """A goal's progress in words: how far along, or plainly that the target is met (and when), never
    "250 % of the way"."""
    if progress.reached:
        return t("goals.met", lang, year=latest_year, target_year=target_year)
    pct = value_text(max(progress.percent, 0.0), "pct", locale=locale_for(lang))
    return t("goals.progress", lang, pct=pct, year=latest_year)
