"""A facilitator records a question's voice in the browser (a fake microphone), listens back,
saves it; the family's screen then plays it before the tablet's own voice."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participatie.extensions import db
from participatie.models import VoiceRecording
from tests.browser.conftest import ARGS, CHROMIUM, log_in_page

FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def microphone_browser(browser):
    recording = browser.browser_type.launch(executable_path=CHROMIUM,
                                            args=ARGS + FAKE_MICROPHONE)
    yield recording
    recording.close()


def test_a_facilitator_records_a_voice_that_a_family_then_hears(
        make_link, make_user, serve, microphone_browser, tablet, no_violations):
    link = make_link("test")
    make_user("buurtwerker@example.org", link.round.network, "facilitator")
    url = serve()
    context = microphone_browser.new_context(locale="en-GB", viewport={"width": 1280,
                                                                       "height": 800})
    page = context.new_page()
    log_in_page(page, url, "buurtwerker@example.org")
    page.goto(f"{url}/facilitate/networks/{link.round.network.key}/voices/")
    no_violations(page)
    with page.expect_navigation():
        page.locator("a[href*='/ar?'][href*='missing=1']").click()
    first = page.locator(".voice-text").filter(has_text="transport").first
    first.locator(".record").click()
    expect(first.locator(".stop-recording")).to_be_enabled()
    first.locator(".stop-recording").click()
    expect(first.locator("audio.take")).to_be_visible()  # listen back before saving
    first.locator(".save-take").click()
    expect(page.locator(".voice-status")).to_have_text("Saved.")
    no_violations(page)
    db.session.expire_all()
    [voice] = db.session.scalars(select(VoiceRecording)).all()
    assert voice.language == "ar" and voice.mimetype == "audio/webm" and voice.size > 100
    context.close()

    family = tablet()
    family.goto(f"{url}/s/test/ar/all")
    button = family.locator("[data-key=transport] .question-head .speak")
    assert button.get_attribute("data-audio").startswith("/voices/ar/")
    played = family.evaluate("""fetch(document.querySelector(
        '[data-key=transport] .question-head .speak').dataset.audio).then(r => r.status)""")
    assert played == 200
