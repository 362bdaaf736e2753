"""Figures kept by the app for as long as the answers they are made of do not change.

A round's answers change state with its ``answers_version`` (written by every edit, void and
purge) and with its number of responses (every new one, which writes nothing else). A figure
about one questionnaire's responses is kept per state of that questionnaire's responses alone,
so that a family's answers coming in do not make the round's Place Standard compasses (or the
figures of another questionnaire) be counted again. Each worker process keeps its own; the
state is read from the database on every request, so a worker never shows figures another
worker has outdated: once per request (or app context), and again after anything is written
through the session (a commit, a flush, a rollback, an insert, update or delete), so that
a request shows one state throughout, and never one from before its own writes.
"""

from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar

from flask import current_app, g, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from ..extensions import db
from ..models import CollectionLink, QuestionnaireVersion, Response, Round

KEPT = 64  # per app and kind of figure
T = TypeVar("T")


_STATES = "participatie_answer_states"  # in flask.g: the states read in this app context


def state(round_id: int, questionnaire: str | None = None) -> tuple[Any, int]:
    """(answers version, number of responses) of a round, or of one questionnaire's responses
    in it (a response's questionnaire is its link's: links are moved between versions of the
    same questionnaire only). Counted from the response table's link index: no row read; read
    once per app context until something is written (a report asks it some forty times)."""
    read: dict = g.setdefault(_STATES, {})
    if (round_id, questionnaire) not in read:
        read[round_id, questionnaire] = _read_state(round_id, questionnaire)
    return read[round_id, questionnaire]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_flush")
def _forget_states(*_args) -> None:
    forget_states()


def forget_states() -> None:
    """Forget the states read in this app context: after a write not made through the session
    (a response stored on a driver connection, services.responses)."""
    if has_app_context():
        g.pop(_STATES, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_states_on_write(execute: ORMExecuteState) -> None:
    if not execute.is_select:
        _forget_states()


def _read_state(round_id: int, questionnaire: str | None) -> tuple[Any, int]:
    responses = (select(func.count()).select_from(Response)
                 .join(CollectionLink, CollectionLink.id == Response.link_id)
                 .where(CollectionLink.round_id == round_id))
    if questionnaire is not None:
        responses = responses.join(
            QuestionnaireVersion,
            QuestionnaireVersion.id == CollectionLink.questionnaire_version_id).where(
            QuestionnaireVersion.key == questionnaire)
    found = db.session.execute(select(Round.answers_version, responses.scalar_subquery())
                               .where(Round.id == round_id)).one()
    return found[0], found[1]


def kept_per_state(name: str, round_id: int, key: tuple, count: Callable[[], T],
                   questionnaire: str | None = None) -> T:
    """``count()``, kept by the app under ``name`` for this state of the round's answers (of
    ``questionnaire``'s responses, when given) and the minimum group size. The result is
    shared: callers read it and never change it."""
    full_key = (round_id, *state(round_id, questionnaire), *key,
                current_app.config["MIN_GROUP_SIZE"])
    cache: OrderedDict = current_app.extensions.setdefault(name, OrderedDict())
    try:
        found = cache[full_key]
    except KeyError:
        found = cache[full_key] = count()
        while len(cache) > KEPT:
            try:
                cache.popitem(last=False)
            except KeyError:  # emptied by another thread meanwhile
                break
    else:
        with suppress(KeyError):  # dropped by another thread meanwhile
            cache.move_to_end(full_key)
    return found
