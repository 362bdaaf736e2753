"""Tablets without a connection: the one-page form keeps finished answers in IndexedDB and sends
each once, whatever happens on the way (reload, a closed browser, server errors, a server that
dies after storing, a conflict); staff save them to a file that imports once. No sleeps: the
script is asked to send ("send now"), and the page is waited for."""

import json
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Response
from participatie.services.imports import import_responses, read_file
from participatie.services.responses import InvalidSubmission, clean_answers
from tests.browser.conftest import ARGS, CHROMIUM, LANDSCAPE, SPEECH_STUB, log_in_page, wait_until

FAMILY = """() => {
  const click = (s) => document.querySelector(s).click();
  const next = () => click('.part:not([hidden]) [data-go=next]');
  click('[data-part=start] [data-go=start]');
  click('label[for=transport-choice-2]'); next();
  click('label[for=ages-choice-1]'); click('label[for=ages-choice-3]'); next();
  click('label[for=happy-choice-4]'); next();
  click('label[for=childcare-choice-2]'); next();
  document.getElementById('children-answer').value = '2'; next();
  next();
  click('.part:not([hidden]) [data-go=finish]');
}"""

# A loaded CI machine (two test workers on two cores) can take longer than five seconds to
# cache a tablet or to send its queue: wait longer before calling it a failure.
expect.set_options(timeout=30_000)


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


@pytest.fixture
def link(make_link):
    return make_link("test")


def open_form(page, url):
    page.goto(f"{url}/s/test/nl/all")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until(page, "!!(window.participatieOffline && window.participatieOffline.ready)")


def answer(page, families: int):
    for _ in range(families):
        page.wait_for_selector("[data-part=start]:not([hidden])")
        page.evaluate(FAMILY)
        page.wait_for_selector("[data-part=thanks]:not([hidden])")
        page.click("[data-part=thanks] [data-go=again]")


def waiting(page) -> str:
    return page.locator(".waiting-count").first.inner_text()


def send_until_empty(page, tries=6):
    for _ in range(tries):
        page.evaluate("window.participatieOffline.sync(true)")
        if waiting(page) == "0":
            return
    raise AssertionError(f"still waiting: {waiting(page)}")


def prepared_by_staff(page, url, link, make_user, check=lambda page: None):
    """A viewer of the network logs in on the tablet and prepares it for offline use; its
    staff page is then opened once more, through the service worker, which keeps it."""
    make_user("kijker@example.org", link.round.network, "viewer")
    log_in_page(page, url, "kijker@example.org")
    page.goto(f"{url}/s/test/offline")
    page.click(".prepare")
    expect(page.locator(".prepare-status")).to_have_text(re.compile("Klaar|Ready"), timeout=20000)
    check(page)
    page.goto(f"{url}/s/test/offline")


def test_families_answer_offline_through_reload_and_restart_then_each_is_stored_once(
        link, serve, browser, tmp_path, no_violations):
    url = serve()
    profile = tmp_path / "tablet"
    launch = browser.browser_type.launch_persistent_context
    context = launch(profile, executable_path=CHROMIUM, args=ARGS, viewport=LANDSCAPE,
                     has_touch=True, locale="nl-BE")
    context.add_init_script(SPEECH_STUB)
    page = context.pages[0] if context.pages else context.new_page()
    open_form(page, url)
    no_violations(page)
    context.set_offline(True)
    answer(page, 20)
    assert waiting(page) == "20"
    no_violations(page)
    page.reload()  # still offline: the service worker has the page
    expect(page.locator(".waiting-count").first).to_have_text("20")
    context.close()  # the browser closed, the tablet restarted
    assert count() == 0
    context = launch(profile, executable_path=CHROMIUM, args=ARGS, viewport=LANDSCAPE,
                     offline=True, locale="nl-BE")
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{url}/s/test/nl/all")
    expect(page.locator(".waiting-count").first).to_have_text("20")
    context.set_offline(False)
    send_until_empty(page)
    assert count() == 20
    assert page.locator(".last-send-time").inner_text() != "nog niet"
    context.close()


def test_server_errors_are_retried_and_the_answers_stored_once(link, serve, tablet):
    url = serve()
    page = tablet()
    calls = []

    def flaky(route):
        calls.append(route.request.post_data)
        if len(calls) <= 2:
            route.fulfill(status=500, body="")
        else:
            route.continue_()

    page.route("**/api/v1/responses", flaky)
    open_form(page, url)
    answer(page, 2)
    send_until_empty(page)
    assert count() == 2
    assert len(calls) >= 4  # two refused by the server, then each sent


def test_a_server_killed_after_storing_loses_nothing_and_duplicates_nothing(link, serve, tablet):
    url = serve()
    page = tablet()
    open_form(page, url)
    page.context.set_offline(True)
    answer(page, 3)
    page.context.set_offline(False)
    calls = []

    def dies_after_storing(route):
        calls.append(1)
        if len(calls) == 2:  # stored by the server, but the answer never reaches the tablet
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/responses", dies_after_storing)
    send_until_empty(page)
    assert count() == 3


