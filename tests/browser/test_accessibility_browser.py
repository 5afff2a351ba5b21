"""WCAG 2.1 AA on every page, proven by axe-core; and no request to any host but the app's own.

Issue "For the people in the room": axe-core (the copy that the pinned PyPI package axe-playwright-python
carries, so a clone with Python and Chromium needs nothing else) is injected with Playwright into every page, in Danish and English, at desktop and
tablet size, after the page has finished running. It must find 0 critical and 0 serious violations in
the project's own content. What remains from Streamlit's own frame is in ALLOWED below, each with its
upstream issue, and the same items are in the accessibility statement (ui.i18n "a11y.known_list").
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH

from tests.browser.conftest import WAIT_MS, wait_for_app
from ui.filters import PARAM_LANG
from ui.i18n import t
from ui.meeting import MEETING_PARAM, MEETING_VALUE
from ui.navigation import VISIONS

pytestmark = pytest.mark.browser

AXE = AXE_FILE_PATH  # axe.min.js
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"critical", "serious"}
SIZES = {"desktop": {"width": 1400, "height": 1000}, "tablet": {"width": 820, "height": 1180}}
LANGS = ("da", "en")

# Every page a visitor can open (the import page exists only with login configured; its own tests
# cover it), and the meeting screen.
PAGES = [
    ("/", {}),
    *((f"/{slug}", {}) for _, slug in VISIONS.values()),
    ("/pejlemaerker", {}),
    ("/bydele", {}),
    ("/koebenhavnermodel", {}),
    ("/om-data", {}),
    ("/min-enhed", {}),
    ("/tilgaengelighed", {}),
    ("/", {MEETING_PARAM: MEETING_VALUE}),
]
MAP_PAGES = {"/bydele", "/koebenhavnermodel"}

# Violations that come from Streamlit's own frame, not from the project's content: a violation is
# allowed only when every one of its nodes lies inside `inside`. Each is listed, with the same upstream
# issue, in the accessibility statement ("a11y.known_list"); the desktop run fails once Streamlit fixes
# one, so that the allow-list and the statement are shortened together.
ALLOWED = {
    # The sidebar navigation with sections (st.navigation with a dict) puts each section as a <div>
    # (heading + links) straight inside the <ul>, so the <ul> holds <div>s and the <li>s have no list
    # parent (WCAG 1.3.1). Streamlit renders this markup; the app only passes the pages. No issue for
    # this exact markup was found upstream; #8399 is Streamlit's open issue for the page structure and
    # semantics that verification tools report.
    "list": {"inside": '[data-testid="stSidebarNav"]',
             "upstream": "https://github.com/streamlit/streamlit/issues/8399"},
    "listitem": {"inside": '[data-testid="stSidebarNav"]',
                 "upstream": "https://github.com/streamlit/streamlit/issues/8399"},
}

# Runs axe on the whole document and says, for every node of every violation, which allowed frame
# part (if any) it lies inside.
RUN_AXE = """async ([tags, allowed]) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => {
            const el = document.querySelector(n.target[0]);
            const within = (allowed[v.id] && el && el.closest(allowed[v.id].inside)) ? allowed[v.id].inside : null;
            return {target: n.target.join(' '), impact: n.impact, within: within};
        }),
    }));
}"""


def page_url(base: str, path: str, params: dict[str, str], lang: str) -> str:
    query = {**params, **({PARAM_LANG: lang} if lang != "da" else {})}
    return f"{base}{path}" + (f"?{urlencode(query)}" if query else "")


def describe(found: list[dict]) -> str:
    return "\n".join(f"  {v['page']}: {v['id']} ({v['impact']}) {v['help']}\n"
                     + "\n".join(f"      {n['target']}" for n in v["nodes"][:8]) for v in found)


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def sized_page(request, browser):
    """One browser context per size, its one page reused for every address (each visit a fresh session)."""
    context = browser.new_context(viewport=SIZES[request.param], locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.set_default_navigation_timeout(WAIT_MS)
    yield request.param, page
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_or_critical_violations_in_the_projects_content(app_url, sized_page, lang):
    size, page = sized_page
    found: list[dict] = []
    for path, params in PAGES:
        url = page_url(app_url, path, params, lang)
        page.goto(url)
        wait_for_app(page)
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(RUN_AXE, [WCAG_AA, ALLOWED]):
            found.append({**violation, "page": url.removeprefix(app_url)})
    failing = [v for v in found if v["impact"] in FAILING and not all(n["within"] for n in v["nodes"])]
    assert not failing, (f"axe-core found {len(failing)} serious or critical WCAG 2.1 AA violations at {size} size "
                         f"in {lang} (id, impact, what, page, nodes):\n{describe(failing)}")
    if size == "desktop":  # where the sidebar is open: each allowed item still occurs, or it is to go
        seen = {v["id"] for v in found if all(n["within"] for n in v["nodes"])}
        gone = set(ALLOWED) - seen
        assert not gone, (f"Streamlit no longer causes {sorted(gone)}: remove them from ALLOWED and from the "
                          "statement ('a11y.known_list')")


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_lists_every_allowed_item_with_its_upstream_issue(lang):
    known = t("a11y.known_list", lang)
    for item in ALLOWED.values():
        assert item["upstream"] in known


# ------------------------------------------------------------------------ no outside requests


def test_no_request_leaves_the_apps_own_host(app_url, new_page):
    """Every request a visit makes (documents, scripts, styles, fonts, data, the maps) goes to the app's own
    host, or is a data:/blob: URL: the default install works without the internet and tells no one."""
    own = urlsplit(app_url)
    allowed_hosts = {own.hostname, "localhost", "127.0.0.1"}
    page = new_page()
    seen: list[tuple[str, str]] = []  # (page, url)
    current = {"page": "/"}
    page.on("request", lambda request: seen.append((current["page"], request.url)))
    page.on("websocket", lambda socket: seen.append((current["page"], socket.url)))
    for lang in LANGS:
        for path, params in PAGES:
            url = page_url(app_url, path, params, lang)
            current["page"] = url.removeprefix(app_url)
            page.goto(url)
            wait_for_app(page)
            if path in MAP_PAGES:  # the map has drawn (a base map would be fetched by then)
                page.wait_for_function(
                    """() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
                             .some((c) => c.width > 0 && c.height > 0)""", timeout=WAIT_MS)
    outsiders = sorted({(where, request) for where, request in seen
                        if urlsplit(request).scheme not in ("data", "blob")
                        and urlsplit(request).hostname not in allowed_hosts})
    assert len(seen) > len(PAGES), "the request log recorded nothing"
    assert not outsiders, "requests to other hosts (page: URL):\n" + "\n".join(f"  {p}: {u}" for p, u in outsiders)
