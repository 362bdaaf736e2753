"""The network's own work: signals passed on to the municipality and higher levels
(*signaalfunctie*), and "you said, we did" (what the network does with what families said)."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Model, UTCDateTime, utcnow
from .network import Neighbourhood, Network, Round

SIGNAL_LEVELS = ("neighbourhood", "municipality", "flemish")
SIGNAL_STATUSES = ("new", "sent", "answered", "closed")
EVIDENCE_KINDS = ("change", "score", "quotes", "session")


class Signal(Model):
    """What the network hears from families and passes on: what, for whom, about which shared
    key, to which level and organisation; followed up through its status and dated notes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    for_whom: Mapped[str] = mapped_column(String(300), default="")
    topic: Mapped[str | None] = mapped_column(String(40))  # a shared key of DOMAIN.md
    level: Mapped[str] = mapped_column(String(16))  # one of SIGNAL_LEVELS
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    addressed_to: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    evidence: Mapped[list["SignalEvidence"]] = relationship(
        back_populates="signal", cascade="all, delete-orphan", order_by="SignalEvidence.id")
    notes: Mapped[list["SignalNote"]] = relationship(
        back_populates="signal", cascade="all, delete-orphan",
        order_by="(SignalNote.noted_on, SignalNote.id)")


class SignalEvidence(Model):
    """One piece of evidence, as it was when attached: published (disclosure-controlled)
    figures, quotes that are not hidden, or a group session's notes and priorities. Kept as
    written, so that a letter sent says later what it said then."""

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # one of EVIDENCE_KINDS
    source: Mapped[str] = mapped_column(String(200))  # what it was taken from (a token)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id"))
    heading: Mapped[str] = mapped_column(String(300))
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="evidence")
    round: Mapped[Round | None] = relationship()


class SignalNote(Model):
    """A dated step in the follow-up (sent, an answer came, a meeting), maybe with the status
    it moved the signal to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id"), index=True)
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16))

    signal: Mapped[Signal] = relationship(back_populates="notes")


class Feedback(Model):
    """"You said, we did": per round and priority or Place Standard dimension, what the network
    does with what families said, in each language; ``unchecked`` names the languages machine- or
    self-translated and not yet checked by a native reader."""

    __table_args__ = (UniqueConstraint("round_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    topic: Mapped[str] = mapped_column(String(40))  # a shared key (dimension, function, B)
    position: Mapped[int] = mapped_column(default=0)
    said: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language → text
    did: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    unchecked: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    round: Mapped[Round] = relationship()
