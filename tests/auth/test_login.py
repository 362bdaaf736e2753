"""Logging in and out, choosing a password, one-time reset links, and the login limits."""

from contextlib import nullcontext
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from participatie.extensions import db
from participatie.models import User
from participatie.services.accounts import reset_token
from tests.conftest import PASSWORD, csrf_token, log_in


@pytest.fixture
def coordinator(app, english_client, make_user):
    return make_user("an@example.org")


def test_staff_log_in_and_come_back_where_they_were_going(client, coordinator):
    asked = client.get("/admin/")
    assert asked.status_code == 302 and asked.location == "/login?next=/admin/"
    token = csrf_token(client, asked.location)
    landed = client.post("/login?next=/admin/", data={
        "email": " AN@example.org ", "password": PASSWORD, "csrf_token": token})
    assert landed.status_code == 302 and landed.location == "/admin/"


def test_a_wrong_password_is_refused_without_telling_which_part_was_wrong(client, coordinator):
    wrong = log_in(client, "an@example.org", "not the password")
    unknown = log_in(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match" in wrong.text and "do not match" in unknown.text
    assert client.get("/staff/").status_code == 302


def test_a_login_never_leads_off_the_site(client, coordinator):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        token = csrf_token(client, "/login")  # a logout ends the session, its token too
        landed = client.post(f"/login?next={target}", data={
            "email": "an@example.org", "password": PASSWORD, "csrf_token": token})
        assert landed.location == "/staff/", target
        client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})


def test_passwords_are_stored_as_argon2id_hashes(coordinator):
    stored = db.session.get(User, coordinator.id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)


def test_logging_out_ends_the_session(client, coordinator):
    log_in(client, "an@example.org")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert client.get("/staff/").status_code == 302


def test_a_cookie_saved_before_logging_out_opens_nothing_afterwards(app, english_client,
                                                                    coordinator):
    """ASVS 3.3.1: the session ends on the server, not only in the browser that logged out."""
    browser, thief = english_client(), english_client()
    log_in(browser, "an@example.org")
    saved = browser.get_cookie("session").value
    thief.set_cookie("session", saved)
    assert thief.get("/staff/").status_code == 200  # the stolen cookie works while logged in
    browser.post("/logout", data={"csrf_token": csrf_token(browser, "/staff/")})
    assert thief.get("/staff/").status_code == 302
    assert thief.get("/admin/").status_code == 302


def test_a_session_expires_on_the_server(app, client, coordinator):
    from participatie.models import StaffSession

    log_in(client, "an@example.org")
    for found in db.session.scalars(select(StaffSession)):
        found.created_at -= timedelta(hours=13)
    db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_a_reset_link_ends_every_other_session(app, english_client, client, coordinator):
    log_in(client, "an@example.org")
    url = f"/reset/{reset_token(coordinator)}"
    other = english_client()
    other.post(url, data={"password": "mijn eerste lange zin", "repeat": "mijn eerste lange zin",
                          "csrf_token": csrf_token(other, url)})
    assert other.get("/staff/").status_code == 200
    assert client.get("/staff/").status_code == 302


def test_leaving_a_network_ends_the_sessions(app, english_client, make_user):
    from participatie.models import Network
    from participatie.services.accounts import revoke_role

    network = Network(key="oostende", name="Oostende")
    db.session.add(network)
    make_user("lead@example.org", network)
    member = make_user("member@example.org", network, role="viewer")
    browser = english_client()
    log_in(browser, "member@example.org")
    assert browser.get("/dashboard/").status_code == 200
    revoke_role(member, network)
    assert browser.get("/dashboard/").status_code == 302


@pytest.mark.parametrize("target", ["/%0D%0AX-Injected:%201", "/%0AX", "/\\evil.example/",
                                    "/%09/evil.example"])
def test_a_next_page_with_control_characters_goes_home(client, coordinator, target):
    log_in(client, "an@example.org")
    landed = client.get(f"/login?next={target}")
    assert landed.status_code == 302 and landed.location == "/staff/"
    assert "X-Injected" not in landed.headers


def test_a_deactivated_account_cannot_log_in(client, coordinator):
    coordinator.active = False
    db.session.commit()
    assert log_in(client, "an@example.org").status_code == 401


def test_failed_logins_are_limited_per_account(app, english_client, client, coordinator):
    for _ in range(5):
        assert log_in(client, "an@example.org", "guess").status_code == 401
    # A browser that never logged in to this account waits, even with the right password: the
    # account is being guessed at. It is told how long, and nothing sleeps.
    other = english_client()
    refused = log_in(other, "an@example.org")
    assert refused.status_code == 429 and "Try again in 15 minutes" in refused.text
    assert 890 <= int(refused.headers["Retry-After"]) <= 900
    assert "where you logged in before" in refused.text


def test_a_browser_that_logged_in_before_is_not_locked_out(app, english_client, coordinator):
    laptop, attacker = english_client(), english_client()
    assert log_in(laptop, "an@example.org").status_code == 302
    laptop.post("/logout", data={"csrf_token": csrf_token(laptop, "/staff/")})
    for _ in range(8):
        log_in(attacker, "an@example.org", "guess")
    assert log_in(attacker, "an@example.org").status_code == 429
    # The device cookie of the earlier good login: the right password still works here …
    assert log_in(laptop, "an@example.org").status_code == 302
    laptop.post("/logout", data={"csrf_token": csrf_token(laptop, "/staff/")})
    # … and this browser's own failures are counted on their own, with the same limit.
    for _ in range(5):
        assert log_in(laptop, "an@example.org", "guess").status_code == 401
    assert log_in(laptop, "an@example.org").status_code == 429


