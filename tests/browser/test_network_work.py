"""The network's own work in the browser: a coordinator records a signal from a proposed change,
follows it up and opens its letter; a viewer reads the register; "you said, we did" is written
by a coordinator and read by a family on a tablet in Arabic once the round is closed."""

from participatie.extensions import db
from participatie.models.base import utcnow
from participatie.services import feedback, signals
from participatie.topics import TOPIC_LABELS
from tests.browser.conftest import PORTRAIT
from tests.browser.test_admin import click, log_in
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)

REGISTER = "/dashboard/networks/oostende/signals/"
FEEDBACK = "/dashboard/networks/oostende/rounds/voorjaar/feedback/"
SAID = {"nl": "Er is te weinig plaats om te spelen.", "ar": "لا يوجد مكان كافٍ للعب."}
DID = {"nl": "De stad legt het speelplein opnieuw aan.", "ar": "تعيد المدينة بناء الملعب."}


def changed(respond):  # noqa: F811
    respond("voorjaar", "opex", count=12, reachable=1)
    respond("voorjaar", "konterdam", count=12, reachable=2)
    respond("najaar", "opex", count=12, reachable=5)
    respond("najaar", "konterdam", count=12, reachable=4)


def test_a_coordinator_records_a_signal_follows_it_up_and_opens_its_letter(
        rounds, respond, serve, laptop, no_violations):  # noqa: F811
    changed(respond)
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}{REGISTER}")
    no_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Record as a signal").first.click()
    no_violations(page)  # the form, with the proposal as its first evidence
    page.get_by_label("What is the signal?").fill("Kinderopvang moeilijk bereikbaar")
    page.get_by_label("To which organisation").fill("Stad Oostende")
    page.get_by_label("Level").select_option("municipality")
    click(page, "Save", role="button")
    assert page.get_by_role("heading", name="Kinderopvang moeilijk bereikbaar").is_visible()
    assert page.locator(".evidence li").count() == 1
    no_violations(page)
    page.get_by_label("What happened").fill("Brief verstuurd naar de schepen.")
    page.get_by_label("New status").select_option("sent")
    click(page, "Add the note", role="button")
    assert page.locator(".status-sent").first.is_visible()
    assert page.get_by_text("Brief verstuurd naar de schepen.").is_visible()
    click(page, "Open the letter")
    assert page.get_by_role("heading", name="Signal: Kinderopvang moeilijk bereikbaar").is_visible()
    no_violations(page)


def test_a_viewer_reads_the_register_a_signal_and_its_letter(
        rounds, serve, laptop, no_violations):  # noqa: F811
    signal = signals.record_signal(rounds["network"], title="Schoolstraat", level="neighbourhood",
                                   addressed_to="Mobiliteitsdienst")
    signals.add_note(signal, utcnow().date(), "Besproken op het wijkoverleg.", "sent")
    base = serve()
    page = laptop()
    log_in(page, base, "viewer@example.org")
    page.goto(f"{base}{REGISTER}")
    no_violations(page)
    assert page.get_by_role("link", name="Record a signal").count() == 0
    click(page, "Schoolstraat")
    no_violations(page)
    assert page.get_by_text("Add a note").count() == 0
    click(page, "Open the letter")
    no_violations(page)


def test_you_said_we_did_is_written_by_a_coordinator_and_read_by_a_viewer(
        rounds, serve, laptop, no_violations):  # noqa: F811
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}{FEEDBACK}")
    no_violations(page)
    page.get_by_label("Priority or theme").select_option("play")
    page.get_by_label("What families said (Nederlands)").fill(SAID["nl"])
    page.get_by_label("What we do (Nederlands)").fill(DID["nl"])
    page.get_by_label("What families said (العربية)").fill(SAID["ar"])
    page.get_by_label("What we do (العربية)").fill(DID["ar"])
    page.get_by_label("العربية", exact=True).check()
    click(page, "Save", role="button")
    assert page.get_by_text(DID["nl"]).is_visible()
    assert page.get_by_text("(unchecked)").is_visible()
    no_violations(page)
    viewer = laptop()
    log_in(viewer, base, "viewer@example.org")
    viewer.goto(f"{base}{FEEDBACK}")
    assert viewer.get_by_text(DID["nl"]).is_visible()
    assert viewer.get_by_text("Write or change").count() == 0
    no_violations(viewer)


def test_a_family_reads_and_hears_it_on_a_tablet_in_arabic_once_the_round_is_closed(
        rounds, serve, tablet, no_violations):  # noqa: F811
    spring = rounds["spring"]
    spring.closed_at = utcnow()
    db.session.commit()
    feedback.save_feedback(spring, "play", SAID, DID, ["ar"], TOPIC_LABELS)
    base = serve()
    page = tablet(PORTRAIT)
    page.goto(f"{base}/s/voorjaar-opex")
    click(page, "العربية")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.get_by_text(DID["ar"]).is_visible()
    no_violations(page)
    page.locator(".did .speak").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and DID["ar"] in spoken[0]["text"] and spoken[0]["lang"] == "ar"
    page.screenshot(path="/tmp/said-we-did-ar.png", full_page=True)
    still = tablet(PORTRAIT, javascript=False)  # no JavaScript: the text is all there
    still.goto(f"{base}/s/voorjaar-opex?lang=ar")
    assert still.get_by_text(SAID["ar"]).is_visible() and still.get_by_text(DID["ar"]).is_visible()
    # (axe-core runs as a script: the page with JavaScript above is the one it checks)
