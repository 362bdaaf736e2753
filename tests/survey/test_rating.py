"""A neighbourhood rating in the family room: one tap on the 1–7 scale and the optional
comments on the same screen, without JavaScript."""

from sqlalchemy import select

from participatie.extensions import db
from participatie.models import Response
from participatie.services.responses import stored_answers
from tests.conftest import read_definition
from tests.questionnaire.test_scale import RATING


def test_a_rating_and_its_comments_are_answered_on_one_screen(make_link, family):
    make_link("rate", definition=read_definition(RATING))
    page = family.start("rate")
    assert page.request.path == "/s/rate/q/moving"
    html = family.html
    assert html.count('type="radio"') == 7
    assert "1 = veel kan beter" in html and "7 = weinig kan beter" in html
    assert 'name="moving_good"' in html and 'name="moving_better"' in html
    family.post(data={"action": "next", "moving": "5", "moving_good": "Brede stoepen",
                      "moving_better": ""})
    assert family.page.request.path == "/s/rate/q/play"
    family.post(data={"action": "next", "play": "2"})
    family.post(data={"action": "next", "priorities": "play"})
    family.post()  # send
    [response] = db.session.scalars(select(Response)).all()
    assert stored_answers(response) == {"moving": 5, "moving_good": "Brede stoepen", "play": 2,
                                        "priorities": ["play"]}


def test_a_too_long_comment_is_refused_on_the_same_screen_and_nothing_is_lost(make_link, family):
    make_link("rate", definition=read_definition(RATING))
    family.start("rate")
    page = family.post(data={"action": "next", "moving": "6",
                             "moving_good": "Een heel lange zin van meer dan dertig tekens"})
    assert page.status_code == 422
    assert "Gebruik hoogstens 30 tekens (nu 45)" in family.html
    assert 'value="6" checked' in family.html  # the rating is kept
    assert "Een heel lange zin" in family.html  # and so is what was typed


def test_the_rating_is_required_but_its_comments_are_not(make_link, family):
    make_link("rate", definition=read_definition(RATING))
    family.start("rate")
    page = family.post(data={"action": "next", "moving_good": "Fijn"})
    assert page.status_code == 422 and "Fijn" in family.html


def test_a_screen_with_its_comments_is_written_once(make_link, family):
    """Issue 15: the rating and its two comments were three writes (one commit per field)."""
    from sqlalchemy import event

    make_link("rate", definition=read_definition(RATING))
    family.start("rate")
    writes: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("UPDATE DRAFT", "INSERT INTO DRAFT")):
            writes.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        family.post(data={"action": "next", "moving": "5", "moving_good": "Brede stoepen",
                          "moving_better": "Meer zebrapaden"})
        assert family.page.request.path == "/s/rate/q/play"
        assert len(writes) == 1
        family.post(data={"action": "back"})  # back to the rating: nothing new, nothing written
        assert family.page.request.path == "/s/rate/q/moving"
        assert len(writes) == 1
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    family.post(data={"action": "next", "moving": "5", "moving_good": "Brede stoepen",
                      "moving_better": "Meer zebrapaden"})
    family.post(data={"action": "next", "play": "2"})
    family.post(data={"action": "next", "priorities": "play"})
    family.post()  # send
    [response] = db.session.scalars(select(Response)).all()
    assert stored_answers(response)["moving_better"] == "Meer zebrapaden"
