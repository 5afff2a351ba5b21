"""Checking parsed import rows against the registry and the database, and resolving names to codes.

Indicators, districts and target groups come from the registry; organisational units from the
database (the leaf units live with the data). The result is either a list of ready `Record`s or the
problems, per row and column, in Danish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal, TypeAlias, overload

from sqlalchemy import Engine, select

from data_access import models
from data_access.import_parsing import PERIOD_EXPECTED, ParsedFile, ParsedRow, Problem, format_period
from registry import Indicator, load_registry

KEY_FIELDS, VALUE_FIELDS = models.OBSERVATION_KEY, models.OBSERVATION_VALUES  # a Record's fields are the table's columns
BREAKDOWN_COLUMN = {"district": "bydel", "unit": "enhed", "group": "maalgruppe"}
BREAKDOWN_DA = {"district": "bydel", "unit": "enhed", "group": "målgruppe"}
# A breakdown left empty, or naming its total, means the total over that breakdown.
TOTAL_NAMES = {
    "district": {"0", "00", "hele byen", "hele kommunen", "koebenhavn", "whole city", "the whole city", "city total"},
    "unit": {"hele socialforvaltningen", "alle enheder", "whole administration", "the whole administration",
             "all units"},
    "group": {"alle maalgrupper", "alle", "all target groups", "all groups"},
}


# (indicator_code, period, district_code, unit_code, group_code): KEY_FIELDS' values
RecordKey: TypeAlias = tuple[str, date, int | None, str | None, str | None]
# (numerator, denominator, value, base_count, provenance, source, note): VALUE_FIELDS' values
RecordValues: TypeAlias = tuple[float | None, float | None, float | None, int | None, str, str | None, str | None]


@dataclass(frozen=True)
class Record:
    """One validated cell, with codes resolved: what the observation table will hold."""

    indicator_code: str
    period: date
    district_code: int | None
    unit_code: str | None
    group_code: str | None
    numerator: float | None
    denominator: float | None
    value: float | None
    base_count: int | None
    provenance: str
    source: str | None = None
    note: str | None = None
    row: int = field(default=0, compare=False)

    @property
    def key(self) -> RecordKey:
        """(indicator_code, period, district_code, unit_code, group_code): KEY_FIELDS."""
        return (self.indicator_code, self.period, self.district_code, self.unit_code, self.group_code)

    @property
    def values(self) -> RecordValues:
        """VALUE_FIELDS, in order."""
        return (self.numerator, self.denominator, self.value, self.base_count, self.provenance, self.source,
                self.note)


@lru_cache(maxsize=8192)
def match_name(text: str) -> str:
    """A spelling-tolerant key for names: case, dashes, slashes, spaces and æ/ø/å spelled out."""
    text = text.strip().casefold()
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = re.sub(r"[\u2010-\u2015/]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Lookup:
    """Every accepted spelling (match_name) -> code, for districts, units and target groups."""

    districts: dict[str, int]
    units: dict[str, str | None]  # None: a name shared by several units
    unit_names: dict[str, list[str]]
    groups: dict[str, str]
    district_examples: str
    unit_examples: str
    group_examples: str


def load_lookup(engine: Engine) -> Lookup:
    reg = load_registry()
    districts: dict[str, int] = {}
    for d in reg.districts:
        for spelling in (str(d.code), d.name, *d.aliases):
            districts[match_name(spelling)] = d.code
    groups: dict[str, str] = {}
    for g in reg.target_groups:
        for spelling in (g.code, g.title_da, g.title_en):
            groups[match_name(spelling)] = g.code
    ou = models.ORG_UNIT.c
    with engine.connect() as conn:
        rows = conn.execute(select(ou.code, ou.name).order_by(ou.code)).all()
    units: dict[str, str | None] = {}
    names: dict[str, list[str]] = {}
    for code, name in rows:
        names.setdefault(match_name(name), []).append(code)
    for spelling, codes in names.items():
        units[spelling] = codes[0] if len(codes) == 1 else None
    for code, _name in rows:  # a code always wins over a name
        units[match_name(code)] = code
    leaf = next((code for code, _ in rows if any(ch.isdigit() for ch in code)), rows[0][0] if rows else "BCV01")
    return Lookup(
        districts=districts,
        units=units,
        unit_names=names,
        groups=groups,
        district_examples="et bydelsnummer 1–10 eller et bydelsnavn, fx Nørrebro eller Vesterbro/Kongens Enghave",
        unit_examples=f"en enhedskode eller et enhedsnavn fra organisationen, fx {leaf} eller SOF",
        group_examples="en målgruppekode eller et målgruppenavn, fx born_unge eller Børn og unge",
    )


def _charset_hint(text: str) -> str:
    if any(marker in text for marker in ("Ã", "Â", "\ufffd")):
        return " (teksten ser ud til at have fået forkert tegnsæt; gem filen som CSV UTF-8 og prøv igen)"
    return ""


def _num(value: float) -> str:
    """A number in Danish notation for messages: 1234.5 -> 1.234,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def _list_da(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


class _Checker:
    def __init__(self, parsed: ParsedFile, lookup: Lookup, today: date) -> None:
        self.pf = parsed
        self.lookup = lookup
        self.today = today
        self.reg = load_registry()
        self.problems: list[Problem] = []

    def report(self, row: ParsedRow, column: str | None, message: str, expected: str | None = None,
               found: str | None = None, *, show: bool = True) -> None:
        if found is None and show and column is not None:
            found = row.raw.get(column)
        self.problems.append(self.pf.at(row.row, column, message, found=found, expected=expected))

    def check_row(self, row: ParsedRow) -> Record | None:
        before = len(self.problems)
        ind = self._indicator(row)
        self._period(row, ind)
        district = self._breakdown(row, ind, "district")
        unit = self._breakdown(row, ind, "unit")
        group = self._breakdown(row, ind, "group")
        if ind is not None:
            self._numbers(row, ind, total=district is None and unit is None and group is None)
        if row.provenance is None and "proveniens" not in row.invalid:
            self.report(row, "proveniens", "Proveniens mangler.",
                        "offentliggjort, intern eller eksempel (published, internal, sample)")
        if len(self.problems) > before or row.invalid:
            return None
        if ind is None or row.period is None or row.provenance is None:  # reported above, or its cell was invalid
            return None
        ratio = ind.rule == "ratio"
        share_only = ratio and row.numerator is None and row.denominator is None
        return Record(
            indicator_code=ind.code, period=row.period.start, district_code=district, unit_code=unit,
            group_code=group, numerator=row.numerator if ratio else None,
            denominator=row.denominator if ratio else None,
            value=row.value if share_only or not ratio else None,
            base_count=row.base_count, provenance=row.provenance, source=row.source, note=row.note, row=row.row,
        )

    def _indicator(self, row: ParsedRow) -> Indicator | None:
        if row.indicator is None:
            if "indikator" not in row.invalid:
                self.report(row, "indikator", "Indikator mangler.", "en indikatorkode, fx S01")
            return None
        try:
            return self.reg.indicator(row.indicator.strip().upper())
        except KeyError:
            self.report(row, "indikator", "Ukendt indikator.",
                        "en indikatorkode fra registret, fx S01, P07 eller KM02" + _charset_hint(row.indicator))
            return None

    def _period(self, row: ParsedRow, ind: Indicator | None) -> None:
        period = row.period
        if period is None:
            if "periode" not in row.invalid:
                self.report(row, "periode", "Periode mangler.", PERIOD_EXPECTED)
            return
        if ind is not None:
            if ind.frequency == "year" and (period.kind == "quarter" or period.start.month != 1):
                what = "et kvartal" if period.kind == "quarter" else "ikke et helt år"
                self.report(row, "periode", f"{ind.code} opgøres årligt, men perioden er {what}.",
                            f"et år, fx {period.start.year}")
                return
            if ind.frequency == "quarter" and period.kind == "year":
                self.report(row, "periode", f"{ind.code} opgøres kvartalsvis, men perioden er et helt år.",
                            f"et kvartal, fx {period.start.year}K1")
                return
        if period.start > self.today:
            self.report(row, "periode", "Perioden ligger i fremtiden.",
                        f"en periode, der er begyndt senest i dag ({self.today:%d.%m.%Y})")

    @overload
    def _breakdown(self, row: ParsedRow, ind: Indicator | None, breakdown: Literal["district"]) -> int | None: ...
    @overload
    def _breakdown(self, row: ParsedRow, ind: Indicator | None, breakdown: Literal["unit", "group"]) -> str | None: ...
    def _breakdown(self, row: ParsedRow, ind: Indicator | None, breakdown: str) -> int | str | None:
        """The code of the cell's breakdown, or None for the total over it (an empty cell or its total's name)."""
        column = BREAKDOWN_COLUMN[breakdown]
        text = getattr(row, breakdown)
        if text is None:
            return None
        key = match_name(text)
        if key in TOTAL_NAMES[breakdown]:
            return None
        if ind is not None and not ind.has_breakdown(breakdown):
            has = _list_da([BREAKDOWN_DA[b] for b in ind.breakdowns]) if ind.breakdowns else "intet"
            self.report(row, column, f"{ind.code} er ikke opdelt på {BREAKDOWN_DA[breakdown]}.",
                        f"en tom celle ({ind.code} opdeles kun på {has})")
            return None
        if breakdown == "district":
            district = self.lookup.districts.get(key)
            if district is None and key.isdigit():
                district = self.lookup.districts.get(str(int(key)))
            if district is None:
                self.report(row, column, "Ukendt bydel.", self.lookup.district_examples + _charset_hint(text))
            return district
        if breakdown == "unit":
            if key in self.lookup.units and self.lookup.units[key] is None:
                codes = ", ".join(self.lookup.unit_names[key])
                self.report(row, column, f"Enhedsnavnet passer på flere enheder ({codes}).", "enhedens kode")
                return None
            unit = self.lookup.units.get(key)
            if unit is None:
                self.report(row, column, "Ukendt enhed.", self.lookup.unit_examples + _charset_hint(text))
            return unit
        group = self.lookup.groups.get(key)
        if group is None:
            self.report(row, column, "Ukendt målgruppe.", self.lookup.group_examples + _charset_hint(text))
        return group

    def _share_as_percentage(self, row: ParsedRow, ind: Indicator, v: float, base: int | None, *, total: bool) -> None:
        """A share given as a percentage and its base (a survey's number of answers): stored as it
        stands, never added up. Below the whole city the base is required, so small groups are seen."""
        if ind.unit != "pct":
            self.report(row, "vaerdi", f"{ind.code} er en andel uden procentenhed og skal have tæller og nævner.",
                        "tæller og nævner")
            return
        if not 0 <= v <= 100:
            self.report(row, "vaerdi", "Procenten ligger uden for 0–100.", "en procent mellem 0 og 100")
        if base is None and "grundlag" not in row.invalid and not total:
            self.report(row, "grundlag", "Grundlag mangler: en andel givet som procent skal have sit grundlag "
                        "(antal besvarelser eller personer), når den gælder en del af byen.",
                        "et helt antal, fx 7094", show=False)
        elif base == 0:
            self.report(row, "grundlag", "Grundlaget er 0.", "et helt antal større end 0")

    def _numbers(self, row: ParsedRow, ind: Indicator, *, total: bool = False) -> None:
        n, d, v, base = row.numerator, row.denominator, row.value, row.base_count
        negative = False
        for column, number in (("taeller", n), ("naevner", d), ("vaerdi", v), ("grundlag", base)):
            if number is not None and number < 0:
                negative = True
                self.report(row, column, "Negativt tal.", "et tal på 0 eller derover")
        invalid = row.invalid
        if ind.rule == "ratio":
            if n is None and d is None and v is not None and "taeller" not in invalid and "naevner" not in invalid:
                self._share_as_percentage(row, ind, v, base, total=total)
                return
            what = f"{ind.code} er en andel og skal have tæller og nævner (eller en procent i vaerdi med grundlag)"
            if n is None and "taeller" not in invalid:
                self.report(row, "taeller", f"Tæller mangler: {what}.", "antallet i tælleren, fx 37", show=False)
            if d is None and "naevner" not in invalid:
                self.report(row, "naevner", f"Nævner mangler: {what}.", "antallet i nævneren, fx 100", show=False)
            if ind.survey and base is None and "grundlag" not in invalid:
                self.report(row, "grundlag",
                            f"Grundlag mangler: {ind.code} er en spørgeskemaundersøgelse, og grundlaget er antal besvarelser.",
                            "et helt antal besvarelser", show=False)
            if negative or n is None or d is None:
                return
            if d == 0:
                self.report(row, "naevner", "Nævneren er 0.", "et tal større end 0")
                return
            if ind.unit == "pct" and n > d:
                self.report(row, "taeller", f"Tælleren ({_num(n)}) er større end nævneren ({_num(d)}).",
                            "en tæller, der højst er lig med nævneren", show=False)
                return
            if v is not None:
                share = 100.0 * n / d if ind.unit == "pct" else n / d
                if ind.unit == "pct" and not 0 <= v <= 100:
                    self.report(row, "vaerdi", "Procenten ligger uden for 0–100.", "en procent mellem 0 og 100")
                    return
                decimals = row.value_decimals if row.value_decimals is not None else _decimals(v)
                if abs(share - v) > max(0.5 * 10 ** -decimals, 1e-6):
                    self.report(row, "vaerdi", f"Værdien passer ikke med tæller og nævner ({_num(round(share, 4))}).",
                                "100 · tæller / nævner, eller en tom celle")
            return
        # sum and weighted_mean: the number is the value
        what = "en optælling" if ind.rule == "sum" else "et vægtet gennemsnit"
        for column, number in (("taeller", n), ("naevner", d)):
            if number is not None:
                self.report(row, column, f"{ind.code} er {what} og har ingen tæller eller nævner.",
                            "en tom celle; tallet skal stå i vaerdi")
        if v is None and "vaerdi" not in invalid:
            extra = " (rækken har tæller/nævner)" if n is not None or d is not None else ""
            self.report(row, "vaerdi", f"Værdi mangler: {ind.code} er {what}{extra}.", "et tal i vaerdi", show=False)
        if ind.rule == "weighted_mean" and "grundlag" not in invalid:
            if base is None:
                self.report(row, "grundlag", f"Grundlag mangler: {ind.code} er et vægtet gennemsnit, og grundlaget er vægten.",
                            "et helt antal større end 0", show=False)
            elif base == 0:
                self.report(row, "grundlag", "Grundlaget (vægten) er 0.", "et helt antal større end 0")
        if v is not None and v >= 0 and ind.unit == "pct" and v > 100:
            self.report(row, "vaerdi", "Procenten ligger uden for 0–100.", "en procent mellem 0 og 100")


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".", 1)[1].rstrip("0"))


