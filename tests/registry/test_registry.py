"""The registry's checks: bad TOML is refused with the file, the entry and what was expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import registry
from registry import RegistryError, load_registry

HERE = Path(registry.__file__).parent
GOOD_INDICATOR = """
[[group]]
code = "V1"
kind = "vision"
title_da = "Et værdigt liv"
title_en = "A dignified life"
order = 1

[[indicator]]
code = "S01"
group = "V1"
title_da = "Færre er ensomme."
title_en = "Fewer are lonely."
short_da = "Ensomhed"
short_en = "Loneliness"
unit = "pct"
direction = "down"
rule = "ratio"
survey = true
breakdowns = ["district", "group"]
frequency = "year"
baseline_year = 2017
source = "Brugerundersøgelsen"
definition_da = "Andel ..."
definition_en = "Share ..."
"""


def _registry(tmp_path: Path, indicators: str) -> Path:
    shutil.copy(HERE / "dimensions.toml", tmp_path / "dimensions.toml")
    (tmp_path / "indicators.toml").write_text(indicators, encoding="utf-8")
    return tmp_path


def test_the_committed_registry_loads():
    reg = load_registry()
    assert len(reg.signs()) == 15 and len(reg.goals()) == 10 and len(reg.districts) == 10


def test_a_good_minimal_file_loads(tmp_path):
    reg = load_registry(_registry(tmp_path, GOOD_INDICATOR))
    assert reg.indicator("S01").breakdowns == ("district", "group")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.replace('unit = "pct"', 'unit = "percent"'), "indicator S01: unit 'percent' not in"),
        (lambda s: s.replace('direction = "down"', 'direction = "sideways"'), "direction 'sideways' not in"),
        (lambda s: s.replace('rule = "ratio"', 'rule = "sum"'), "a survey indicator must use the ratio rule"),
        (lambda s: s.replace('["district", "group"]', '["district", "age"]'), "breakdowns ['age'] not in"),
        (lambda s: s.replace('["district", "group"]', '"district"'), "breakdowns must be a list"),
        (lambda s: s.replace('frequency = "year"', 'frequency = "month"'), "frequency 'month' not in"),
        (lambda s: s.replace("baseline_year = 2017", 'baseline_year = "2017"'), "baseline_year '2017' is not a year"),
        (lambda s: s.replace('unit = "pct"\n', ""), "indicator S01: missing unit"),
        (lambda s: s.replace('unit = "pct"', 'unit = "pct"\ncolour = "red"'), "indicator S01: unknown colour"),
        (lambda s: s.replace('group = "V1"', 'group = "V9"'), "unknown group 'V9'"),
        (lambda s: s + s[s.index("[[indicator]]"):], "duplicate indicator codes S01"),
        (lambda s: s.replace("survey = true", "survey = tru"), "registry/indicators.toml: not valid TOML"),
        (lambda s: s.replace("[[indicator]]", "[indicator]"), "expected one or more [[indicator]] tables"),
    ],
    ids=["unit", "direction", "survey-rule", "breakdown", "breakdowns-type", "frequency", "baseline-type",
         "missing-field", "unknown-field", "unknown-group", "duplicate", "toml-syntax", "table-shape"],
)
def test_bad_toml_is_refused_with_a_message_that_names_the_place(tmp_path, change, message):
    with pytest.raises(RegistryError, match=None) as err:
        load_registry(_registry(tmp_path, change(GOOD_INDICATOR)))
    assert message in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match="registry/indicators.toml: cannot be read"):
        load_registry(tmp_path)


COUNT = GOOD_INDICATOR.replace('unit = "pct"', 'unit = "count"').replace("survey = true", "survey = false").replace(
    'rule = "ratio"', 'rule = "sum"')
NOUNS = 'noun_da = { one = "familie", other = "familier" }\nnoun_en = { one = "family", other = "families" }\n'


def test_a_count_says_what_it_counts_in_both_languages(tmp_path):
    reg = load_registry(_registry(tmp_path, COUNT + NOUNS))
    s01 = reg.indicator("S01")
    assert (s01.noun("da"), s01.noun("en")) == (registry.Noun("familie", "familier"), registry.Noun("family", "families"))
    committed = load_registry()
    assert {i.code: i.noun("da").other for i in committed.indicators if i.unit == "count"} == {
        "S07": "borgere", "P01": "borgere", "P02": "udsættelser", "P03": "unge", "P04": "borgere",
        "P05": "københavnere", "P06": "borgere", "KM01": "familier", "KM03": "kontaktpersoner",
    }
    assert committed.indicator("P03").noun("en") == registry.Noun("young person", "young people")
    assert all(i.noun("da") is None and i.noun("en") is None for i in committed.indicators if i.unit != "count")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (COUNT, "indicator S01: a count needs noun_da (what it counts, e.g. noun_da = { one = \"familie\""),
        (COUNT + NOUNS.split("\n")[0], "indicator S01: a count needs noun_en"),
        (GOOD_INDICATOR + NOUNS, "noun_da is for counts only (unit is 'pct')"),
        (COUNT + 'noun_da = "familier"\n' + NOUNS.split("\n")[1], "indicator S01, noun_da: expected an inline table"),
        (COUNT + NOUNS.replace('one = "family", ', ""), "indicator S01, noun_en: missing one"),
        (COUNT + NOUNS.replace('other = "familier"', 'other = "familier", few = "x"'), "noun_da: unknown few"),
        (COUNT + NOUNS.replace('one = "familie"', 'one = " "'), "noun_da: one and other must be words"),
    ],
    ids=["missing", "missing-en", "not-a-count", "not-a-table", "missing-form", "unknown-form", "blank"],
)
def test_a_count_without_its_noun_or_a_bad_noun_is_refused(tmp_path, text, message):
    with pytest.raises(RegistryError) as err:
        load_registry(_registry(tmp_path, text))
    assert message in str(err.value)
