"""Staff sessions kept on the server, and failed logins counted in the database.

A session cookie names a row of ``staff_session`` (by a random key whose SHA-256 is stored); the
session lasts while the row does, so logging out, a new password or leaving a network ends it
for every worker and machine at once.

Failed logins are counted per account and per client address, under keyed hashes (HMAC with the
app's secret: no address or e-mail is written down) that are deleted once they no longer count.
A browser holding a *device cookie* from an earlier good login of the same account is counted on
its own instead, so that nobody can lock a person out by guessing at their address (the device
cookie scheme of the OWASP cheat sheet). Nothing waits: an attempt over the limit is refused at
once, with the seconds until the next one counts.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import LoginFailure, StaffSession, User
from ..models.base import utcnow

DEVICE_SALT = "device-cookie"
DEVICE_COOKIE_DAYS = 180
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(\d+)?\s*(second|minute|hour|day)s?\s*$")


# -- sessions ------------------------------------------------------------------------------------

def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User) -> str:
    """A new server-side session for ``user``; its key is what the cookie carries."""
    key = secrets.token_urlsafe(32)
    cutoff = utcnow() - session_lifetime()
    db.session.execute(delete(StaffSession).where(StaffSession.created_at < cutoff))
    db.session.add(StaffSession(key_hash=_digest(key), user_id=user.id))
    db.session.commit()
    user.session_key = key
    return key


def session_user(user_id: int, key: str) -> User | None:
    """The active user of a live session, or None (ended, expired, or never there)."""
    found = db.session.get(StaffSession, _digest(key))
    if found is None or found.user_id != user_id or (
            found.created_at < utcnow() - session_lifetime()):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    user.session_key = key
    return user


def end_session(key: str | None) -> None:
    if key:
        db.session.execute(delete(StaffSession).where(StaffSession.key_hash == _digest(key)))
        db.session.commit()


def end_sessions(user: User) -> None:
    """End every session of ``user`` (a new password, removed from a network)."""
    db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    db.session.commit()


def session_lifetime() -> timedelta:
    return timedelta(hours=float(current_app.config["STAFF_SESSION_HOURS"]))


# -- failed logins -------------------------------------------------------------------------------

def parse_limit(text: str) -> tuple[int, int]:
    """``"5 per 15 minutes"`` → (5, 900): how many, within how many seconds."""
    found = _LIMIT.match(text)
    if found is None:
        raise ValueError(f"a login limit reads like '5 per 15 minutes', not {text!r}")
    return int(found[1]), int(found[2] or 1) * _UNITS[found[3]]


def keyed(kind: str, value: str) -> str:
    """An HMAC of ``value`` with the app's secret: the same for the same value, telling nothing."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


@dataclass
class Attempt:
    """A login attempt counted in advance: refused (``retry_after`` seconds), or going ahead;
    :func:`succeeded` takes its rows back, a failure leaves them counting."""

    rows: list[int] = field(default_factory=list)
    retry_after: int = 0

    @property
    def refused(self) -> bool:
        return self.retry_after > 0


def begin_attempt(email: str, address: str | None, device: str | None) -> Attempt:
    """Count an attempt at ``email`` before the password is checked (so that parallel guesses
    on several workers cannot pass the limit together). ``device``: the nonce of a valid device
    cookie of this account; then only that device's failures count."""
    per_account = parse_limit(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"])
    per_address = parse_limit(current_app.config["LOGIN_LIMIT_PER_ADDRESS"])
    if device:
        limits = [(keyed("device", device), per_account)]
    else:
        limits = [(keyed("account", email), per_account)]
        if address:
            limits.append((keyed("address", address), per_address))
    now = utcnow()
    longest = max(per_account[1], per_address[1])
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(
        seconds=longest)))
    rows = [LoginFailure(key=key, at=now) for key, _limit in limits]
    db.session.add_all(rows)
    db.session.commit()
    attempt = Attempt([row.id for row in rows])
    for key, (amount, seconds) in limits:
        earlier = db.session.scalars(
            select(LoginFailure.at).where(
                LoginFailure.key == key, LoginFailure.at > now - timedelta(seconds=seconds),
                LoginFailure.id.not_in(attempt.rows))
            .order_by(LoginFailure.at)).all()
        if len(earlier) >= amount:
            # It counts again once enough of the earlier failures are older than the window.
            frees = earlier[len(earlier) - amount] + timedelta(seconds=seconds)
            wait = max(1, int((frees - now).total_seconds() + 0.999))
            attempt.retry_after = max(attempt.retry_after, wait)
    if attempt.refused:
        _take_back(attempt)
    return attempt


def succeeded(attempt: Attempt) -> None:
    _take_back(attempt)


def _take_back(attempt: Attempt) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt.rows)))
    db.session.commit()


def failures_counted() -> int:
    """How many failed logins count now (tests and the audit)."""
    return db.session.scalar(select(func.count()).select_from(LoginFailure)) or 0


# -- device cookies ------------------------------------------------------------------------------

def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=DEVICE_SALT)


def device_cookie(email: str, nonce: str | None = None) -> str:
    """The value of a device cookie for the account ``email`` (a keyed hash of it, no address)."""
    return _device_serializer().dumps({"account": keyed("account", email),
                                       "nonce": nonce or secrets.token_urlsafe(16)})


def device_nonce(cookie: str | None, email: str) -> str | None:
    """The nonce of ``cookie`` if it is a valid, unexpired device cookie for ``email``."""
    if not cookie:
        return None
    try:
        data = _device_serializer().loads(cookie, max_age=DEVICE_COOKIE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("account") != keyed("account", email):
        return None
    nonce = data.get("nonce")
    return nonce if isinstance(nonce, str) else None

