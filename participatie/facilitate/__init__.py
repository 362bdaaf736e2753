"""The facilitate room, ``/facilitate``: group sessions with their live dialogue screen, the
compass of a neighbourhood, and paper forms typed in. For facilitators (and coordinators);
viewers see the results only."""

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from ..auth.access import has_role, my_networks, network_view
from ..labels import DIMENSION_LABELS
from ..services.compass import ADULTS, CHILDREN, area_compass
from ..services.links import local_today
from ..services.sessions import network_sessions
from ..web.charts import compass_svg
from . import paper, sessions, voices

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")
for child in (sessions.bp, paper.bp, voices.bp):
    bp.register_blueprint(child)


@bp.get("/")
@login_required
def index():
    networks = my_networks()
    if not networks:
        abort(403)
    return render_template("facilitate/index.html", networks=networks,
                           sessions_of=network_sessions, today=local_today(),
                           runs_sessions=lambda n: has_role(n, "facilitator"))


@bp.get("/networks/<network>/compass")
@network_view("viewer")
def compass(network):
    """A neighbourhood's compass in a round, with a second neighbourhood or round laid over."""
    rounds = {r.id: r for r in network.rounds}
    hoods = {n.id: n for n in network.neighbourhoods}
    if not rounds or not hoods:
        return render_template("facilitate/compass.html", network=network, chosen=None)
    chosen = {
        "round": _pick(rounds, "round"),
        "neighbourhood": _pick(hoods, "neighbourhood"),
        "compare_round": _pick(rounds, "compare_round", None),
        "compare_neighbourhood": _pick(hoods, "compare_neighbourhood", None),
        "who": CHILDREN if request.args.get("who") == "children" else ADULTS,
    }
    layers = [(chosen["round"], chosen["neighbourhood"])]
    if chosen["compare_neighbourhood"]:
        layers.append((chosen["round"], chosen["compare_neighbourhood"]))
    if chosen["compare_round"]:
        layers.append((chosen["compare_round"], chosen["neighbourhood"]))
    compasses = [(f"{hood.name}, {round_.name}", area_compass(round_.id, hood.id, chosen["who"]))
                 for round_, hood in layers]
    return render_template("facilitate/compass.html", network=network, chosen=chosen,
                           rounds=rounds.values(), hoods=hoods.values(), compasses=compasses,
                           svg=compass_svg(compasses), dimensions=DIMENSION_LABELS)


def _pick(items: dict, name: str, default=...):
    """The item whose id the query names; else the first (or ``default``); 404 if unknown."""
    value = request.args.get(name, "")
    if not value:
        return next(iter(items.values())) if default is ... else default
    if not (value.isascii() and value.isdigit()) or int(value) not in items:
        abort(404)
    return items[int(value)]
