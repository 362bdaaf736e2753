"""Published questionnaire versions, stored whole so old responses stay interpretable."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..questionnaire import Questionnaire
from .base import Model, UTCDateTime, utcnow

_parsed: dict[str, Questionnaire] = {}


class QuestionnaireVersion(Model):
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    # Deferred: a request needs it only the first time a process meets this version.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    checksum: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def questionnaire(self) -> Questionnaire:
        """The parsed definition, cached per process by checksum (versions never change)."""
        parsed = _parsed.get(self.checksum)
        if parsed is None:
            parsed = _parsed[self.checksum] = Questionnaire.model_validate(self.definition)
        return parsed


def parsed_questionnaire(checksum: str, version: Callable[[], QuestionnaireVersion]
                         ) -> Questionnaire:
    """The parsed definition with this checksum; ``version`` loads its row the first time a
    process meets it."""
    return _parsed.get(checksum) or version().questionnaire
