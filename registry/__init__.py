"""The indicator registry: every indicator, vision, goal and dimension defined once, as data.

The definitions live in the TOML files beside this module; this module only reads and checks them.
Everything else (database seeding, metrics, pages, exports) asks this module, never the files.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# One parsed TOML document or table: keys are strings, values whatever TOML allows.
TomlTable = dict[str, Any]
_D = TypeVar("_D", bound="DataclassInstance")

_HERE = Path(__file__).parent

UNITS = ("pct", "days", "count", "fte")
DIRECTIONS = ("up", "down", "none")
RULES = ("ratio", "sum", "weighted_mean")
BREAKDOWNS = ("district", "unit", "group")
# A stored row's level is the set of breakdowns it names (NULL = the total over that breakdown),
# written as a bit mask: data_access computes it in SQL, metrics.levels reads it.
BREAKDOWN_BITS = {name: 1 << i for i, name in enumerate(BREAKDOWNS)}
PROVENANCES = ("published", "internal", "sample")
# The sums data_access returns for a group of stored rows and metrics finishes into a value:
# the contract between the two layers, defined here once.
SUM_COLUMNS = (
    "numerator", "denominator", "value_sum", "weighted_sum", "weight", "base_count", "n_cells",
    "share_cells",  # ratio rows given as a percentage (value), with no numerator/denominator
    *(f"{name}_cells" for name in PROVENANCES),
)
FREQUENCIES = ("year", "quarter")


@dataclass(frozen=True)
class _Titled:
    """A code of some kind with a Danish and an English title."""

    code: str
    kind: str
    title_da: str
    title_en: str

    def title(self, lang: str = "da") -> str:
        return self.title_en if lang == "en" else self.title_da


@dataclass(frozen=True)
class Group(_Titled):
    """A vision of the strategy, the set of goals (pejlemærker) or a programme."""

    order: int


@dataclass(frozen=True)
class Noun:
    """What a count counts, in the plural forms CLDR has for Danish and English ('1 familie', '2 familier')."""

    one: str
    other: str


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    title_da: str
    title_en: str
    short_da: str
    short_en: str
    unit: str
    direction: str
    rule: str
    survey: bool
    breakdowns: tuple[str, ...]
    frequency: str
    baseline_year: int
    source: str
    definition_da: str
    definition_en: str
    target_year: int | None = None
    target_change: float | None = None
    target_text: str | None = None
    baseline_known: bool = True
    capacity: int | None = None
    noun_da: Noun | None = None  # a count's noun (unit "count" only): "1.620 borgere"
    noun_en: Noun | None = None

    def title(self, lang: str = "da") -> str:
        return self.title_en if lang == "en" else self.title_da

    def noun(self, lang: str = "da") -> Noun | None:
        return self.noun_en if lang == "en" else self.noun_da

    def short(self, lang: str = "da") -> str:
        return self.short_en if lang == "en" else self.short_da

    def definition(self, lang: str = "da") -> str:
        return self.definition_en if lang == "en" else self.definition_da

    @property
    def is_sign(self) -> bool:
        return self.group.startswith("V")

    @property
    def is_goal(self) -> bool:
        return self.group == "P"

    @property
    def has_numeric_target(self) -> bool:
        return self.target_change is not None

    def has_breakdown(self, breakdown: str) -> bool:
        return breakdown in self.breakdowns

    @property
    def cell_mask(self) -> int:
        """The level of a cell: every breakdown the indicator has is named."""
        return sum(BREAKDOWN_BITS[b] for b in self.breakdowns)


@dataclass(frozen=True)
class District:
    code: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetGroup(_Titled):
    """A target group (målgruppe); kind: the administration's area it belongs to."""


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class Registry:
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    districts: tuple[District, ...]
    target_groups: tuple[TargetGroup, ...]
    org_units: tuple[OrgUnit, ...]
    _by_code: dict[str, Indicator] = field(default_factory=dict, repr=False, compare=False)

    def indicator(self, code: str) -> Indicator:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"Ukendt indikator: {code!r}") from None

    def group(self, code: str) -> Group:
        for g in self.groups:
            if g.code == code:
                return g
        raise KeyError(f"Ukendt vision/gruppe: {code!r}")

    def visions(self) -> list[Group]:
        return sorted((g for g in self.groups if g.kind == "vision"), key=lambda g: g.order)

    def indicators_in(self, group_code: str) -> list[Indicator]:
        return [i for i in self.indicators if i.group == group_code]

    def signs(self) -> list[Indicator]:
        return [i for i in self.indicators if i.is_sign]

    def goals(self) -> list[Indicator]:
        return [i for i in self.indicators if i.is_goal]


class RegistryError(ValueError):
    """A registry file that cannot be used: the message names the file, the entry and what was expected."""


