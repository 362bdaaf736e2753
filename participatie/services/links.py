"""Resolving the short code of a collection link."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from sqlalchemy import Date, bindparam, literal_column, or_, select
from sqlalchemy.orm import joinedload

from ..bounded import Bounded
from ..database import DriverStatement
from ..extensions import db
from ..models import CollectionLink, PurgedRound, QuestionnaireVersion, Round
from ..models.network import round_is_open
from ..models.questionnaire import parsed_questionnaire
from ..questionnaire import Questionnaire


class LinkError(Exception):
    """Base of the reasons a link cannot take answers."""


class UnknownLink(LinkError):
    pass


class ClosedLink(LinkError):
    pass


def local_today() -> date:
    """Rounds open and close by the calendar of the networks (Brussels), not the server's."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


# Built once: every family request asks it.
_LINK = select(CollectionLink).where(CollectionLink.code == bindparam("code")).options(
    joinedload(CollectionLink.round), joinedload(CollectionLink.questionnaire_version))


def find_link(code: str) -> CollectionLink | None:
    """The link with its round and questionnaire version, in one query."""
    return db.session.scalar(_LINK, {"code": code})


@dataclass(frozen=True)
class VersionRef:
    """A questionnaire version by its id, number and checksum (its parsed definition is the
    process's, by checksum)."""

    id: int
    version: int
    checksum: str

    @property
    def questionnaire(self) -> Questionnaire:
        return parsed_questionnaire(
            self.checksum, lambda: db.session.get_one(QuestionnaireVersion, self.id))


@dataclass(frozen=True)
class LinkRef:
    """An open link's id and code, and the version it collects."""

    id: int
    code: str
    questionnaire_version: VersionRef


# A paper link takes its forms as staff type them in (services.paper), never as answers sent
# to its code: its code is printed on every sheet, and answers sent to it would count as paper
# forms that no serial stands for.
PAPER = "paper"
# (A literal, no parameter: these statements also run on the driver's own cursor, which is
# given their named parameters only.)
_NOT_PAPER = CollectionLink.__table__.c.mode != literal_column(f"'{PAPER}'")
_link, _round, _version = (CollectionLink.__table__.c, Round.__table__.c,
                           QuestionnaireVersion.__table__.c)
# A link with its round and the version it collects.
LINK_TABLES = (CollectionLink.__table__.join(Round.__table__)
               .join(QuestionnaireVersion.__table__))
_OPEN_LINK = (
    select(_link.id, _link.code, _version.id, _version.version, _version.checksum,
           _link.closed_at, _round.opens_on, _round.closes_on, _round.closed_at)
    .select_from(LINK_TABLES)
    .where(_link.code == bindparam("code"), _NOT_PAPER)
)


_OPEN_LINK_ON_DRIVER = DriverStatement(_OPEN_LINK)


# Conditions that hold while ``code`` still leads to the link ``link_id`` and its version (id,
# number and checksum: the definition a response's answers were checked against), and the
# link and its round are open on ``today`` (as :func:`round_is_open`); their parameters:
# :func:`collecting_values`.
_today = bindparam("today", type_=Date)
STILL_COLLECTING = [
    _link.code == bindparam("code"), _link.id == bindparam("link_id"), _NOT_PAPER,
    _version.id == bindparam("version_id"), _version.version == bindparam("version"),
    _version.checksum == bindparam("checksum"),
    _link.closed_at.is_(None), _round.closed_at.is_(None),
    or_(_round.opens_on.is_(None), _round.opens_on <= _today),
    or_(_round.closes_on.is_(None), _round.closes_on >= _today)]


def collecting_values(link: LinkRef) -> dict[str, Any]:
    """The parameters of :data:`STILL_COLLECTING` for ``link`` today."""
    version = link.questionnaire_version
    return {"code": link.code, "link_id": link.id, "version_id": version.id,
            "version": version.version, "checksum": version.checksum, "today": local_today()}


def seen_links() -> Bounded:
    """The open links this process read lately, by code (per app: each app has its own
    database). A family's response is checked against the version its link had then, and
    written by a statement that holds :data:`STILL_COLLECTING`, so a link closed or moved since
    writes nothing (and is read again)."""
    found = current_app.extensions.get("participatie.seen_links")
    if found is None:
        found = current_app.extensions["participatie.seen_links"] = Bounded(1024)
    return found


def open_link_ref(code: str, cursor: Any = None) -> LinkRef | None:
    """The link behind ``code`` if it takes answers today, read as plain columns in one query
    (every submission asks it); None when it is unknown or closed: :func:`open_link` tells
    which. ``cursor``: a driver connection's cursor to read it on (see services.responses),
    else the session's connection."""
    row: Sequence[Any] | None
    if cursor is None:
        row = db.session.connection().execute(_OPEN_LINK, {"code": code}).one_or_none()
    else:
        row = _OPEN_LINK_ON_DRIVER.one_or_none(cursor, db.engine.dialect, {"code": code})
    if row is None or row[5] is not None or not round_is_open(
            row[6], row[7], row[8], local_today()):
        return None
    return LinkRef(row[0], row[1], VersionRef(*row[2:5]))


def open_link(code: str, preview: bool = False) -> CollectionLink:
    """The link behind ``code`` if it takes answers today (or staff preview it), else
    UnknownLink or ClosedLink."""
    link = find_link(code)
    if link is None or (link.mode == PAPER and not preview):
        raise UnknownLink(code)
    if not preview and not link.is_open(local_today()):
        raise ClosedLink(code)
    return link


def open_link_at(code: str, finished_at: datetime) -> CollectionLink:
    """The link behind ``code`` if it took answers when a tablet finished them (``finished_at``,
    not in the future): the offline queue of yesterday is accepted after the round closed."""
    try:
        return open_link(code)
    except ClosedLink:
        link = find_link(code)
        assert link is not None
        now = datetime.now(UTC)
        moment = min(finished_at, now)
        day = moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
        round_ = link.round
        closed = [at for at in (link.closed_at, round_.closed_at) if at is not None]
        started = round_.opens_on is None or round_.opens_on <= day
        ended = (round_.closes_on is not None and day > round_.closes_on) or any(
            _aware(at) <= moment for at in closed)
        if started and not ended and not _too_late(link, now):
            return link
        raise


def _too_late(link: CollectionLink, now: datetime) -> bool:
    """Whether a queue finished while the link was open comes too late all the same: more
    than ``LATE_ANSWERS_DAYS`` after its round or link closed (a tablet syncs the next
    morning, not next season), or the round's answers are purged already."""
    if db.session.get(PurgedRound, link.round_id) is not None:
        return True
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    ends = [_aware(at) for at in (link.closed_at, link.round.closed_at) if at is not None]
    if link.round.closes_on is not None:
        ends.append(datetime.combine(link.round.closes_on, time.max, zone))
    late = timedelta(days=current_app.config["LATE_ANSWERS_DAYS"])
    return bool(ends) and now > min(ends) + late


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def public_url_for(code: str) -> str:
    """The public address of ``/s/<code>`` (a link, or a group session's join page): on
    ``PUBLIC_URL`` when it is set, else on the address the staff member's browser uses."""
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("survey.choose_language", code=code)
    return base.rstrip("/") + path if base else url_for(
        "survey.choose_language", code=code, _external=True)
