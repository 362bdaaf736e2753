"""A neighbourhood's population figures for reach (``/admin/networks/<network>/neighbourhoods/
<id>/population``): families per children's age band and per home language, as numbers of
families or, when only that is known, as a percentage of the neighbourhood's families."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DecimalField, IntegerField, StringField, SubmitField
from wtforms.validators import Length, NumberRange, Optional

from ..auth.access import network_view
from ..extensions import db
from ..labels import AGE_BAND_LABELS
from ..models import Neighbourhood
from ..models.population import NOT_DUTCH
from ..services.population import (
    HOME_LANGUAGE_LABELS,
    Entry,
    PopulationError,
    figures_of,
    save_population,
)
from ..web.forms import StaffForm

bp = Blueprint("population", __name__, url_prefix="/networks/<network>")


def _families(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=1_000_000)])


def _percent(label):
    return DecimalField(label, places=1, validators=[Optional(), NumberRange(min=0, max=100)])


def _field(dimension: str, group: str, kind: str) -> str:
    return f"{dimension}__{group.replace('-', '_')}__{kind}"


class PopulationForm(StaffForm):
    families = _families(_l("Families with children (0–12) in the neighbourhood"))
    source = StringField(_l("Where the figures come from (e.g. Kind en Gezin, 2025)"),
                         validators=[Length(max=200)])
    submit = SubmitField(_l("Save population figures"))


# (dimension, group, who, which figures may be given)
ROWS: list[tuple[str, str, Any, tuple[str, ...]]] = [
    ("age_band", band, _l("Families with children of %(band)s", band=label), ("families",))
    for band, label in AGE_BAND_LABELS.items()]
ROWS += [("home_language", code, _l("Families who speak %(language)s at home", language=label),
          ("families", "percent")) for code, label in HOME_LANGUAGE_LABELS.items()]
ROWS += [("home_language", NOT_DUTCH, _l("Families who do not speak Dutch at home"),
          ("percent",))]
for _dimension, _group, _label, _kinds in ROWS:
    for _kind in _kinds:
        setattr(PopulationForm, _field(_dimension, _group, _kind),
                _families(_l("%(group)s: number of families", group=_label))
                if _kind == "families" else
                _percent(_l("%(group)s: percentage of families", group=_label)))


def _entries(form) -> list[Entry]:
    found = []
    for dimension, group, _label, kinds in ROWS:
        values = {kind: form[_field(dimension, group, kind)].data for kind in kinds}
        families, percent = values.get("families"), values.get("percent")
        if families is None and percent is None:
            continue
        found.append(Entry(dimension, group, families,
                           None if percent is None else float(percent)))
    return found


@bp.route("/neighbourhoods/<int:item_id>/population", methods=["GET", "POST"])
@network_view("coordinator")
def edit(network, item_id: int):
    hood = db.session.scalar(select(Neighbourhood).where(
        Neighbourhood.id == item_id, Neighbourhood.network_id == network.id))
    if hood is None:
        abort(404)
    form = PopulationForm()
    if not form.is_submitted():
        form.families.data = (hood.population or {}).get("families")
        for (dimension, group), figure in figures_of(hood).items():
            form.source.data = form.source.data or figure.source
            for kind in ("families", "percent"):
                name = _field(dimension, group, kind)
                if name in form and getattr(figure, kind) is not None:
                    form[name].data = getattr(figure, kind)
    if form.validate_on_submit():
        try:
            save_population(hood, form.families.data, _entries(form), form.source.data or "")
        except PopulationError as refused:
            target = next((f for f in form if f.name.startswith(
                f"{refused.field.replace('-', '_')}") or f"__{refused.field.replace('-', '_')}__"
                in f.name), form.families)
            target.errors = [*target.errors, str(refused.message)]
        else:
            flash(_("The population figures of %(name)s are saved.", name=hood.name))
            return redirect(url_for("admin.network", network=network.key) + "#neighbourhoods")
    return render_template(
        "admin/form.html", form=form, network=network,
        title=_("Population figures of %(name)s", name=hood.name),
        hints={"families": _("The denominator of reach. For each group, give a number of "
                             "families or, when only that is known, a percentage; not both. "
                             "A family can be in more than one group.")})
