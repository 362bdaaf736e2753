"""Networks, their neighbourhoods, and their rounds of asking."""

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Network(db.Model):
    """A buurtgericht netwerk: the partnership of one municipality or district."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    neighbourhoods: Mapped[list["Neighbourhood"]] = relationship(
        back_populates="network", order_by="Neighbourhood.name"
    )
    rounds: Mapped[list["Round"]] = relationship(back_populates="network")


class Neighbourhood(db.Model):
    __table_args__ = (UniqueConstraint("network_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))

    network: Mapped[Network] = relationship(back_populates="neighbourhoods")


class Round(db.Model):
    """A bevragingsronde: a network's period of asking, e.g. "najaar 2026"."""

    __table_args__ = (UniqueConstraint("network_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]

    network: Mapped[Network] = relationship(back_populates="rounds")

    def is_open(self, today: date) -> bool:
        started = self.opens_on is None or self.opens_on <= today
        return started and (self.closes_on is None or today <= self.closes_on)
