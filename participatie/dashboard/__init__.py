"""The dashboard, ``/dashboard``: a round's overview, results per question with filters,
rounds compared, exports and the dialogue report. Every figure comes from at least
``MIN_GROUP_SIZE`` respondents; a filter that leaves fewer shows "too few answers to show"."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required

from ..auth.access import found_or_404, has_role, my_networks, network_view
from ..i18n import LANGUAGES
from ..labels import AGE_BAND_LABELS, MODE_LABELS
from ..services.compare import compare, earlier_rounds, latest_version, sentence
from ..services.compass import ADULTS, area_compass
from ..services.results import (
    Filters,
    Results,
    filter_gives_away,
    overview,
    questionnaire_titles,
    summaries,
)
from ..services.retention import is_purged
from ..services.rounds import network_round
from ..vocabulary import FAMILY_SURVEY
from ..web.charts import compass_figure, compass_svg, counts_figure, figure_data
from . import evaluation, exports, feedback, imports, reach, signals, themes, trend
from .figures import answers_figure, compare_charts

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
bp.register_blueprint(exports.bp)
bp.register_blueprint(imports.bp)
bp.register_blueprint(themes.bp)
bp.register_blueprint(themes.codebook_bp)
bp.register_blueprint(reach.bp)
bp.register_blueprint(trend.bp)
bp.register_blueprint(signals.bp)
bp.register_blueprint(feedback.bp)
bp.register_blueprint(evaluation.bp)


@bp.get("/")
@login_required
def index():
    networks = my_networks()
    if not networks:
        abort(403)
    return render_template("dashboard/index.html", networks=networks,
                           may_import=lambda network: has_role(network, "coordinator"))


@bp.get("/networks/<network>/rounds/<key>/")
@network_view("viewer")
def round_overview(network, key: str):
    round_ = found_or_404(network_round(network, key))
    figures = overview(round_)
    by_week = len(figures["days"]) > 21
    periods = figures["weeks"] if by_week else figures["days"]
    days_chart = counts_figure({format_date(d): n for d, n in periods.items()},
                               _("Responses per week") if by_week else _("Responses per day"),
                               f"responses-{network.key}-{round_.key}")
    return render_template("dashboard/overview.html", network=network, round=round_,
                           figures=figures, days_chart=days_chart,
                           left_out=_names(network, figures["left_out"]),
                           titles=questionnaire_titles(round_),
                           modes=MODE_LABELS, languages=LANGUAGES,
                           hoods={n.id: n for n in network.neighbourhoods},
                           may_export_rows=has_role(network, "coordinator"))


def filters_from_request(network) -> Filters:
    hood = request.args.get("neighbourhood", type=int)
    if hood and hood not in {n.id for n in network.neighbourhoods}:
        abort(404)
    language = request.args.get("language") or None
    age = request.args.get("age") or None
    if (language and language not in LANGUAGES) or (age and age not in AGE_BAND_LABELS):
        abort(404)
    return Filters(hood, language, age)


@bp.get("/networks/<network>/rounds/<key>/results")
@network_view("viewer")
def results(network, key: str):
    round_ = found_or_404(network_round(network, key))
    keys = sorted({v.key for v in round_.questionnaire_versions})
    default = FAMILY_SURVEY if FAMILY_SURVEY in keys else keys[0]
    chosen = request.args.get("questionnaire") or default
    if chosen not in keys:
        abort(404)
    version = latest_version(round_, chosen)
    filters = filters_from_request(network)
    purged = is_purged(round_)
    if purged and (filters.language or filters.age_band):
        # Its answers are gone: only the neighbourhood tables were kept (WAVE2).
        flash(_("This round's answers were removed at the end of their retention time: its "
                "figures are kept per neighbourhood only, not per language or children's age."))
        kept = {k: v for k, v in request.args.items() if k not in ("language", "age")}
        return redirect(url_for(".results", network=network.key, key=key, **kept), 303)
    found = summaries(round_, version, filters)
    if filters.active() and filter_gives_away(round_, chosen, filters):
        found = Results(0, {})  # shown as "too few answers to show"
    compass = None
    if chosen == ADULTS and filters.neighbourhood_id:
        shown = [(round_.name, area_compass(round_.id, filters.neighbourhood_id))]
        compass = {"svg": compass_svg(shown), "data": figure_data(
            compass_figure(shown), f"compass-{network.key}-{round_.key}")}
    hood = next((n for n in network.neighbourhoods if n.id == filters.neighbourhood_id), None)
    name = "-".join(filter(None, (network.key, round_.key, hood and hood.key)))
    where = ", ".join(str(part) for part in (
        round_.name, hood.name if hood else network.name,
        filters.language and LANGUAGES[filters.language].name,
        filters.age_band and AGE_BAND_LABELS[filters.age_band]) if part)
    bars = {question.key: figure for question in version.questionnaire.questions()
            if (figure := answers_figure(question, found.summaries.get(question.key),
                                         f"results-{name}-{question.key}", where))}
    return render_template(
        "dashboard/results.html", network=network, round=round_, version=version, keys=keys,
        questionnaire=version.questionnaire, respondents=found.respondents,
        summaries=found.summaries, left_out=_names(network, found.left_out), filters=filters,
        ages=AGE_BAND_LABELS, languages=LANGUAGES, compass=compass, bars=bars, purged=purged,
        titles=questionnaire_titles(round_))


def _names(network, hood_ids) -> list[str]:
    """The names of neighbourhoods left out of a figure (too few answers there)."""
    names = {hood.id: hood.name for hood in network.neighbourhoods}
    return [names[hood] for hood in hood_ids if hood in names]


@bp.get("/networks/<network>/rounds/<key>/compare")
@network_view("viewer")
def rounds_compared(network, key: str):
    after = found_or_404(network_round(network, key))
    earlier = earlier_rounds(network, after)
    before = (found_or_404(network_round(network, request.args["with"])) if request.args.get("with")
              else next(iter(earlier), None))
    if before is not None and before.id == after.id:  # a round beside itself tells nothing
        abort(404)
    filters = filters_from_request(network)
    hood = next((n for n in network.neighbourhoods if n.id == filters.neighbourhood_id), None)
    key_ = request.args.get("questionnaire", FAMILY_SURVEY)
    items = compare(before, after, key_, hood) if before else []
    where = hood.name if hood else network.name
    notable = [sentence(item, where, before.name) for item in items if item.notable]
    charts = compare_charts(items, before.name, after.name, "-".join(filter(None, (
        "compare", network.key, before.key, after.key, hood and hood.key))),
        where) if before else []
    return render_template("dashboard/compare.html", network=network, round=after,
                           before=before, earlier=earlier, items=items, notable=notable,
                           charts=charts,
                           hood=hood, questionnaire=key_, titles=questionnaire_titles(after),
                           keys=sorted({v.key for v in after.questionnaire_versions}))
