"""A response is stored the same whichever way submit takes: on a driver connection of its own
when the session holds nothing (the API's requests), or in the session's transaction (a
family's draft sent, a paper form, an import)."""

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from participatie.extensions import db
from participatie.models import Answer, CollectionLink, Response
from participatie.questionnaire import parse
from participatie.services.links import ClosedLink
from participatie.services.questionnaires import find_version, store_version
from participatie.services.responses import (
    ConflictingResponse,
    InvalidSubmission,
    Submission,
    stored_answers,
    submit,
)
from tests.api.conftest import VALID_ANSWERS
from tests.conftest import read_definition


@pytest.fixture
def link(make_link):
    return make_link("test")


def idle() -> None:
    """The session as an API request finds it: nothing begun."""
    db.session.commit()
    db.session.remove()


def in_transaction() -> None:
    """The session as a family's last screen finds it: its draft read."""
    idle()
    db.session.execute(select(Response.id).limit(1))
    assert db.session().in_transaction()


def sent(**changes) -> Submission:
    fields = {"id": uuid.uuid4(), "link": "test", "language": "nl",
              "answers": dict(VALID_ANSWERS),
              "started_at": datetime(2026, 11, 25, 10, 15, tzinfo=UTC), **changes}
    return Submission(**fields)


@pytest.fixture
def inserts(app):
    """The INSERTs that go through SQLAlchemy's execution during the test."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def row_of(response_id) -> tuple:
    db.session.expire_all()
    stored = db.session.get_one(Response, response_id)
    answers = sorted((a.question_key, a.option_key, a.number, a.flag, a.text)
                     for a in db.session.scalars(select(Answer).filter_by(response=stored)))
    return (stored.link.code, stored.questionnaire_version_id, stored.language,
            stored.started_at, stored.submitted_at, stored.content_hash, stored.cells,
            answers, stored_answers(stored))


def test_a_response_is_stored_the_same_either_way(link, inserts):
    idle()
    first = submit(sent())
    assert inserts == []  # the driver's way: no statement through SQLAlchemy's execution
    in_transaction()
    second = submit(sent())
    assert inserts  # the session's way
    assert first.created and second.created
    one, other = row_of(first.id), row_of(second.id)
    assert one == other
    assert one[3] == datetime(2026, 11, 25, 10, tzinfo=UTC)  # to the hour, in UTC
    assert one[8] == VALID_ANSWERS
    assert db.session.get_one(Response, first.id).record_key >= 0


@pytest.mark.parametrize("before", [idle, in_transaction])
def test_a_repeat_is_acknowledged_and_other_content_refused_either_way(link, before):
    submission = sent()
    before()
    stored = submit(submission)
    before()
    again = submit(submission)
    assert (stored.created, again.created) == (True, False)
    assert again.stored_at == stored.stored_at
    before()
    with pytest.raises(ConflictingResponse):
        submit(sent(id=submission.id, answers={**VALID_ANSWERS, "happy": 1}))
    assert len(db.session.scalars(select(Response)).all()) == 1


@pytest.mark.parametrize("before", [idle, in_transaction])
def test_refusals_store_nothing_either_way(make_link, before):
    make_link("test")
    make_link("gone", closed=True)
    before()
    with pytest.raises(InvalidSubmission) as refused:
        submit(sent(answers={**VALID_ANSWERS, "happy": 9}))
    assert "happy" in refused.value.errors
    before()
    with pytest.raises(ClosedLink):
        submit(sent(link="gone"))
    before()
    with pytest.raises(InvalidSubmission):
        submit(sent(questionnaire_version=99))
    assert db.session.scalars(select(Response)).all() == []


def test_a_link_closed_after_this_process_read_it_takes_nothing_more(link):
    """The driver's way reads a link once per process; a link closed since (by hand, or its
    round's last day past) stores nothing, and says it is closed."""
    idle()
    assert submit(sent()).created  # read and kept by this process
    link = db.session.scalars(select(CollectionLink).filter_by(code="test")).one()
    link.closed_at = datetime.now(UTC)
    db.session.commit()
    idle()
    with pytest.raises(ClosedLink):
        submit(sent())
    link = db.session.scalars(select(CollectionLink).filter_by(code="test")).one()
    link.closed_at = None
    link.round.closes_on = date(2021, 1, 1)
    db.session.commit()
    idle()
    with pytest.raises(ClosedLink):
        submit(sent())
    assert len(db.session.scalars(select(Response)).all()) == 1


def test_a_link_moved_to_a_new_version_after_this_process_read_it_stores_against_the_new(
        link):
    """Answers are checked against the version the link collects when they are stored, not
    the one this process read before: a question the new version dropped is refused."""
    idle()
    assert submit(sent()).created
    definition = read_definition()
    definition["version"] += 1
    dropped = next(q["key"] for s in definition["sections"] for q in s["questions"]
                   if q["key"] in VALID_ANSWERS and not q.get("required", True))
    for section in definition["sections"]:
        section["questions"] = [q for q in section["questions"] if q["key"] != dropped]
    store_version(parse(definition, "moved"))
    link = db.session.scalars(select(CollectionLink).filter_by(code="test")).one()
    link.questionnaire_version = newer = find_version(definition["key"], definition["version"])
    newer_id = newer.id
    db.session.commit()
    idle()
    with pytest.raises(InvalidSubmission) as refused:
        submit(sent())
    assert dropped in refused.value.errors
    idle()
    without = {key: value for key, value in VALID_ANSWERS.items() if key != dropped}
    moved = submit(sent(answers=without))
    assert db.session.get_one(Response, moved.id).questionnaire_version_id == newer_id
