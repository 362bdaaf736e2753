"""Survey drafts: a family's answers before they send them, kept on the server only.

A draft is keyed by the UUID its response will get, so sending it is the same idempotent store
as ``POST /api/v1/responses``. Drafts not sent within a day are deleted.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Model, UTCDateTime, utcnow
from .collection import CollectionLink


class Draft(Model):
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    link_id: Mapped[int] = mapped_column(ForeignKey("collection_link.id"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A member of staff walking the screens: nothing of it becomes a response.
    preview: Mapped[bool] = mapped_column(default=False, server_default=false())

    link: Mapped[CollectionLink] = relationship()

    @property
    def questionnaire(self):
        return self.link.questionnaire_version.questionnaire

    def screens(self):
        """The questions this family is asked, given its answers so far."""
        return self.questionnaire.screens(self.answers)
