"""Who may see which units: roles, the viewer's scope, and the audit of role changes and of views.

Roles (table user_role): `viewer` (everyone logged in), `manager` of one or more units (each unit's
whole subtree), `analyst` (all units) and `admin` (all units, import, roles). A user's scope follows:

- ALL: every unit (analyst, admin; and the embedded demo, where no login is configured);
- managing(units): the public level, the managed units' subtrees, and the totals above them
  (their centre and the whole administration);
- PUBLIC: city, districts and target groups, and the top of the hierarchy (the municipality and its
  administrations), never a unit below an administration (anonymous visitors, viewers, a user with
  no role);
- NOTHING: no unit at all. A missing or unknown scope is NOTHING (deny-all default).

The rule is applied in SQL by data_access.queries (`visible_units`): a unit-level view outside the
scope returns no rows. Totals over all units are not unit-level and stay visible to everyone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeAlias

import polars as pl
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Engine,
    Select,
    Table,
    and_,
    delete,
    false,
    insert,
    literal,
    or_,
    select,
    union,
)

from data_access import models

ROLES = ("viewer", "manager", "analyst", "admin")
ALL_UNIT_ROLES = ("analyst", "admin")


@dataclass(frozen=True)
class Scope:
    """The units a viewer may see figures of (hashable: caches are keyed on it)."""

    kind: str  # all | units | public | nothing
    units: tuple[str, ...] = ()  # for "units": the managed units (each with its subtree)

    @property
    def sees_all(self) -> bool:
        return self.kind == "all"

    def label(self) -> str:
        return self.kind if self.kind != "units" else "units:" + ",".join(self.units)


ALL = Scope("all")
PUBLIC = Scope("public")
NOTHING = Scope("nothing")
SYSTEM = ALL
"""For computations no one sees directly (e.g. the suppression pattern, which must cover every cell so
that every viewer gets the same hidden cells); never for what a page shows."""


def managing(units: Iterable[str]) -> Scope:
    chosen = tuple(sorted(set(units)))
    return Scope("units", chosen) if chosen else PUBLIC


def scope_of(roles: Iterable[tuple[str, str | None]]) -> Scope:
    """The scope of a user's (role, unit) pairs: all units for analyst/admin, else the managed units,
    else the public level. Unknown roles give nothing more."""
    roles = list(roles)
    if any(role in ALL_UNIT_ROLES for role, _ in roles):
        return ALL
    return managing(unit for role, unit in roles if role == "manager" and unit)


def normalise_email(text: str) -> str:
    """An e-mail address as compared and stored: Unicode NFC, no surrounding space, lower case. Not
    casefold(), which would make "straße@…" and "strasse@…" the same address."""
    return unicodedata.normalize("NFC", text).strip().lower()


# ------------------------------------------------------------------ the rule in SQL
def visible_units(scope: Scope | None) -> Select[Any] | CompoundSelect[Any] | None:
    """A SELECT of the unit codes whose figures `scope` may see, or None when it sees every unit."""
    ou = models.ORG_UNIT
    if scope is None or scope.kind not in ("all", "units", "public"):
        return select(ou.c.code).where(false())  # deny-all default
    if scope.sees_all:
        return None
    # The municipality and its administrations (Socialforvaltningen and its sister administrations):
    # the top two levels are public; centres and units below them are not.
    root = select(ou.c.code).where(ou.c.parent_code.is_(None))
    top = select(ou.c.code).where(or_(ou.c.parent_code.is_(None), ou.c.parent_code.in_(root)))
    if scope.kind == "public" or not scope.units:
        return top
    down = select(ou.c.code).where(ou.c.code.in_(scope.units)).cte("managed_down", recursive=True)
    child = ou.alias("child")
    down = down.union_all(select(child.c.code).where(child.c.parent_code == down.c.code))
    up = (select(ou.c.code, ou.c.parent_code).where(ou.c.code.in_(scope.units))
          .cte("managed_up", recursive=True))
    parent = ou.alias("parent")
    up = up.union_all(select(parent.c.code, parent.c.parent_code).where(parent.c.code == up.c.parent_code))
    return union(top, select(down.c.code), select(up.c.code))


def unit_visible(unit: str, scope: Scope | None) -> ColumnElement[bool]:
    """A condition that is true when `unit` lies in the scope (a guard for a unit-filtered view)."""
    codes = visible_units(scope)
    return literal(True) if codes is None else literal(unit).in_(codes)


def rows_visible(unit_column: ColumnElement[Any], scope: Scope | None) -> ColumnElement[bool]:
    """A condition on stored rows: totals over units (NULL) always, unit rows only inside the scope."""
    codes = visible_units(scope)
    return literal(True) if codes is None else or_(unit_column.is_(None), unit_column.in_(codes))


def fetch_visible_units(*, engine: Engine, scope: Scope | None) -> set[str]:
    """The unit codes the scope may see (every unit for ALL)."""
    ou = models.ORG_UNIT
    codes = visible_units(scope)
    with engine.connect() as conn:
        if codes is None:
            return set(conn.execute(select(ou.c.code)).scalars())
        return set(conn.execute(codes).scalars())


# ------------------------------------------------------------------ roles
# A frame's polars dtypes: classes such as pl.Utf8 and instances such as pl.Datetime("us", "UTC").
_Schema: TypeAlias = Mapping[str, pl.DataType | type[pl.DataType]]

ROLE_SCHEMA: _Schema = {"email": pl.Utf8, "role": pl.Utf8, "unit_code": pl.Utf8, "granted_by": pl.Utf8,
                        "granted_at": pl.Datetime("us", "UTC")}
CHANGE_SCHEMA: _Schema = {"created_at": pl.Datetime("us", "UTC"), "changed_by": pl.Utf8, "action": pl.Utf8,
                          "email": pl.Utf8, "role": pl.Utf8, "unit_code": pl.Utf8}


class RoleError(ValueError):
    """A role change that cannot be made; the message says why (Danish)."""


def fetch_roles(*, engine: Engine, email: str | None = None) -> pl.DataFrame:
    t = models.USER_ROLE
    stmt = select(*[t.c[c] for c in ROLE_SCHEMA]).order_by(t.c.email, t.c.role, t.c.unit_code)
    if email is not None:
        stmt = stmt.where(t.c.email == normalise_email(email))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=ROLE_SCHEMA, orient="row")


def fetch_role_pairs(*, engine: Engine, email: str) -> list[tuple[str, str | None]]:
    """(role, unit) of one user, for scope_of."""
    return list(fetch_roles(engine=engine, email=email).select("role", "unit_code").iter_rows())


def _check_role(conn: Connection, role: str, unit: str | None) -> None:
    if role not in ROLES:
        raise RoleError(f"Ukendt rolle »{role}«; mulige: {', '.join(ROLES)}.")
    if role == "manager" and not unit:
        raise RoleError("En leder skal have en enhed (--unit KODE).")
    if role != "manager" and unit:
        raise RoleError(f"Rollen »{role}« gælder ikke én enhed; kun »manager« har en enhed.")
    if unit:
        ou = models.ORG_UNIT
        if conn.execute(select(ou.c.code).where(ou.c.code == unit)).first() is None:
            raise RoleError(f"Enheden »{unit}« findes ikke.")


def _key(t: Table, email: str, role: str, unit: str | None) -> ColumnElement[bool]:
    unit_match = t.c.unit_code.is_(None) if unit is None else t.c.unit_code == unit
    return and_(t.c.email == email, t.c.role == role, unit_match)


def grant_role(*, engine: Engine, email: str, role: str, unit: str | None = None, by: str) -> bool:
    """Give `email` the role (for a manager: on `unit`); audited. False when it was already given."""
    email = normalise_email(email)
    if "@" not in email:
        raise RoleError(f"»{email}« er ikke en e-mailadresse.")
    t, log = models.USER_ROLE, models.ROLE_CHANGE
    now = datetime.now(UTC)
    with engine.begin() as conn:
        _check_role(conn, role, unit)
        if conn.execute(select(t.c.id).where(_key(t, email, role, unit))).first() is not None:
            return False
        conn.execute(insert(t).values(email=email, role=role, unit_code=unit, granted_by=by, granted_at=now))
        conn.execute(insert(log).values(created_at=now, changed_by=by, action="grant", email=email, role=role,
                                        unit_code=unit))
    return True


def revoke_role(*, engine: Engine, email: str, role: str, unit: str | None = None, by: str) -> bool:
    """Take the role away; audited. False when the user did not have it."""
    email = normalise_email(email)
    t, log = models.USER_ROLE, models.ROLE_CHANGE
    with engine.begin() as conn:
        gone = conn.execute(delete(t).where(_key(t, email, role, unit))).rowcount
        if gone:
            conn.execute(insert(log).values(created_at=datetime.now(UTC), changed_by=by, action="revoke",
                                            email=email, role=role, unit_code=unit))
    return bool(gone)


def fetch_role_changes(*, engine: Engine) -> pl.DataFrame:
    log = models.ROLE_CHANGE
    stmt = select(*[log.c[c] for c in CHANGE_SCHEMA]).order_by(log.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=CHANGE_SCHEMA, orient="row")


def roles_from_groups(groups: Iterable[str], mapping: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """(role, unit) pairs from an OpenID Connect groups claim, mapped in secrets.toml, e.g.
    {"SOF-Ledere-BCV": "manager:BCV", "SOF-Analyse": "analyst"}. Unmapped groups give nothing."""
    pairs = []
    for group in groups:
        target = mapping.get(group)
        if not isinstance(target, str):
            continue
        role, _, unit = target.partition(":")
        if role in ROLES:
            pairs.append((role, unit or None))
    return pairs


# ------------------------------------------------------------------ who saw what
VIEW_SCHEMA: _Schema = {"created_at": pl.Datetime("us", "UTC"), "email": pl.Utf8, "unit_code": pl.Utf8,
                        "page": pl.Utf8}


def record_view(*, engine: Engine, email: str, unit: str, page: str) -> None:
    """Log that `email` was shown `unit`'s figures on `page` (never the figures)."""
    with engine.begin() as conn:
        conn.execute(insert(models.VIEW_LOG).values(created_at=datetime.now(UTC), email=normalise_email(email),
                                                    unit_code=unit, page=page))


def fetch_view_log(*, engine: Engine, limit: int = 500) -> pl.DataFrame:
    v = models.VIEW_LOG
    stmt = select(*[v.c[c] for c in VIEW_SCHEMA]).order_by(v.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=VIEW_SCHEMA, orient="row")
