"""The one-page offline form, its service worker and manifest, and the answers it sends later."""

import json
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Response
from tests.conftest import log_in


@pytest.fixture
def link(make_link):
    return make_link("test")


def test_the_one_page_form_renders_every_screen_with_unique_ids(link, client):
    page = client.get("/s/test/nl/all")
    assert page.status_code == 200
    html = page.text
    for key in ("transport", "ages", "happy", "childcare", "childcare_mood", "children", "wish"):
        assert f'data-key="{key}"' in html
        assert f'id="{key}-question-text"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="transport-choice-1"' in html and 'for="transport-choice-1"' in html
    assert 'id="children-answer"' in html
    assert "/api/v1/questionnaires/" in html  # show_if and required come from the definition


def test_the_per_screen_page_keeps_its_ids(link, family):
    family.start()
    assert 'id="question-text"' in family.html and 'id="choice-1"' in family.html
    assert "-question-text" not in family.html


def test_the_service_worker_may_control_the_language_page(link, client):
    worker = client.get("/s/test/sw.js")
    assert worker.status_code == 200
    assert worker.mimetype == "text/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/s/test"
    pages = json.loads(re.search(r"var PAGES = (\[.*\]);", worker.text).group(1))
    assert "/s/test" in pages and "/s/test/nl/all" in pages and "/s/test/ar/all" in pages
    manifest = client.get("/s/test/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["start_url"] == "/s/test"


def test_a_closed_link_has_no_one_page_form(make_link, client):
    make_link("dicht", closed=True)
    assert client.get("/s/dicht/nl/all").status_code == 410
    assert client.get("/s/dicht/sw.js").status_code == 410


def test_the_staff_page_is_for_staff_of_the_network(link, client, make_user):
    assert client.get("/s/test/offline").status_code in (302, 401)
    make_user("kijker@example.org", link.round.network, "viewer")
    log_in(client, "kijker@example.org")
    page = client.get("/s/test/offline")
    assert page.status_code == 200
    assert "Prepare this tablet for offline use" in page.text or "offline" in page.text


def body(link_code="test", **extra):
    return {"id": str(uuid.uuid4()), "link": link_code, "language": "nl",
            "answers": {"transport": "walk", "ages": ["0-2"], "happy": 3, "childcare": False,
                        "children": 1}, **extra}


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


def test_answers_finished_before_the_round_closed_are_accepted_the_next_morning(make_link,
                                                                                client):
    yesterday = date.today() - timedelta(days=1)
    make_link("gisteren", round_closes_on=yesterday)
    finished = f"{yesterday.isoformat()}T12:00:00+01:00"
    sent = client.post("/api/v1/responses", json=body("gisteren", finished_at=finished))
    assert sent.status_code == 201, sent.json
    late = f"{date.today().isoformat()}T12:00:00+01:00"
    assert client.post("/api/v1/responses",
                       json=body("gisteren", finished_at=late)).status_code == 410
    assert client.post("/api/v1/responses", json=body("gisteren")).status_code == 410
    assert count() == 1


def test_a_finish_time_that_is_no_time_is_refused(link, client):
    refused = client.post("/api/v1/responses", json=body(finished_at="gisteren"))
    assert refused.status_code == 422
    assert "finished_at" in refused.json["errors"]


def test_a_queue_that_comes_a_season_late_or_after_the_purge_is_refused(make_link, client):
    """Answers finished while the round was open are taken the next morning, not months on:
    a round's figures stay as they were once it is well over, and a purged round takes none."""
    closed = date.today() - timedelta(days=30)
    make_link("vorig", round_closes_on=closed)
    finished = f"{closed.isoformat()}T12:00:00+01:00"
    assert client.post("/api/v1/responses",
                       json=body("vorig", finished_at=finished)).status_code == 410
    recent = date.today() - timedelta(days=3)
    link = make_link("recent", round_closes_on=recent)
    finished = f"{recent.isoformat()}T12:00:00+01:00"
    from participatie.models import PurgedRound

    db.session.add(PurgedRound(round_id=link.round_id))
    db.session.commit()
    assert client.post("/api/v1/responses",
                       json=body("recent", finished_at=finished)).status_code == 410
    assert count() == 0


def test_a_paper_links_code_takes_no_answers_sent_to_it(make_link, client):
    """The code printed on every paper sheet is no survey: answers sent to it would count as
    paper forms that no sheet stands for."""
    make_link("papier", mode="paper")
    assert client.get("/s/papier").status_code == 404
    assert client.post("/api/v1/responses", json=body("papier")).status_code == 404
    assert count() == 0
