"""Browser fixtures: the app running as `streamlit run dashboard.py`, and Debian's Chromium driven by Playwright.

The app is started through serve.py, as `python3 tasks.py app` does, so a deep link may be a fresh
server's very first visit (tests/browser/test_production_browser.py checks it). `app_url` still opens
"/" once before the tests, to build the caches outside any test's time.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devtools.chromium import CHROMIUM as CHROMIUM_PATH  # noqa: E402
from devtools.chromium import CHROMIUM_ARGS  # noqa: E402
from devtools.servers import ServerFailed, streamlit_server  # noqa: E402
from tests.conftest import _require  # noqa: E402

CHROMIUM = Path(CHROMIUM_PATH)
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 2000}
WAIT_MS = 30_000  # every single wait in the browser tests
STARTUP_S = 60
OVERVIEW_HEADING = "En by med plads til alle"


# ---------------------------------------------------------------- helpers shared by the tests


def wait_for_app(page, heading: str | None = None, timeout_ms: int = WAIT_MS) -> None:
    """Wait until Streamlit has finished running the page (and `heading` is shown).

    Idle means: connected, script state "notRunning", no "Running" status widget, no stale (greyed)
    elements, twice in a row. A Python exception on the page or Streamlit's "Page not found" dialog
    fails the test at once, with its text.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    calm = 0
    state: dict = {}
    while time.monotonic() < deadline:
        state = page.evaluate(
            """(heading) => {
                const app = document.querySelector('[data-testid="stApp"]');
                const status = document.querySelector('[data-testid="stStatusWidget"]');
                const visible = (el) => !!el && el.getClientRects().length > 0;
                const headings = [...document.querySelectorAll('h1, h2, h3')]
                    .filter((h) => visible(h)).map((h) => h.textContent.trim());
                const dialogs = [...document.querySelectorAll('[role="dialog"]')]
                    .filter((d) => visible(d)).map((d) => d.innerText);
                return {
                    exceptions: [...document.querySelectorAll('[data-testid="stException"]')]
                        .map((e) => e.innerText),
                    dialogs: dialogs,
                    connection: app ? app.getAttribute('data-test-connection-state') : null,
                    script: app ? app.getAttribute('data-test-script-state') : null,
                    running: !!status && /running/i.test(status.innerText),
                    stale: document.querySelectorAll('[data-stale="true"]').length,
                    heading: heading === null || headings.some((h) => h.startsWith(heading)),
                };
            }""",
            heading,
        )
        if state["exceptions"]:
            pytest.fail(f"{page.url} shows an exception:\n" + "\n---\n".join(state["exceptions"]))
        not_found = [d for d in state["dialogs"] if "Page not found" in d]
        if not_found:
            pytest.fail(f"{page.url} shows Streamlit's 'Page not found' dialog: {not_found[0]}")
        idle = (
            state["connection"] in (None, "CONNECTED")
            and state["script"] in (None, "notRunning")
            and not state["running"]
            and state["stale"] == 0
            and state["heading"]
        )
        calm = calm + 1 if idle else 0
        if calm >= 2:
            # and the browser has painted it: web fonts loaded, two animation frames after the last delta
            page.evaluate("() => document.fonts.ready.then(() => new Promise((done) => "
                          "requestAnimationFrame(() => requestAnimationFrame(done))))")
            return
        page.wait_for_timeout(250)
    pytest.fail(f"{page.url} did not finish running within {timeout_ms / 1000:.0f} s (waiting for heading "
                f"{heading!r}); last state: {state}")


def save_screenshot(page, name: str) -> Path:
    """The whole page as test-artifacts/<name>.png at 1400 px width.

    Streamlit scrolls inside its main element, so a full-page screenshot alone would stop at the
    viewport; the viewport is stretched to the content's height for the shot and then restored.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    height = page.evaluate(
        """() => Math.max(
            document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
                .map((e) => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(height), VIEWPORT["height"]), 16_000)})
    page.wait_for_timeout(300)  # let the charts re-lay out
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; missing Chromium fails in CI and skips elsewhere."""
    _require(CHROMIUM.exists(), f"Debian's chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "The playwright Python package")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@contextlib.contextmanager
def launch_app(log_dir: Path, database_url: str | None = None):
    """Streamlit on a free port, on `database_url` (default: the embedded sample database); yields
    its base URL once /_stcore/health answers. The server's log is `log_dir / "server.log"`."""
    try:
        with streamlit_server(database_url=database_url, log_path=log_dir / "server.log", timeout_s=STARTUP_S) as (
            base_url, _,
        ):
            yield base_url
    except ServerFailed as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def app_url(browser, tmp_path_factory):
    """The app on a free port, on the embedded sample database; yields its base URL, warmed up on "/"."""
    from data_access.db import DEFAULT_SQLITE_PATH
    from data_access.sample_db import ensure_sample_database

    ensure_sample_database(DEFAULT_SQLITE_PATH)
    with launch_app(tmp_path_factory.mktemp("streamlit")) as base_url:
        # Warm-up: the caches are built before the first test (see the module docstring).
        context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
        try:
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(f"{base_url}/")
            wait_for_app(page, OVERVIEW_HEADING, timeout_ms=STARTUP_S * 1000)
        finally:
            context.close()
        yield base_url


@pytest.fixture
def new_page(browser):
    """A factory for pages, each in its own browser context (a fresh Streamlit session); all closed after."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.set_default_navigation_timeout(WAIT_MS)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def wait_app():
    """`wait_app(page, heading)`: see `wait_for_app`."""
    return wait_for_app


@pytest.fixture(scope="session")
def screenshot():
    """`screenshot(page, name)`: see `save_screenshot`."""
    return save_screenshot
