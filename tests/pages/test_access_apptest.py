"""Managers see their own units (issue: roles and a row-level rule), through AppTest with fake logins.

A manager of BCV01 sees BCV01 and the totals above it, never BCV02: not by ?enhed=, not in the unit
filter, not from a cache another user filled, not on Min enhed or in its PDF. A viewer, an anonymous
visitor and a user with no role see no unit level. Without login configured the demo is open.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.access import grant_role
from data_access.db import create_db_engine
from data_access.sample_db import write_sample_database
from ui.navigation import MY_UNIT, VISIONS

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only",
        "client_id": "dashboard", "client_secret": "test-only",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration"}
ADMIN = {"emails": ["admin@kk.example"]}
MANAGER, ANALYST, VIEWER = "leder@kk.example", "analytiker@kk.example", "laeser@kk.example"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("access") / "app.sqlite"
    engine = create_db_engine(f"sqlite:///{path}")
    write_sample_database(engine)
    grant_role(engine=engine, email=MANAGER, role="manager", unit="BCV01", by="test")
    grant_role(engine=engine, email=ANALYST, role="analyst", by="test")
    grant_role(engine=engine, email=VIEWER, role="viewer", by="test")
    engine.dispose()
    return f"sqlite:///{path}"


@pytest.fixture
def app(database, monkeypatch):
    """`app(email, **query)`: the dashboard as that user (None: not logged in), login configured."""
    import ui.loaders

    monkeypatch.setenv("DATABASE_URL", database)
    ui.loaders.engine.clear()
    ui.loaders.build_info.clear()

    def make(email: str | None, *, login: bool = True, **query: str) -> AppTest:
        monkeypatch.setattr(ui.auth, "current_identity",
                            lambda: None if email is None else {"email": email, "email_verified": True})
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        if login:
            at.secrets["auth"] = AUTH
            at.secrets["admin"] = ADMIN
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield make
    ui.loaders.engine.clear()
    ui.loaders.build_info.clear()


def units_offered(at: AppTest) -> list[str]:
    return list(at.selectbox(key="f_unit").options)


def chart_labels(at: AppTest) -> set[str]:
    labels = set()
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        for layer in spec.get("layer", []):
            for row in (layer.get("data") or {}).get("values", []):
                if "serie" in row:
                    labels.add(row["serie"])
        for dataset in spec.get("datasets", {}).values():
            labels |= {row["serie"] for row in dataset if "serie" in row}
    return labels


def test_a_manager_is_offered_the_own_unit_and_the_totals_above_it_never_a_sibling(app):
    at = app(MANAGER)
    offered = " | ".join(units_offered(at))
    assert "Voksne – Enhed Nord" in offered  # BCV01
    assert "Enhed Syd" not in offered and "Børn og Unge" not in offered
    at.switch_page(MY_UNIT).run()  # Min enhed is in a manager's navigation
    assert not at.exception


def test_a_unit_outside_the_scope_in_the_url_gives_a_quiet_notice_and_the_whole_administration(app):
    at = app(MANAGER, enhed="BCV02")
    assert any("uden for dit ansvarsområde" in str(c.value) for c in at.sidebar.caption)  # the first run says so
    at.switch_page(VISIONS["V1"][0]).run()
    assert not at.exception
    assert at.session_state["filters"].unit is None
    assert not any("Enhed Syd" in label for label in chart_labels(at))  # never BCV02's numbers


def test_a_cache_filled_by_an_analyst_never_serves_a_manager(app):
    analyst = app(ANALYST, enhed="BCV02")
    analyst.switch_page(VISIONS["V1"][0]).run()
    assert any("Enhed Syd" in label for label in chart_labels(analyst))  # the analyst saw BCV02
    manager = app(MANAGER, enhed="BCV02")
    manager.switch_page(VISIONS["V1"][0]).run()
    assert manager.session_state["filters"].unit is None
    assert not any("Enhed Syd" in label for label in chart_labels(manager))


@pytest.mark.parametrize("who", [VIEWER, None, "ingen.rolle@kk.example"], ids=["viewer", "anonymous", "no-role"])
def test_viewers_anonymous_visitors_and_users_without_a_role_see_no_unit_level(app, who):
    at = app(who, enhed="BCV01")
    assert units_offered(at) == ["Hele Socialforvaltningen"]  # the whole administration only
    assert at.session_state["filters"].unit is None
    with pytest.raises(ValueError):
        at.switch_page(MY_UNIT)  # Min enhed is not in their navigation


def test_min_enhed_offers_only_the_managers_units_and_its_pdf_names_only_them(app):
    at = app(MANAGER)
    at.switch_page(MY_UNIT).run()
    assert not at.exception
    assert list(at.selectbox(key="my_unit").options) == ["Borgercenter Voksne – Enhed Nord"]  # BCV01 only
    text = " ".join(str(m.value) for m in at.markdown)
    assert "Borgercenter Voksne – Enhed Nord" in text and "Enhed Syd" not in text


def test_min_enhed_ignores_another_unit_in_the_url(app):
    at = app(MANAGER)
    at.query_params["minenhed"] = "BCV02"
    at.switch_page(MY_UNIT).run()
    assert not at.exception
    assert at.selectbox(key="my_unit").value == "BCV01"
    assert any("minenhed" in str(c.value) for c in at.caption)  # the ignored value is said, quietly


def test_without_login_the_demo_is_open_and_says_so(app):
    at = app(None, login=False)
    assert len(units_offered(at)) > 20
    assert any("Åben demo" in str(c.value) for c in at.sidebar.caption)


def test_an_admin_grants_and_revokes_a_role_on_the_import_page_and_both_are_logged(app, database):
    from data_access.access import fetch_role_changes, fetch_roles

    at = app("admin@kk.example")
    at.switch_page("pages/views/admin.py").run()
    assert not at.exception
    at.text_input(key="role_email").input("ny.leder@kk.example")
    at.selectbox(key="role_role").select("manager")
    at.selectbox(key="role_unit").select("BCV02")
    at.button[[b.label for b in at.button].index("Giv rollen")].click().run()
    assert any("har nu rollen leder" in s.value for s in at.success)
    engine = create_db_engine(database)
    assert ("manager", "BCV02") in fetch_roles(engine=engine, email="ny.leder@kk.example").select("role", "unit_code").rows()
    at.text_input(key="role_email").input("ny.leder@kk.example")
    at.selectbox(key="role_role").select("manager")
    at.selectbox(key="role_unit").select("BCV02")
    at.button[[b.label for b in at.button].index("Fjern rollen")].click().run()
    assert any("har ikke længere rollen leder" in s.value for s in at.success)
    changes = fetch_role_changes(engine=engine).filter(fetch_role_changes(engine=engine)["email"] == "ny.leder@kk.example")
    assert changes.select("changed_by", "action").rows() == [("admin@kk.example", "revoke"), ("admin@kk.example", "grant")]
    engine.dispose()


def test_min_enhed_banner_counts_every_line_its_charts_draw(app, database):
    """The unit's line, its centre's and the whole administration's: the administration's published points
    make the sample share less than 100 %, as the charts show."""
    from data_access.queries import fetch_org_units
    from registry import load_registry
    from tests.levels import view_series

    at = app(MANAGER)
    at.switch_page(MY_UNIT).run()
    assert not at.exception
    unit = at.selectbox(key="my_unit").value
    engine = create_db_engine(database)
    parent = dict(fetch_org_units(engine=engine).select("code", "parent_code").iter_rows())[unit]
    kinds: list[str] = []
    for ind in (i for i in load_registry().signs() if i.has_breakdown("unit")):
        lines = [view_series(engine=engine, indicator=ind.code, unit=code, years=(2014, 2025)) for code in (unit, parent)]
        lines.append(view_series(engine=engine, indicator=ind.code, years=(2014, 2025)))
        kinds += [k for line in lines for k in line["provenance"].drop_nulls().to_list()]
    engine.dispose()
    share = kinds.count("sample") / len(kinds)
    assert 0 < share < 1
    assert f"{share * 100:.1f}".replace(".", ",") + " % af tallene på denne side er eksempeldata" in at.warning[0].value


def test_min_enhed_says_for_each_sign_whether_the_unit_moves_the_right_way(app, database):
    """The card's title is the sign's aim ("Personaleomsætningen ... falder"); under it, as on the vision
    pages, whether the unit's own line has moved towards it since the baseline year."""
    from metrics.status import assess
    from registry import load_registry
    from tests.levels import view_series
    from ui.tiles import status_badge

    at = app(MANAGER)
    at.switch_page(MY_UNIT).run()
    unit = at.selectbox(key="my_unit").value
    engine = create_db_engine(database)
    expected = [status_badge(assess(view_series(engine=engine, indicator=ind.code, unit=unit, years=(2014, 2025)), ind), "da")
                for ind in load_registry().signs() if ind.has_breakdown("unit")]
    engine.dispose()
    badges = [m.value for m in at.markdown if m.value in set(expected)]
    assert badges == expected
