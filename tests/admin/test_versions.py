"""A coordinator moves a round's links to a newer published version: the same codes (and QR
codes), the new questions asked; answers a tablet finished on the older version still go in."""

import uuid

import pytest

from participatie.extensions import db
from participatie.models import Response
from participatie.services.questionnaires import find_version
from tests.conftest import csrf_token, log_in


@pytest.fixture
def old_link(world):
    side = world["own"]
    side.link.questionnaire_version = find_version("family", 2)
    db.session.commit()
    return side.link


def test_the_round_page_offers_the_newer_version_and_moves_its_links(old_link, world,
                                                                     english_client):
    client = english_client()
    log_in(client, world["users"]["coordinator"].email)
    page = f"/admin/networks/oostende/rounds/{old_link.round.key}/"
    shown = client.get(page)
    newest = find_version("family")
    assert f"version {newest.version} is published" in shown.text
    moved = client.post(f"{page}move-links", data={
        "csrf_token": csrf_token(client, page), "current": find_version("family", 2).id,
        "newest": newest.id}, follow_redirects=True)
    assert "QR code stay the same" in moved.text  # one link moved
    db.session.expire_all()
    assert old_link.code == "ooskiosk"  # the same code: printed QR codes stay good
    assert old_link.questionnaire_version.version == newest.version
    assert newest in old_link.round.questionnaire_versions


def test_links_never_move_back_or_to_another_questionnaire(old_link, world, english_client):
    client = english_client()
    log_in(client, world["users"]["coordinator"].email)
    page = f"/admin/networks/oostende/rounds/{old_link.round.key}/"
    refused = client.post(f"{page}move-links", data={
        "csrf_token": csrf_token(client, page), "current": find_version("family", 2).id,
        "newest": find_version("family", 1).id}, follow_redirects=True)
    assert "only move to a newer version" in refused.text
    db.session.expire_all()
    assert old_link.questionnaire_version.version == 2


def test_answers_finished_on_the_older_version_are_accepted_after_the_move(old_link, client):
    from participatie.services.versions import move_links

    older = old_link.questionnaire_version
    move_links(old_link.round, older.id, find_version("family").id)
    answers = valid_answers(older.questionnaire)
    body = {"id": str(uuid.uuid4()), "link": old_link.code, "language": "nl",
            "questionnaire_version": older.version, "answers": answers}
    sent = client.post("/api/v1/responses", json=body)
    assert sent.status_code == 201, sent.json
    stored = db.session.get(Response, uuid.UUID(body["id"]))
    assert stored.questionnaire_version.version == older.version
    assert old_link.questionnaire_version.version > older.version


def valid_answers(questionnaire) -> dict:
    """An answer to every question asked, the first that fits its type."""
    picks = {"single_choice": lambda q: q.options[0].key,
             "multiple_choice": lambda q: [q.options[0].key], "smiley": lambda q: 1,
             "scale": lambda q: 1, "yes_no": lambda q: False, "number": lambda q: int(q.min),
             "open_text": lambda q: "x"}
    answers: dict = {}
    for question in questionnaire.questions():
        if questionnaire.visible(question, answers):
            answers[question.key] = picks[question.type](question)
    return answers
