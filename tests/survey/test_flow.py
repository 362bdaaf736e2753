"""The family survey without JavaScript: every screen is a plain HTML form."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Draft, Response
from participatie.services.drafts import purge_stale_drafts
from participatie.services.responses import stored_answers
from tests.conftest import read_definition

ANSWERS = [  # (question key, form value(s)) in the order of all_types.yaml
    ("transport", "walk"),
    ("ages", ["0-2", "6-9"]),
    ("happy", "4"),
    ("childcare", "yes"),
    ("childcare_mood", "3"),
    ("children", "2"),
    ("wish", "Een zebrapad"),
]


@pytest.fixture
def link(make_link):
    return make_link("test")


def responses():
    db.session.expire_all()
    return db.session.scalars(select(Response)).all()


def go_through(family, answers=ANSWERS, lang="nl", send=True):
    family.start(lang=lang)
    for key, value in answers:
        assert family.question_key() == key
        family.answer(value, key=key)
    assert family.page.request.path == "/s/test/send"
    return family.post() if send else family.page


def test_a_family_completes_the_survey_and_it_is_stored_once(link, family):
    thanks = go_through(family)
    assert thanks.request.path == "/s/test/nl/thanks"
    assert "Bedankt!" in family.html
    [response] = responses()
    assert response.language == "nl"
    assert stored_answers(response) == {
        "transport": "walk", "ages": ["0-2", "6-9"], "happy": 4, "childcare": True,
        "childcare_mood": 3, "children": 2, "wish": "Een zebrapad",
    }
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_the_language_choice_shows_each_language_in_its_own_name(link, family):
    family.open("/s/test")
    for name in ("Nederlands", "Français", "English", "العربية", "Türkçe"):
        assert name in family.html
    assert 'lang="ar" dir="rtl"' in family.html


def test_arabic_pages_are_right_to_left(link, family):
    family.start(lang="ar")
    assert '<html lang="ar" dir="rtl">' in family.html
    assert "السؤال 1 من 6" in family.html  # the conditional question is not counted yet


def test_a_missing_answer_shows_the_same_screen_with_the_error_in_the_familys_language(
        link, family):
    family.start(lang="tr")
    page = family.answer(key="transport")
    assert page.status_code == 422
    assert family.question_key() == "transport"
    assert "Lütfen bu soruyu cevaplayın." in family.html
    assert responses() == []


@pytest.mark.parametrize(("steps", "value", "message"), [
    (0, "car", "Choisissez une des réponses affichées."),
    (5, "40", "Indiquez un nombre de 1 à 12."),
    (5, "deux", "Indiquez un nombre."),
    (6, "x" * 21, "Utilisez au maximum 20 caractères (actuellement 21)."),
])
def test_a_wrong_answer_is_refused_on_its_own_screen(link, family, steps, value, message):
    family.start(lang="fr")
    for key, answer in ANSWERS[:steps]:
        family.answer(answer, key=key)
    key = ANSWERS[steps][0]
    page = family.answer(value, key=key)
    assert (page.status_code, family.question_key()) == (422, key)
    assert message in family.html
    assert 'aria-describedby="question-error"' in family.html


def test_a_decimal_comma_is_read_as_typed_on_a_belgian_tablet(make_link, family):
    definition = read_definition()
    definition["sections"][0]["questions"][5].update(integer=False, min=0, max=10)
    make_link("test", definition=definition)
    family.start()
    for key, answer in ANSWERS[:5]:
        family.answer(answer, key=key)
    family.answer("2,5", key="children")
    assert family.question_key() == "wish"
    assert db.session.scalar(select(Draft)).answers["children"] == 2.5


def test_whole_numbers_are_asked_where_children_are_counted(link, family):
    family.start()
    for key, answer in ANSWERS[:5]:
        family.answer(answer, key=key)
    page = family.answer("2,5", key="children")
    assert page.status_code == 422 and "Vul een getal in." in family.html


def test_a_tampered_smiley_value_is_an_error_not_a_crash(link, family):
    family.start()
    family.answer("walk", key="transport")
    family.answer(["0-2"], key="ages")
    page = family.answer("²", key="happy")
    assert page.status_code == 422 and "Tik op een van de gezichtjes." in family.html


def test_back_from_the_first_question_and_start_again_keeps_the_answers(link, family):
    family.start()
    family.answer("walk", key="transport")
    family.answer(action="back", key="ages")
    family.answer(action="back", key="transport")
    assert family.page.request.path == "/s/test/nl"
    family.post()  # "Start" again
    assert 'value="walk" checked' in family.html
    family.open("/s/test/fr")
    family.post()  # another language: same answers, French texts
    assert 'value="walk" checked' in family.html and "Comment venez-vous ?" in family.html


def test_going_back_shows_the_answer_and_changing_it_sticks(link, family):
    family.start()
    family.answer("walk", key="transport")
    family.answer(["0-2"], key="ages")
    family.answer(None, action="back", key="happy")
    assert family.question_key() == "ages"
    family.answer(None, action="back", key="ages")
    assert family.question_key() == "transport"
    assert 'value="walk" checked' in family.html
    family.answer("bus", key="transport")
    assert family.question_key() == "ages"
    assert 'value="0-2" checked' in family.html
    draft = db.session.scalar(select(Draft))
    assert draft.answers == {"transport": "bus", "ages": ["0-2"]}


def test_a_condition_skips_the_question_that_does_not_apply(link, family):
    answers = [a for a in ANSWERS if a[0] != "childcare_mood"]
    answers[3] = ("childcare", "no")
    go_through(family, answers)
    assert "childcare_mood" not in stored_answers(responses()[0])


def test_a_double_tap_on_send_stores_once(link, family):
    go_through(family, send=False)
    form = {"csrf_token": family.token()}
    first = family.client.post("/s/test/send", data=form)
    second = family.client.post("/s/test/send", data=form)  # before the redirect is followed
    assert first.headers["Location"] == second.headers["Location"] == "/s/test/nl/thanks"
    assert len(responses()) == 1


def test_nothing_of_the_answers_rides_in_the_cookie(link, family):
    family.start()
    family.answer("walk", key="transport")
    serializer = SecureCookieSessionInterface().get_signing_serializer(family.client.application)
    session = serializer.loads(family.client.get_cookie("session").value)
    assert set(session) <= {"draft", "language", "csrf_token"}
    assert "walk" not in str(session)


def test_survey_pages_are_never_cached(link, family):
    family.start()
    assert family.page.headers["Cache-Control"] == "no-store"


def test_stopping_deletes_the_draft_and_returns_to_the_start(link, family):
    family.start()
    family.answer("walk", key="transport")
    family.open("/s/test/stop?back=ages")
    assert "Wil je stoppen?" in family.html
    assert 'href="/s/test/q/ages"' in family.html
    family.post()
    assert family.page.request.path == "/s/test"
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert family.open("/s/test/q/transport").request.path == "/s/test"


def test_a_draft_not_sent_within_a_day_is_deleted(link, family):
    family.start()
    family.answer("walk", key="transport")
    assert purge_stale_drafts(datetime.now(UTC) + timedelta(hours=23)) == 0
    assert purge_stale_drafts(datetime.now(UTC) + timedelta(hours=25)) == 1
    assert family.open("/s/test/q/ages").request.path == "/s/test"


def test_an_unknown_link_is_a_friendly_404_in_every_language(link, family):
    page = family.open("/s/nope")
    assert page.status_code == 404
    for text in ("Deze link kennen we niet", "Nous ne connaissons pas ce lien",
                 "لا نعرف هذا الرابط"):
        assert text in family.html


def test_a_closed_link_is_a_friendly_410(make_link, family):
    make_link("closed", closed=True)
    page = family.open("/s/closed")
    assert page.status_code == 410
    assert "Deze bevraging is afgesloten" in family.html


def test_a_tampered_form_token_asks_to_start_again_and_stores_nothing(link, family):
    family.start()
    page = family.client.post("/s/test/q/transport",
                              data={"csrf_token": "tampered", "transport": "walk"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Begin opnieuw" in html
    assert 'href="/s/test/q/transport"' in html  # the same screen again, answers kept
    assert db.session.scalar(select(Draft)).answers == {}


def test_a_recorded_question_plays_its_audio_file(make_link, family, app, tmp_path):
    audio = tmp_path / "audio"
    audio.mkdir()
    (audio / "transport-nl.mp3").write_bytes(b"ID3 recorded voice")
    app.config["QUESTIONNAIRES_PATH"] = str(tmp_path)
    definition = read_definition()
    definition["sections"][0]["questions"][0]["audio"] = {"nl": "transport-nl.mp3"}
    make_link("test", definition=definition)
    family.start()
    assert 'data-audio="/audio/transport-nl.mp3"' in family.html
    with family.client.get("/audio/transport-nl.mp3") as played:
        assert played.data == b"ID3 recorded voice"
    (tmp_path / "secret.txt").write_text("not for families")
    for path in ("/audio/../secret.txt", "/audio/%2E%2E/secret.txt"):
        assert family.client.get(path).status_code == 404


def test_the_next_family_at_a_kiosk_starts_empty(link, family):
    """A family answered two questions and left; the tab was closed. The next family opens the
    link again (its QR code, the tablet's home-screen icon) and sees none of those answers."""
    family.start(lang="ar")
    family.answer("walk", key="transport")
    family.answer(["0-2"], key="ages")
    family.open("/s/test")  # a new family: the link's first screen
    family.start(lang="nl")
    assert family.question_key() == "transport" and "checked" not in family.html
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 1  # theirs only


def test_the_same_family_choosing_another_language_keeps_its_answers(link, family):
    family.start()
    family.answer("walk", key="transport")
    family.answer(action="back", key="ages")
    family.answer(action="back", key="transport")
    other = re.search(r'href="(/s/test\?other=1)"', family.html).group(1)  # "Other language"
    family.open(other)
    family.start(lang="tr")
    assert 'value="walk" checked' in family.html


def test_a_family_at_home_finds_its_answers_when_it_opens_its_link_again(make_link, family):
    make_link("thuis", mode="personal")
    family.start(code="thuis")
    family.answer("walk", key="transport")
    family.open("/s/thuis")
    family.start(code="thuis")
    assert 'value="walk" checked' in family.html


def test_a_family_whose_thank_you_got_lost_on_the_way_is_thanked_not_asked_again(
        link, family):
    """The answers reached the server, its answer did not reach the tablet (the Wi-Fi at the
    school gate): going back to the send screen, or to a question, says thank you."""
    go_through(family, send=False)
    send = family.page.request.path
    token = family.token()
    family.client.post(send, data={"csrf_token": token})  # stored; the answer is lost
    assert len(responses()) == 1
    family.open(send)  # back, or the page loaded again
    assert family.page.request.path == "/s/test/nl/thanks" and "Bedankt!" in family.html
    assert len(responses()) == 1


def test_line_breaks_count_as_the_browser_counts_them(link, family):
    """A browser sends each line break as two characters and counts it as one against the
    field's limit (20 here): three lines that fit the field are taken."""
    lines = "\r\n".join(["Zebrapad", "aub", "Kom op!"])  # 20 as the browser counts, 22 sent
    go_through(family, answers=[*ANSWERS[:-1], ("wish", lines)])
    [response] = responses()
    assert stored_answers(response)["wish"] == lines.replace("\r\n", "\n")


def test_digits_of_an_arabic_keyboard_are_numbers(link, family):
    """An Arabic keyboard types ٣ for 3 (and ٢٫٥ for 2.5): the number is taken, not refused."""
    answers = [(key, "٣" if key == "children" else value) for key, value in ANSWERS]
    go_through(family, answers=answers, lang="ar")
    [response] = responses()
    assert stored_answers(response)["children"] == 3
