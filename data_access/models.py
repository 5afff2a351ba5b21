"""All database tables, in one module (SQLModel)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class IndicatorGroup(SQLModel, table=True):
    """A vision of the social strategy, the set of social-policy goals, or a programme."""

    __tablename__ = "indicator_group"
    code: str = Field(primary_key=True)
    kind: str
    title_da: str
    title_en: str
    order: int


class IndicatorDef(SQLModel, table=True):
    """A copy of the registry's definition, so the database explains its own rows."""

    __tablename__ = "indicator"
    code: str = Field(primary_key=True)
    group_code: str = Field(foreign_key="indicator_group.code")
    title_da: str
    title_en: str
    unit: str
    direction: str
    rule: str
    survey: bool
    breakdowns: str  # comma-separated: district,unit,group
    frequency: str
    source: str
    definition_da: str


class Target(SQLModel, table=True):
    __tablename__ = "target"
    indicator_code: str = Field(primary_key=True, foreign_key="indicator.code")
    baseline_period: int
    baseline_value: float | None = None  # None: baseline not (yet) known
    target_period: int | None = None
    target_value: float | None = None  # None: the target has no number ("X pct.")
    target_text: str | None = None


class District(SQLModel, table=True):
    __tablename__ = "district"
    code: int = Field(primary_key=True)  # 1-10 official bydel_nr; 0 = whole city
    name: str


class OrgUnit(SQLModel, table=True):
    __tablename__ = "org_unit"
    code: str = Field(primary_key=True)
    name: str
    parent_code: str | None = Field(default=None, foreign_key="org_unit.code")


class TargetGroup(SQLModel, table=True):
    __tablename__ = "target_group"
    code: str = Field(primary_key=True)
    kind: str
    name_da: str
    name_en: str


class Population(SQLModel, table=True):
    __tablename__ = "population"
    district_code: int = Field(primary_key=True, foreign_key="district.code")
    year: int = Field(primary_key=True)
    population: int
    source: str


class Observation(SQLModel, table=True):
    """One cell: an indicator in a period, at the finest breakdown the indicator has.

    Totals are never stored; they are sums of cells, so a district total always equals
    the sum of its rows. Ratio cells carry numerator and denominator; sum cells carry value;
    weighted-mean cells carry value and base_count (the weight).
    """

    __tablename__ = "observation"
    __table_args__ = (
        Index("ix_observation_indicator_period", "indicator_code", "period"),
        Index("ix_observation_indicator_district", "indicator_code", "district_code", "period"),
    )
    id: int | None = Field(default=None, primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code")
    period: date  # first day of the period (year or quarter)
    district_code: int | None = Field(default=None, foreign_key="district.code")
    unit_code: str | None = Field(default=None, foreign_key="org_unit.code")
    group_code: str | None = Field(default=None, foreign_key="target_group.code")
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    base_count: int | None = None  # respondents, cases or persons behind the cell
    provenance: str  # published | internal | sample
    source: str | None = None
    note: str | None = None


class BuildInfo(SQLModel, table=True):
    """Key/value facts about the database itself (what it was built from, when data was updated)."""

    __tablename__ = "build_info"
    key: str = Field(primary_key=True)
    value: str
