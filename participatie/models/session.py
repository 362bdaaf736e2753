"""Group sessions (focus groups rating their neighbourhood together) and typed-in paper forms."""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Model, UTCDateTime, to_the_hour, utcnow
from .collection import CollectionLink, Response
from .network import Neighbourhood, Network, Round

PARTICIPANT_KINDS = ("parents", "children", "partners")


class GroupSession(Model):
    """A focus group or dialogue moment: people rate on their own device through one join code,
    and the group agrees on scores, notes and priorities of its own."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"))
    code: Mapped[str] = mapped_column(String(32), unique=True)  # the join page, /s/<code>
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200))
    participants: Mapped[int | None]  # how many people took part (the group's size)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # parents, children, partners
    priorities: Mapped[list[str]] = mapped_column(JSON, default=list)  # dimension keys, first first
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    network: Mapped[Network] = relationship()
    round: Mapped[Round] = relationship()
    neighbourhood: Mapped[Neighbourhood] = relationship()
    links: Mapped[list[CollectionLink]] = relationship(back_populates="session",
                                                       order_by=CollectionLink.id)
    scores: Mapped[list["GroupScore"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="GroupScore.dimension")


class GroupScore(Model):
    """The group's own agreed score and notes for one dimension: never averaged with individuals."""

    session_id: Mapped[int] = mapped_column(ForeignKey("group_session.id"), primary_key=True)
    # The column keeps its first name ("theme"): databases and backups need no migration.
    dimension: Mapped[str] = mapped_column("theme", String(32), primary_key=True)
    score: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)

    session: Mapped[GroupSession] = relationship(back_populates="scores")


class PaperForm(Model):
    """A paper form typed in: its printed serial, stored once, and the response it became."""

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("collection_link.id"), index=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    response_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("response.id"))
    # To the hour, like a response's times: the order forms were typed in says whose they are.
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime,
                                                 default=lambda: to_the_hour(utcnow()))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Double entry: when a second typing of the sheet agreed (after its differences were
    # resolved); None while the form is typed once only.
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    link: Mapped[CollectionLink] = relationship()
    response: Mapped[Response | None] = relationship()


class ExportLog(Model):
    """Who exported row-level responses, when, of which round: an audit trail (no content)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: command line
    kind: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(8))
    rows: Mapped[int]
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
