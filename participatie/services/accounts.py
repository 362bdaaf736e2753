"""Staff accounts: creating them, passwords (argon2), roles per network, one-time reset links."""

import logging
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..models import ROLES, Membership, Network, User
from ..models.account import session_stamp
from .logins import end_sessions

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
RESET_SALT = "password-reset"
# Passwords people reach for first; a longer list would be a dependency of its own.
COMMON_PASSWORDS = frozenset({
    "1234567890", "0123456789", "12345678910", "wachtwoord", "wachtwoord1", "wachtwoord123",
    "password", "password1", "password123", "motdepasse", "azertyuiop", "qwertyuiop",
    "qwerty1234", "iloveyou12", "welkom1234", "welkom123!", "bonjour123", "sifre12345",
})


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; ``field`` names the form field."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def password_hasher() -> PasswordHasher:
    """argon2id; tests choose the cheapest profile so that a hundred logins stay fast."""
    profile = getattr(profiles, current_app.config["PASSWORD_HASH_PROFILE"])
    return PasswordHasher.from_parameters(profile)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def password_problem(password: str, email: str = ""):
    """Why ``password`` is too weak, in words for the person typing it, or None."""
    lowered = password.lower()
    local_part = normalise_email(email).split("@")[0]
    if len(password) < MIN_PASSWORD_LENGTH:
        return ngettext("Use at least %(num)s character.", "Use at least %(num)s characters.",
                        MIN_PASSWORD_LENGTH)
    if len(set(password)) < 4 or lowered in COMMON_PASSWORDS:
        return _l("This password is too easy to guess. A short sentence is easy to remember.")
    if (len(local_part) >= 4 and local_part in lowered) or (email and email.lower() in lowered):
        return _l("Do not use your e-mail address in your password.")
    return None


def set_password(user: User, password: str) -> None:
    """Set a new password (checked for strength); every session of the user ends (the caller
    starts a new one for the person who chose it)."""
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError("password", problem)
    user.password_hash = password_hasher().hash(password)
    db.session.commit()
    end_sessions(user)
    log.info("password set for user %s", user.id)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail address and password, or None. Takes as long either way."""
    user = find_user(email)
    hasher = password_hasher()
    if user is None or not user.password_hash:
        hasher.hash(password)  # the same work, so timing does not tell which addresses exist
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.commit()
    return user


def check_new_email(email: str) -> str:
    """The normalised address if a new account may use it, else AccountError."""
    email = normalise_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or " " in email:
        raise AccountError("email", _l("Enter a valid e-mail address."))
    if find_user(email) is not None:
        raise AccountError("email", _l("There is already an account with this e-mail address."))
    return email


def create_user(email: str, *, is_admin: bool = False, password: str | None = None) -> User:
    """A new staff account; without a password it is set through a reset link."""
    user = User(email=check_new_email(email), is_admin=is_admin)
    if password is not None:
        problem = password_problem(password, user.email)
        if problem:
            raise AccountError("password", problem)
        user.password_hash = password_hasher().hash(password)
    db.session.add(user)
    db.session.commit()
    log.info("user %s created%s", user.id, " (administrator)" if is_admin else "")
    return user


def grant_role(user: User, network: Network, role: str) -> Membership:
    """Give ``user`` ``role`` in ``network`` (replacing the role they had there)."""
    check_role(role)
    membership = db.session.get(Membership, (user.id, network.id))
    if membership is None:
        membership = Membership(user=user, network=network, role=role)
        db.session.add(membership)
    membership.role = role
    db.session.commit()
    log.info("user %s is %s in network %s", user.id, role, network.key)
    return membership


def check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError("role", _l("Unknown role."))


def revoke_role(user: User, network: Network) -> None:
    """Take ``user`` out of ``network``; the network keeps at least one coordinator."""
    membership = db.session.get(Membership, (user.id, network.id))
    if membership is None:
        return
    if membership.role == "coordinator" and coordinator_count(network) == 1:
        raise AccountError("role", _l("A network needs at least one coordinator."))
    db.session.delete(membership)
    from .audit import record

    record("role", network.id, rows=1, commit=False)
    db.session.commit()
    end_sessions(user)  # logged in again, they see what is left to them
    log.info("user %s removed from network %s", user.id, network.key)


def change_role(user: User, network: Network, role: str) -> None:
    membership = db.session.get(Membership, (user.id, network.id))
    if membership is None:
        raise AccountError("role", _l("This person is not a member of the network."))
    if membership.role == "coordinator" and role != "coordinator" and (
        coordinator_count(network) == 1
    ):
        raise AccountError("role", _l("A network needs at least one coordinator."))
    from .audit import record

    record("role", network.id, rows=1, commit=False)
    grant_role(user, network, role)


def coordinator_count(network: Network) -> int:
    """How many coordinators the network has, with their rows locked until the change is
    committed (PostgreSQL): two coordinators stepping down at the same moment cannot leave
    the network without one. SQLite writes one at a time anyway."""
    coordinators = db.session.scalars(
        select(Membership.user_id).where(
            Membership.network_id == network.id, Membership.role == "coordinator"
        ).with_for_update()
    ).all()
    return len(coordinators)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def reset_token(user: User) -> str:
    """A token for one password reset: it stops working once the password changes, or expires."""
    return _serializer().dumps({"user": user.id, "stamp": session_stamp(user.password_hash),
                                "nonce": secrets.token_hex(4)})


def user_for_reset(token: str) -> User | None:
    """The user a reset token is for, while it is unused and younger than the configured age."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["RESET_LINK_HOURS"] * 3600)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or data.get("stamp") != session_stamp(user.password_hash):
        return None
    return user


def may_reset(actor: User, target: User) -> bool:
    """An administrator may reset anyone; a coordinator only people who are solely in networks
    they coordinate (never an administrator), so that no one gains a wider account."""
    if actor.is_admin:
        return True
    if target.is_admin or not target.memberships:
        return False
    return all(actor.role_in(m.network_id) == "coordinator" for m in target.memberships)
