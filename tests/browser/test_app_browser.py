"""The running app in headless Chromium: the overview, a vision page, filters kept in the URL, the goals.

Issue: "starts the app, opens the overview, checks all 15 titles are visible, opens a vision page
through its link, changes a filter, checks the URL now carries it, reloads the URL and checks the
filter is still applied." Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from registry import load_registry
from ui.i18n import t
from ui.navigation import VISIONS

SAMPLE_MARK = t("sample.mark")

pytestmark = pytest.mark.browser

expect.set_options(timeout=30_000)

REGISTRY = load_registry()
SIGNS = REGISTRY.signs()
OVERVIEW_HEADING = "En by med plads til alle"
V2 = "V2"
V2_TITLE = REGISTRY.group(V2).title_da
V2_SLUG = VISIONS[V2][1]
V2_SIGNS = [sign for sign in SIGNS if sign.group == V2]
NORREBRO, NORREBRO_CODE = "Nørrebro", "3"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def bydel_input(page):
    return page.locator('[data-testid="stSidebar"] input[aria-label="Bydel"]')


def test_overview_shows_all_signs(app_url, new_page, wait_app, screenshot):
    assert len(SIGNS) == 15
    page = new_page()
    page.goto(f"{app_url}/")
    wait_app(page, OVERVIEW_HEADING)

    main = page.locator('[data-testid="stMain"]')
    for sign in SIGNS:
        expect(main.get_by_text(sign.title_da, exact=True).first, f"{sign.code}: {sign.title_da}").to_be_visible()
    expect(main.get_by_text(re.compile(r"\d+ af 15 tegn bevæger sig i den ønskede retning"))).to_be_visible()
    expect(main.get_by_text(SAMPLE_MARK).first).to_be_visible()
    expect(main.get_by_text("Se udviklingen")).to_have_count(15)
    screenshot(page, "forside")


def test_vision_link_filter_in_url_survives_fresh_session(app_url, new_page, wait_app, screenshot):
    assert len(V2_SIGNS) == 5
    page = new_page()
    page.goto(f"{app_url}/")
    wait_app(page, OVERVIEW_HEADING)

    # The tile of the first sign of "Et selvstændigt liv": the innermost block holding its title and a link.
    sign = V2_SIGNS[0]
    tile = (
        page.locator('[data-testid="stVerticalBlock"]')
        .filter(has=page.get_by_text(sign.title_da, exact=True))
        .filter(has=page.locator('[data-testid="stPageLink"]'))
        .last
    )
    link = tile.locator('[data-testid="stPageLink"] a')
    expect(link).to_have_count(1)
    expect(link).to_contain_text("Se udviklingen")
    link.click()
    page.wait_for_url(re.compile(rf"/{V2_SLUG}(\?|$)"))
    assert urlparse(page.url).path.endswith(f"/{V2_SLUG}"), page.url
    wait_app(page, V2_TITLE)

    main = page.locator('[data-testid="stMain"]')
    for ind in V2_SIGNS:
        expect(main.get_by_text(ind.title_da, exact=True).first, ind.code).to_be_visible()
    charts = main.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(5)
    screenshot(page, "et-selvstaendigt-liv")

    # Change a filter: the URL carries it.
    bydel = bydel_input(page)
    expect(bydel).to_have_value("Hele byen")
    bydel.click()
    page.get_by_role("option", name=NORREBRO, exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]bydel={NORREBRO_CODE}(&|$)"))
    wait_app(page, V2_TITLE)
    expect(bydel).to_have_value(NORREBRO)
    assert query(page).get("bydel") == [NORREBRO_CODE], page.url
    expect(charts.locator("svg text").filter(has_text=NORREBRO).first).to_be_visible()
    screenshot(page, "et-selvstaendigt-liv-noerrebro")

    # The copied link in a new browser context (a fresh session) applies the same filter.
    link_url = page.url
    fresh = new_page()
    fresh.goto(link_url)
    wait_app(fresh, V2_TITLE)
    assert urlparse(fresh.url).path.endswith(f"/{V2_SLUG}"), fresh.url
    assert query(fresh).get("bydel") == [NORREBRO_CODE], fresh.url
    expect(bydel_input(fresh)).to_have_value(NORREBRO)
    fresh_charts = fresh.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')
    expect(fresh_charts).to_have_count(5)
    expect(fresh_charts.locator("svg text").filter(has_text=NORREBRO).first).to_be_visible()
    screenshot(fresh, "et-selvstaendigt-liv-noerrebro-genindlaest")


def test_malformed_link_is_ignored_with_notice(app_url, new_page, wait_app, screenshot):
    page = new_page()
    page.goto(f"{app_url}/?bydel=99&fra=abc")
    wait_app(page, OVERVIEW_HEADING)  # fails on any exception on the page

    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("bydel=99").filter(has_text="blev ignoreret")).to_be_visible()
    expect(sidebar.get_by_text("fra=abc").filter(has_text="blev ignoreret")).to_be_visible()
    expect(bydel_input(page)).to_have_value("Hele byen")
    page.wait_for_url(lambda url: not {"bydel", "fra"} & parse_qs(urlparse(url).query).keys())
    screenshot(page, "forside-ugyldigt-link")


def test_goals_page_shows_ten_goals(app_url, new_page, wait_app, screenshot):
    goals = REGISTRY.goals()
    assert len(goals) == 10
    page = new_page()
    page.goto(f"{app_url}/pejlemaerker")
    wait_app(page, "Socialpolitiske pejlemærker")

    main = page.locator('[data-testid="stMain"]')
    for number, goal in enumerate(goals, start=1):
        heading = main.locator("h3").filter(has_text=re.compile(rf"^{number}\. "))
        expect(heading, f"goal {number}").to_have_count(1)
        expect(heading).to_be_visible()
        expect(heading).to_contain_text(goal.title_da)
    expect(main.locator("h3").filter(has_text=re.compile(r"^\d+\. "))).to_have_count(10)
    assert main.get_by_text("Intet numerisk mål").count() >= 4
    screenshot(page, "pejlemaerker")
