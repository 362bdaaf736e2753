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

    # The key of the browser session this object was loaded for (or logged in with): the
    # session cookie names it, and it ends on the server when its row is deleted.
    session_key = None  # type: str | None  # (not a column)

    def get_id(self) -> str:
        """What the session cookie carries: the account and the server-side session's key."""
        return f"{self.id}.{self.session_key}"

    def role_in(self, network_id: int) -> str | None:
        return next((m.role for m in self.memberships if m.network_id == network_id), None)


def session_stamp(password_hash: str | None) -> str:
    """A short digest of the password hash: changes with the password, reveals nothing of it."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:12]


class StaffSession(Model):
    """One logged-in browser. The cookie holds a random key, the table only its SHA-256; logging
    out, a new password and leaving a network delete the row, for every worker at once."""

    __tablename__ = "staff_session"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LoginFailure(Model):
    """A failed (or pending) login, counted per account, per client address and per device
    cookie. ``key`` is an HMAC with the app's secret (no address or e-mail is written down);
    rows are deleted once they no longer count."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Membership(Model):
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16))

    user: Mapped[User] = relationship(back_populates="memberships")
    network: Mapped[Network] = relationship()
