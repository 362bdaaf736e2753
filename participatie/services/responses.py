"""Storing a response exactly once: the one path for the API, the family pages and paper entry."""

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from flask import g, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from analysis import disclosure

from ..database import DriverStatement, checkpoints, session_is_idle, write_turn
from ..extensions import db
from ..i18n import locale_of
from ..models import Answer, AnswerEmbedding, Coding, CollectionLink, Response, Round
from ..models.base import to_the_hour
from ..questionnaire import AnswerError, Questionnaire
from .cells import cells_of
from .kept import forget_states
from .links import (
    LINK_TABLES,
    STILL_COLLECTING,
    LinkError,
    LinkRef,
    VersionRef,
    collecting_values,
    open_link,
    open_link_at,
    open_link_ref,
    seen_links,
)
from .versions import answered_version

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    id: uuid.UUID
    link: str
    language: str
    answers: dict[str, Any]
    questionnaire_version: int | None = None
    started_at: datetime | None = None
    # When a tablet finished the answers (offline, they may be sent the next morning): a response
    # finished before its round closed is accepted after the close.
    finished_at: datetime | None = None


@dataclass(frozen=True)
class Receipt:
    id: uuid.UUID
    stored_at: datetime
    created: bool


@dataclass
class InvalidSubmission(Exception):
    """Answers or fields refused; ``errors`` maps each key to a message in the family's language."""

    errors: dict[str, str] = field(default_factory=dict)


class ConflictingResponse(Exception):
    """The response id is stored already, with other content."""


def submit(submission: Submission) -> Receipt:
    """Store ``submission`` once. A repeat of the same content returns the first receipt.

    One transaction of three statements on the way of a new response: the link (its round's
    dates and its version, as plain columns), the response, its answers in one multi-row
    insert; then the commit. The id is looked up only when that way is refused (a repeat, a
    closed link, answers refused): a new response never waits for a look-up, and never writes
    a row that other families' responses write too (a round's figures notice a new response
    by their count). When the session holds no transaction (the API), the response and its
    answers are written on a pooled driver connection of their own, the link read once per
    process and checked by the response's INSERT itself (:func:`_submit_on_driver`)."""
    if submission.finished_at is None and session_is_idle():
        receipt = _submit_on_driver(submission)
        if receipt is not None:
            return receipt
    try:
        link = _target(submission)
        version = link.questionnaire_version
        answers = clean_submission(version.questionnaire, submission)
    except (LinkError, InvalidSubmission):
        existing = db.session.get(Response, submission.id)
        if existing is None:
            raise
        return _repeat(existing, submission)  # the link closed since, or other content
    submitted_at = to_the_hour(datetime.now(UTC))
    rows = _answer_rows(submission.id, version.questionnaire, answers)
    # Core statements on the session's own connection and transaction: the ORM's execution
    # layer has nothing to do for two inserts of plain rows.
    connection = db.session.connection()
    try:
        connection.execute(_INSERT_RESPONSE, _response_row(
            submission, link, answers, rows, submitted_at))
        if rows:
            connection.execute(_INSERT_ANSWER, rows)
        db.session.commit()
    except IntegrityError:
        # The same id is stored already (a resend, or another request a moment ago).
        db.session.rollback()
        existing = db.session.get(Response, submission.id)
        if existing is None:
            raise
        return _repeat(existing, submission)
    # No id: beside the log line's exact time it would undo the hour-only time stored.
    log.info("stored a response for link %s", link.code)
    return Receipt(submission.id, submitted_at, created=True)


# Built once: every submission runs them.
_FROM_LINK = {"link_id": CollectionLink.__table__.c.id,
              "questionnaire_version_id": CollectionLink.__table__.c.questionnaire_version_id}
_INSERT_RESPONSE = insert(Response.__table__)
_INSERT_ANSWER = insert(Answer.__table__)
_RESPONSE_COLUMNS = ("id", "link_id", "questionnaire_version_id", "language", "started_at",
                     "submitted_at", "content_hash", "record_key", "cells")
_response = Response.__table__.c
# The response inserted only while its link still collects the version its answers were
# checked against, open today: 0 rows when the link closed or moved since it was read.
_RESPONSE_AT_OPEN_LINK = DriverStatement(_INSERT_RESPONSE.from_select(
    _RESPONSE_COLUMNS,
    select(*[bindparam(name, type_=_response[name].type) if name not in _FROM_LINK
             else _FROM_LINK[name] for name in _RESPONSE_COLUMNS])
    .select_from(LINK_TABLES).where(*STILL_COLLECTING)))
_ANSWER_ON_DRIVER = DriverStatement(_INSERT_ANSWER, (
    "response_id", "question_key", "option_key", "number", "flag", "text"))


