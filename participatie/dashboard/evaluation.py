"""The partners' self-evaluation on the eight building blocks.

``/dashboard/networks/<network>/evaluation/``: the network's view (viewers see it), per block
the spread across partners by name, now against goal and the change since the previous
evaluation, beside the map of the essential functions with its gaps; coordinators start an
evaluation and hand out its links there.

``/evaluatie/<token>``: one partner fills all eight blocks on one page. Each partner gets its own
secret link rather than an account: partner organisations (a school, the OCMW, a sports club)
mostly have no login in the app, the team fills it together around a table, and the link opens
that partner's own form and nothing else (no family's answer, no other partner's)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..auth.access import has_role, network_view
from ..i18n import LANGUAGES, use_language
from ..labels import FUNCTION_LABELS
from ..services import evaluation as service
from ..web.forms import StaffForm

bp = Blueprint("evaluation", __name__, url_prefix="/networks/<network>/evaluation")
fill_bp = Blueprint("evaluation_fill", __name__, url_prefix="/evaluatie")


class StartForm(StaffForm):
    name = StringField(_l("Name of the evaluation"), validators=[DataRequired(), Length(max=200)],
                       description=_l("For example: autumn 2026"))


@bp.get("/")
@network_view("viewer")
def index(network):
    evaluations = service.network_evaluations(network)
    chosen = request.args.get("id", type=int)
    current = next((e for e in evaluations if e.id == chosen), None) if chosen else None
    if chosen and current is None:
        abort(404)
    current = current or (evaluations[0] if evaluations else None)
    previous = service.previous_of(current) if current else None
    rows, gaps = service.function_map(network)
    return render_template(
        "dashboard/evaluation/index.html", network=network, evaluations=evaluations,
        current=current, previous=previous,
        blocks=service.blocks(current, previous) if current else [],
        titles=_block_titles(current) if current else {}, rows=rows, gaps=gaps,
        functions=FUNCTION_LABELS, form=StartForm(), may_edit=has_role(network, "coordinator"))


@bp.post("/")
@network_view("coordinator")
def start(network):
    form = StartForm()
    if form.validate_on_submit():
        try:
            evaluation = service.start_evaluation(network, form.name.data)
        except service.EvaluationError as error:
            flash(str(error))
        else:
            flash(_("The evaluation has started: send each partner its own link."))
            return redirect(url_for(".index", network=network.key, id=evaluation.id) + "#links")
    else:
        flash(_("Give the evaluation a name of at most 200 characters."))
    return redirect(url_for(".index", network=network.key))


def _block_titles(evaluation) -> dict:
    return {section.key: section.title for section in service.definition(evaluation).sections}


@fill_bp.route("/<token>", methods=["GET", "POST"])
def fill(token: str):
    entry = service.entry_by_token(token)
    if entry is None:
        abort(404)
    language = request.args.get("lang")
    if language in LANGUAGES:
        use_language(language)
    form = FlaskForm()
    errors: dict[str, str] = {}
    values = dict(entry.answers)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        errors = service.save_entry(entry, request.form)
        if not errors:
            flash(_("Thank you: your evaluation is saved. You can change it with the same link."))
            return redirect(url_for(".fill", token=token, lang=language))
        values = request.form.to_dict()
    return render_template(
        "dashboard/evaluation/fill.html", entry=entry, evaluation=entry.evaluation,
        questionnaire=service.definition(entry.evaluation), form=form, errors=errors,
        values={k: str(v) for k, v in values.items()}, language=language,
        languages=LANGUAGES), 422 if errors else 200
