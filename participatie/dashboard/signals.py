"""The signals register (``/dashboard/networks/<network>/signals``): what the network passes on
to the municipality and higher levels, with evidence from the app, followed up to its answer,
and printed as a one-page letter. Viewers see the register; coordinators keep it."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.access import found_or_404, has_role, network_view
from ..models.signals import SIGNAL_LEVELS, SIGNAL_STATUSES
from ..pdf import document
from ..services import signals as service
from ..topics import TOPIC_LABELS
from ..web.forms import StaffForm

bp = Blueprint("signals", __name__, url_prefix="/networks/<network>/signals")

LEVEL_LABELS = dict(zip(SIGNAL_LEVELS, (_l("neighbourhood"), _l("municipality"),
                                        _l("Flemish government")), strict=True))
STATUS_LABELS = dict(zip(SIGNAL_STATUSES, (_l("new"), _l("sent"), _l("answered"),
                                           _l("closed")), strict=True))
KIND_LABELS = {"change": _l("a change between rounds"), "score": _l("a Place Standard score"),
               "quotes": _l("open answers"), "session": _l("a group session")}


class SignalForm(StaffForm):
    title = StringField(_l("What is the signal?"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What families tell us"),
                                validators=[Optional(), Length(max=5000)])
    for_whom = StringField(_l("For whom"), validators=[Optional(), Length(max=300)])
    topic = SelectField(_l("Theme"), validators=[Optional()])
    level = SelectField(_l("Level"), validators=[DataRequired()])
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, validators=[Optional()])
    addressed_to = StringField(_l("To which organisation"),
                               validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Status"), validators=[DataRequired()])
    evidence = HiddenField()


class NoteForm(StaffForm):
    noted_on = DateField(_l("Date"), validators=[DataRequired()], default=date.today)
    text = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=5000)])
    status = SelectField(_l("New status"), validators=[Optional()])


class EvidenceForm(StaffForm):
    token = HiddenField(validators=[DataRequired(), Length(max=200)])


def _signal_form(network, **kwargs) -> SignalForm:
    form = SignalForm(**kwargs)
    form.topic.choices = [("", _("none"))] + [(k, str(v)) for k, v in TOPIC_LABELS.items()]
    form.level.choices = [(k, str(v)) for k, v in LEVEL_LABELS.items()]
    form.neighbourhood.choices = [(0, _("none"))] + [(n.id, n.name)
                                                     for n in network.neighbourhoods]
    form.status.choices = [(k, str(v)) for k, v in STATUS_LABELS.items()]
    return form


def _fields(form: SignalForm) -> dict:
    return {"title": form.title.data, "description": form.description.data or "",
            "for_whom": form.for_whom.data or "", "topic": form.topic.data or None,
            "level": form.level.data, "neighbourhood_id": form.neighbourhood.data or None,
            "addressed_to": form.addressed_to.data or "", "status": form.status.data}


def _labels() -> dict:
    return {"levels": LEVEL_LABELS, "statuses": STATUS_LABELS, "topics": TOPIC_LABELS,
            "kinds": KIND_LABELS}


@bp.get("/")
@network_view("viewer")
def index(network):
    editor = has_role(network, "coordinator")
    return render_template("dashboard/signals/index.html", network=network,
                           signals=service.network_signals(network), may_edit=editor,
                           proposals=service.proposals(network) if editor else [],
                           **_labels())


@bp.route("/new", methods=["GET", "POST"])
@network_view("coordinator")
def new(network):
    """A new signal; from a proposal, with that evidence and its theme and neighbourhood."""
    token = request.values.get("evidence") or ""
    proposal = next((c for c in service.proposals(network) if c.token == token), None)
    if token and proposal is None:
        proposal = next((c for c in _attachable(network) if c.token == token), None)
    form = _signal_form(network, status="new")
    if request.method == "GET" and proposal:
        form.evidence.data = token
        form.topic.data = proposal.topic or ""
        form.neighbourhood.data = proposal.neighbourhood_id or 0
        form.level.data = "neighbourhood" if proposal.neighbourhood_id else "municipality"
    if form.validate_on_submit():
        try:
            signal = service.record_signal(network, evidence=form.evidence.data or None,
                                           **_fields(form))
        except service.SignalError as error:
            form.title.errors = [*form.title.errors, str(error)]
        else:
            flash(_("The signal is in the register."))
            return redirect(url_for(".show", network=network.key, signal_id=signal.id))
    return render_template("dashboard/signals/form.html", network=network, form=form,
                           proposal=proposal, signal=None, **_labels())


def _attachable(network) -> list[service.Candidate]:
    return [*service.proposals(network), *service.shown_themes(network),
            *service.sessions(network)]


@bp.get("/<int:signal_id>")
@network_view("viewer")
def show(network, signal_id: int):
    signal = found_or_404(service.network_signal(network, signal_id))
    editor = has_role(network, "coordinator")
    note_form = NoteForm()
    note_form.status.choices = [("", _("unchanged"))] + [(k, str(v))
                                                         for k, v in STATUS_LABELS.items()]
    attached = {e.source for e in signal.evidence}
    options = ([c for c in _attachable(network) if c.token not in attached] if editor else [])
    return render_template("dashboard/signals/show.html", network=network, signal=signal,
                           may_edit=editor, note_form=note_form, options=options,
                           evidence_form=EvidenceForm(), **_labels())


@bp.route("/<int:signal_id>/edit", methods=["GET", "POST"])
@network_view("coordinator")
def edit(network, signal_id: int):
    signal = found_or_404(service.network_signal(network, signal_id))
    form = _signal_form(network, obj=signal)
    if request.method == "GET":
        form.topic.data = signal.topic or ""
        form.neighbourhood.data = signal.neighbourhood_id or 0
    if form.validate_on_submit():
        try:
            service.change_signal(signal, **_fields(form))
        except service.SignalError as error:
            form.title.errors = [*form.title.errors, str(error)]
        else:
            flash(_("The signal is saved."))
            return redirect(url_for(".show", network=network.key, signal_id=signal.id))
    return render_template("dashboard/signals/form.html", network=network, form=form,
                           proposal=None, signal=signal, **_labels())


@bp.post("/<int:signal_id>/notes")
@network_view("coordinator")
def note(network, signal_id: int):
    signal = found_or_404(service.network_signal(network, signal_id))
    form = NoteForm()
    form.status.choices = [("", "")] + [(k, k) for k in SIGNAL_STATUSES]
    if not form.validate_on_submit():
        flash(_("Give a date and write what happened."))
    else:
        service.add_note(signal, form.noted_on.data, form.text.data, form.status.data or None)
        flash(_("The note is added."))
    return redirect(url_for(".show", network=network.key, signal_id=signal.id) + "#follow-up")


@bp.post("/<int:signal_id>/evidence")
@network_view("coordinator")
def attach(network, signal_id: int):
    signal = found_or_404(service.network_signal(network, signal_id))
    form = EvidenceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.attach(signal, form.token.data)
    except service.SignalError as error:
        flash(str(error))
    else:
        flash(_("The evidence is attached."))
    return redirect(url_for(".show", network=network.key, signal_id=signal.id) + "#evidence")


@bp.post("/<int:signal_id>/evidence/remove")
@network_view("coordinator")
def detach(network, signal_id: int):
    signal = found_or_404(service.network_signal(network, signal_id))
    form = EvidenceForm()
    if not form.validate_on_submit() or not form.token.data.isdigit():
        abort(400)
    try:
        service.detach(signal, int(form.token.data))
    except service.SignalError as error:
        flash(str(error))
    return redirect(url_for(".show", network=network.key, signal_id=signal.id) + "#evidence")


@bp.get("/<int:signal_id>/letter")
@network_view("viewer")
def letter(network, signal_id: int):
    signal = found_or_404(service.network_signal(network, signal_id))
    return render_template("dashboard/signals/letter.html", network=network, signal=signal,
                           today=date.today(), pdf=False, **_labels())


@bp.get("/<int:signal_id>/letter.pdf")
@network_view("viewer")
def letter_pdf(network, signal_id: int):
    """The letter as a PDF (WeasyPrint), one A4 page."""
    signal = found_or_404(service.network_signal(network, signal_id))
    html = render_template("dashboard/signals/letter.html", network=network, signal=signal,
                           today=date.today(), pdf=True, **_labels())
    pdf = document(html).write_pdf()
    return pdf, 200, {"Content-Type": "application/pdf", "Content-Disposition":
                      f'inline; filename="{network.key}-signal-{signal.id}.pdf"'}
