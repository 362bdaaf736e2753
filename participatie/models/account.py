"""Staff accounts and their role in each network. Families never have an account."""

import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Model, UTCDateTime, utcnow
from .network import Network


class User(UserMixin, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # None until the person sets a password through their first reset link.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)  # the instance administrator
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session remembers the password too: changing it logs out every other session."""
        return f"{self.id}.{session_stamp(self.password_hash)}"

    def role_in(self, network_id: int) -> str | None:
        return next((m.role for m in self.memberships if m.network_id == network_id), None)


def session_stamp(password_hash: str | None) -> str:
    """A short digest of the password hash: changes with the password, reveals nothing of it."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:12]


class Membership(Model):
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16))

    user: Mapped[User] = relationship(back_populates="memberships")
    network: Mapped[Network] = relationship()
