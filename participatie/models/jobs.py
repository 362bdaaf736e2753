"""The states of a background job, and the PDF reports the jobs make."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from .base import Model, UTCDateTime, utcnow
from .network import Round


class JobState(StrEnum):
    """Where a job stands. Stored as its value (a string column), so that the database, the
    JSON of a status endpoint and a template compare it as the plain word."""

    QUEUED = "queued"  # waiting for a worker
    RUNNING = "running"  # a worker is on it
    DONE = "done"
    FAILED = "failed"  # the error's kind is on the row, its details in the log
    SKIPPED = "skipped"  # another worker had taken it: never stored, only returned
    STALLED = "stalled"  # queued or running but not moving: shown, never stored

    @classmethod
    def busy(cls) -> tuple["JobState", ...]:
        """The stored states of a job that is not finished."""
        return cls.QUEUED, cls.RUNNING


class ReportFile(Model):
    """A round's PDF report in one language, made by a job and kept for a while: kept in the
    database (not the instance folder) because web processes and workers may run on different
    machines, and a backup carries it. ``fingerprint`` names the figures it was made from (the
    round's ``answers_version`` and the state of its themes): a PDF whose fingerprint is no
    longer the round's is made again."""

    __tablename__ = "report_file"
    __table_args__ = (UniqueConstraint("round_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # per cent
    error: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    size: Mapped[int] = mapped_column(default=0)  # bytes
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    round: Mapped[Round] = relationship()
