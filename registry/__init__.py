"""The indicator registry: every indicator, vision, goal and dimension defined once, as data.

The definitions live in the TOML files beside this module; this module only reads and checks them.
Everything else (database seeding, metrics, pages, exports) asks this module, never the files.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

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
class Group:
    """A vision of the strategy, the set of goals (pejlemærker) or a programme."""

    code: str
    kind: str
    title_da: str
    title_en: str
    order: int

    def title(self, lang: str = "da") -> str:
        return self.title_en if lang == "en" else self.title_da


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

    def title(self, lang: str = "da") -> str:
        return self.title_en if lang == "en" else self.title_da

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
class TargetGroup:
    code: str
    kind: str
    name_da: str
    name_en: str

    def name(self, lang: str = "da") -> str:
        return self.name_en if lang == "en" else self.name_da


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
    if problems:
        raise ValueError(f"registry/indicators.toml, indicator {ind.code}: " + "; ".join(problems))


@cache
def load_registry(directory: Path = _HERE) -> Registry:
    with open(directory / "indicators.toml", "rb") as fh:
        ind_doc = tomllib.load(fh)
    with open(directory / "dimensions.toml", "rb") as fh:
        dim_doc = tomllib.load(fh)
    groups = tuple(Group(**g) for g in ind_doc["group"])
    indicators = []
    for raw in ind_doc["indicator"]:
        ind = Indicator(**{**raw, "breakdowns": tuple(raw["breakdowns"])})
        _check(ind)
        indicators.append(ind)
    group_codes = {g.code for g in groups}
    for ind in indicators:
        if ind.group not in group_codes:
            raise ValueError(f"registry/indicators.toml, indicator {ind.code}: unknown group {ind.group!r}")
    by_code = {i.code: i for i in indicators}
    if len(by_code) != len(indicators):
        raise ValueError("registry/indicators.toml: duplicate indicator codes")
    return Registry(
        groups=groups,
        indicators=tuple(indicators),
        districts=tuple(
            District(code=d["code"], name=d["name"], aliases=tuple(d.get("aliases", ())))
            for d in dim_doc["district"]
        ),
        target_groups=tuple(TargetGroup(**g) for g in dim_doc["target_group"]),
        org_units=tuple(OrgUnit(**u) for u in dim_doc["org_unit"]),
        _by_code=by_code,
    )