def test_staff_save_the_queue_offline_the_file_imports_once_and_a_conflict_is_kept_aside(
        link, serve, tablet, client, make_user, no_violations):
    url = serve()
    page = tablet()
    prepared_by_staff(page, url, link, make_user, no_violations)
    open_form(page, url)
    page.context.set_offline(True)
    answer(page, 2)
    queued = page.evaluate("window.participatieOffline.queue()")
    taken = queued[0]["body"]
    clash = {**taken, "answers": {**taken["answers"], "children": 9}}
    assert client.post("/api/v1/responses", json=clash).status_code == 201  # another device
    page.goto(f"{url}/s/test/offline")  # offline: the staff page from the tablet's cache
    expect(page.locator(".waiting-count").first).to_have_text("2")
    with page.expect_download() as saved:
        page.click(".save-file")
    bodies = read_file(Path(saved.value.path()).read_bytes())
    assert sorted(b["id"] for b in bodies) == sorted(q["id"] for q in queued)
    first, second = import_responses(bodies), import_responses(bodies)
    assert (first.stored, first.already, len(first.refused)) == (1, 0, 1)
    assert (second.stored, second.already, len(second.refused)) == (0, 1, 1)
    assert count() == 2
    page.context.set_offline(False)
    send_until_empty(page)
    expect(page.locator(".aside-count").first).to_have_text("1")
    assert "409" in page.locator(".aside-list").inner_text()
    assert count() == 2
    no_violations(page)


def test_the_script_agrees_with_the_server_on_what_is_asked_and_required(link, serve, tablet):
    url = serve()
    page = tablet()
    open_form(page, url)
    questionnaire = link.questionnaire_version.questionnaire
    definition = page.evaluate(f"fetch('/api/v1/questionnaires/{questionnaire.key}"
                               f"?version={questionnaire.version}').then(r => r.json())")
    base = {"transport": "walk", "ages": ["0-2"], "happy": 3, "childcare": False, "children": 2}
    cases = [base, {**base, "childcare": True}, {**base, "childcare": True, "childcare_mood": 2},
             {**base, "childcare": True, "childcare_mood": 7}, {**base, "children": 13},
             {**base, "children": 2.5}, {**base, "ages": []}, {**base, "transport": "fly"},
             {**base, "happy": None}, {**base, "wish": "  "}, {**base, "wish": "x" * 600},
             {**base, "childcare": "yes"}, {**base, "ages": ["0-2", "0-2", "6-9"]}, {}]
    for raw in cases:
        script = page.evaluate("([d, r]) => window.participatieOffline.evaluate(d, r)",
                               [definition, raw])
        try:
            cleaned, errors = clean_answers(questionnaire, raw), {}
        except InvalidSubmission as exc:
            cleaned, errors = None, exc.errors
        assert set(script["errors"]) == set(errors), raw
        if cleaned is not None:
            assert script["answers"] == json.loads(json.dumps(cleaned)), raw
            assert script["screens"] == [q.key for q in questionnaire.screens(cleaned)], raw
    assert uuid.UUID(page.evaluate("crypto.randomUUID()")).version == 4


def test_send_tapped_twice_at_once_queues_one_response(link, serve, tablet):
    """A slow tablet, a child's double tap on "send": one family, one response."""
    url = serve()
    page = tablet()
    open_form(page, url)
    page.context.set_offline(True)
    page.evaluate(FAMILY.replace(
        "click('.part:not([hidden]) [data-go=finish]');",
        "const send = document.querySelector('.part:not([hidden]) [data-go=finish]');"
        " send.click(); send.click();"))
    page.wait_for_selector("[data-part=thanks]:not([hidden])")
    expect(page.locator(".waiting-count").first).to_have_text("1")
    page.click("[data-part=thanks] [data-go=again]")
    answer(page, 1)  # the next family can send again
    assert waiting(page) == "2"


def test_a_tablet_handed_on_after_logging_out_opens_no_staff_page_offline(
        link, serve, tablet, make_user):
    """Staff prepared the tablet and logged out: without a connection its staff page (which
    saves the answers waiting on it to a file) is gone; the families' form still works."""
    url = serve()
    page = tablet()
    prepared_by_staff(page, url, link, make_user)
    page.goto(f"{url}/staff/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Afmelden|Log out")).click()
    page.wait_for_function("""() => caches.keys().then(names => Promise.all(names.map(
        n => caches.open(n).then(c => c.keys())))).then(lists => !lists.flat().some(
        r => new URL(r.url).pathname.endsWith('/offline')))""")
    page.context.set_offline(True)
    page.goto(f"{url}/s/test/offline")
    assert page.locator(".save-file").count() == 0
    open_form(page, url)  # the families' one-page form still opens offline
    answer(page, 1)
    assert waiting(page) == "1"


def test_a_prepared_kiosk_left_alone_offline_goes_back_to_its_start_and_takes_the_next_family(
        link, serve, tablet):
    """Offline all morning: the idle reset leads to the start page the tablet keeps, and the
    next family answers, as they did before the reset learnt to clear a tablet that has no
    service worker."""
    url = serve(KIOSK_IDLE_SECONDS=3)
    page = tablet()
    open_form(page, url)
    page.context.set_offline(True)
    page.wait_for_url(f"{url}/s/test/restart", timeout=20_000)
    page.locator("a.card.language").first.wait_for()  # the start page the tablet keeps
    assert page.get_by_text("Deze tablet gaat terug naar het begin").count() == 0
    open_form(page, url)  # the next family picks its language: the one-page form, offline
    answer(page, 1)
    assert waiting(page) == "1"


def test_the_one_page_form_takes_the_digits_of_an_arabic_keyboard(link, serve, tablet):
    url = serve()
    page = tablet()
    open_form(page, url)
    page.context.set_offline(True)
    page.evaluate(FAMILY.replace(".value = '2'", ".value = '٢'"))
    page.wait_for_selector("[data-part=thanks]:not([hidden])")
    [queued] = page.evaluate("window.participatieOffline.queue()")
    assert queued["body"]["answers"]["children"] == 2
