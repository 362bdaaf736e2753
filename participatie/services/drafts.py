"""Survey drafts: the answers of one family on its way through the survey, on the server.

Nothing of the answers is kept in the browser; the browser's session holds only the draft's id.
"""

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, select, update

from ..database import DriverStatement, checkpoints, session_is_idle
from ..extensions import db
from ..models import CollectionLink, Draft, QuestionnaireVersion, Response
from ..models.questionnaire import parsed_questionnaire
from ..questionnaire import Questionnaire
from .responses import Receipt, Submission, clean_submission, submit

log = logging.getLogger(__name__)

LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class DraftLink:
    """What a family's screens need of the draft's link."""

    id: int
    code: str
    mode: str
    questionnaire_version_id: int


@dataclass
class OpenDraft:
    """A draft as the family's screens read and write it: its row and its link's few fields,
    read in one plain query (every screen of every family asks it; three ORM objects cost twice
    as much as the page around them)."""

    id: uuid.UUID
    language: str
    started_at: datetime
    answers: dict[str, Any]
    preview: bool
    link: DraftLink
    checksum: str

    @property
    def questionnaire(self) -> Questionnaire:
        return parsed_questionnaire(
            self.checksum,
            lambda: db.session.get_one(QuestionnaireVersion, self.link.questionnaire_version_id))

    def screens(self):
        """The questions this family is asked, given its answers so far."""
        return self.questionnaire.screens(self.answers)


# Built once: the draft, its link and its version's checksum, as plain columns.
_draft, _link = Draft.__table__.c, CollectionLink.__table__.c
_OPEN_DRAFT = (
    select(_draft.id, _draft.language, _draft.started_at, _draft.answers, _draft.preview,
           _link.id, _link.code, _link.mode, _link.questionnaire_version_id,
           QuestionnaireVersion.__table__.c.checksum)
    .select_from(Draft.__table__.join(CollectionLink.__table__)
                 .join(QuestionnaireVersion.__table__))
    .where(_draft.id == bindparam("id"))
)
_OPEN_DRAFT_ON_DRIVER = DriverStatement(_OPEN_DRAFT)


def start_draft(link: CollectionLink, language: str, preview: bool = False) -> Draft:
    """A new, empty draft; stale drafts of other families are purged on the way."""
    purge_stale_drafts()
    draft = Draft(link=link, language=language, answers={}, preview=preview)
    db.session.add(draft)
    db.session.commit()
    return draft


def draft_key(draft_id: str | None) -> uuid.UUID | None:
    """The draft's UUID from the session's text, or None when there is none (or it is garbled)."""
    try:
        return uuid.UUID(draft_id) if draft_id else None
    except ValueError:
        return None


def find_draft(draft_id: str | None, code: str) -> OpenDraft | None:
    """The draft behind ``draft_id`` for this link, unless it is gone or older than a day."""
    key = draft_key(draft_id)
    if not key:
        return None
    row: Sequence[Any] | None
    if session_is_idle():  # every family's screen: read without the ORM's work per statement
        row = _OPEN_DRAFT_ON_DRIVER.read({"id": key})
    else:
        db.session.flush()  # a draft changed through the ORM in this session (tests do) is read
        row = db.session.execute(_OPEN_DRAFT, {"id": key}).one_or_none()
    if row is None:
        return None
    draft = OpenDraft(row[0], row[1], row[2], row[3], row[4], link=DraftLink(*row[5:9]),
                      checksum=row[9])
    if draft.link.code != code or _stale(draft):
        return None
    return draft


def save_screen(draft: OpenDraft, cleaned: dict[str, Any]) -> None:
    """Keep a screen's cleaned answers, by question key (None forgets one), in one write."""
    answers = {k: v for k, v in draft.answers.items() if k not in cleaned}
    answers.update({key: value for key, value in cleaned.items() if value is not None})
    if answers == draft.answers:
        return  # nothing new on this screen: no write
    _write(draft, answers=answers)
    draft.answers = answers


def _write(draft: OpenDraft, **values) -> None:
    db.session.execute(update(Draft).where(Draft.id == draft.id).values(**values))
    db.session.commit()
    checkpoints(db.engine)  # every family's screen writes: no screen waits for the disk


def send_draft(draft: Draft | OpenDraft) -> Receipt | None:
    """Store the draft as a response, through the one idempotent path, then forget the draft.

    A preview's answers are checked the same way, then forgotten: nothing is stored.
    """
    if draft.preview:
        clean_submission(draft.questionnaire, _submission(draft))
        discard_draft(str(draft.id))
        return None
    receipt = submit(_submission(draft))
    db.session.execute(delete(Draft).where(Draft.id == draft.id))
    db.session.commit()
    purge_stale_drafts()
    return receipt


def _submission(draft: Draft | OpenDraft) -> Submission:
    return (
        Submission(
            id=draft.id,
            link=draft.link.code,
            language=draft.language,
            answers=draft.answers,
            started_at=draft.started_at,
        )
    )


def continue_in(draft: OpenDraft, language: str) -> None:
    """The family chose (another) language on the way: keep its answers, switch the texts."""
    if language != draft.language:
        _write(draft, language=language)
        draft.language = language


def was_sent(draft_id: str | None, link: CollectionLink | None = None) -> bool:
    """Whether the draft behind ``draft_id`` is stored as a response already (through
    ``link``, when given)."""
    key = draft_key(draft_id)
    response = db.session.get(Response, key) if key is not None else None
    return response is not None and (link is None or response.link_id == link.id)


def discard_draft(draft_id: str | None) -> None:
    key = draft_key(draft_id)
    if key is not None:
        db.session.execute(delete(Draft).where(Draft.id == key))
        db.session.commit()


def purge_stale_drafts(now: datetime | None = None) -> int:
    """Delete drafts not sent within a day of their start; return how many."""
    cutoff = (now or datetime.now(UTC)) - LIFETIME
    result = cast(CursorResult, db.session.execute(delete(Draft).where(Draft.started_at < cutoff)))
    db.session.commit()
    if result.rowcount:
        log.info("deleted %s unsent drafts older than a day", result.rowcount)
    return result.rowcount


def _stale(draft: OpenDraft) -> bool:
    return draft.started_at < datetime.now(UTC) - LIFETIME
