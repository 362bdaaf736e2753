""""You said, we did": per round, what the network does with what families said, in each of
the survey languages. ``/s/<code>`` of a closed round shows it to families, and the round's
A4 poster carries it with a QR code to that page."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..i18n import LANGUAGES
from ..models import CollectionLink, Feedback, GroupSession, Round
from ..services.links import find_link, local_today

SUGGESTED = 6  # topics suggested from a round's group sessions


class FeedbackError(ValueError):
    """Input that cannot be stored: no Dutch text, an unknown language or topic."""


def round_feedback(round_: Round) -> list[Feedback]:
    return list(db.session.scalars(select(Feedback).where(Feedback.round_id == round_.id)
                                   .order_by(Feedback.position, Feedback.id)))


def save_feedback(round_: Round, topic: str, said: dict[str, str], did: dict[str, str],
                  unchecked: list[str], known_topics) -> Feedback:
    """Write (or rewrite) the entry of ``topic``. Dutch is required (the network's own
    language, from which the others are translated); a language without text is left out and
    shows in Dutch."""
    if topic not in known_topics:
        raise FeedbackError(_("Choose a theme or priority."))
    said = {lang: text.strip() for lang, text in said.items() if text and text.strip()}
    did = {lang: text.strip() for lang, text in did.items() if text and text.strip()}
    if not (said.get("nl") and did.get("nl")):
        raise FeedbackError(_("Write at least in Dutch what families said and what the "
                              "network does."))
    if set(said) - set(LANGUAGES) or set(did) - set(LANGUAGES) or set(unchecked) - set(LANGUAGES):
        raise FeedbackError(_("Unknown language."))
    entry = db.session.scalar(select(Feedback).where(Feedback.round_id == round_.id,
                                                     Feedback.topic == topic))
    if entry is None:
        entry = Feedback(round=round_, topic=topic, position=len(round_feedback(round_)))
        db.session.add(entry)
    entry.said, entry.did = said, did
    entry.unchecked = sorted(set(unchecked) & (set(said) | set(did)) - {"nl"})
    db.session.commit()
    return entry


def remove_feedback(round_: Round, topic: str) -> None:
    entry = db.session.scalar(select(Feedback).where(Feedback.round_id == round_.id,
                                                     Feedback.topic == topic))
    if entry is not None:
        db.session.delete(entry)
        db.session.commit()


def suggested_topics(round_: Round) -> list[str]:
    """The priorities the round's group sessions chose, most often chosen first."""
    counts: dict[str, int] = {}
    for priorities in db.session.scalars(select(GroupSession.priorities)
                                         .where(GroupSession.round_id == round_.id)):
        for key in priorities or []:
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda k: -counts[k])[:SUGGESTED]


def in_language(entry: Feedback, language: str) -> tuple[str, str, str, bool]:
    """(language shown, said, did, unchecked) of an entry for a reader of ``language``:
    Dutch where that language has no text."""
    shown = language if entry.said.get(language) and entry.did.get(language) else "nl"
    return shown, entry.said[shown], entry.did[shown], shown in entry.unchecked


def closed_round_feedback(code: str) -> tuple[CollectionLink, list[Feedback]] | None:
    """For a family link of a round that is closed and has "you said, we did": the link and
    the entries; else None (the link behaves as before)."""
    link = find_link(code)
    if link is None:
        return None
    round_ = link.round
    if round_.closed_at is None and not (round_.closes_on and local_today() > round_.closes_on):
        return None
    entries = round_feedback(link.round)
    return (link, entries) if entries else None
