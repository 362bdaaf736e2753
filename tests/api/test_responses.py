"""POST /api/v1/responses: stored exactly once, refused in the family's language, anonymous."""

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Answer, Response
from participatie.services.responses import stored_answers
from tests.api.conftest import VALID_ANSWERS, submission


def count_responses() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


def count_answers() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


@pytest.fixture
def link(make_link):
    return make_link("test")


def test_a_new_response_is_stored_with_typed_answers(link, api):
    payload = submission(started_at="2026-11-25T10:15:00+01:00")
    response = api.post("/api/v1/responses", json=payload)
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] == payload["id"]
    assert body["stored_at"].endswith("Z")
    stored = db.session.get(Response, uuid.UUID(payload["id"]))
    assert stored.language == "nl"
    assert stored.link.code == "test"
    assert stored.started_at.isoformat() == "2026-11-25T09:00:00+00:00"  # to the hour only
    assert stored.submitted_at.minute == stored.submitted_at.second == 0
    assert stored_answers(stored) == VALID_ANSWERS
    happy = db.session.scalar(select(Answer).filter_by(response=stored, question_key="happy"))
    assert (happy.number, happy.option_key, happy.text) == (4, None, None)


def test_the_same_response_sent_again_is_answered_200_with_the_same_body(link, api):
    payload = submission()
    first = api.post("/api/v1/responses", json=payload)
    again = api.post("/api/v1/responses", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert count_responses() == 1


def test_a_repeat_with_choices_in_another_order_is_the_same_content(link, api):
    payload = submission()
    api.post("/api/v1/responses", json=payload)
    payload["answers"]["ages"] = ["6-9", "0-2"]
    assert api.post("/api/v1/responses", json=payload).status_code == 200


def test_the_stored_digest_cannot_be_searched_for_the_exact_start_time(link, api):
    """The response keeps its hour only; its digest must not keep the minute either."""
    import hashlib
    import json

    payload = submission(started_at="2026-11-25T10:15:42.123+01:00")
    assert api.post("/api/v1/responses", json=payload).status_code == 201
    stored = db.session.get(Response, uuid.UUID(payload["id"]))
    for moment in ("2026-11-25T09:15:42.123000+00:00", "2026-11-25T09:00:00+00:00"):
        content = {"link": "test", "language": "nl",
                   "questionnaire_version": stored.questionnaire_version.version,
                   "started_at": moment, "answers": stored_answers(stored)}
        data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(data.encode()).hexdigest() != stored.content_hash
    # The same answers sent again from the tablet (another clock reading) are a repeat.
    payload["started_at"] = "2026-11-25T10:16:00+01:00"
    assert api.post("/api/v1/responses", json=payload).status_code == 200


def test_a_digest_stored_before_the_change_still_answers_a_repeat_with_200(link, api):
    from participatie.services.responses import Submission, clean_submission, content_hash

    payload = submission(started_at="2026-11-25T10:15:00+01:00")
    api.post("/api/v1/responses", json=payload)
    stored = db.session.get(Response, uuid.UUID(payload["id"]))
    sent = Submission(uuid.UUID(payload["id"]), "test", "nl", payload["answers"],
                      started_at=datetime(2026, 11, 25, 9, 15, tzinfo=UTC))
    answers = clean_submission(stored.questionnaire_version.questionnaire, sent)
    version = stored.questionnaire_version.version
    stored.content_hash = content_hash(sent, version, answers, legacy=True)  # as stored before
    db.session.commit()
    assert api.post("/api/v1/responses", json=payload).status_code == 200
    payload["answers"]["happy"] = 1
    assert api.post("/api/v1/responses", json=payload).status_code == 409


def test_the_server_draws_the_record_key_and_ignores_one_sent(link, api):
    payload = submission()
    payload["record_key"] = 7
    response = api.post("/api/v1/responses", json=payload)
    assert response.status_code in (201, 422)
    if response.status_code == 201:
        stored = db.session.get(Response, uuid.UUID(payload["id"]))
        assert 0 <= stored.record_key < 256
    keys = set()
    for _ in range(30):
        sent = submission()
        assert api.post("/api/v1/responses", json=sent).status_code == 201
        keys.add(db.session.get(Response, uuid.UUID(sent["id"])).record_key)
    assert len(keys) > 10  # drawn anew for each response


def test_the_same_id_with_other_content_is_409_and_changes_nothing(link, api):
    payload = submission()
    api.post("/api/v1/responses", json=payload)
    answers_before = count_answers()
    changed = {**payload, "answers": {**payload["answers"], "happy": 1}}
    response = api.post("/api/v1/responses", json=changed)
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"
    stored = db.session.get(Response, uuid.UUID(payload["id"]))
    assert stored_answers(stored)["happy"] == 4
    assert count_answers() == answers_before


def test_invalid_answers_are_422_in_the_families_language_and_nothing_is_stored(link, api):
    answers = {**VALID_ANSWERS, "happy": 9, "children": 40, "transport": "car"}
    answers.pop("ages")
    response = api.post("/api/v1/responses", json=submission(language="fr", answers=answers))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "ages": "Merci de répondre à cette question.",
        "happy": "Touchez un des visages.",
        "children": "Indiquez un nombre de 1 à 12.",
        "transport": "Choisissez une des réponses affichées.",
    }
    assert count_responses() == 0
    assert count_answers() == 0


