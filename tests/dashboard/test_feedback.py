""""You said, we did": a coordinator writes what the network does with what families said, in
the five languages; a closed round's links then show it to families in their language, and
the round's A4 poster carries it with a QR code to that page."""

import io

import pytest
from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Feedback
from participatie.models.base import utcnow
from participatie.services import feedback as service
from participatie.topics import TOPIC_LABELS
from tests.conftest import csrf_token, log_in

PAGE = "/dashboard/networks/oostende/rounds/voorjaar/feedback/"
SAID = {"nl": "Er is te weinig plaats om te spelen.", "ar": "لا يوجد مكان كافٍ للعب.",
        "fr": "Il n’y a pas assez de place pour jouer."}
DID = {"nl": "De stad legt het speelplein opnieuw aan.",
       "ar": "تعيد المدينة بناء الملعب.", "fr": "La ville réaménage la plaine de jeux."}


def shows(page, text: str) -> bool:
    return str(escape(text)) in page.get_data(as_text=True)


@pytest.fixture
def written(rounds):
    """The spring round is closed, with "you said, we did" about play (Arabic unchecked)."""
    spring = rounds["spring"]
    spring.closed_at = utcnow()
    db.session.commit()
    service.save_feedback(spring, "play", SAID, DID, ["ar"], TOPIC_LABELS)
    return rounds


def test_a_coordinator_writes_it_in_each_language_and_marks_translations_unchecked(
        rounds, coordinator):
    form = {f"said_{c}": t for c, t in SAID.items()} | {f"did_{c}": t for c, t in DID.items()}
    saved = coordinator.post(PAGE, data={**form, "topic": "play", "unchecked": ["ar", "tr"],
                                         "csrf_token": csrf_token(coordinator, PAGE)})
    assert saved.status_code == 302
    entry = db.session.scalars(select(Feedback)).one()
    assert entry.said == SAID and entry.did == DID
    assert entry.unchecked == ["ar"]  # no Turkish text: nothing to check there
    page = coordinator.get(PAGE)
    assert shows(page, DID["nl"]) and shows(page, "(unchecked)")


def test_without_dutch_nothing_is_stored(rounds, coordinator):
    saved = coordinator.post(PAGE, data={"topic": "play", "said_fr": SAID["fr"],
                                         "did_fr": DID["fr"],
                                         "csrf_token": csrf_token(coordinator, PAGE)})
    assert saved.status_code == 422 and shows(saved, "at least in Dutch")
    with pytest.raises(service.FeedbackError):
        service.save_feedback(rounds["spring"], "nowhere", SAID, DID, [], TOPIC_LABELS)
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 0


def test_a_closed_rounds_link_shows_families_what_was_done_in_their_language(written, client):
    page = client.get("/s/voorjaar-opex?lang=ar")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in body
    assert shows(page, SAID["ar"]) and shows(page, DID["ar"])
    assert 'lang="ar" dir="rtl"' in body.split("family-said")[1]
    assert 'class="speak"' in body  # read aloud, with JavaScript
    english = client.get("/s/voorjaar-opex?lang=en")  # not written in English: Dutch
    assert shows(english, DID["nl"]) and shows(english, "Not yet in your language.")


def test_an_open_round_or_one_without_it_behaves_as_before(written, client):
    assert client.get("/s/najaar-opex").status_code == 200  # the language choice
    assert not shows(client.get("/s/najaar-opex"), DID["nl"])
    service.remove_feedback(written["spring"], "play")
    assert client.get("/s/voorjaar-opex").status_code == 410  # closed, nothing to tell


def test_the_poster_is_one_a4_page_with_the_words_and_a_qr_code(written, coordinator):
    pdf = coordinator.get(f"{PAGE}poster.pdf?code=voorjaar-opex")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = " ".join(reader.pages[0].extract_text().split())
    assert SAID["nl"] in text and DID["nl"] in text and "/s/voorjaar-opex" in text
    html = coordinator.get(f"{PAGE}poster?code=voorjaar-opex")
    assert "<svg" in html.get_data(as_text=True)  # the QR code
    assert coordinator.get(f"{PAGE}poster.pdf?code=elsewhere").status_code == 404


def test_viewers_read_it_and_change_nothing(written, english_client):
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    page = viewer.get(PAGE)
    assert shows(page, DID["nl"]) and not shows(page, "Write or change")
    assert viewer.post(f"{PAGE}remove", data={"topic": "play"}).status_code in (400, 403)
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 1
