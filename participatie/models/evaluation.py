"""The partners' self-evaluation on the eight building blocks: an evaluation of a network (e.g.
"najaar 2026") and one entry per partner organisation, filled through that partner's own link.
About organisations, not families: shown by partner name, outside the disclosure layer."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Model, UTCDateTime, utcnow
from .network import Network, Partner
from .questionnaire import QuestionnaireVersion


class PartnerEvaluation(Model):
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    entries: Mapped[list["PartnerEvaluationEntry"]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan",
        order_by="PartnerEvaluationEntry.partner_name")


class PartnerEvaluationEntry(Model):
    """One partner's answers, keyed by question key (``<block>_now``, ``_goal``, ``_next``).
    The partner's name is kept as it was: a partner that left the network stays in the
    evaluations it took part in."""

    __table_args__ = (UniqueConstraint("evaluation_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("partner_evaluation.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL"))
    partner_name: Mapped[str] = mapped_column(String(200))
    # The secret of the partner's link: whoever has the link may fill this entry, nothing else.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    evaluation: Mapped[PartnerEvaluation] = relationship(back_populates="entries")
    partner: Mapped[Partner | None] = relationship()
