"""Trends across rounds (``/dashboard/networks/<network>/rounds/<key>/trend``): per question of
the family survey (a mean, or the share of each answer) and per Place Standard dimension (the
neighbourhood's median), over the network's rounds up to this one. Figures are the published
ones each round's results page shows."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from analysis import charts

from ..auth.access import found_or_404, network_view
from ..i18n import localized
from ..labels import DIMENSION_LABELS
from ..services.compare import latest_version
from ..services.compass import area_compass
from ..services.results import Filters, filter_gives_away, summaries
from ..services.rounds import network_round
from ..vocabulary import FAMILY_SURVEY
from ..web.charts import figure_data

bp = Blueprint("trend", __name__)
ROUNDS = 8  # at most this many rounds, the latest last


def _rounds(network, round_) -> list:
    earlier = [r for r in network.rounds if r.opens_on and round_.opens_on
               and r.opens_on < round_.opens_on]
    return sorted([*earlier, round_], key=lambda r: r.opens_on or round_.opens_on)[-ROUNDS:]


def _values(question, summary) -> dict[str, float | None]:
    """The published figure(s) of one question in one round: a line name → value."""
    if summary is None or summary.suppressed:
        return {}
    if question.summary in ("ordinal", "numeric"):
        return {_("mean"): round(summary.values["mean"], 2)}
    if question.summary == "binary":
        return {_("yes"): round(100 * summary.values["share_yes"], 1)}
    if question.summary in ("categorical", "multi_categorical"):
        labels = {o.key: localized(o.label) for o in question.options}
        return {labels.get(k, k): None if s is None else round(100 * s, 1)
                for k, s in summary.values["shares"].items()}
    return {}


def _chart(names: list[str], series: dict, title: str, filename: str, unit: str) -> dict:
    figure = charts.trend(names, series, title, height=420, font={"size": 14},
                          yaxis={"ticksuffix": unit, "rangemode": "tozero"},
                          legend={"orientation": "h", "y": -0.2})
    return {"svg": charts.to_svg(figure, 900, 420), "data": figure_data(figure, filename),
            "label": title}


@bp.get("/networks/<network>/rounds/<key>/trend")
@network_view("viewer")
def show(network, key: str):
    round_ = found_or_404(network_round(network, key))
    hood_id = request.args.get("neighbourhood", type=int)
    hoods = {h.id: h for h in network.neighbourhoods}
    if hood_id is not None and hood_id not in hoods:
        abort(404)
    hood = hoods.get(hood_id) if hood_id else None
    rounds = _rounds(network, round_)
    names = [r.name for r in rounds]
    filters = Filters(neighbourhood_id=hood_id)
    per_round = {}
    for r in rounds:
        version = latest_version(r, FAMILY_SURVEY)
        if version is None or (filters.active() and filter_gives_away(r, FAMILY_SURVEY, filters)):
            continue
        per_round[r.id] = summaries(r, version, filters).summaries
    questions = []
    current = latest_version(round_, FAMILY_SURVEY)
    for question in current.questionnaire.questions() if current else []:
        found = [_values(question, per_round.get(r.id, {}).get(question.key)) for r in rounds]
        lines = sorted({line for values in found for line in values})
        if not lines or sum(1 for values in found if values) < 1:
            continue
        series = {line: [values.get(line) for values in found] for line in lines}
        unit = "" if question.summary in ("ordinal", "numeric") else "%"
        questions.append(_chart(names, series, localized(question.text),
                                f"trend-{network.key}-{question.key}", unit))
    dimensions = None
    if hood:
        medians = [area_compass(r.id, hood.id).medians() if hood in r.neighbourhoods else {}
                   for r in rounds]
        series = {str(label): [m.get(dimension) for m in medians]
                  for dimension, label in DIMENSION_LABELS.items()}
        if any(v is not None for values in series.values() for v in values):
            dimensions = _chart(names, series, _("Place Standard themes in %(name)s (median, 1–7)",
                                                 name=hood.name),
                                f"trend-{network.key}-{hood.key}-place-standard", "")
    return render_template("dashboard/trend.html", network=network, round=round_, hood=hood,
                           rounds=rounds, questions=questions, dimensions=dimensions)
