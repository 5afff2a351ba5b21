"""Write the committed sample CSVs: observations.csv, org_units.csv and population.csv.

Run from the repository root:

    python -m sample_data.generate

The output is byte-identical on every run: one seeded random generator, a fixed row order and
fixed number formatting. The indicator list, breakdowns, frequency, unit and rule come from the
registry; this module only holds the invented *design* of each series (levels, trends, sizes).

Every observation is invented (provenance "sample"). The population figures are real public
numbers from Københavns Kommune's Statistikbank, copied from ../shared/data when it is present.
"""

from __future__ import annotations

import csv
import math
import random
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from registry import Indicator, Registry, load_registry

HERE = Path(__file__).resolve().parent
# The raw population files live outside the repository; only the generator ever reads them.
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HISTORIC_FILE = "population_by_district_KK_Be4.3_1991-2019.csv"
FORECAST_FILE = "population_forecast_by_district_KK_Be62_2020-2035.csv"
HISTORIC_SOURCE = "Københavns Kommune, Statistikbanken, Be4.3"
FORECAST_SOURCE = "Københavns Kommune, Statistikbanken, Be62 (fremskrivning)"

SEED = 20180101
YEARS = range(2014, 2026)  # yearly indicators
QUARTER_YEARS = range(2023, 2026)  # Københavner-modellen, 2023Q1-2025Q4
POPULATION_YEARS = range(2013, 2027)
LAST_HISTORIC_YEAR = 2019
PROGRAMME_DISTRICTS = (3, 8)  # Nørrebro and Bispebjerg run the Københavner-model
PROVENANCE = "sample"
SOURCE_SUFFIX = " (eksempeldata)"

OBSERVATION_COLUMNS = [
    "indicator_code", "period", "district_code", "unit_code", "group_code",
    "numerator", "denominator", "value", "base_count", "provenance", "source",
]
ORG_UNIT_COLUMNS = ["code", "name", "parent_code"]
POPULATION_COLUMNS = ["district_code", "year", "population", "source"]

# Invented: relative social need by district (0 = city average). Nørrebro and Bispebjerg are
# the hardest hit, so their cells are larger and worse; the inner districts are better off.
HARDSHIP = {1: -0.6, 2: -0.5, 3: 1.0, 4: 0.4, 5: 0.0, 6: -0.4, 7: 0.1, 8: 1.0, 9: -0.2, 10: 0.3}


# ---------------------------------------------------------------- invented leaf units
@dataclass(frozen=True)
class Centre:
    """Sample-only facts about a real centre of Socialforvaltningen."""

    group: str  # primary target group of the centre's units
    units: int  # how many invented leaf units it gets
    staff: int  # employees in 2017, spread over its units
    clients: float  # relative number of citizens served


CENTRES = {
    "BBU": Centre("born_unge", 4, 2400, 1.0),
    "BCH": Centre("handicap", 3, 2600, 1.0),
    "BCV": Centre("sindslidelse", 4, 1900, 1.2),
    "CRBK": Centre("misbrug", 3, 450, 0.8),
    "DSD": Centre("familier", 2, 110, 0.25),  # the emergency service mostly meets families in crisis
    "HUE": Centre("hjemloeshed", 3, 850, 0.7),
    "BSA": Centre("hjemloeshed", 2, 90, 0.25),
}
AREAS = ("Nord", "Syd", "Øst", "Vest")


@dataclass(frozen=True)
class LeafUnit:
    code: str
    name: str
    parent: str
    group: str
    staff: int
    clients: float


def leaf_units(reg: Registry) -> list[LeafUnit]:
    """2-4 generic units below each centre of Socialforvaltningen, in registry order."""
    units = []
    for centre in (u for u in reg.org_units if u.parent == "SOF"):
        spec = CENTRES[centre.code]
        for i in range(spec.units):
            units.append(LeafUnit(
                code=f"{centre.code}{i + 1:02d}",
                name=f"{centre.name} – Enhed {AREAS[i]}",
                parent=centre.code,
                group=spec.group,
                staff=round(spec.staff / spec.units),
                clients=spec.clients / spec.units,
            ))
    return units