def _position(p: Problem) -> tuple[bool, int, tuple[int, str]]:
    """File-level problems first, then by row, then left to right (as the spreadsheet shows them)."""
    column = (len(p.letter), p.letter) if p.letter else (99, "")
    return (p.row is not None, p.row or 0, column)


def check(parsed: ParsedFile, *, lookup: Lookup, today: date | None = None) -> tuple[list[Record], list[Problem]]:
    """The records of a parsed file, or every problem (parse problems first, then per row)."""
    checker = _Checker(parsed, lookup, today or date.today())
    records: list[Record] = []
    seen: dict[RecordKey, int] = {}
    if parsed.errors and not parsed.rows:
        return [], list(parsed.errors)
    for row in parsed.rows:
        record = checker.check_row(row)
        if record is None:
            continue
        first = seen.setdefault(record.key, row.row)
        if first != row.row:
            freq = checker.reg.indicator(record.indicator_code).frequency
            parts = [record.indicator_code, format_period(record.period, freq)]
            parts += [str(x) for x in record.key[2:] if x is not None]
            checker.problems.append(parsed.at(
                row.row, None, f"Rækken gentager række {first}: samme indikator, periode, bydel, enhed og målgruppe.",
                found=" ".join(parts), expected="én række pr. indikator, periode, bydel, enhed og målgruppe"))
            continue
        records.append(record)
    problems = sorted(parsed.errors + checker.problems, key=_position)
    return (records if not problems else []), problems


def validate(parsed: ParsedFile, *, engine: Engine, today: date | None = None) -> list[Problem]:
    """Every problem of a parsed file: its parse problems and the checks against registry and database."""
    return check(parsed, lookup=load_lookup(engine), today=today)[1]
