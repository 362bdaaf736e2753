"""Networks, their neighbourhoods, partners and rounds of asking."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Model, UTCDateTime
from .questionnaire import QuestionnaireVersion

# The published questionnaire versions a network has chosen to use.
network_questionnaire = Table(
    "network_questionnaire",
    db.metadata,
    Column("network_id", ForeignKey("network.id"), primary_key=True),
    Column("questionnaire_version_id", ForeignKey("questionnaire_version.id"), primary_key=True),
)
round_questionnaire = Table(
    "round_questionnaire",
    db.metadata,
    Column("round_id", ForeignKey("round.id"), primary_key=True),
    Column("questionnaire_version_id", ForeignKey("questionnaire_version.id"), primary_key=True),
)
round_neighbourhood = Table(
    "round_neighbourhood",
    db.metadata,
    Column("round_id", ForeignKey("round.id"), primary_key=True),
    Column("neighbourhood_id", ForeignKey("neighbourhood.id"), primary_key=True),
)


class Network(Model):
    """A buurtgericht netwerk: the partnership of one municipality or district."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    neighbourhoods: Mapped[list["Neighbourhood"]] = relationship(
        back_populates="network", order_by="Neighbourhood.name"
    )
    rounds: Mapped[list["Round"]] = relationship(
        back_populates="network", order_by="Round.opens_on.desc()"
    )
    partners: Mapped[list["Partner"]] = relationship(
        back_populates="network", order_by="Partner.name"
    )
    questionnaire_versions: Mapped[list[QuestionnaireVersion]] = relationship(
        secondary=network_questionnaire,
        order_by=(QuestionnaireVersion.key, QuestionnaireVersion.version),
    )


class Neighbourhood(Model):
    __table_args__ = (UniqueConstraint("network_id", "key"), UniqueConstraint("network_id", "name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    # For the reach analysis, all optional: {"children": {"0-2": 120, …}, "families": 410,
    # "languages": ["nl", "ar", …]} with the shared keys of DOMAIN.md.
    population: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )

    network: Mapped[Network] = relationship(back_populates="neighbourhoods")


class Partner(Model):
    """An organisation in the network, and which of the seven essential functions it takes up."""

    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    functions: Mapped[list[str]] = mapped_column(JSON, default=list)

    network: Mapped[Network] = relationship(back_populates="partners")


class Round(Model):
    """A bevragingsronde: a network's period of asking, e.g. "najaar 2026"."""

    __table_args__ = (UniqueConstraint("network_id", "key"), UniqueConstraint("network_id", "name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    # Closed by hand: no link of the round takes answers any more, whatever the dates say.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counts up whenever the round's answers change (a response sent, a paper form typed,
    # corrected or voided): what was counted for an earlier value may be used again.
    answers_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    network: Mapped[Network] = relationship(back_populates="rounds")
    questionnaire_versions: Mapped[list[QuestionnaireVersion]] = relationship(
        secondary=round_questionnaire,
        order_by=(QuestionnaireVersion.key, QuestionnaireVersion.version),
    )
    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        secondary=round_neighbourhood, order_by=Neighbourhood.name
    )

    def is_open(self, today: date) -> bool:
        return round_is_open(self.opens_on, self.closes_on, self.closed_at, today)


def round_is_open(opens_on: date | None, closes_on: date | None, closed_at: datetime | None,
                  today: date) -> bool:
    """A round takes answers from its first day to its last, unless closed by hand."""
    started = opens_on is None or opens_on <= today
    past = closes_on is not None and today > closes_on
    return started and not past and closed_at is None
