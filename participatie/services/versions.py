"""Moving a round's links to a newer published version of their questionnaire.

The links keep their codes (so the printed QR codes and posters stay good) and the questions
keep their keys (the published check refuses a kept key whose type or options changed), so the
round's answers stay comparable. Responses already stored keep the version they answered; a
tablet that finished answers on the older version before the move still has them accepted."""

import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import CollectionLink, QuestionnaireVersion, Round
from .audit import record
from .questionnaires import find_version

log = logging.getLogger(__name__)


class MoveError(ValueError):
    """The links cannot be moved to that version; the message says why."""


@dataclass(frozen=True)
class Offer:
    """Links of a round on ``current`` that could move to ``newest``."""

    current: QuestionnaireVersion
    newest: QuestionnaireVersion
    links: int


def newer_versions(round_: Round) -> list[Offer]:
    """Per questionnaire version the round's links use: the newest published one, if newer."""
    counts: dict[int, int] = {}
    versions: dict[int, QuestionnaireVersion] = {}
    for link in db.session.scalars(select(CollectionLink).where(
            CollectionLink.round_id == round_.id)):
        version = link.questionnaire_version
        versions[version.id] = version
        counts[version.id] = counts.get(version.id, 0) + 1
    offers = []
    for version_id, version in sorted(versions.items()):
        newest = find_version(version.key)
        if newest is not None and newest.version > version.version:
            offers.append(Offer(version, newest, counts[version_id]))
    return offers


def move_links(round_: Round, current_id: int, newest_id: int) -> int:
    """Point every link of ``round_`` on version ``current_id`` at ``newest_id``; the number
    moved. Only to a newer version of the same questionnaire."""
    current = db.session.get(QuestionnaireVersion, current_id)
    newest = db.session.get(QuestionnaireVersion, newest_id)
    if current is None or newest is None or current.key != newest.key or (
            newest.version <= current.version):
        raise MoveError(_("Links can only move to a newer version of the same questionnaire."))
    links = list(db.session.scalars(select(CollectionLink).where(
        CollectionLink.round_id == round_.id,
        CollectionLink.questionnaire_version_id == current.id)))
    for link in links:
        link.questionnaire_version = newest
    if current in round_.questionnaire_versions:
        round_.questionnaire_versions.remove(current)
    if newest not in round_.questionnaire_versions:
        round_.questionnaire_versions.append(newest)
    if newest not in round_.network.questionnaire_versions:
        round_.network.questionnaire_versions.append(newest)
    record("links", round_.network_id, round_.id, len(links), commit=False)
    db.session.commit()
    log.info("moved %s links of round %s to %s version %s", len(links), round_.id, newest.key,
             newest.version)
    return len(links)


def answered_version(link: CollectionLink, wanted: int | None) -> QuestionnaireVersion:
    """The version a submission is checked and stored against: the link's, or an older version
    of the same questionnaire that the tablet still had before its link was moved."""
    version = link.questionnaire_version
    if wanted is None or wanted >= version.version:
        return version
    return find_version(version.key, wanted) or version
