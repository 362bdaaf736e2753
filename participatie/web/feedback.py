"""What a staff room tells the person at the form: refusals at their field, one-time links."""

from flask import flash, url_for
from flask_babel import gettext as _

from ..services.accounts import reset_token
from ..services.networks import SetupError


def show_error(form, refused: SetupError) -> None:
    """A service's refusal, shown at the form field it concerns (or above the form, when it
    concerns no one field: a form's methods are no fields)."""
    field = form._fields.get(refused.field)  # (a form method of that name is no field)
    if field is None:
        flash(str(refused.message))
    else:
        field.errors = [*field.errors, str(refused.message)]


def flash_reset_link(user) -> None:
    """A one-time link for ``user`` to choose a password; the person passes it on by hand."""
    link = url_for("auth.reset", token=reset_token(user), _external=True)
    flash(_("Give %(email)s this one-time link to choose a password: %(link)s",
            email=user.email, link=link), "reset-link")
