"""How long a network keeps row-level answers, and what will be removed when
(``/admin/networks/<network>/retention``); ``participatie purge`` removes them."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField
from wtforms.validators import DataRequired, NumberRange

from ..auth.access import network_view
from ..services.retention import months_kept, schedule, set_months_kept

bp = Blueprint("retention", __name__, url_prefix="/networks/<network>/retention")


class RetentionForm(FlaskForm):
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
                           rounds=schedule(network))
