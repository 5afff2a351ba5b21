"""Hand-written expectations for the chart sentences, in both languages."""

import pytest

from metrics.status import NO_DATA, RIGHT_WAY, UNCHANGED, WRONG_WAY, Assessment
from registry import load_registry
from ui.narrative import and_list, breakdowns_text, narrative

REG = load_registry()


def _a(status, v0=None, v1=None, y0=2017, y1=2025, within=False):
    change = None if v0 is None or v1 is None else v1 - v0
    return Assessment(y0, v0, y1, v1, change, None, status, within)


@pytest.mark.parametrize(
    ("code", "assessment", "lang", "expected"),
    [
        ("S01", _a(RIGHT_WAY, 42.0, 37.0), "da",
         "Ensomme borgere faldt fra 42,0 % i 2017 til 37,0 % i 2025 — i den ønskede retning."),
        ("S01", _a(RIGHT_WAY, 42.0, 37.0), "en",
         "Lonely citizens fell from 42.0 % in 2017 to 37.0 % in 2025 — in the desired direction."),
        ("S13", _a(WRONG_WAY, 14.6, 16.6), "da",
         "Personaleomsætning steg fra 14,6 % i 2017 til 16,6 % i 2025 — i den forkerte retning."),
        ("S07", _a(RIGHT_WAY, 1357.0, 1620.0), "en",
         "In employment or education rose from 1,357 citizens in 2017 to 1,620 citizens in 2025 — in the desired direction."),
        ("S07", _a(RIGHT_WAY, 1357.0, 1620.0), "da",
         "I job eller uddannelse steg fra 1.357 borgere i 2017 til 1.620 borgere i 2025 — i den ønskede retning."),
        ("P02", _a(RIGHT_WAY, 1.0, 0.0), "da",
         "Udsættelser faldt fra 1 udsættelse i 2017 til 0 udsættelser i 2025 — i den ønskede retning."),
        ("S03", _a(UNCHANGED, 72.0, 72.4, within=True), "da",
         "Tilfredse med hjælpen var 72,0 % i 2017 og 72,4 % i 2025 — uændret inden for den statistiske usikkerhed."),
        ("S03", _a(UNCHANGED, 72.0, 72.4, within=True), "en",
         "Satisfied with the help was 72.0 % in 2017 and 72.4 % in 2025 — unchanged within the statistical uncertainty."),
        ("S05", _a(UNCHANGED, 96.0, 96.0), "da", "Ventetid på bolig var 96,0 dage i 2017 og 96,0 dage i 2025 — uændret."),
        ("S14", _a(NO_DATA), "da", "Der er endnu ikke data nok til at beskrive udviklingen i stolte af arbejdspladsen."),
        ("S14", _a(NO_DATA), "en", "There are not yet enough data to describe the trend in proud of the workplace."),
    ],
    ids=["falling-da", "falling-en", "rising-wrong-da", "count-en", "count-da", "count-one-da", "within-uncertainty-da",
         "within-uncertainty-en", "unchanged-register-da", "no-data-da", "no-data-en"],
)
def test_narrative(code, assessment, lang, expected):
    assert narrative(REG.indicator(code), assessment, lang) == expected


def test_lists_and_breakdowns_in_words():
    assert and_list([], "da") == "" and and_list(["Nørrebro"], "da") == "Nørrebro"
    assert and_list(["Nørrebro", "Valby"], "da") == "Nørrebro og Valby"
    assert and_list(["Nørrebro", "Valby"], "en") == "Nørrebro and Valby"
    assert breakdowns_text(["district", "group"], "da") == "bydel og målgruppe"
    assert breakdowns_text(["unit"], "en") == "unit"


def test_a_goals_progress_says_plainly_when_the_target_is_met():
    from metrics.targets import goal_progress
    from ui.narrative import progress_text

    met = goal_progress(baseline_value=40.0, latest_value=50.0, target_change=4.0)  # 250 % of the way
    assert progress_text(met, 2025, 2018, "da") == "Tallet for 2025 har nået målet for 2018"
    assert progress_text(met, 2025, 2018, "en") == "The 2025 figure has reached the target for 2018"
    halfway = goal_progress(baseline_value=40.0, latest_value=42.0, target_change=4.0)
    assert progress_text(halfway, 2025, 2018, "da") == "50,0 % af vejen mod målet (2025)"
    away = goal_progress(baseline_value=40.0, latest_value=38.0, target_change=4.0)
    assert progress_text(away, 2025, 2018, "da") == "0,0 % af vejen mod målet (2025)"
