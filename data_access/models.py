"""All database tables, in one module (SQLModel)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Index, Table, func, inspect
from sqlmodel import Field, SQLModel


class _Titled(SQLModel):
    """A Danish and an English title, as the registry's groups and indicators have them."""

    title_da: str
    title_en: str


class IndicatorGroup(_Titled, table=True):
    """A vision of the social strategy, the set of social-policy goals, or a programme."""

    __tablename__ = "indicator_group"
    code: str = Field(primary_key=True)
    kind: str
    order: int


class IndicatorDef(_Titled, table=True):
    """A copy of the registry's definition, so the database explains its own rows."""

    __tablename__ = "indicator"
    code: str = Field(primary_key=True)
    group_code: str = Field(foreign_key="indicator_group.code")
    unit: str
    direction: str
    rule: str
    survey: bool
    breakdowns: str  # comma-separated: district,unit,group
    frequency: str
    source: str
    definition_da: str


class District(SQLModel, table=True):
    __tablename__ = "district"
    code: int = Field(primary_key=True)  # 1-10 official bydel_nr; 0 = whole city
    name: str


# The columns of a unit an import may change (its code never does).
ORG_UNIT_VALUES = ("name", "parent_code", "valid_from", "valid_to")


class OrgUnit(SQLModel, table=True):
    __tablename__ = "org_unit"
    code: str = Field(primary_key=True)
    name: str
    parent_code: str | None = Field(default=None, foreign_key="org_unit.code")
    valid_from: date | None = None  # the unit exists from this day (None: always)
    valid_to: date | None = None  # until and including this day (None: still)


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


# An observation's key, and the columns an import sets and a rollback restores (the key never changes).
OBSERVATION_KEY = ("indicator_code", "period", "district_code", "unit_code", "group_code")
OBSERVATION_VALUES = ("numerator", "denominator", "value", "base_count", "provenance", "source", "note")
_SUMMED = OBSERVATION_VALUES[:5]  # what the level sums read besides the key