# ---------------------------------------------------------------- the design of each series
@dataclass(frozen=True)
class Design:
    """How one yearly indicator's invented series looks city-wide.

    path: the city-wide level (percent, count or days) at anchor years; linear in between.
    The city-wide figure is pinned to the path, so statuses in the app are as designed; the
    randomness lives in the cells.
    """

    path: dict[int, float]
    wobble: float = 0.0  # noise on the level in years between anchors
    base: dict[int, float] | None = None  # city-wide respondents / denominator at anchor years
    base_key: str | None = None  # indicators with the same key share their cell bases (one survey)
    base_like: str | None = None  # take the base from this sum indicator's city totals
    gap: float = 3.0  # percentage points the hardest-hit districts are worse
    unit_spread: float = 3.0  # percentage points between units
    groups: tuple[str, ...] = ()  # target groups for breakdowns without a unit (default: "behov")
    group_weights: tuple[float, ...] = ()
    centres: tuple[str, ...] = ()  # unit cells only below these centres (default: all)
    need_weighted: bool = True  # cells sized by social need, not only by population
    first_year: int = YEARS.start
    missing_years: tuple[int, ...] = ()
    days_per_person: float = 0.0  # S12: the denominator counts working days, not persons
    response_rate: float = 1.0  # staff surveys: share of employees answering
    small_cell: tuple[int, int, int] | None = None  # (district, year, denominator) kept tiny on purpose


CITIZEN_SURVEY = {2014: 2300, 2017: 3100, 2019: 3500, 2020: 2100, 2021: 2800, 2025: 3400}

