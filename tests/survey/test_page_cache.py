"""Question screens are rendered once per link, version, language and answers on the screen
(``web.cache``): each family still gets its own form token, its own answers back, and nothing
another family typed."""

import re

import pytest

from participatie.extensions import db
from participatie.services.voices import save_voice
from tests.survey.conftest import Family


@pytest.fixture
def link(make_link):
    return make_link("test")


def tokens(html: str) -> list[str]:
    return re.findall(r'name="csrf_token" value="([^"]+)"', html)


def test_two_families_see_the_same_screen_each_with_the_token_of_their_own_session(
        link, app):
    first, second = Family(app.test_client()), Family(app.test_client())
    first.start()
    second.start()
    assert first.question_key() == second.question_key() == "transport"
    [mine], [theirs] = tokens(first.html), tokens(second.html)
    assert mine != theirs
    # Each token works only in its own session: the second family answers with its own.
    assert first.html.replace(mine, "") == second.html.replace(theirs, "")
    second.answer("bus")
    assert second.question_key() == "ages"
    first.answer("walk")
    assert first.question_key() == "ages"


def test_going_back_shows_this_familys_own_answer_not_the_last_one_rendered(link, app):
    first, second = Family(app.test_client()), Family(app.test_client())
    for family, choice in ((first, "walk"), (second, "bus")):
        family.start()
        family.answer(choice)
    first.answer(["0-2"], action="back")
    assert first.shown_value("transport") == ["walk"]
    second.answer(["6-9"], action="back")
    assert second.shown_value("transport") == ["bus"]


def test_words_one_family_typed_are_never_shown_to_another(link, app):
    first, second = Family(app.test_client()), Family(app.test_client())
    answers = [("transport", "walk"), ("ages", ["0-2"]), ("happy", "4"), ("childcare", "no"),
               ("children", "2")]
    for family in (first, second):
        family.start()
        for key, value in answers:
            family.answer(value, key=key)
        assert family.question_key() == "wish"
    first.answer("Zebrapad aan school")
    first.open("/s/test/q/wish")
    assert "Zebrapad aan school" in first.html
    second.open("/s/test/q/wish")
    assert "zebrapad" not in second.html


def test_a_new_recording_reaches_the_screen_that_was_rendered_before(link, app, family):
    family.start()
    assert "/voices/nl/" not in family.html
    with app.test_request_context():
        text = re.search(r'<h1 id="question-text">([^<]+)</h1>', family.html).group(1)
        save_voice("nl", text, b"RIFF....WAVEfmt ")
        db.session.commit()
    family.open(family.page.request.path)
    assert "/voices/nl/" in family.html