def _response_row(submission: Submission, link: LinkRef, answers: dict[str, Any],
                  rows: list[dict], submitted_at: datetime) -> dict[str, Any]:
    """The response's row, as both ways of :func:`submit` insert it (the record key drawn by
    the server here, never sent by a client)."""
    version = link.questionnaire_version
    return {
        "id": submission.id,
        "link_id": link.id,
        "questionnaire_version_id": version.id,
        "language": submission.language,
        "started_at": to_the_hour(submission.started_at),
        "submitted_at": submitted_at,
        "content_hash": content_hash(submission, version.version, answers),
        "record_key": disclosure.new_record_key(),
        "cells": cells_of(rows),
    }


def _submit_on_driver(submission: Submission) -> Receipt | None:
    """The way of nearly every family's response, taken when the session holds nothing (the
    API): the link read, the response and its answers inserted and committed on one pooled
    driver connection, without SQLAlchemy's work per statement (issue 20). The statements and
    the conversions of their values are SQLAlchemy's (database.DriverStatement), the same as
    the session's way writes. None whenever this way does not store the response (the link is
    closed, unknown or collects another version, the answers are refused, the id is stored
    already): the session's way then does it again and says why.

    The link is read once per process (:func:`~.links.seen_links`): the response's INSERT
    takes the link's id from the link itself, on the condition that it still collects the
    version the answers were checked against and is open today, so that a link read a while
    ago stores nothing once it closed or moved (and is read again). Two statements then, the
    response and its answers, in one transaction."""
    engine = db.engine
    dialect = engine.dialect
    seen = seen_links()
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        link = seen.get(submission.link)  # as this process read it lately
        read_now = link is None
        if read_now:
            link = open_link_ref(submission.link, cursor)
        wanted = submission.questionnaire_version
        if link is None or (wanted is not None and wanted < link.questionnaire_version.version):
            return None
        version = link.questionnaire_version
        try:
            answers = clean_submission(version.questionnaire, submission)
        except InvalidSubmission:
            return None
        submitted_at = to_the_hour(datetime.now(UTC))
        rows = _answer_rows(submission.id, version.questionnaire, answers)
        response = _response_row(submission, link, answers, rows, submitted_at)
        with write_turn(engine):
            _RESPONSE_AT_OPEN_LINK.execute(cursor, dialect, {**response,
                                                             **collecting_values(link)})
            if cursor.rowcount != 1:  # the link closed or moved since it was read
                seen.pop(link.code, None)
                return None
            if rows:
                _ANSWER_ON_DRIVER.executemany(cursor, dialect, rows)
            connection.commit()
    except dialect.loaded_dbapi.IntegrityError:
        return None  # the same id is stored already: rolled back as the connection goes back
    finally:
        connection.close()  # back to the pool, rolled back unless committed
    if read_now:
        seen.put(link.code, link)
    forget_states()
    checkpoints(engine)
    # No id: beside the log line's exact time it would undo the hour-only time stored.
    log.info("stored a response for link %s", link.code)
    return Receipt(submission.id, submitted_at, created=True)


def _target(submission: Submission) -> LinkRef:
    """The link a submission goes to, with the version its answers are checked and stored
    against; LinkError when it takes no answers."""
    if submission.finished_at is None:
        link = open_link_ref(submission.link)
        wanted = submission.questionnaire_version
        if link is not None and (wanted is None or wanted >= link.questionnaire_version.version):
            return link  # the way of nearly every submission: one plain read
    found = (open_link_at(submission.link, submission.finished_at) if submission.finished_at
             else open_link(submission.link))
    # A tablet may still send answers to the version its link had before it was moved.
    version = answered_version(found, submission.questionnaire_version)
    return LinkRef(found.id, found.code, VersionRef(version.id, version.version, version.checksum))


def _repeat(existing: Response, submission: Submission) -> Receipt:
    version = existing.questionnaire_version
    try:
        answers = clean_submission(version.questionnaire, submission)
    except InvalidSubmission:
        raise ConflictingResponse(existing.id) from None
    same_link = existing.link.code == submission.link
    if not same_link or existing.content_hash not in (
            content_hash(submission, version.version, answers),
            content_hash(submission, version.version, answers, legacy=True)):
        raise ConflictingResponse(existing.id)
    return Receipt(existing.id, existing.submitted_at, created=False)


def clean_submission(questionnaire: Questionnaire, submission: Submission) -> dict[str, Any]:
    """The answers as stored, or :class:`InvalidSubmission` with messages in its language."""
    if submission.language not in questionnaire.languages:
        listed = ", ".join(questionnaire.languages)
        raise InvalidSubmission({"language": _("Choose one of these languages: %(l)s.", l=listed)})
    if has_request_context() and g.get("language") == submission.language:
        return _clean(questionnaire, submission)  # the request speaks the family's language
    with force_locale(locale_of(submission.language)):
        return _clean(questionnaire, submission)


