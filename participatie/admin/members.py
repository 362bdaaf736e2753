"""A network's members and their roles (``/admin/networks/<network>/members/…``)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import network_view
from ..extensions import db
from ..models import Membership
from ..services.accounts import AccountError, change_role, may_reset, revoke_role
from ..services.networks import SetupError, add_member
from ..web.feedback import flash_reset_link, show_error
from .forms import MemberForm, RoleForm

bp = Blueprint("members", __name__, url_prefix="/networks/<network>/members")


def _member(network, user_id: int) -> Membership:
    membership = db.session.get(Membership, (user_id, network.id))
    if membership is None:
        abort(404)
    return membership


def _back(network):
    return redirect(url_for("admin.members.index", network=network.key))


@bp.route("/", methods=["GET", "POST"])
@network_view("coordinator")
def index(network):
    form = MemberForm()
    if form.validate_on_submit():
        try:
            user, created = add_member(network, form.email.data, form.role.data)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("%(email)s is now a member of %(network)s.", email=user.email,
                    network=network.name))
            if created:
                flash_reset_link(user)
            return _back(network)
    memberships = sorted(
        db.session.query(Membership).filter_by(network_id=network.id), key=lambda m: m.user.email
    )
    return render_template("admin/members.html", network=network, form=form,
                           memberships=memberships, role_form=RoleForm(),
                           may_reset=lambda user: may_reset(current_user, user))


@bp.post("/<int:user_id>/role")
@network_view("coordinator")
def role(network, user_id: int):
    membership = _member(network, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            change_role(membership.user, network, form.role.data)
        except AccountError as refused:
            flash(str(refused.message), "error")
        else:
            flash(_("The role of %(email)s is changed.", email=membership.user.email))
    return _back(network)


@bp.post("/<int:user_id>/remove")
@network_view("coordinator")
def remove(network, user_id: int):
    membership = _member(network, user_id)
    email = membership.user.email
    try:
        revoke_role(membership.user, network)
    except AccountError as refused:
        flash(str(refused.message), "error")
    else:
        flash(_("%(email)s is no longer a member of %(network)s.", email=email,
                network=network.name))
    return _back(network)


@bp.post("/<int:user_id>/reset-link")
@network_view("coordinator")
def reset_link(network, user_id: int):
    """A one-time password link; only for people whose every network this coordinator leads."""
    membership = _member(network, user_id)
    if not may_reset(current_user, membership.user):
        abort(403)
    flash_reset_link(membership.user)
    return _back(network)
