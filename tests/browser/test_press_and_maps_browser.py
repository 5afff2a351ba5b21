"""The running app in headless Chromium: the two maps, a PNG download for the press, the meeting screen
and the language switch. Screenshots and the downloaded PNG go to test-artifacts/.
"""

from __future__ import annotations

import csv
import io
import math
import re
import struct
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from registry import load_registry
from ui.navigation import VISIONS

pytestmark = pytest.mark.browser

expect.set_options(timeout=30_000)

REGISTRY = load_registry()
V1 = REGISTRY.group("V1")
V1_SLUG = VISIONS["V1"][1]
S01 = REGISTRY.indicator("S01")
OVERVIEW_HEADING = "En by med plads til alle"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DOWNLOAD_MS = 45_000  # the file is made on click (vl-convert), the first time in a fresh process


def artifacts():
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def expect_map(page, *legend_texts: str) -> None:
    """A deck.gl canvas of non-zero size inside the pydeck element, and the legend beside it."""
    main = page.locator('[data-testid="stMain"]')
    deck = main.locator('[data-testid="stDeckGlJsonChart"]')
    expect(deck).to_have_count(1)
    canvas = deck.locator("canvas").first
    expect(canvas).to_be_attached()
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
                 .some((c) => c.width > 0 && c.height > 0 && c.getBoundingClientRect().width > 0
                              && c.getBoundingClientRect().height > 0)""",
        timeout=30_000,
    )
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    legend = main.locator('[data-testid="map-legend"]')
    expect(legend).to_have_count(1)
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Forklaring (")
    for text in legend_texts:
        expect(legend).to_contain_text(text)


def test_bydele_map_and_legend(app_url, new_page, wait_app, screenshot):
    page = new_page()
    page.goto(f"{app_url}/bydele")
    wait_app(page, "Bydele")
    expect_map(page, "skjult for at beskytte enkeltpersoner")
    screenshot(page, "bydele")


def test_family_model_map_and_legend(app_url, new_page, wait_app, screenshot):
    page = new_page()
    page.goto(f"{app_url}/koebenhavnermodel")
    wait_app(page, "Københavner-modellen")
    expect_map(page, "skjult for at beskytte enkeltpersoner", "ikke tilbudt")
    screenshot(page, "koebenhavnermodel")


def test_family_model_hands_out_the_rows_behind_its_enrolment_chart(app_url, new_page, wait_app):
    page = new_page()
    page.goto(f"{app_url}/koebenhavnermodel")
    wait_app(page, "Københavner-modellen")
    button = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]').get_by_role(
        "button", name="CSV", exact=True
    ).first  # the first chart: enrolment by quarter and district
    with page.expect_download(timeout=DOWNLOAD_MS) as info:
        button.click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith("KM01_") and "_EKSEMPELDATA" in name and name.endswith(".csv"), name
    path = artifacts() / f"download_{name}"
    download.save_as(path)
    header, *body = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";")
    assert header[:5] == ["indikator", "titel", "enhed", "periode", "opdeling"], header
    assert {row[4] for row in body} == {"Nørrebro", "Bispebjerg"}
    assert ["2025 K4", "Nørrebro"] in [row[3:5] for row in body]
    assert {row[header.index("proveniens")] for row in body} == {"eksempeldata"}


def test_png_download_on_a_vision_page(app_url, new_page, wait_app):
    page = new_page()
    page.goto(f"{app_url}/{V1_SLUG}")
    wait_app(page, V1.title_da)
    # The button's text also holds its icon's ligature name, so it is found by its accessible name.
    button = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]').get_by_role(
        "button", name="PNG", exact=True
    ).first
    expect(button).to_be_visible()
    with page.expect_download(timeout=DOWNLOAD_MS) as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    name = download.suggested_filename
    # One of this vision's signs (the first row's button can be re-rendered while the page settles),
    # marked as sample data in its very name.
    codes = [ind.code for ind in REGISTRY.indicators_in("V1")]
    assert name.split("_")[0] in codes and "_EKSEMPELDATA_" in name and name.endswith(".png"), name
    path = artifacts() / f"download_{name}"
    download.save_as(path)
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC, data[:16]
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert len(data) > 20_000, len(data)
    assert width >= 1500, (width, height)
    assert height >= 600, (width, height)


def test_meeting_screen(app_url, browser, wait_app):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="da-DK")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{app_url}/?mode=moede")
        wait_app(page, V1.title_da)
        expect(page.locator("h1").filter(has_text=re.compile(r"^Et værdigt liv\s+·\s+1/4$"))).to_be_visible()
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        expect(page.locator('[data-testid="stExpandSidebarButton"]')).to_be_hidden()
        expect(page.get_by_role("button", name="▶")).to_be_visible()
        page.wait_for_timeout(300)  # let the charts settle after the last rerun
        page.screenshot(path=str(artifacts() / "moede.png"))
    finally:
        context.close()


def test_language_switch_to_english(app_url, new_page, wait_app, screenshot):
    assert S01.title_da == "Færre borgere med særlige behov er ensomme."
    assert S01.title_en == "Fewer citizens with special needs are lonely."
    page = new_page()
    page.goto(f"{app_url}/")
    wait_app(page, OVERVIEW_HEADING)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(S01.title_da, exact=True)).to_be_visible()

    switch = page.locator('[data-testid="stSidebar"] input[aria-label="Sprog · Language"]')
    expect(switch).to_have_value("Dansk")
    switch.click()
    page.get_by_role("option", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"))
    wait_app(page, "A city with room for everyone")
    expect(main.get_by_text(S01.title_en, exact=True)).to_be_visible()
    expect(main.get_by_text(S01.title_da, exact=True)).to_have_count(0)
    expect(switch).to_have_value("English")
    assert parse_qs(urlparse(page.url).query).get("lang") == ["en"], page.url
    screenshot(page, "forside-en")


def test_language_switch_keeps_the_chosen_filters(app_url, new_page, wait_app):
    """Labels change with the language, values must not: a chosen target group survives the switch
    and a later change of another filter."""
    page = new_page()
    page.goto(f"{app_url}/?maalgruppe=aeldre")
    wait_app(page, OVERVIEW_HEADING)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[aria-label="Sprog · Language"]').click()
    page.get_by_role("option", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"))
    wait_app(page, "A city with room for everyone")
    expect(sidebar.locator('input[aria-label="Target group"]')).to_have_value("Elderly")
    sidebar.locator('input[aria-label="District"]').click()
    page.get_by_role("option", name="Valby", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]bydel=5(&|$)"))
    wait_app(page, "A city with room for everyone")
    query = parse_qs(urlparse(page.url).query)
    assert query.get("maalgruppe") == ["aeldre"] and query.get("lang") == ["en"], page.url


def test_clicking_a_district_in_the_ranking_selects_it(app_url, new_page, wait_app):
    """The top bar of P02 (evictions per 1,000) is the worst district; a click puts it in the URL."""
    page = new_page()
    page.goto(f"{app_url}/bydele?indikator=P02")
    wait_app(page, "Bydele")
    ranking = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(ranking).to_be_visible()
    page.wait_for_timeout(1500)  # let Vega finish drawing before it can take a click
    box = ranking.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + 22)
    page.wait_for_url(re.compile(r"[?&]bydel=\d+(&|$)"), timeout=30_000)
    wait_app(page, "Bydele")
    code = int(parse_qs(urlparse(page.url).query)["bydel"][0])
    name = load_registry().districts[code - 1].name
    expect(page.get_by_text(f"Udviklingen i {name}")).to_be_visible()


def _screen_position(lon: float, lat: float, centre: tuple[float, float], zoom: float, box: dict) -> tuple[float, float]:
    """Where deck.gl's Web Mercator view puts a longitude/latitude inside the map's box (pixels)."""
    scale = 512 * 2**zoom
    merc = lambda degrees: math.log(math.tan(math.pi / 4 + math.radians(degrees) / 2))  # noqa: E731
    x = (lon - centre[0]) / 360 * scale + box["width"] / 2
    y = -(merc(lat) - merc(centre[1])) / (2 * math.pi) * scale + box["height"] / 2
    return box["x"] + x, box["y"] + y


def test_clicking_a_district_on_the_map_selects_it(app_url, new_page, wait_app):
    """A click on Bispebjerg's name on the map makes it the chosen district (and puts it in the URL)."""
    from data_access.boundaries import centroid, load_districts
    from ui.maps import bounding_box, map_zoom

    names = {d.code: d.name for d in load_registry().districts}
    boundaries = load_districts(names)  # the same file (or tile map) the server uses
    points = {f["properties"]["bydel_nr"]: centroid(f["geometry"]) for f in boundaries.geojson["features"]}
    (west, south), (east, north) = bounding_box(boundaries.geojson)  # where the map is centred
    centre = ((west + east) / 2, (south + north) / 2)

    page = new_page()
    page.goto(f"{app_url}/bydele")
    wait_app(page, "Bydele")
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    expect(deck.locator("canvas").first).to_be_visible()
    page.wait_for_timeout(2500)  # deck.gl draws after the element appears
    x, y = _screen_position(*points[8], centre, map_zoom(boundaries), deck.bounding_box())
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"[?&]bydel=8(&|$)"), timeout=30_000)
    wait_app(page, "Bydele")
    expect(page.get_by_text("Udviklingen i Bispebjerg")).to_be_visible()
