"""A family's session cookie is verified once per process and then found again
(security.VerifiedCookies), and a form token is signed once per session token
(security.SignedTokens): neither may let through what Flask and Flask-WTF would refuse."""

import time

import pytest

from tests.survey.conftest import Family


@pytest.fixture
def link(make_link):
    return make_link("test")


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def walking(client) -> bool:
    """Whether the client's session still holds its draft (the question page, not the start)."""
    return client.get("/s/test/q/transport").status_code == 200


def test_a_cookie_seen_before_still_verifies_and_a_changed_one_does_not(link, app):
    family = Family(app.test_client())
    family.start()
    cookie = cookie_of(family.client)
    assert walking(family.client) and walking(family.client)  # verified, then found again
    forged = app.test_client()
    body, signature = cookie.rsplit(".", 1)
    # The first character: all six of its bits are the signature's (the last one's low bits
    # are padding, which base64 decoding ignores).
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    forged.set_cookie("session", f"{body}.{flipped}")
    assert not walking(forged)
    forged.set_cookie("session", cookie)  # the real cookie, from another browser: as Flask does
    assert walking(forged)


def test_a_cookie_seen_before_expires_with_the_sessions_lifetime(link, app, monkeypatch):
    family = Family(app.test_client())
    family.start()
    assert walking(family.client)
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert not walking(family.client)


def test_a_new_secret_key_refuses_the_cookies_verified_with_the_old_one(link, app):
    family = Family(app.test_client())
    family.start()
    assert walking(family.client)
    app.secret_key = "another secret key, after a leak"
    assert not walking(family.client)


def test_a_form_token_is_the_same_on_each_screen_and_still_checked(link, app):
    family = Family(app.test_client())
    family.start()
    first = family.token()
    family.open("/s/test/q/transport")
    assert family.token() == first  # signed once for this session
    other = Family(app.test_client())
    other.start()
    assert other.token() != first
    refused = other.client.post("/s/test/q/transport",
                                data={"csrf_token": first, "transport": "bus"})
    assert refused.status_code == 400  # another session's token: refused, nothing kept
    other.open("/s/test/q/transport")
    assert other.shown_value("transport") == ""
    family.answer("bus")
    assert family.question_key() == "ages"