def test_a_device_cookie_of_another_account_or_forged_counts_for_nothing(
        app, english_client, make_user):
    make_user("an@example.org")
    make_user("bo@example.org")
    browser = english_client()
    assert log_in(browser, "bo@example.org").status_code == 302
    browser.post("/logout", data={"csrf_token": csrf_token(browser, "/staff/")})
    for _ in range(5):
        log_in(english_client(), "an@example.org", "guess")
    assert log_in(browser, "an@example.org").status_code == 429  # a cookie of bo's
    forged = english_client()
    forged.set_cookie("participatie_device", "e30.forged.signature", path="/login")
    assert log_in(forged, "an@example.org").status_code == 429


def test_failed_logins_are_counted_once_for_every_worker(app, another_app, english_client,
                                                         coordinator):
    """Two app processes (workers, or machines) share the count: it is in the database."""
    other_worker = another_app()
    first, second = english_client(), other_worker.test_client()
    second.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    got = []
    for n in range(10):
        browser = first if n % 2 else second
        with other_worker.app_context() if browser is second else nullcontext():
            got.append(log_in(browser, "an@example.org", "guess").status_code)
    assert got == [401] * 5 + [429] * 5


def test_failed_logins_are_limited_per_address(app, english_client, client, make_user):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    make_user("else@example.org")
    for n in range(3):
        assert log_in(client, f"guess{n}@example.org", "guess").status_code == 401
    assert log_in(client, "else@example.org").status_code == 429


def test_failures_are_kept_as_keyed_hashes_that_expire(app, client, coordinator):
    from participatie.models import LoginFailure

    log_in(client, "an@example.org", "guess")
    rows = db.session.scalars(select(LoginFailure)).all()
    assert len(rows) == 2  # the account's and the address's
    for row in rows:
        assert len(row.key) == 64 and "example" not in row.key and "127.0.0.1" not in row.key
        row.at -= timedelta(minutes=16)
    db.session.commit()
    log_in(client, "an@example.org", "guess")
    assert len(db.session.scalars(select(LoginFailure)).all()) == 2  # the old ones are gone


def test_successful_logins_do_not_count_against_the_limit(client, coordinator):
    for _ in range(8):
        assert log_in(client, "an@example.org").status_code == 302
        client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})


def test_changing_your_password_ends_your_other_sessions(app, english_client, client, coordinator):
    laptop, phone = client, english_client()
    log_in(laptop, "an@example.org")
    log_in(phone, "an@example.org")
    changed = laptop.post("/account/password", data={
        "current": PASSWORD, "password": "een nieuwe lange zin", "repeat": "een nieuwe lange zin",
        "csrf_token": csrf_token(laptop, "/account/password")})
    assert changed.status_code == 302
    assert laptop.get("/staff/").status_code == 200
    assert phone.get("/staff/").status_code == 302  # logged out
    assert log_in(english_client(), "an@example.org", "een nieuwe lange zin").status_code == 302


@pytest.mark.parametrize(("password", "repeat", "message"), [
    ("kort", "kort", "at least 10 characters"),
    ("wachtwoord123", "wachtwoord123", "too easy to guess"),
    ("aaaaaaaaaaaa", "aaaaaaaaaaaa", "too easy to guess"),
    ("an@example.org!!", "an@example.org!!", "e-mail address"),
    ("een lange zin hier", "een andere zin", "differ"),
])
def test_a_weak_or_mistyped_new_password_is_refused(client, coordinator, password, repeat,
                                                      message):
    log_in(client, "an@example.org")
    before = coordinator.password_hash
    page = client.post("/account/password", data={
        "current": PASSWORD, "password": password, "repeat": repeat,
        "csrf_token": csrf_token(client, "/account/password")})
    assert page.status_code == 200 and message in page.text
    db.session.refresh(coordinator)
    assert coordinator.password_hash == before


def test_the_current_password_is_needed_to_change_it(client, coordinator):
    log_in(client, "an@example.org")
    page = client.post("/account/password", data={
        "current": "wrong", "password": "een nieuwe lange zin", "repeat": "een nieuwe lange zin",
        "csrf_token": csrf_token(client, "/account/password")})
    assert "not your current password" in page.text


def test_a_reset_link_sets_a_first_password_once(app, english_client, client):
    from participatie.services.accounts import create_user

    newcomer = create_user("new@example.org")
    assert newcomer.password_hash is None
    url = f"/reset/{reset_token(newcomer)}"
    form = client.get(url)
    assert form.status_code == 200 and "new@example.org" in form.text
    chosen = client.post(url, data={"password": "mijn eerste lange zin",
                                    "repeat": "mijn eerste lange zin",
                                    "csrf_token": csrf_token(client, url)})
    assert chosen.status_code == 302 and client.get("/staff/").status_code == 200
    again = english_client().get(url)
    assert again.status_code == 410 and "no longer works" in again.text


def test_a_reset_link_expires_and_cannot_be_forged(app, english_client, client, coordinator):
    url = f"/reset/{reset_token(coordinator)}"
    app.config["RESET_LINK_HOURS"] = -1
    assert client.get(url).status_code == 410
    app.config["RESET_LINK_HOURS"] = 72
    assert client.get(url).status_code == 200
    assert client.get(url[:-3] + "abc").status_code == 410
