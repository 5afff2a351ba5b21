"""Who sees which units: scopes from roles, the rule in SQL (deny by default), roles with audit, the view log."""

from __future__ import annotations

import pytest

from data_access.access import (
    ALL,
    NOTHING,
    PUBLIC,
    RoleError,
    fetch_role_changes,
    fetch_roles,
    fetch_view_log,
    fetch_visible_units,
    grant_role,
    managing,
    record_view,
    revoke_role,
    roles_from_groups,
    scope_of,
)
from data_access.queries import fetch_level_sums, fetch_observations


@pytest.fixture
def db(sample_copy):
    return sample_copy


@pytest.mark.parametrize(
    ("roles", "scope"),
    [
        ([], PUBLIC),
        ([("viewer", None)], PUBLIC),
        ([("manager", "BCV01")], managing(["BCV01"])),
        ([("manager", "BCV01"), ("manager", "BBU"), ("viewer", None)], managing(["BBU", "BCV01"])),
        ([("manager", "BCV01"), ("analyst", None)], ALL),
        ([("admin", None)], ALL),
        ([("owner", None)], PUBLIC),  # an unknown role gives nothing more
    ],
)
def test_a_users_roles_give_one_scope(roles, scope):
    assert scope_of(roles) == scope


def test_groups_map_to_roles_and_unknown_groups_to_nothing():
    mapping = {"SOF-Ledere-BCV01": "manager:BCV01", "SOF-Analyse": "analyst", "Andet": "superuser"}
    assert roles_from_groups(["SOF-Ledere-BCV01", "SOF-Analyse", "Andet", "Ukendt"], mapping) == [
        ("manager", "BCV01"), ("analyst", None)]


def test_the_scopes_see_these_units(sqlite_engine):
    public = fetch_visible_units(engine=sqlite_engine, scope=PUBLIC)
    assert {"KK", "SOF", "BUF"} <= public and not public & {"BCV", "BCV01"}
    manager = fetch_visible_units(engine=sqlite_engine, scope=managing(["BCV01"]))
    assert {"BCV01", "BCV", "SOF", "KK"} <= manager  # the unit and the totals above it
    assert not manager & {"BCV02", "BBU", "BBU01"}  # never a sibling or another centre
    assert fetch_visible_units(engine=sqlite_engine, scope=None) == set()  # deny by default
    assert fetch_visible_units(engine=sqlite_engine, scope=NOTHING) == set()
    assert {"BCV02", "BBU01"} <= fetch_visible_units(engine=sqlite_engine, scope=ALL)


@pytest.mark.parametrize(
    ("unit", "scope", "has_rows"),
    [
        ("BCV01", managing(["BCV01"]), True),
        ("BCV", managing(["BCV01"]), True),  # the centre's total stays visible
        ("BCV02", managing(["BCV01"]), False),  # a sibling: nothing, not even an empty period
        ("BBU", managing(["BCV01"]), False),
        ("BCV01", PUBLIC, False),
        ("BCV01", None, False),  # no scope: no unit
        ("BCV02", ALL, True),
    ],
)
def test_a_unit_view_outside_the_scope_returns_no_rows(engine, unit, scope, has_rows):
    sums = fetch_level_sums(engine=engine, indicator="S01", unit=unit, scope=scope)
    assert (sums.height > 0) == has_rows


def test_views_over_all_units_need_no_scope(engine):
    assert fetch_level_sums(engine=engine, indicator="S01").height > 0
    assert fetch_level_sums(engine=engine, indicator="S01", by=("period", "district_code"), scope=None).height > 0


def test_rows_by_unit_and_stored_rows_keep_to_the_scope(engine):
    by_unit = fetch_level_sums(engine=engine, indicator="S01", by=("period", "unit_code"), scope=managing(["BCV01"]))
    assert set(by_unit["unit_code"].drop_nulls()) == {"BCV01"}
    rows = fetch_observations(engine=engine, indicator="S01", scope=PUBLIC)
    assert rows["unit_code"].drop_nulls().is_empty()  # only totals over units
    km04 = fetch_level_sums(engine=engine, indicator="KM04", by=("period", "unit_code"), scope=PUBLIC)
    assert set(km04["unit_code"]) == {"BIF", "BUF", "KFF", "SOF", "SUF"}  # administrations are public


def test_an_admin_grants_and_revokes_roles_and_each_change_is_audited(db):
    assert grant_role(engine=db, email=" Leder@KK.dk ", role="manager", unit="BCV01", by="admin@kk.dk")
    assert not grant_role(engine=db, email="leder@kk.dk", role="manager", unit="BCV01", by="admin@kk.dk")  # once
    assert grant_role(engine=db, email="leder@kk.dk", role="viewer", by="admin@kk.dk")
    roles = fetch_roles(engine=db, email="LEDER@kk.dk")
    assert roles.select("role", "unit_code").rows() == [("manager", "BCV01"), ("viewer", None)]
    assert revoke_role(engine=db, email="leder@kk.dk", role="viewer", by="it@kk.dk")
    assert not revoke_role(engine=db, email="leder@kk.dk", role="viewer", by="it@kk.dk")
    changes = fetch_role_changes(engine=db).select("changed_by", "action", "email", "role", "unit_code").rows()
    assert changes == [("it@kk.dk", "revoke", "leder@kk.dk", "viewer", None),
                       ("admin@kk.dk", "grant", "leder@kk.dk", "viewer", None),
                       ("admin@kk.dk", "grant", "leder@kk.dk", "manager", "BCV01")]


@pytest.mark.parametrize(
    ("role", "unit", "message"),
    [("owner", None, "Ukendt rolle"), ("manager", None, "skal have en enhed"),
     ("analyst", "BCV01", "gælder ikke én enhed"), ("manager", "XX99", "findes ikke")],
)
def test_a_bad_role_change_is_refused_and_changes_nothing(db, role, unit, message):
    with pytest.raises(RoleError, match=message):
        grant_role(engine=db, email="a@kk.dk", role=role, unit=unit, by="admin@kk.dk")
    assert fetch_roles(engine=db).is_empty() and fetch_role_changes(engine=db).is_empty()


def test_the_view_log_holds_who_saw_which_unit_and_never_a_figure(db):
    record_view(engine=db, email="Leder@kk.dk", unit="BCV01", page="min-enhed")
    log = fetch_view_log(engine=db)
    assert log.columns == ["created_at", "email", "unit_code", "page"]
    assert log.select("email", "unit_code", "page").rows() == [("leder@kk.dk", "BCV01", "min-enhed")]