class Observation(SQLModel, table=True):
    """One cell: an indicator in a period, at the finest breakdown the indicator has.

    Totals are never stored; they are sums of cells, so a district total always equals
    the sum of its rows. Ratio cells carry numerator and denominator; sum cells carry value;
    weighted-mean cells carry value and base_count (the weight).
    """

    __tablename__ = "observation"
    # The aggregation reads one indicator's cells: a covering index lets the database answer it from
    # the index alone (bench/results.md: 5 M rows, SQLite 666 -> 237 ms, PostgreSQL 304 -> 132 ms).
    # PostgreSQL keeps the summed columns as INCLUDE; SQLite has no INCLUDE, so they join the key.
    __table_args__ = (
        Index(
            "ix_observation_cover", "indicator_code", "period", "district_code",
            postgresql_include=["unit_code", "group_code", *_SUMMED],
        ).ddl_if(dialect="postgresql"),
        Index(
            "ix_observation_cover", *OBSERVATION_KEY, *_SUMMED,
        ).ddl_if(dialect="sqlite"),
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


def _old_values(model: type[SQLModel], names: tuple[str, ...]) -> type[SQLModel]:
    """A base with a nullable `old_<name>` column for each of `names`, typed as in `model`: what a change
    record keeps so that a rollback can write it back. Derived, so a value column added to `model` is
    recorded without a second list (the importers read and write them by these names)."""
    types: dict[str, Any] = {f"old_{name}": model.model_fields[name].annotation for name in names}
    annotations = {column: kind | None for column, kind in types.items()}
    return type(f"Old{model.__name__}Values", (SQLModel,), {"__annotations__": annotations, **dict.fromkeys(annotations)})


class ImportLog(SQLModel, table=True):
    """The audit log of data imports and their rollbacks (data_access.importer).

    action "import": a file was imported (status "imported", later "rolled_back");
    action "rollback": an import was undone (reverts_import_id names it, status "done").
    created_at is UTC.
    """

    __tablename__ = "import_log"
    id: int | None = Field(default=None, primary_key=True)
    action: str  # import | rollback
    kind: str = "observations"  # observations | org_units: what the file held
    created_at: datetime
    user_name: str
    filename: str
    sha256: str
    rows_in_file: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # rollback: inserted rows removed again
    restored: int = 0  # rollback: updated rows given their previous values back
    status: str  # imported | rolled_back | done
    reverts_import_id: int | None = Field(default=None, foreign_key="import_log.id")
    rolled_back_by: int | None = None  # import: the id of the rollback entry that undid it


class ImportChange(_old_values(Observation, OBSERVATION_VALUES), table=True):  # type: ignore[misc, call-arg]  # a derived base
    """What one import did to one observation row, so that it can be undone exactly.

    action "insert": the row was new (a rollback deletes it); action "update": the row existed and
    old_<column>, one per OBSERVATION_VALUES column, holds its value before the import (a rollback
    writes them back). Key columns never change.
    """

    __tablename__ = "import_change"
    __table_args__ = (
        Index("ix_import_change_import", "import_id"),
        Index("ix_import_change_observation", "observation_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="import_log.id")
    observation_id: int  # no foreign key: a rollback deletes inserted rows
    action: str  # insert | update


class OrgUnitChange(_old_values(OrgUnit, ORG_UNIT_VALUES), table=True):  # type: ignore[misc, call-arg]  # a derived base
    """What one import of organisational units did to one unit, so that it can be undone exactly:
    old_<column>, one per ORG_UNIT_VALUES column, as for ImportChange."""

    __tablename__ = "org_unit_change"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="import_log.id", index=True)
    code: str  # no foreign key: a rollback deletes inserted units
    action: str  # insert | update


class UserRole(SQLModel, table=True):
    """Who may see what (data_access.access): one row per user and role, a manager's row per unit.

    role: viewer | manager | analyst | admin. `unit_code` is the unit a manager manages (its whole
    subtree); null for the other roles. The e-mail is stored normalised (NFC, stripped, lower case).
    """

    __tablename__ = "user_role"
    __table_args__ = (Index("ix_user_role_email", "email"),)
    id: int | None = Field(default=None, primary_key=True)
    email: str
    role: str
    unit_code: str | None = Field(default=None, foreign_key="org_unit.code")
    granted_by: str
    granted_at: datetime


class RoleChange(SQLModel, table=True):
    """The audit log of role grants and revocations (created_at is UTC)."""

    __tablename__ = "role_change"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    changed_by: str
    action: str  # grant | revoke
    email: str
    role: str
    unit_code: str | None = None


class ViewLog(SQLModel, table=True):
    """Who saw unit-level figures: user, unit, page and time (UTC), never the figures themselves."""

    __tablename__ = "view_log"
    __table_args__ = (Index("ix_view_log_created", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    email: str
    unit_code: str
    page: str


class UnitTarget(SQLModel, table=True):
    """A unit's own target for a sign of success in a year, from its development plan (imported)."""

    __tablename__ = "unit_target"
    __table_args__ = (Index("ix_unit_target_key", "unit_code", "indicator_code", "year", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="org_unit.code")
    indicator_code: str = Field(foreign_key="indicator.code")
    year: int
    value: float
    imported_by: str
    imported_at: datetime


# One typed handle per table, for Core statements (insert, update, select_from, .c). SQLModel sets each
# class's __table__ but does not declare it to type checkers; the mapper's local table is that same Table.
def _table(model: type[SQLModel]) -> Table:
    return cast(Table, inspect(model).local_table)


INDICATOR_GROUP = _table(IndicatorGroup)
INDICATOR = _table(IndicatorDef)
DISTRICT = _table(District)
ORG_UNIT = _table(OrgUnit)
TARGET_GROUP = _table(TargetGroup)
POPULATION = _table(Population)
OBSERVATION = _table(Observation)
BUILD_INFO = _table(BuildInfo)
IMPORT_LOG = _table(ImportLog)
IMPORT_CHANGE = _table(ImportChange)
ORG_UNIT_CHANGE = _table(OrgUnitChange)
USER_ROLE = _table(UserRole)
ROLE_CHANGE = _table(RoleChange)
VIEW_LOG = _table(ViewLog)
UNIT_TARGET = _table(UnitTarget)


# One cell per key: NULL breakdowns are part of the key, so the unique index is on COALESCE'd
# columns (an expression index both SQLite and PostgreSQL support; a plain unique index would
# treat two NULLs as different). The importer's upsert relies on it.
_obs = OBSERVATION.c
OBSERVATION_KEY_INDEX = Index(
    "ux_observation_key",
    _obs.indicator_code,
    _obs.period,
    func.coalesce(_obs.district_code, -1),
    func.coalesce(_obs.unit_code, ""),
    func.coalesce(_obs.group_code, ""),
    unique=True,
)
