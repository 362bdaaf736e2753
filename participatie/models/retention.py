"""Retention: how long a network keeps row-level answers, the rounds purged, the published
cells a purged round keeps, and the audit log of staff actions that touch data."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Model, UTCDateTime, utcnow

DEFAULT_MONTHS = 24


class NetworkRetention(Model):
    """Months after a round closes that its row-level answers and open texts are kept."""

    __tablename__ = "network_retention"

    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), primary_key=True)
    months: Mapped[int] = mapped_column(default=DEFAULT_MONTHS,
                                        server_default=text(str(DEFAULT_MONTHS)))


class PurgedRound(Model):
    """A round whose answers were removed: its figures come from its kept cells."""

    __tablename__ = "purged_round"

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), primary_key=True)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answers: Mapped[int] = mapped_column(default=0)  # how many answer rows were removed


class KeptCell(Model):
    """One published cell of a purged round, per questionnaire and neighbourhood: how many
    responses and the sum of their record keys (so the perturbed figure stays the same).
    ``kind``: "hood" (the neighbourhood's respondents), "respondents" (who answered the
    question), "option", "number" or "yes"."""

    __tablename__ = "kept_cell"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    questionnaire_key: Mapped[str] = mapped_column(String(64))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    question_key: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(64))  # the option key, or the number
    count: Mapped[int]
    key_sum: Mapped[int]


class AuditEntry(Model):
    """A staff action that touched data (an export, a hidden answer, a merge, a purge, a role
    change): who, what, when, how many rows; never the data itself."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: command line
    action: Mapped[str] = mapped_column(String(32))
    rows: Mapped[int] = mapped_column(default=0)


class KeptThemeCell(Model):
    """A purged round's published theme size in one neighbourhood: how many of the question's
    answers the theme holds there, with their record keys' sum (the same perturbed figure
    after the purge). ``theme_id`` None: the question's answers in the neighbourhood."""

    __tablename__ = "kept_theme_cell"

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("theme_analysis.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("found_theme.id"))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    count: Mapped[int]
    key_sum: Mapped[int]
