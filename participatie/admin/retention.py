"""How long a network keeps row-level answers, and what will be removed when
(``/admin/networks/<network>/retention``); ``participatie purge`` removes them."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField
from wtforms.validators import DataRequired, NumberRange

from ..auth.access import found_or_404, network_view
from ..models.base import utcnow
from ..services.retention import months_kept, request_purge, schedule, set_months_kept
from ..services.rounds import network_round
from ..web.forms import StaffForm

bp = Blueprint("retention", __name__, url_prefix="/networks/<network>/retention")


class RetentionForm(StaffForm):
    months = IntegerField(_l("Months the answers are kept after a round closes"),
                          validators=[DataRequired(), NumberRange(min=1, max=240)])
    submit = SubmitField(_l("Save"))


@bp.route("/", methods=["GET", "POST"])
@network_view("coordinator")
def index(network):
    form = RetentionForm(months=months_kept(network))
    if form.validate_on_submit():
        set_months_kept(network, form.months.data)
        flash(_("The retention time is saved."))
        return redirect(url_for(".index", network=network.key))
    return render_template("admin/retention.html", network=network, form=form,
                           rounds=schedule(network), today=utcnow().date(),
                           remove_form=FlaskForm())


@bp.post("/<key>/remove")
@network_view("coordinator")
def remove(network, key: str):
    """Remove a round's answers now that its time is up, rather than at the next nightly
    ``participatie purge``: a job (it rewrites many rows), audited as a purge."""
    round_ = found_or_404(network_round(network, key))
    if FlaskForm().validate_on_submit():
        if request_purge(round_, current_user.id):
            flash(_("The answers of %(round)s are being removed; the published tables stay.",
                    round=round_.name))
        else:
            flash(_("The answers of %(round)s cannot be removed yet.", round=round_.name))
    return redirect(url_for(".index", network=network.key))
