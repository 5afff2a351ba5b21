"""The manager's day with a real login: st.login against a local OpenID Connect provider (devtools.oidc),
then Min enhed beside the centre, a unit outside the scope refused, and the unit's PDF downloaded."""

from __future__ import annotations

import io
import shutil

import pypdf
import pytest

from data_access.access import grant_role
from data_access.db import DEFAULT_SQLITE_PATH, create_db_engine
from data_access.sample_db import ensure_sample_database
from devtools.oidc import oidc_provider, secrets_toml
from devtools.servers import ServerFailed, free_port, streamlit_server
from tests.browser.conftest import OVERVIEW_HEADING, STARTUP_S, WAIT_MS, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser
MANAGER = "leder@kk.example"


@pytest.fixture
def logged_in_app(tmp_path):
    ensure_sample_database(DEFAULT_SQLITE_PATH)
    path = tmp_path / "app.sqlite"
    shutil.copyfile(DEFAULT_SQLITE_PATH, path)
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    grant_role(engine=engine, email=MANAGER, role="manager", unit="BCV01", by="test")
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with oidc_provider() as provider:
        provider.email = MANAGER
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(secrets_toml(provider, base), encoding="utf-8")
        try:
            with streamlit_server(database_url=url, log_path=tmp_path / "server.log", port=port, secrets_file=secrets,
                                  timeout_s=STARTUP_S, env_extra={"AUTHLIB_INSECURE_TRANSPORT": "1"}) as (base_url, _):
                yield base_url
        except ServerFailed as exc:
            pytest.fail(str(exc))


def test_a_manager_logs_in_opens_min_enhed_and_downloads_the_units_pdf(browser, logged_in_app, tmp_path):
    base = logged_in_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{base}/")
    wait_for_app(page, OVERVIEW_HEADING, timeout_ms=STARTUP_S * 1000)
    assert "Du er ikke logget ind" in page.inner_text("body")
    page.get_by_role("button", name="Log ind").click()  # to the provider and straight back
    page.wait_for_selector("text=Logget ind som", timeout=WAIT_MS)
    wait_for_app(page, OVERVIEW_HEADING)
    assert "du ser dine enheder (BCV01)" in page.inner_text("body")

    page.goto(f"{base}/min-enhed")
    wait_for_app(page, "Min enhed")
    body = page.inner_text("body")
    save_screenshot(page, "min_enhed_manager")
    assert "Borgercenter Voksne – Enhed Nord:" in body and "Borgercenter Voksne " in body  # beside its centre
    with page.expect_download() as download:
        page.get_by_role("button", name="Enhedens side (PDF)").click()
    pdf = (tmp_path / "enhed.pdf")
    download.value.save_as(pdf)
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().split())
    assert "Min enhed: Borgercenter Voksne – Enhed Nord" in text and "Enhed Syd" not in text

    page.goto(f"{base}/et-vaerdigt-liv?enhed=BCV02")  # a sibling unit in a shared link
    wait_for_app(page, "Et værdigt liv")
    body = page.inner_text("body")
    assert "uden for dit ansvarsområde" in body and "Enhed Syd" not in body
    context.close()
