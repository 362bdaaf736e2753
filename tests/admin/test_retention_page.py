"""The admin page on retention: what will be removed when, and the months a network keeps."""

from datetime import date

from participatie.extensions import db
from participatie.services.retention import months_kept
from tests.conftest import csrf_token, log_in
from tests.dashboard.conftest import *  # noqa: F403 (the rounds and respond fixtures)

URL = "/admin/networks/oostende/retention/"


def test_the_page_shows_when_each_round_loses_its_answers_and_saves_the_months(
        english_client, rounds, respond):
    respond("najaar", "opex", count=3)
    rounds["autumn"].closes_on = date(2026, 1, 31)
    db.session.commit()
    client = english_client()
    log_in(client, "coordinator@example.org")
    page = client.get(URL).get_data(as_text=True)
    assert "Najaar" in page and "Jan 31, 2028" in page  # 24 months after it closed
    assert "the round is still open" in page  # the spring round
    refused = client.post(URL, data={"months": "0", "csrf_token": csrf_token(client, URL)})
    assert refused.status_code == 200 and months_kept(rounds["network"]) == 24
    client.post(URL, data={"months": "6", "csrf_token": csrf_token(client, URL)})
    assert months_kept(rounds["network"]) == 6
    assert "Jul 31, 2026" in client.get(URL).get_data(as_text=True)


def test_a_round_whose_time_is_up_can_be_removed_now_as_a_job(app, english_client, rounds,
                                                               respond):
    from sqlalchemy import select

    from participatie.models import AuditEntry, PurgedRound

    respond("najaar", "opex", count=3)
    rounds["autumn"].closes_on = date(2020, 1, 31)
    db.session.commit()
    client = english_client()
    log_in(client, "coordinator@example.org")
    page = client.get(URL).get_data(as_text=True)
    assert page.count('aria-label="Remove now: ') == 1  # the spring round is still open
    remove = f"{URL}najaar/remove"
    app.config["THEMES_RUNNER"] = "inline"  # the job runs at once (the queue's own test: PG)
    done = client.post(remove, data={"csrf_token": csrf_token(client, URL)},
                       follow_redirects=True)
    assert "The answers of Najaar are being removed" in done.get_data(as_text=True)
    assert db.session.get(PurgedRound, rounds["autumn"].id) is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "purge"))
    assert entry.user_id is not None and entry.round_id == rounds["autumn"].id
    again = client.post(remove, data={"csrf_token": csrf_token(client, URL)},
                        follow_redirects=True)
    assert "cannot be removed yet" in again.get_data(as_text=True)
    refused = client.post(f"{URL}voorjaar/remove", data={"csrf_token": csrf_token(client, URL)},
                          follow_redirects=True)
    assert "cannot be removed yet" in refused.get_data(as_text=True)
    assert db.session.get(PurgedRound, rounds["spring"].id) is None