# 2017 -> 2025 for the 15 signs: 9 go the desired way, 3 stagnate (S03, S08, S14), 3 go the wrong
# way (S05, S10, S13), so the dashboard shows a mix of statuses.
DESIGNS: dict[str, Design] = {
    # Vision 1. The press release: 42 % of vulnerable citizens lonely in the newest figures (2017).
    "S01": Design({2014: 45.5, 2017: 42.0, 2024: 37.3, 2025: 37.0}, 0.6, CITIZEN_SURVEY, "citizens", gap=4.0),
    "S02": Design({2014: 52.0, 2017: 55.0, 2025: 61.0}, 0.6, CITIZEN_SURVEY, "citizens", gap=4.0),
    "S03": Design({2014: 70.5, 2017: 72.0, 2025: 72.4}, 0.6, CITIZEN_SURVEY, "citizens", gap=2.0),
    # Vision 2.
    "S04": Design({2014: 45.0, 2017: 48.0, 2025: 55.0}, 1.0, {2014: 430, 2025: 480}, gap=6.0,
                  small_cell=(1, 2021, 3)),  # Indre By 2021: too few pupils to show
    "S05": Design({2014: 88.0, 2017: 96.0, 2025: 131.0}, 2.5, base_like="P01",
                  groups=("hjemloeshed", "sindslidelse", "misbrug", "familier", "born_unge"),
                  group_weights=(0.35, 0.25, 0.15, 0.15, 0.10)),
    "S06": Design({2014: 36.0, 2017: 38.5, 2025: 44.0}, 0.8, {2014: 850, 2025: 980}, gap=5.0),
    # The press release: the number entering job or education grew almost 18 % in three years.
    "S07": Design({2014: 1150, 2017: 1357, 2025: 1620}, 20.0,
                  groups=("handicap", "sindslidelse"), group_weights=(0.45, 0.55)),
    "S08": Design({2014: 30.0, 2017: 31.0, 2025: 30.6}, 0.6, CITIZEN_SURVEY, "citizens",
                  missing_years=(2020,)),  # the question was left out of the 2020 survey
    # Vision 3.
    "S09": Design({2014: 58.0, 2017: 61.0, 2025: 67.5}, 0.6, CITIZEN_SURVEY, "citizens"),
    "S10": Design({2014: 46.0, 2017: 47.0, 2025: 43.5}, 0.6, CITIZEN_SURVEY, "citizens"),
    "S11": Design({2014: 64.0, 2017: 68.0, 2025: 79.0}, 1.0, {2014: 11000, 2025: 13500}, unit_spread=6.0),
    # Vision 4: about 8,400 employees in the leaf units.
    "S12": Design({2014: 7.1, 2017: 6.9, 2019: 6.6, 2020: 7.4, 2021: 7.2, 2022: 6.9, 2025: 6.4}, 0.1,
                  base_key="staff", unit_spread=1.0, days_per_person=205.0),
    "S13": Design({2014: 14.2, 2017: 14.6, 2019: 15.3, 2022: 17.0, 2025: 16.6}, 0.3,
                  base_key="staff", unit_spread=2.5),
    "S14": Design({2016: 74.0, 2017: 74.2, 2025: 74.6}, 0.5, base_key="staff", unit_spread=4.0,
                  response_rate=0.92, first_year=2016),  # not asked before 2016
    "S15": Design({2014: 67.5, 2017: 69.0, 2025: 74.5}, 0.5, base_key="staff", unit_spread=5.0,
                  response_rate=0.92),
    # Goals, baseline 2014 from Socialudvalgets grundlag (target year 2018).
    "P01": Design({2014: 825, 2016: 900, 2018: 968, 2025: 1060}, 15.0),
    "P02": Design({2014: 533, 2018: 468, 2025: 430}, 12.0),
    "P03": Design({2014: 417, 2018: 338, 2025: 301}, 10.0),
    "P04": Design({2014: 21400, 2018: 21650, 2020: 21300, 2025: 22150}, 60.0),
    "P05": Design({2014: 14600, 2018: 14080, 2025: 13550}, 60.0),
    "P06": Design({2016: 260, 2018: 330, 2025: 520}, 15.0, first_year=2016),  # baseline not known in 2014
    "P07": Design({2014: 24.5, 2018: 23.0, 2025: 20.5}, 0.4, {2014: 21000, 2025: 26000}, gap=5.0,
                  need_weighted=False),
    "P08": Design({2014: 40.0, 2018: 42.0, 2025: 46.0}, 0.8, {2014: 2200, 2025: 3000}),
    "P09": Design({2014: 75.0, 2018: 76.5, 2025: 78.5}, 0.6, {2014: 2500, 2025: 3300}),
    "P10": Design({2014: 52.0, 2018: 54.0, 2025: 58.5}, 0.8, {2014: 1500, 2025: 1650}, centres=("CRBK",)),
}


def default_design(ind: Indicator) -> Design:
    """A plain series for an indicator added to the registry after this design was written."""
    level = {"pct": 50.0, "days": 60.0, "count": 500.0, "fte": 10.0}[ind.unit]
    trend = {"up": 1.1, "down": 0.9, "none": 1.0}[ind.direction]
    base = {YEARS.start: 3000, YEARS.stop - 1: 3000} if ind.rule == "ratio" else None
    return Design({YEARS.start: level, YEARS.stop - 1: level * trend}, level * 0.01, base)


# ---------------------------------------------------------------- Københavner-modellen (quarterly)
# Enrolled families, both districts together, 2023Q1-2025Q4: a ramp-up to the 35 places.
ENROLLED_TOTAL = (8, 15, 21, 27, 31, 33, 35, 34, 35, 33, 34, 35)
NORREBRO_SHARE = 18 / 35
ELIGIBLE_START = {3: 84, 8: 68}  # families meeting the criteria (60-90 per district)
CONTACTS_PER_FAMILY = 2  # the press release: two fixed contact persons per family
SCHOOL_DAYS = (55, 50, 35, 52)  # per quarter; the summer holiday falls in Q3
FTE_TENTHS = {"SOF": 30, "BUF": 25, "BIF": 20, "SUF": 15, "KFF": 10}  # 10.0 FTE in tenths


