"""Group sessions: open one, its page with the join QR code and the group's results, the live
screen for the projector, the results, and finishing it."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.access import found_or_404, network_view
from ..labels import DIMENSION_LABELS, PARTICIPANT_LABELS
from ..services.compass import ADULTS, CHILDREN, session_compasses
from ..services.links import local_today, public_url_for
from ..services.networks import SetupError
from ..services.qr import qr_svg
from ..services.sessions import (
    finish_session,
    network_session,
    open_session,
    save_group_results,
)
from ..web.charts import compass_svg, group_svg
from ..web.feedback import show_error
from ..web.forms import fill_choices
from .forms import GroupResultsForm, SessionForm

bp = Blueprint("sessions", __name__, url_prefix="/networks/<network>/sessions")


def join_url(session) -> str:
    return public_url_for(session.code)


@bp.route("/new", methods=["GET", "POST"])
@network_view("facilitator")
def new(network):
    form = SessionForm()
    fill_choices(form, network)
    if not form.is_submitted():
        form.held_on.data = local_today()
        form.kinds.data = ["parents"]
    if form.validate_on_submit():
        try:
            session = open_session(network, round_id=form.round.data,
                                   neighbourhood_id=form.neighbourhood.data,
                                   held_on=form.held_on.data, place=form.place.data,
                                   participants=form.participants.data, kinds=form.kinds.data)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("The session is open. Show the QR code so that people can join."))
            return redirect(url_for(".show", network=network.key, session_id=session.id))
    return render_template("staff/form.html", form=form, title=_("New group session"),
                           back=url_for("facilitate.index"))


@bp.route("/<int:session_id>/", methods=["GET", "POST"])
@network_view("facilitator")
def show(network, session_id: int):
    """The facilitator's page: join code, and the group's own scores, notes and priorities."""
    session = found_or_404(network_session(network, session_id))
    form = GroupResultsForm()
    if not form.is_submitted():
        _fill(form, session)
    if form.validate_on_submit():
        try:
            save_group_results(session, form.scores(), form.priorities(),
                               form.participants.data, form.notes.data or "")
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("The group's results are saved."))
            return redirect(url_for(".show", network=network.key, session_id=session.id))
    compasses = session_compasses(session, live=True)  # as the room saw them move
    url = join_url(session)
    return render_template("facilitate/session.html", network=network, session=session,
                           form=form, rows=list(zip(DIMENSION_LABELS.items(),
                                                    form.dimensions, strict=True)), url=url,
                           qr=qr_svg(url, title=url), adults=compasses[ADULTS],
                           kinds=PARTICIPANT_LABELS)


def _fill(form, session) -> None:
    saved = {score.dimension: score for score in session.scores}
    for dimension, entry in zip(DIMENSION_LABELS, form.dimensions, strict=True):
        score = saved.get(dimension)
        entry.form.score.data = str(score.score) if score and score.score else ""
        entry.form.notes.data = score.notes if score else ""
    for field, dimension in zip((form.priority_1, form.priority_2, form.priority_3),
                                [*session.priorities, "", "", ""], strict=False):
        field.data = dimension
    form.participants.data = session.participants
    form.notes.data = session.notes


@bp.get("/<int:session_id>/live")
@network_view("facilitator")
def live(network, session_id: int):
    """The dialogue screen for the projector; it polls for new ratings every few seconds."""
    session = found_or_404(network_session(network, session_id))
    context = _live_context(session)
    if request.args.get("part") == "body":
        return render_template("facilitate/_live_body.html", **context)
    return render_template("facilitate/live.html", **context)


def _live_context(session) -> dict:
    compasses = session_compasses(session, live=True)
    adults, children = compasses[ADULTS], compasses[CHILDREN]
    url = join_url(session)
    return {
        "session": session, "network": session.network, "adults": adults, "children": children,
        # Larger type for a projector; the screen scales the drawing to the room it has.
        "adults_svg": compass_svg([(_("Adults"), adults)], width=820, height=760, font_size=20),
        "children_svg": compass_svg([(_("Children"), children)], width=820, height=760,
                                    font_size=20) if children.shown else None,
        "url": url, "short": url.split("://", 1)[-1], "qr": qr_svg(url, title=url),
        "dimensions": DIMENSION_LABELS,
    }


@bp.get("/<int:session_id>/results")
@network_view("viewer")
def results(network, session_id: int):
    """Individual ratings and the group's own statement, side by side and never mixed."""
    session = found_or_404(network_session(network, session_id))
    compasses = session_compasses(session, live=True)  # as the room saw them move
    group = {score.dimension: score for score in session.scores}
    return render_template(
        "facilitate/results.html", network=network, session=session, group=group,
        adults=compasses[ADULTS], children=compasses[CHILDREN], dimensions=DIMENSION_LABELS,
        adults_svg=compass_svg([(_("Individual ratings (median)"), compasses[ADULTS])],
                               width=820, height=640),
        group_svg=group_svg(_("The group's agreed score"),
                            {dimension: score.score for dimension, score in group.items()}),
        kinds=PARTICIPANT_LABELS)


@bp.post("/<int:session_id>/finish")
@network_view("facilitator")
def finish(network, session_id: int):
    session = found_or_404(network_session(network, session_id))
    finish_session(session)
    flash(_("The session is finished: its QR code takes no more ratings."))
    return redirect(url_for(".results", network=network.key, session_id=session.id))
