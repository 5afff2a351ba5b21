"""The deployment as it runs: two app processes behind Debian's nginx on one PostgreSQL database.

Sticky sessions are checked on nginx's own log; an import through the command line is seen by both
processes within seconds; one process is killed and the browser's session recovers on the other by
itself, on the same view.
"""

from __future__ import annotations

import time

import pytest

from data_access.__main__ import main
from devtools.topology import get, nginx_available, topology
from tests.browser.conftest import STARTUP_S, save_screenshot, wait_for_app
from tests.conftest import ROOT, _require

pytestmark = pytest.mark.browser
PUBLISHED = ROOT / "published_figures" / "offentliggjorte_tal.csv"


@pytest.fixture
def deployment(new_postgres_database, tmp_path):
    _require(nginx_available(), "Debian's nginx")
    url = new_postgres_database().url.render_as_string(hide_password=False)
    assert main(["init", "--database-url", url]) == 0
    assert main(["import", str(PUBLISHED), "--database-url", url]) == 0
    with topology(database_url=url, work_dir=tmp_path / "topology", timeout_s=STARTUP_S) as running:
        yield running, url


def test_sessions_stick_to_one_process_and_spread_over_both(deployment):
    running, _ = deployment
    backends = {running.app_address(0), running.app_address(1)}
    status, cookie = get(f"{running.proxy_url}/")
    assert status == 200 and cookie
    running.upstreams_seen()
    for _ in range(5):
        get(f"{running.proxy_url}/", cookie)
    assert len(set(running.upstreams_seen())) == 1  # the same browser always reaches the same process
    for n in range(30):
        get(f"{running.proxy_url}/", f"browser-{n}")
    assert set(running.upstreams_seen()) == backends  # and browsers are spread over both


def test_an_import_is_seen_by_every_process_within_seconds(deployment, browser):
    running, url = deployment
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK").new_page()
    for base, _ in running.apps:  # straight to each process, past the proxy
        page.goto(f"{base}/pejlemaerker")
        wait_for_app(page, "Socialpolitiske pejlemærker", timeout_ms=STARTUP_S * 1000)
    new = ROOT / "test-artifacts" / "ny_figur.csv"
    new.parent.mkdir(exist_ok=True)
    new.write_text("indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens;kilde;note\r\n"
                   "P01;2021;;;;;;1234;1234;offentliggjort;Testkilde;\r\n", encoding="utf-8")
    assert main(["import", str(new), "--database-url", url]) == 0
    for base, _ in running.apps:
        deadline = time.monotonic() + 20
        while True:
            page.goto(f"{base}/pejlemaerker")
            wait_for_app(page, "Socialpolitiske pejlemærker")
            if "1.234" in page.inner_text("body"):
                break
            assert time.monotonic() < deadline, f"{base} still shows the old data after 20 s"
            time.sleep(2)


def test_a_killed_process_loses_no_session_the_view_comes_back_on_the_other(deployment, browser):
    running, _ = deployment
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK").new_page()
    view = f"{running.proxy_url}/et-vaerdigt-liv?bydel=3"
    page.goto(view)
    wait_for_app(page, "Et værdigt liv", timeout_ms=STARTUP_S * 1000)
    serving = running.upstreams_seen()[-1]
    index = [running.app_address(i) for i in range(2)].index(serving)
    running.apps[index][1].kill()  # the process this browser's session lives in
    started = time.monotonic()
    page.wait_for_timeout(1000)
    wait_for_app(page, "Et værdigt liv", timeout_ms=30_000)  # the frontend reconnects through nginx by itself
    recovered = time.monotonic() - started
    save_screenshot(page, "topology_recovered")
    body = page.inner_text("body")
    assert "Nørrebro" in body and page.url.endswith("/et-vaerdigt-liv?bydel=3")  # the same view
    assert recovered < 15
    assert running.upstreams_seen()[-1] != serving
