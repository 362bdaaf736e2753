"""Staff log in here: ``/login``, ``/logout``, ``/account/password`` and ``/reset/<token>``.

Failed logins are limited per account and per client address (Flask-Limiter, in memory only:
no address is ever written down).
"""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..services.accounts import authenticate, normalise_email, set_password, user_for_reset
from .forms import ChangePasswordForm, LoginForm, NewPasswordForm

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))


def _failed(_response) -> bool:
    return g.get("login_failed", False)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
               methods=["POST"], deduct_when=_failed, scope="login-account")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed, scope="login-address")
def login():
    if current_user.is_authenticated:
        return redirect(_next_page())
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_next_page())
        g.login_failed = True
        form.password.errors.append(_("This e-mail address and password do not match."))
    return render_template("auth/login.html", form=form), 401 if g.get("login_failed") else 200


@bp.post("/logout")
def logout():
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
            set_password(current_user, form.password.data)
            login_user(current_user._get_current_object())  # this session goes on, no other
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
        set_password(user, form.password.data)
        logout_user()
        login_user(user)
        flash(_("Your new password is saved."))
        return redirect(url_for("staff.home"))
    return render_template("auth/password.html", form=form, email=user.email, reset=True)


@bp.app_errorhandler(429)
def too_many_attempts(_error):
    form = LoginForm()
    form.password.errors = [_("Too many failed attempts. Wait a quarter of an hour and try again.")]
    return render_template("auth/login.html", form=form), 429


def _next_page() -> str:
    """Back where the login began, but only within this site."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.netloc or parts.scheme:
        return url_for("staff.home")
    return target
