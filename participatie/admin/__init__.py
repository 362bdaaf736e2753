"""The admin room, ``/admin``: networks and their set-up, for coordinators and the instance
administrator. Every write goes through a service function; every lookup is scoped by the
network from :func:`load_network`, so another network's ids are simply not found."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.access import admin_required, my_networks, network_view
from ..labels import FUNCTION_LABELS
from ..services.networks import SetupError, create_network
from ..web.feedback import flash_reset_link, show_error
from . import members, population, retention, rounds, setup, versions
from .forms import NetworkForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
for child in (setup.bp, members.bp, rounds.bp, population.bp, versions.bp, retention.bp):
    bp.register_blueprint(child)


@bp.get("/")
@login_required
def index():
    """The networks this person sets up; facilitators and viewers have no business here."""
    networks = my_networks("coordinator")
    if not networks and not current_user.is_admin:
        abort(403)
    return render_template("admin/index.html", networks=networks)


@bp.route("/networks/new", methods=["GET", "POST"])
@admin_required
def new_network():
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network, coordinator = create_network(form.name.data, form.coordinator_email.data)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("Network %(name)s is created.", name=network.name))
            if not coordinator.password_hash:
                flash_reset_link(coordinator)
            return redirect(url_for(".network", network=network.key))
    return render_template("admin/form.html", form=form, title=_("New network"))


@bp.get("/networks/<network>/")
@network_view("coordinator")
def network(network):
    return render_template("admin/network.html", network=network, functions=FUNCTION_LABELS)