@dataclass(frozen=True)
class Outcome:
    """A ratio outcome for the enrolled families, improving linearly over the quarters."""

    start: float
    end: float
    persons_per_family: float  # the base: families, parents or children
    days: bool = False  # the denominator counts school days of those persons


OUTCOMES = {
    "KM05": Outcome(0.25, 0.90, 1.0),  # families with one joint plan
    "KM06": Outcome(0.18, 0.34, 1.6),  # parents in work or education
    "KM07": Outcome(0.80, 0.90, 2.1, days=True),  # children's school days attended
}


# ---------------------------------------------------------------- random helpers
def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    """Binomial draw; exact for small n, Poisson or normal approximations for large n."""
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 100:
        return sum(rng.random() < p for _ in range(n))
    if n * p < 20:
        return min(n, _poisson(rng, n * p))
    if n * (1 - p) < 20:
        return n - min(n, _poisson(rng, n * (1 - p)))
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Spread `total` over cells in proportion to weights (multinomial); the parts sum to total."""
    parts, left, weight_left = [], total, sum(weights)
    for w in weights:
        n = _binomial(rng, left, w / weight_left) if weight_left > 0 else 0
        parts.append(n)
        left -= n
        weight_left -= w
    parts[-1] += left
    return parts


def _pin_numerators(rng: random.Random, nums: list[int], dens: list[int], share: float) -> None:
    """Move numerators so sum(nums)/sum(dens) equals `share`: the city-wide figure follows the design."""
    gap = round(share * sum(dens)) - sum(nums)
    total = sum(dens)
    for i, d in enumerate(dens):  # first proportionally, then one at a time for the remainder
        nums[i] = min(d, max(0, nums[i] + int(gap * d / total)))
    gap = round(share * sum(dens)) - sum(nums)
    step = 1 if gap > 0 else -1
    while gap:
        room = [d - n if step > 0 else n for n, d in zip(nums, dens)]
        i = rng.choices(range(len(nums)), weights=room)[0]
        nums[i] += step
        gap -= step


def _interpolate(anchors: dict[int, float], year: float) -> float:
    years = sorted(anchors)
    if year <= years[0]:
        return anchors[years[0]]
    for lo, hi in zip(years, years[1:]):
        if year <= hi:
            return anchors[lo] + (year - lo) / (hi - lo) * (anchors[hi] - anchors[lo])
    return anchors[years[-1]]


# ---------------------------------------------------------------- cells
@dataclass(frozen=True)
class Cell:
    district: int | None
    unit: str | None
    group: str | None
    weight: float  # relative size, before the district's population is applied


class Generator:
    """Holds the one random generator and the shared pieces (population, units, survey bases)."""

    def __init__(self, reg: Registry, population: dict[tuple[int, int], int]):
        self.reg = reg
        self.rng = random.Random(SEED)
        self.population = population
        self.units = leaf_units(reg)
        self.unit_by_code = {u.code: u for u in self.units}
        self._programme: list | None = None
        self._series: dict[str, dict[int, float]] = {}
        self._bases: dict[tuple[str, int], dict[tuple, int]] = {}
        self._staff: dict[tuple[str, int], int] = {}

    def design(self, code: str) -> Design:
        return DESIGNS.get(code) or default_design(self.reg.indicator(code))

    # -- dimensions
    def district_weight(self, district: int, year: int, need_weighted: bool = True) -> float:
        year = min(max(year, POPULATION_YEARS.start), POPULATION_YEARS.stop - 1)
        need = 1 + 0.4 * HARDSHIP[district] if need_weighted else 1.0
        return self.population[(district, year)] * need

    def cells(self, ind: Indicator, design: Design) -> list[Cell]:
        """The finest cells of the indicator. A unit with a group breakdown carries its primary group."""
        districts = [d.code for d in self.reg.districts] if ind.has_breakdown("district") else [None]
        if ind.has_breakdown("unit"):
            units = [u for u in self.units if not design.centres or u.parent in design.centres]
            return [Cell(d, u.code, u.group if ind.has_breakdown("group") else None, u.clients)
                    for u in units for d in districts]
        if ind.has_breakdown("group"):
            groups = design.groups or tuple(g.code for g in self.reg.target_groups if g.kind == "behov")
            weights = design.group_weights or (1.0,) * len(groups)
            return [Cell(d, None, g, w) for d in districts for g, w in zip(groups, weights)]
        return [Cell(d, None, None, 1.0) for d in districts]

    def cell_weight(self, cell: Cell, year: int, design: Design) -> float:
        if cell.district is None:
            return cell.weight
        return cell.weight * self.district_weight(cell.district, year, design.need_weighted)

    def offsets(self, ind: Indicator, design: Design, cells: list[Cell]) -> list[float]:
        """Fixed percentage-point offset per cell: hard-hit districts worse, units a little apart."""
        worse = {"up": -1.0, "down": 1.0, "none": 0.0}[ind.direction]
        by_district = {d.code: worse * design.gap * HARDSHIP[d.code] + self.rng.gauss(0, design.gap / 6)
                       for d in self.reg.districts}
        by_unit = {u.code: self.rng.gauss(0, design.unit_spread) for u in self.units}
        return [(by_district[c.district] if c.district else 0.0) + (by_unit[c.unit] if c.unit else 0.0)
                for c in cells]

    # -- city-wide series
    def series(self, code: str) -> dict[int, float]:
        """City-wide level per year: the anchors exactly, wobble in between."""
        if code not in self._series:
            design = self.design(code)
            self._series[code] = {
                y: _interpolate(design.path, y) + (0 if y in design.path else self.rng.gauss(0, design.wobble))
                for y in YEARS
            }
        return self._series[code]

    def bases(self, ind: Indicator, design: Design, cells: list[Cell], year: int) -> list[int]:
        """Respondents or denominator persons per cell; shared by indicators with the same base_key."""
        key = (design.base_key or ind.code, year)
        if key not in self._bases:
            if design.base_key == "staff":
                counts = [self.staff(self.unit_by_code[c.unit], year) for c in cells]
            else:
                total = round(_interpolate(design.base, year) * (1 + self.rng.gauss(0, 0.04)))
                counts = _split(self.rng, total, [self.cell_weight(c, year, design) for c in cells])
            self._bases[key] = dict(zip(((c.district, c.unit, c.group) for c in cells), counts))
        return [self._bases[key][(c.district, c.unit, c.group)] for c in cells]

    def staff(self, unit: LeafUnit, year: int) -> int:
        """Employees of a unit in a year: its 2017 size, growing slowly, with some churn."""
        if (unit.code, year) not in self._staff:
            growth = 1 + 0.006 * (year - 2017)
            self._staff[(unit.code, year)] = round(unit.staff * growth * (1 + self.rng.gauss(0, 0.01)))
        return self._staff[(unit.code, year)]

    # -- rows
    def yearly_rows(self, ind: Indicator) -> list[dict]:
        design = self.design(ind.code)
        cells = self.cells(ind, design)
        offsets = self.offsets(ind, design, cells)
        rows = []
        for year in YEARS:
            if year < design.first_year or year in design.missing_years:
                continue
            level = self.series(ind.code)[year]
            make = {"ratio": self.ratio_year, "sum": self.sum_year, "weighted_mean": self.mean_year}[ind.rule]
            for cell, fields in make(ind, design, cells, offsets, year, level):
                rows.append(_row(ind, date(year, 1, 1), cell, **fields))
        return rows

    def ratio_year(self, ind, design, cells, offsets, year, level):
        bases = self.bases(ind, design, cells, year)
        if design.small_cell and design.small_cell[1] == year:
            bases = [design.small_cell[2] if c.district == design.small_cell[0] else b
                     for c, b in zip(cells, bases)]
        if design.days_per_person:  # sick leave: planned working days of the employees
            dens = [round(b * self.rng.uniform(0.96, 1.04) * design.days_per_person) for b in bases]
        else:
            dens = [_binomial(self.rng, b, design.response_rate) if design.response_rate < 1 else b
                    for b in bases]
        nums = []
        for den, offset in zip(dens, offsets):
            share = (level + offset) / 100 + self.rng.gauss(0, 0.01)
            nums.append(_binomial(self.rng, den, min(0.98, max(0.02, share))))
        _pin_numerators(self.rng, nums, dens, level / 100)
        for cell, base, num, den in zip(cells, bases, nums, dens):
            if den > 0:  # nobody asked or nobody in the cell: no observation
                yield cell, {"numerator": num, "denominator": den,
                             "base_count": base if design.days_per_person else den}

    def sum_year(self, ind, design, cells, offsets, year, level):
        counts = _split(self.rng, round(level), [self.cell_weight(c, year, design) for c in cells])
        for cell, n in zip(cells, counts):
            yield cell, {"value": n, "base_count": n}

    def mean_year(self, ind, design, cells, offsets, year, level):
        housed = _split(self.rng, round(self.series(design.base_like)[year]),
                        [self.cell_weight(c, year, design) for c in cells])
        days = [level * (1 + self.rng.gauss(0, 0.15)) for _ in cells]
        shift = level - sum(h * d for h, d in zip(housed, days)) / sum(housed)
        for cell, n, d in zip(cells, housed, days):
            if n > 0:
                yield cell, {"value": round(d + shift, 1), "base_count": n}

    # -- Københavner-modellen
    def programme(self) -> list[tuple[date, dict[int, int], dict[int, int]]]:
        """Per quarter: enrolled and eligible families per district (drawn once, shared by KM01-KM07)."""
        if self._programme is not None:
            return self._programme
        quarters = [date(y, m, 1) for y in QUARTER_YEARS for m in (1, 4, 7, 10)]
        eligible = dict(ELIGIBLE_START)
        out = []
        for period, total in zip(quarters, ENROLLED_TOTAL):
            norrebro = round(total * NORREBRO_SHARE)
            enrolled = {3: norrebro, 8: total - norrebro}
            eligible = {d: min(90, max(60, n + self.rng.randint(-2, 2))) for d, n in eligible.items()}
            out.append((period, enrolled, eligible))
        self._programme = out
        return out

    def quarterly_rows(self, ind: Indicator) -> list[dict]:
        rows = []
        quarters = self.programme()
        for q, (period, enrolled, eligible) in enumerate(quarters):
            if ind.has_breakdown("unit"):  # the team's staffing by administration (KM04)
                rows += self.fte_rows(ind, period)
                continue
            for d in PROGRAMME_DISTRICTS:
                cell = Cell(d, None, None, 1.0)
                fam = enrolled[d]
                if ind.rule == "sum":
                    n = fam * (CONTACTS_PER_FAMILY if ind.code == "KM03" else 1)
                    rows.append(_row(ind, period, cell, value=n, base_count=n))
                elif ind.code == "KM02":
                    rows.append(_row(ind, period, cell, numerator=fam, denominator=eligible[d],
                                     base_count=eligible[d]))
                else:
                    rows.append(self.outcome_row(ind, period, cell, fam, q / (len(quarters) - 1)))
        return rows

    def outcome_row(self, ind, period, cell, families, progress):
        spec = OUTCOMES.get(ind.code, Outcome(0.5, 0.6, 1.0))
        extra = _binomial(self.rng, families, spec.persons_per_family - 1) if spec.persons_per_family > 1 else 0
        persons = families + extra  # e.g. one or two parents per family
        den = persons * SCHOOL_DAYS[period.month // 3] if spec.days else persons
        # Little noise: with a few dozen families a binomial draw would hide the trend.
        share = spec.start + progress * (spec.end - spec.start) + self.rng.gauss(0, 0.02)
        num = min(den, max(0, round(den * share)))
        return _row(ind, period, cell, numerator=num, denominator=den, base_count=persons)

    def fte_rows(self, ind, period):
        """10.0 FTE split over the five administrations; now and then SOF covers a vacancy."""
        tenths = dict(FTE_TENTHS)
        if self.rng.random() < 0.3:
            donor = self.rng.choice(["BUF", "BIF", "SUF", "KFF"])
            tenths[donor] -= 5
            tenths["SOF"] += 5
        rows = []
        for code, t in tenths.items():
            cell = Cell(None, code, None, 1.0)
            # Staff, not citizens: no persons stand behind an FTE figure, so it carries no base to protect.
            rows.append(_row(ind, period, cell, value=t / 10, base_count=None))
        return rows

    def observations(self) -> list[dict]:
        rows = []
        for ind in self.reg.indicators:
            rows += self.yearly_rows(ind) if ind.frequency == "year" else self.quarterly_rows(ind)
        order = {ind.code: i for i, ind in enumerate(self.reg.indicators)}
        rows.sort(key=lambda r: (order[r["indicator_code"]], r["period"], r["district_code"] or 0,
                                 r["unit_code"] or "", r["group_code"] or ""))
        return rows


def _row(ind: Indicator, period: date, cell: Cell, *, numerator=None, denominator=None,
         value=None, base_count=None) -> dict:
    return {
        "indicator_code": ind.code,
        "period": period.isoformat(),
        "district_code": cell.district,
        "unit_code": cell.unit,
        "group_code": cell.group,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "base_count": base_count,
        "provenance": PROVENANCE,
        "source": ind.source + SOURCE_SUFFIX,
    }


# ---------------------------------------------------------------- population
def population_from_shared(data_dir: Path) -> list[dict]:
    """Districts 1-10: 31 December figures up to 2019, the municipal forecast from 2020."""
    rows = []
    with open(data_dir / HISTORIC_FILE, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            year = int(r["date"][:4])
            if r["date"].endswith("1231") and year in POPULATION_YEARS and year <= LAST_HISTORIC_YEAR:
                rows.append((int(r["district_code"]), year, int(r["population"]), HISTORIC_SOURCE))
    with open(data_dir / FORECAST_FILE, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            year = int(r["year"])
            if year in POPULATION_YEARS and year > LAST_HISTORIC_YEAR:
                rows.append((int(r["district_code"]), year, int(r["population_forecast"]), FORECAST_SOURCE))
    rows = sorted(r for r in rows if 1 <= r[0] <= 10)  # 99 "Uden for inddeling" is no district
    return [dict(zip(POPULATION_COLUMNS, r)) for r in rows]


def read_population(path: Path) -> dict[tuple[int, int], int]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {(int(r["district_code"]), int(r["year"])): int(r["population"]) for r in csv.DictReader(fh)}


# ---------------------------------------------------------------- writing
def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_fmt(r[c]) for c in columns])


def write_sample_csvs(out_dir: Path) -> None:
    """Write the three sample CSVs into out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    reg = load_registry()
    population_csv = out_dir / "population.csv"
    if SHARED_DATA.is_dir():
        _write_csv(population_csv, POPULATION_COLUMNS, population_from_shared(SHARED_DATA))
    elif population_csv.resolve() != (HERE / "population.csv"):
        # Without ../shared the committed figures are the source; they are never rebuilt.
        shutil.copyfile(HERE / "population.csv", population_csv)
    population = read_population(population_csv)

    units = leaf_units(reg)
    _write_csv(out_dir / "org_units.csv", ORG_UNIT_COLUMNS,
               [{"code": u.code, "name": u.name, "parent_code": u.parent} for u in units])
    _write_csv(out_dir / "observations.csv", OBSERVATION_COLUMNS, Generator(reg, population).observations())


def main() -> None:
    write_sample_csvs(HERE)
    print(f"Wrote observations.csv, org_units.csv and population.csv to {HERE}")


if __name__ == "__main__":
    main()
