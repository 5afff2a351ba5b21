"""Whole-page data that more than one page needs: the goals' rows and the committee handout."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.status import Assessment, assess, count_right_way
from metrics.targets import GoalProgress, goal_progress
from registry import Indicator
from ui import loaders
from ui.charts import trend_chart
from ui.filters import Filters, describe
from ui.formatting import locale_for, value_text
from ui.handout import Handout, SignPage, build_handout
from ui.i18n import t
from ui.narrative import narrative
from ui.tiles import status_text


@dataclass(frozen=True)
class GoalRow:
    indicator: Indicator
    target: dict
    assessment: Assessment
    progress: GoalProgress

    @property
    def baseline_known(self) -> bool:
        return self.target["baseline_value"] is not None


def goal_rows(filters: Filters) -> list[GoalRow]:
    """The 10 goals for the whole city: baseline from the targets table, latest from the data."""
    targets = {row["indicator_code"]: row for row in loaders.targets(loaders.data_version()).to_dicts()}
    rows = []
    for ind in loaders.registry().goals():
        target = targets[ind.code]
        assessment = assess(loaders.series(ind, filters, city=True), ind, baseline_year=target["baseline_period"])
        progress = goal_progress(baseline_value=target["baseline_value"], latest_value=assessment.latest_value,
                                 target_change=ind.target_change, baseline_known=ind.baseline_known)
        rows.append(GoalRow(ind, target, assessment, progress))
    return rows


def handout_pdf(filters: Filters, lang: str) -> bytes:
    """The committee handout for the current filters and language."""
    registry = loaders.registry()
    version = loaders.data_version()
    choices = loaders.choices(version, lang)
    locale = locale_for(lang)
    signs = registry.signs()
    series = {ind.code: loaders.series(ind, filters) for ind in signs}
    assessments = {ind.code: assess(series[ind.code], ind) for ind in signs}
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
        unit = row.indicator.unit
        target = (value_text(row.progress.target_value, unit, locale=locale) if row.progress.target_value is not None
                  else t("goals.no_numeric", lang) if not row.progress.has_numeric_target else t("goals.unknown", lang))
        baseline = (value_text(row.target["baseline_value"], unit, locale=locale) if row.baseline_known
                    else t("goals.unknown", lang))
        status = status_text(row.assessment, lang) if row.baseline_known else t("status.unknown_baseline", lang)
        goals.append((row.indicator.title(lang), t(
            "handout.goal_line", lang, baseline=baseline, target=target, status=status,
            latest=value_text(row.assessment.latest_value, unit, locale=locale),
        )))
    handout = Handout(
        lang=lang, heading=t("handout.heading", lang),
        count_line=t("overview.count", lang, n=count_right_way(assessments.values()), total=len(signs)),
        data_date=loaders.data_updated(), filters=describe(filters, choices, lang),
        sample=loaders.has_sample_data(version), pinned=filters.pinned, visions=visions, goals_heading=t("goals.heading", lang), goals=goals,
    )
    return build_handout(handout)
