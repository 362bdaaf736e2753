"""Group sessions: opening one (with its two links behind one join code), the group's own
scores, notes and priorities, and finishing it."""

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import (
    PARTICIPANT_KINDS,
    CollectionLink,
    GroupScore,
    GroupSession,
    Network,
    QuestionnaireVersion,
)
from ..models.base import utcnow
from .compass import ADULTS, CHILDREN, DIMENSIONS
from .networks import SetupError
from .questionnaires import find_version
from .rounds import new_code

log = logging.getLogger(__name__)


def open_session(network: Network, *, round_id: int, neighbourhood_id: int, held_on: date,
                 place: str, participants: int | None, kinds: list[str]) -> GroupSession:
    """A session of ``network`` with a join code and a group link for the adults' and the
    children's Place Standard (the round then covers both, and the neighbourhood)."""
    round_ = next((r for r in network.rounds if r.id == round_id), None)
    if round_ is None:
        raise SetupError("round", _l("Choose one of the network's rounds."))
    if round_.closed_at is not None:
        raise SetupError("round", _l("This round is closed: choose an open one."))
    hood = next((n for n in network.neighbourhoods if n.id == neighbourhood_id), None)
    if hood is None:
        raise SetupError("neighbourhood", _l("Choose one of the network's neighbourhoods."))
    if set(kinds) - set(PARTICIPANT_KINDS):
        raise SetupError("kinds", _l("Unknown kind of participant."))
    versions = [find_version(ADULTS), find_version(CHILDREN)]
    if None in versions:
        raise SetupError("round", _l("The Place Standard questionnaires are not published."))
    session = GroupSession(network=network, round=round_, neighbourhood=hood, code=new_code(),
                           held_on=held_on, place=place.strip(), participants=participants,
                           kinds=[k for k in PARTICIPANT_KINDS if k in kinds])
    db.session.add(session)
    for version in versions:
        _cover(network, round_, hood, version)
        db.session.add(CollectionLink(code=new_code(), round=round_, neighbourhood=hood,
                                      questionnaire_version=version, mode="group",
                                      session=session))
        db.session.flush()
    db.session.commit()
    log.info("group session %s opened in network %s", session.id, network.key)
    return session


def _cover(network: Network, round_, hood, version: QuestionnaireVersion) -> None:
    if version not in network.questionnaire_versions:
        network.questionnaire_versions.append(version)
    if version not in round_.questionnaire_versions:
        round_.questionnaire_versions.append(version)
    if hood not in round_.neighbourhoods:
        round_.neighbourhoods.append(hood)


def save_group_results(session: GroupSession, scores: dict[str, tuple[int | None, str]],
                       priorities: list[str], participants: int | None, notes: str) -> None:
    """The group's agreed score (1–7, or none) and notes per dimension, and its priorities."""
    for dimension, (score, _notes) in scores.items():
        if dimension not in DIMENSIONS or (score is not None and not 1 <= score <= 7):
            raise SetupError("scores", _l("A group score is a number from 1 to 7."))
    chosen = [p for p in priorities if p]
    if set(chosen) - set(DIMENSIONS) or len(set(chosen)) != len(chosen):
        raise SetupError("priorities", _l("Choose different themes as priorities."))
    existing = {score.dimension: score for score in session.scores}
    for dimension, (score, dimension_notes) in scores.items():
        row = existing.get(dimension)
        if row is None:
            row = GroupScore(session_id=session.id, dimension=dimension)
            db.session.add(row)
        row.score, row.notes = score, (dimension_notes or "").strip() or None
    db.session.flush()
    db.session.expire(session, ["scores"])
    session.priorities = chosen
    session.participants = participants
    session.notes = notes.strip() or None
    db.session.commit()
    log.info("group results of session %s saved", session.id)


def finish_session(session: GroupSession) -> None:
    """The session is over: its join page and links take no more ratings."""
    session.finished_at = utcnow()
    for link in session.links:
        link.closed_at = link.closed_at or utcnow()
    db.session.commit()
    log.info("group session %s finished", session.id)


def network_session(network: Network, session_id: int) -> GroupSession | None:
    return db.session.scalar(select(GroupSession).where(
        GroupSession.id == session_id, GroupSession.network_id == network.id))


def network_sessions(network: Network) -> list[GroupSession]:
    return list(db.session.scalars(select(GroupSession).where(
        GroupSession.network_id == network.id).order_by(GroupSession.held_on.desc())))


def find_session(code: str) -> GroupSession | None:
    return db.session.scalar(select(GroupSession).where(GroupSession.code == code))
