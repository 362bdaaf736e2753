"""A staff preview is bound to the one walk it started: it never swallows a family's answers.

A kiosk tablet on which someone once pressed "preview" must store every family after; the
preview ends at its last screen, at Stop, at a kiosk reset and at any visit of the real link,
and no thank-you screen says "stored" unless the response is.
"""

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Draft, Response
from tests.conftest import log_in
from tests.survey.test_flow import ANSWERS

BANNER = 'class="preview-banner"'  # "Preview: … Nothing you enter is stored."


@pytest.fixture
def link(make_link, make_user):
    link = make_link("test")
    make_user("staff@example.org", network=link.round.network, role="viewer")
    return link


@pytest.fixture
def tablet(family):
    """A shared tablet on which a staff member is logged in (set up the kiosk, then left)."""
    family.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    log_in(family.client, "staff@example.org")
    return family


def stored() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


def walk(family, lang="en", preview=False):
    """From the information screen through every question, then send."""
    page = f"/s/test/{lang}" + ("?preview=1" if preview else "")
    family.open(page)
    family.post(page)  # the form's own action
    for key, value in ANSWERS:
        assert family.question_key() == key
        family.answer(value, key=key)
    assert family.page.request.path == "/s/test/send"
    return family.post()


def preview_walk(tablet):
    tablet.open("/s/test/preview")
    assert BANNER in tablet.html
    return walk(tablet, preview=True)


def test_a_family_after_a_finished_preview_is_stored(link, tablet):
    done = preview_walk(tablet)
    assert done.request.path == "/s/test/en/preview-done"
    assert "Nothing was stored" in tablet.html and "Thank you" not in tablet.html
    assert stored() == 0

    tablet.open("/s/test")  # the next family on the kiosk
    assert BANNER not in tablet.html
    thanks = walk(tablet)
    assert thanks.request.path == "/s/test/en/thanks"
    assert "Your answers are safely stored." in tablet.html
    assert stored() == 1


def test_opening_the_real_link_ends_a_preview_left_half_way(link, tablet):
    tablet.open("/s/test/preview")
    tablet.open("/s/test/en?preview=1")  # the preview's own link to its language
    tablet.post("/s/test/en?preview=1")
    assert BANNER in tablet.html  # every preview screen says so
    tablet.answer("walk", key="transport")
    assert db.session.scalar(select(Draft.preview))

    tablet.open("/s/test")  # a family scans the poster's QR code on the same tablet
    assert BANNER not in tablet.html
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0  # preview dropped
    walk(tablet)
    assert "Your answers are safely stored." in tablet.html
    assert stored() == 1


def test_a_kiosk_reset_and_stop_end_the_preview_but_keep_staff_logged_in(link, tablet):
    tablet.open("/s/test/preview")
    tablet.open("/s/test/restart")  # the kiosk's idle reset
    assert BANNER not in tablet.html
    assert tablet.client.get("/staff/").status_code == 200

    tablet.open("/s/test/preview")
    tablet.open("/s/test/en?preview=1")
    tablet.post("/s/test/en?preview=1")
    tablet.open("/s/test/stop")
    tablet.post()  # "Yes, stop and delete"
    assert BANNER not in tablet.html
    assert tablet.client.get("/staff/").status_code == 200
    walk(tablet)
    assert stored() == 1


def test_another_language_during_a_preview_stays_a_preview(link, tablet):
    tablet.open("/s/test/preview")
    tablet.open("/s/test/en?preview=1")
    other = tablet.html.split('class="back" href="', 1)[1].split('"', 1)[0]
    tablet.open(other.replace("&amp;", "&"))
    assert BANNER in tablet.html
    walk(tablet, lang="nl", preview=True)
    assert stored() == 0


def test_no_thank_you_screen_without_a_stored_response(link, family):
    page = family.open("/s/test/nl/thanks")
    assert page.request.path == "/s/test"
    assert "Bedankt!" not in family.html


def test_a_restart_forgets_the_survey_only(link, tablet):
    tablet.open("/s/test/en")
    tablet.post()
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 1
    tablet.open("/s/test/restart")
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert tablet.client.get("/staff/").status_code == 200


def test_a_family_entering_at_the_information_screen_ends_an_abandoned_preview(link, tablet):
    tablet.open("/s/test/preview")
    language = tablet.html.split('class="card language" href="', 1)[1].split('"', 1)[0]
    tablet.open(language.replace("&amp;", "&"))
    tablet.post(language.replace("&amp;", "&"))  # the preview's draft starts
    tablet.answer("walk", key="transport")
    walk(tablet)  # a family opens /s/test/en (a link to its language) and answers
    assert "Your answers are safely stored." in tablet.html
    assert stored() == 1


def test_logging_out_ends_a_preview(link, tablet):
    tablet.open("/s/test/preview")
    tablet.open("/s/test/en?preview=1")
    tablet.post("/s/test/en?preview=1")
    tablet.open("/staff/")
    tablet.client.post("/logout", data={"csrf_token": tablet.token()})
    assert tablet.client.get("/s/test/q/ages").location == "/s/test"  # the walk is gone
    walk(tablet)
    assert stored() == 1