def _check(ind: Indicator) -> None:
    problems = []
    if ind.unit not in UNITS:
        problems.append(f"unit {ind.unit!r} not in {UNITS}")
    if ind.direction not in DIRECTIONS:
        problems.append(f"direction {ind.direction!r} not in {DIRECTIONS}")
    if ind.rule not in RULES:
        problems.append(f"rule {ind.rule!r} not in {RULES}")
    if ind.frequency not in FREQUENCIES:
        problems.append(f"frequency {ind.frequency!r} not in {FREQUENCIES}")
    bad = set(ind.breakdowns) - set(BREAKDOWNS)
    if bad:
        problems.append(f"breakdowns {sorted(bad)} not in {BREAKDOWNS}")
    if ind.survey and ind.rule != "ratio":
        problems.append("a survey indicator must use the ratio rule (its interval needs a share)")
    if not isinstance(ind.baseline_year, int) or isinstance(ind.baseline_year, bool):
        problems.append(f"baseline_year {ind.baseline_year!r} is not a year")
    if ind.target_change is not None and not isinstance(ind.target_change, int | float):
        problems.append(f"target_change {ind.target_change!r} is not a number")
    nouns = {"noun_da": ind.noun_da, "noun_en": ind.noun_en}
    if ind.unit == "count":
        problems += [f"a count needs {name} (what it counts, e.g. {name} = {{ one = \"familie\", other = \"familier\" }})"
                     for name, noun in nouns.items() if noun is None]
    else:
        problems += [f"{name} is for counts only (unit is {ind.unit!r})" for name, noun in nouns.items() if noun is not None]
    if problems:
        raise RegistryError(f"registry/indicators.toml, indicator {ind.code}: " + "; ".join(problems))


def _read(path: Path) -> TomlTable:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"registry/{path.name}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise RegistryError(f"registry/{path.name}: cannot be read ({exc.strerror})") from None


def _build(cls: type[_D], raw: TomlTable, where: str) -> _D:
    """A dataclass from one TOML table; a missing or unknown field is named, not a TypeError."""
    fields = cls.__dataclass_fields__
    required = {n for n, f in fields.items() if f.default is f.default_factory is dataclasses.MISSING and f.init}
    missing = sorted(required - set(raw))
    unknown = sorted(set(raw) - {n for n, f in fields.items() if f.init and not n.startswith("_")})
    if missing or unknown:
        said = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown {', '.join(unknown)}"] if unknown else [])
        raise RegistryError(f"{where}: " + "; ".join(said))
    return cls(**raw)


def _noun(raw: object, where: str) -> Noun:
    """A noun from its inline table, { one = "familie", other = "familier" }: both forms, words, nothing else."""
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected an inline table, e.g. {{ one = \"familie\", other = \"familier\" }}")
    noun = _build(Noun, raw, where)
    if not all(isinstance(form, str) and form.strip() for form in (noun.one, noun.other)):
        raise RegistryError(f"{where}: one and other must be words")
    return noun


def _tables(doc: TomlTable, key: str, file: str) -> list[TomlTable]:
    tables = doc.get(key)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RegistryError(f"registry/{file}: expected one or more [[{key}]] tables")
    return tables


@cache
def load_registry(directory: Path = _HERE) -> Registry:
    ind_doc = _read(directory / "indicators.toml")
    dim_doc = _read(directory / "dimensions.toml")
    groups = tuple(_build(Group, g, f"registry/indicators.toml, group {g.get('code', i + 1)}")
                   for i, g in enumerate(_tables(ind_doc, "group", "indicators.toml")))
    indicators = []
    for i, raw in enumerate(_tables(ind_doc, "indicator", "indicators.toml")):
        where = f"registry/indicators.toml, indicator {raw.get('code', f'number {i + 1}')}"
        breakdowns = raw.get("breakdowns", ())
        if not isinstance(breakdowns, list):
            raise RegistryError(f"{where}: breakdowns must be a list, e.g. [\"district\", \"group\"]")
        nouns: TomlTable = {name: _noun(raw[name], f"{where}, {name}") for name in ("noun_da", "noun_en") if name in raw}
        ind = _build(Indicator, {**raw, "breakdowns": tuple(breakdowns), **nouns}, where)
        _check(ind)
        indicators.append(ind)
    group_codes = {g.code for g in groups}
    for ind in indicators:
        if ind.group not in group_codes:
            raise RegistryError(f"registry/indicators.toml, indicator {ind.code}: unknown group {ind.group!r}")
    codes = [i.code for i in indicators]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RegistryError(f"registry/indicators.toml: duplicate indicator codes {', '.join(duplicates)}")
    return Registry(
        groups=groups,
        indicators=tuple(indicators),
        districts=tuple(
            _build(District, {**d, "aliases": tuple(d.get("aliases", ()))},
                   f"registry/dimensions.toml, district {d.get('code', i + 1)}")
            for i, d in enumerate(_tables(dim_doc, "district", "dimensions.toml"))
        ),
        target_groups=tuple(_build(TargetGroup, g, f"registry/dimensions.toml, target_group {g.get('code', i + 1)}")
                            for i, g in enumerate(_tables(dim_doc, "target_group", "dimensions.toml"))),
        org_units=tuple(_build(OrgUnit, u, f"registry/dimensions.toml, org_unit {u.get('code', i + 1)}")
                        for i, u in enumerate(_tables(dim_doc, "org_unit", "dimensions.toml"))),
        _by_code={i.code: i for i in indicators},
    )