@pytest.mark.parametrize(("language", "message"), [
    ("nl", "Beantwoord deze vraag alsjeblieft."),
    ("ar", "من فضلك أجب عن هذا السؤال."),
    ("tr", "Lütfen bu soruyu cevaplayın."),
    ("en", "Please answer this question."),
])
def test_a_missing_required_answer_is_named_in_each_language(link, api, language, message):
    answers = {k: v for k, v in VALID_ANSWERS.items() if k != "transport"}
    response = api.post("/api/v1/responses", json=submission(language=language, answers=answers))
    assert response.get_json()["errors"] == {"transport": message}


def test_a_text_over_the_limit_is_refused(link, api):
    answers = {**VALID_ANSWERS, "wish": "x" * 21}
    response = api.post("/api/v1/responses", json=submission(answers=answers))
    assert response.get_json()["errors"] == {"wish": "Gebruik hoogstens 20 tekens (nu 21)."}


def test_an_optional_question_may_stay_empty(link, api):
    answers = {k: v for k, v in VALID_ANSWERS.items() if k != "wish"}
    assert api.post("/api/v1/responses", json=submission(answers=answers)).status_code == 201


def test_a_question_not_in_the_questionnaire_is_refused(link, api):
    answers = {**VALID_ANSWERS, "shoe_size": 38}
    response = api.post("/api/v1/responses", json=submission(answers=answers))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "shoe_size": "Deze vraag staat niet in de vragenlijst."
    }


def test_a_hidden_question_is_not_required_and_its_answer_not_kept(link, api):
    answers = {**VALID_ANSWERS, "childcare": False}
    payload = submission(answers=answers)  # still carries childcare_mood, from going back
    assert api.post("/api/v1/responses", json=payload).status_code == 201
    stored = db.session.get(Response, uuid.UUID(payload["id"]))
    assert "childcare_mood" not in stored_answers(stored)
    without = {k: v for k, v in answers.items() if k != "childcare_mood"}
    assert api.post("/api/v1/responses", json=submission(answers=without)).status_code == 201


def test_a_shown_conditional_question_is_required(link, api):
    answers = {k: v for k, v in VALID_ANSWERS.items() if k != "childcare_mood"}
    response = api.post("/api/v1/responses", json=submission(answers=answers))
    assert response.get_json()["errors"] == {
        "childcare_mood": "Beantwoord deze vraag alsjeblieft."
    }


def test_the_questionnaire_version_must_be_the_links(link, api):
    ok = api.post("/api/v1/responses", json=submission(questionnaire_version=1))
    assert ok.status_code == 201
    wrong = api.post("/api/v1/responses", json=submission(questionnaire_version=2))
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == {
        "questionnaire_version": "Deze link verzamelt antwoorden op versie 1."
    }


def test_a_language_the_questionnaire_lacks_is_refused(link, api):
    response = api.post("/api/v1/responses", json=submission(language="de"))
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"language"}


def test_an_unknown_link_is_404(link, api):
    response = api.post("/api/v1/responses", json=submission(link="nope", language="ar"))
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "unknown_link", "message": "هذا الرابط غير معروف. تحقق من الرمز."
    }


def test_a_closed_link_is_410(make_link, api):
    make_link("closed", closed=True)
    response = api.post("/api/v1/responses", json=submission(link="closed"))
    assert response.status_code == 410
    assert response.get_json()["error"] == "closed_link"
    assert count_responses() == 0


def test_a_link_of_a_round_that_ended_is_410(make_link, api):
    make_link("ended", round_closes_on=date.today() - timedelta(days=2))
    assert api.post("/api/v1/responses", json=submission(link="ended")).status_code == 410


def test_a_response_stored_before_the_link_closed_is_still_acknowledged(link, api):
    payload = submission()
    api.post("/api/v1/responses", json=payload)
    link.closed_at = datetime.now(UTC)
    db.session.commit()
    assert api.post("/api/v1/responses", json=payload).status_code == 200


@pytest.mark.parametrize(("changes", "field"), [
    ({"id": "not-a-uuid"}, "id"),
    ({"id": str(uuid.uuid1())}, "id"),
    ({"link": 5}, "link"),
    ({"answers": ["bus"]}, "answers"),
    ({"questionnaire_version": "1"}, "questionnaire_version"),
    ({"started_at": "yesterday"}, "started_at"),
])
def test_a_malformed_envelope_is_422_naming_the_field(link, api, changes, field):
    response = api.post("/api/v1/responses", json=submission(**changes))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert count_responses() == 0


def test_a_body_that_is_no_json_is_400(link, api):
    response = api.post("/api/v1/responses", data="id=1", content_type="text/plain")
    assert response.status_code == 400


def test_the_same_id_sent_concurrently_is_stored_once(link, app):
    payload = submission()
    start = threading.Barrier(8)
    statuses = []

    def send():
        with app.test_client() as client:
            start.wait()
            statuses.append(client.post("/api/v1/responses", json=payload).status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    assert count_responses() == 1
    assert count_answers() == 8  # two options for "ages", one row for each other answer


@pytest.mark.parametrize(("answers", "started_at", "field"), [
    ({**VALID_ANSWERS, "children": 10**400}, None, "children"),
    (VALID_ANSWERS, "0001-01-01T00:00:00+01:00", "started_at"),
])
def test_extreme_values_are_refused_not_crashed_on(link, api, answers, started_at, field):
    payload = submission(answers=answers)
    if started_at:
        payload["started_at"] = started_at
    response = api.post("/api/v1/responses", json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_control_characters_are_taken_out_of_texts(link, api):
    payload = submission(answers={**VALID_ANSWERS, "wish": "meer\x00 groen\x07"})
    assert api.post("/api/v1/responses", json=payload).status_code == 201
    stored = db.session.get(Response, uuid.UUID(payload["id"]))
    assert stored_answers(stored)["wish"] == "meer groen"
