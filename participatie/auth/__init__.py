"""Staff log in here: ``/login``, ``/logout``, ``/account/password`` and ``/reset/<token>``.

Sessions live on the server (services.logins): logging out ends this one, a new password or
leaving a network ends all of a person's. Failed logins are counted in the database per account
and per client address (under keyed hashes that expire); a browser that logged in to the
account before is counted on its own, so nobody can lock a person out.
"""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from ..models import User
from ..security import cookie_secure
from ..services.accounts import authenticate, normalise_email, set_password, user_for_reset
from ..services.logins import (
    DEVICE_COOKIE_DAYS,
    begin_attempt,
    device_cookie,
    device_nonce,
    end_session,
    start_session,
    succeeded,
)
from .forms import ChangePasswordForm, LoginForm, NewPasswordForm

bp = Blueprint("auth", __name__)
DEVICE_COOKIE = "participatie_device"


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_next_page())
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email = normalise_email(form.email.data)
    device = device_nonce(request.cookies.get(DEVICE_COOKIE), email)
    attempt = begin_attempt(email, request.remote_addr, device)
    if attempt.refused:
        return _too_many(form, attempt.retry_after, known_device=device is not None)
    user = authenticate(email, form.password.data)
    if user is None:
        form.password.errors.append(_("This e-mail address and password do not match."))
        return render_template("auth/login.html", form=form), 401
    succeeded(attempt)
    _log_in(user)
    answer = redirect(_next_page())
    # This browser logged in to this account: from now on its own failures count, not the
    # account's, so that someone guessing elsewhere cannot lock it out.
    answer.set_cookie(DEVICE_COOKIE, device_cookie(email, device),
                      max_age=DEVICE_COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                      secure=cookie_secure(current_app), path=url_for("auth.login"))
    return answer


def _too_many(form: LoginForm, retry_after: int, known_device: bool) -> tuple[str, int, dict]:
    minutes = max(1, -(-retry_after // 60))
    form.password.errors = [ngettext(
        "Too many failed attempts. Try again in %(num)s minute.",
        "Too many failed attempts. Try again in %(num)s minutes.", minutes)]
    if not known_device:
        form.password.errors.append(_(
            "On a computer or phone where you logged in before, you can log in now."))
    page = render_template("auth/login.html", form=form)
    return page, 429, {"Retry-After": str(retry_after)}


def _log_in(user: User) -> None:
    """A new server-side session for ``user`` in this browser."""
    start_session(user)
    login_user(user)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_session(current_user.session_key)
    logout_user()
    session.clear()  # everything of this browser's visit ends with it, a survey preview too
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(current_user.email)
    if form.validate_on_submit():
        if authenticate(current_user.email, form.current.data) is None:
            form.current.errors.append(_("This is not your current password."))
        else:
            user = current_user._get_current_object()
            set_password(user, form.password.data)  # ends every session of this person
            _log_in(user)  # … and this browser goes on in a new one
            flash(_("Your new password is saved."))
            return redirect(url_for("staff.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """A one-time link: choose a (first) password; the link stops working once it is used."""
    user = user_for_reset(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 410
    form = NewPasswordForm(user.email)
    if form.validate_on_submit():
        if current_user.is_authenticated:
            end_session(current_user.session_key)
        set_password(user, form.password.data)
        logout_user()
        _log_in(user)
        flash(_("Your new password is saved."))
        return redirect(url_for("staff.home"))
    return render_template("auth/password.html", form=form, email=user.email, reset=True)


def _next_page() -> str:
    """Back where the login began, but only within this site."""
    target = request.args.get("next", "")
    # A control character (CR/LF: a header of its own) or a backslash (which browsers read as
    # "/": "/\\evil.example") never leads anywhere.
    if any(c < " " or c in "\x7f\\" for c in target):
        return url_for("staff.home")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.netloc or parts.scheme:
        return url_for("staff.home")
    return target