def _clean(questionnaire: Questionnaire, submission: Submission) -> dict[str, Any]:
    wanted = submission.questionnaire_version
    if wanted is not None and wanted != questionnaire.version:
        message = _("This link collects version %(v)s.", v=questionnaire.version)
        raise InvalidSubmission({"questionnaire_version": message})
    return clean_answers(questionnaire, submission.answers)


def clean_answers(questionnaire: Questionnaire, answers: dict[str, Any],
                  require: bool = True) -> dict[str, Any]:
    """Validate every answer against its question; answers to questions not asked are dropped.
    A paper form may leave any question blank (``require=False``): it is typed as it is."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key in answers:
        if questionnaire.question(key) is None:
            errors[key] = _("This question is not in the questionnaire.")
    for question in questionnaire.every_question:
        value = answers.get(question.key)
        if not questionnaire.visible(question, cleaned):
            continue
        try:
            answer = question.answer(value, require)
        except AnswerError as exc:
            errors[question.key] = str(exc.message)
            continue
        if answer is not None:
            cleaned[question.key] = answer
    if errors:
        raise InvalidSubmission(errors)
    return cleaned


def content_hash(submission: Submission, version: int, answers: dict[str, Any],
                 legacy: bool = False) -> str:
    """A digest of what was sent, to tell a repeat from a conflicting reuse of an id. The exact
    start time is left out: a stored digest of it could be searched for that time (the response
    keeps its hour only). ``legacy``: the digest as made before, with the time, still accepted
    for responses stored then."""
    content: dict[str, Any] = {
        "link": submission.link,
        "language": submission.language,
        "questionnaire_version": version,
        "answers": answers,
    }
    if legacy:
        started = submission.started_at
        content["started_at"] = started.astimezone(UTC).isoformat() if started else None
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def store_answers(response: Response, answers: dict[str, Any]) -> None:
    """(Re)write a response's answer rows: for paper forms typed in, and corrected."""
    questionnaire = response.questionnaire_version.questionnaire
    hidden = forget_analysis(response.id)
    answers_changed(response.link.round_id)
    answer_table = cast(Table, Answer.__table__)
    db.session.execute(answer_table.delete().where(Answer.response_id == response.id))
    rows = _answer_rows(response.id, questionnaire, answers)
    if rows:
        db.session.execute(insert(Answer.__table__), rows)
    db.session.execute(update(Response).where(Response.id == response.id)
                       .values(cells=cells_of(rows)))
    for answer_id, key in db.session.execute(select(Answer.id, Answer.question_key).where(
            Answer.response_id == response.id, Answer.question_key.in_(list(hidden)))):
        # Words a coordinator hid stay hidden when the form is typed again.
        db.session.add(Coding(answer_id=answer_id, analysis_id=hidden[key], hidden=True))
    db.session.expire(response, ["answers"])


def answers_changed(round_id: int) -> None:
    """Count the round's answers version up (in the caller's transaction): figures counted
    before are stale now."""
    db.session.execute(update(Round).where(Round.id == round_id)
                       .values(answers_version=Round.answers_version + 1))


def hidden_questions(response_id) -> set[str]:
    """The questions of a response whose answer a coordinator hid (see services.themes)."""
    return set(db.session.scalars(
        select(Answer.question_key).join(Coding, Coding.answer_id == Answer.id)
        .where(Answer.response_id == response_id, Coding.hidden.is_(True))))


def forget_analysis(response_id) -> dict[str, int]:
    """Delete what the theme analyses stored about a response's answers (before the answers
    themselves go); returns the analysis of each question whose answer was hidden."""
    ids = select(Answer.id).where(Answer.response_id == response_id)
    hidden = dict(db.session.execute(
        select(Answer.question_key, Coding.analysis_id).join(Coding, Coding.answer_id == Answer.id)
        .where(Answer.response_id == response_id, Coding.hidden.is_(True))).all())
    db.session.execute(delete(Coding).where(Coding.answer_id.in_(ids)))
    db.session.execute(delete(AnswerEmbedding).where(AnswerEmbedding.answer_id.in_(ids)))
    return hidden


def _answer_rows(response_id, questionnaire: Questionnaire, answers: dict[str, Any]) -> list:
    empty = {"option_key": None, "number": None, "flag": None, "text": None}
    return [
        {**empty, **row, "response_id": response_id, "question_key": key}
        for key, value in answers.items()
        for row in questionnaire.question(key).to_rows(value)
    ]


def stored_answers(response: Response) -> dict[str, Any]:
    """A response's answers as typed values, read back from the answer rows."""
    questionnaire = response.questionnaire_version.questionnaire
    rows: dict[str, list[dict]] = {}
    for answer in response.answers:
        row = {"option_key": answer.option_key, "number": answer.number, "flag": answer.flag,
               "text": answer.text}
        rows.setdefault(answer.question_key, []).append(row)
    return {key: questionnaire.question(key).from_rows(found) for key, found in rows.items()}
