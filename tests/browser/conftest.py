"""Browser tests: Playwright drives Debian's Chromium (it cannot download its own browser here)
against the app served on localhost from a thread, at tablet size, with touch."""

import logging
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from participatie.extensions import db
from participatie.models import Neighbourhood, Network, Round
from participatie.paths import resource_dir
from participatie.services.questionnaires import load_published_versions
from tests.conftest import make_app, read_definition

CHROMIUM = "/usr/bin/chromium"
# Flags for a sandboxed, offline machine: no GPU, no calls home.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LANDSCAPE = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}
FAMILY_V2 = resource_dir("questionnaires") / "published" / "family-v2.yaml"

# Headless Chromium has no voices: record what would have been said instead.
SPEECH_STUB = """
window.__spoken = [];
window.__voices = [{lang: 'nl-BE'}, {lang: 'fr-BE'}, {lang: 'en-GB'}, {lang: 'ar-SA'}];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  getVoices: () => window.__voices,
  cancel: () => {},
  speak: (u) => window.__spoken.push({text: u.text, lang: u.lang}),
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
"""


def log_in_page(page, url: str, email: str) -> None:
    """A staff member logs in on this browser, through the login form."""
    from tests.conftest import PASSWORD

    page.goto(f"{url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form.staff-form [type=submit]").click()


def wait_until(page, expression: str, seconds: float = 30) -> None:
    """Wait until ``expression`` is true in the page. Playwright's ``wait_for_function`` polls
    through ``eval`` inside the page once its first check fails, which the app's CSP refuses
    (no 'unsafe-eval'); ``page.evaluate`` goes through the browser's debugging protocol."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        page.wait_for_timeout(100)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def serve(app, migrated_database):
    """Factory: serve an app (optionally with extra config) on a free port; returns its URL."""
    servers = []

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log with addresses

    def start(**config):
        served = make_app(migrated_database, **config) if config else app
        server = make_server("127.0.0.1", 0, served, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def demo_link(make_link):
    """The family survey behind /s/demo, as a kiosk in a tablet at the school gate."""
    return make_link("demo", definition=read_definition(FAMILY_V2))


@pytest.fixture
def tablet(browser):
    """Factory: a fresh tablet (browser context) with touch, at a size, JavaScript on or off."""
    contexts = []

    def open_tablet(viewport=LANDSCAPE, javascript=True):
        context = browser.new_context(viewport=viewport, has_touch=True, is_mobile=False,
                                      java_script_enabled=javascript, locale="nl-BE")
        context.add_init_script(SPEECH_STUB)
        contexts.append(context)
        return context.new_page()

    yield open_tablet
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def no_violations(axe):
    """Check a page with axe-core; every kind of screen goes through this."""

    def check(page):
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def laptop(browser):
    """Factory: a staff member's laptop (English pages, a mouse and a keyboard)."""
    contexts = []

    def open_laptop():
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
        contexts.append(context)
        return context.new_page()

    yield open_laptop
    for context in contexts:
        context.close()


@pytest.fixture
def facilitated_network(app, make_user):
    """Oostende with one open round over Opex, and a facilitator."""
    load_published_versions()
    network = Network(key="oostende", name="Oostende")
    hood = Neighbourhood(network=network, key="opex", name="Opex")
    db.session.add_all([network, hood, Round(network=network, key="najaar", name="Najaar",
                                             opens_on=date(2020, 1, 1), neighbourhoods=[hood])])
    db.session.commit()
    make_user("buurtwerker@oostende.be", network, "facilitator")
    return network
