"""Who we do not reach (``/dashboard/networks/<network>/rounds/<key>/reach``): a round's
family-survey answers in a neighbourhood against its families per children's age band and home
language, per way of answering, and in earlier rounds."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from analysis.reach import reach_figure, reach_svg

from ..auth.access import found_or_404, network_view
from ..labels import MODE_LABELS
from ..services.population import group_label
from ..services.reach import history, percent, reach, sentence
from ..services.rounds import network_round
from ..web.charts import figure_data

bp = Blueprint("reach", __name__)


@bp.get("/networks/<network>/rounds/<key>/reach")
@network_view("viewer")
def show(network, key: str):
    round_ = found_or_404(network_round(network, key))
    hoods = round_.neighbourhoods
    chosen = request.args.get("neighbourhood", type=int)
    if chosen is not None and chosen not in {h.id for h in hoods}:
        abort(404)
    hood = next((h for h in hoods if h.id == chosen), hoods[0] if hoods else None)
    found = reach(round_, hood) if hood else None
    chart = None
    if hood and found and found.groups and any(g.figure for g in found.groups):
        rows = [(group_label(*g.key), g.figure) for g in found.groups if g.figure]
        names = (_("Share of families here"), _("Share of answers"))
        chart = {"svg": reach_svg(rows, names),
                 "data": figure_data(reach_figure(rows, names),
                                     f"reach-{network.key}-{round_.key}-{hood.key}")}
    return render_template(
        "dashboard/reach.html", network=network, round=round_, hood=hood, reach=found,
        earlier=history(round_, hood) if hood and found and found.respondents else [],
        sentences=[sentence(g) for g in found.under_reached()] if found else [],
        group_label=group_label, percent=percent, modes=MODE_LABELS, reach_chart=chart)
