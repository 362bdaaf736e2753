"""Survey drafts: the answers of one family on its way through the survey, on the server.

Nothing of the answers is kept in the browser; the browser's session holds only the draft's id.
"""

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import CollectionLink, Draft, Response
from .responses import Receipt, Submission, clean_submission, submit

log = logging.getLogger(__name__)

LIFETIME = timedelta(hours=24)
# One query for the draft, its link and the link's questionnaire version (built once: every
# screen of every family asks it).
_DRAFT_WITH_LINK = select(Draft).where(Draft.id == bindparam("id")).options(
    joinedload(Draft.link).joinedload(CollectionLink.questionnaire_version))


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


def find_draft(draft_id: str | None, code: str) -> Draft | None:
    """The draft behind ``draft_id`` for this link, unless it is gone or older than a day."""
    key = draft_key(draft_id)
    if not key:
        return None
    draft = db.session.scalar(_DRAFT_WITH_LINK, {"id": key})
    if draft is None or draft.link.code != code or _stale(draft):
        return None
    return draft


def save_screen(draft: Draft, cleaned: dict[str, Any]) -> None:
    """Keep a screen's cleaned answers, by question key (None forgets one), in one write;
    JSON columns need a new dict to notice."""
    answers = {k: v for k, v in draft.answers.items() if k not in cleaned}
    answers.update({key: value for key, value in cleaned.items() if value is not None})
    if answers == draft.answers:
        return  # nothing new on this screen: no write
    draft.answers = answers
    db.session.commit()


def send_draft(draft: Draft) -> Receipt | None:
    """Store the draft as a response, through the one idempotent path, then forget the draft.

    A preview's answers are checked the same way, then forgotten: nothing is stored.
    """
    if draft.preview:
        clean_submission(draft.questionnaire, _submission(draft))
        discard_draft(str(draft.id))
        return None
    receipt = submit(_submission(draft))
    db.session.delete(draft)
    db.session.commit()
    purge_stale_drafts()
    return receipt


def _submission(draft: Draft) -> Submission:
    return (
        Submission(
            id=draft.id,
            link=draft.link.code,
            language=draft.language,
            answers=draft.answers,
            started_at=draft.started_at,
        )
    )


def continue_in(draft: Draft, language: str) -> None:
    """The family chose (another) language on the way: keep its answers, switch the texts."""
    draft.language = language
    db.session.commit()


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


def _stale(draft: Draft) -> bool:
    return draft.started_at < datetime.now(UTC) - LIFETIME
