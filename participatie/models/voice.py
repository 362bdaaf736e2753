"""Recorded voices: a person reading one text of a questionnaire aloud, in one language.

Stored in the database (every web machine and every backup has them), keyed by the language and
a hash of the text, so a new questionnaire version keeps the voices of the texts it did not
change. A new recording of the same text replaces the old one (``revision`` goes up)."""

from datetime import datetime

from sqlalchemy import LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Model, UTCDateTime, utcnow


class VoiceRecording(Model):
    __table_args__ = (UniqueConstraint("language", "text_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    text_hash: Mapped[str] = mapped_column(String(64))
    mimetype: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    revision: Mapped[int] = mapped_column(default=1)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Read only when the sound itself is served, never with the list of recordings.
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
