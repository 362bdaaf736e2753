"""A network's neighbourhoods, partners and questionnaires (``/admin/networks/<network>/…``)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.access import network_view
from ..extensions import db
from ..models import Neighbourhood, Partner
from ..services.networks import (
    SetupError,
    delete_partner,
    published_versions,
    save_neighbourhood,
    save_partner,
    set_questionnaires,
)
from ..web.feedback import show_error
from ..web.forms import options, version_label
from .forms import NeighbourhoodForm, PartnerForm, QuestionnairesForm

bp = Blueprint("setup", __name__, url_prefix="/networks/<network>")


def _in_network(model, network, item_id: int):
    """An item of ``network`` by id; another network's item is not found."""
    item = db.session.scalar(
        select(model).where(model.id == item_id, model.network_id == network.id)
    )
    if item is None:
        abort(404)
    return item


@bp.route("/neighbourhoods/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/neighbourhoods/<int:item_id>", methods=["GET", "POST"])
@network_view("coordinator")
def neighbourhood(network, item_id: int | None):
    hood = item_id and _in_network(Neighbourhood, network, item_id)
    form = NeighbourhoodForm(obj=hood or None)
    if hood and not form.is_submitted():
        form.fill(hood.population)
    if form.validate_on_submit():
        try:
            saved = save_neighbourhood(network, form.name.data, form.population(), hood or None)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("Neighbourhood %(name)s is saved.", name=saved.name))
            return redirect(url_for("admin.network", network=network.key) + "#neighbourhoods")
    title = hood.name if hood else _("New neighbourhood")
    return render_template("admin/form.html", form=form, network=network, title=title,
                           hints={"languages": _("Language codes, separated by commas, e.g. "
                                                 "nl, ar, tr, ber, other")})


@bp.route("/partners/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/partners/<int:item_id>", methods=["GET", "POST"])
@network_view("coordinator")
def partner(network, item_id: int | None):
    found = item_id and _in_network(Partner, network, item_id)
    form = PartnerForm(obj=found or None)
    if form.validate_on_submit():
        try:
            saved = save_partner(network, form.name.data, form.functions.data, found or None)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("Partner %(name)s is saved.", name=saved.name))
            return redirect(url_for("admin.network", network=network.key) + "#partners")
    title = found.name if found else _("New partner")
    return render_template("admin/form.html", form=form, network=network, title=title)


@bp.post("/partners/<int:item_id>/delete")
@network_view("coordinator")
def remove_partner(network, item_id: int):
    found = _in_network(Partner, network, item_id)
    delete_partner(found)
    flash(_("Partner %(name)s is removed.", name=found.name))
    return redirect(url_for("admin.network", network=network.key) + "#partners")


@bp.route("/questionnaires", methods=["GET", "POST"])
@network_view("coordinator")
def questionnaires(network):
    form = QuestionnairesForm()
    form.versions.choices = options((v.id, version_label(v)) for v in published_versions())
    if not form.is_submitted():
        form.versions.data = [v.id for v in network.questionnaire_versions]
    if form.validate_on_submit():
        try:
            set_questionnaires(network, form.versions.data)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("The network's questionnaires are saved."))
            return redirect(url_for("admin.network", network=network.key) + "#questionnaires")
    return render_template("admin/form.html", form=form, network=network,
                           title=_("Questionnaires"))
