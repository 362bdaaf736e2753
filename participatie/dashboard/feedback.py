""""You said, we did" of a round (``…/rounds/<key>/feedback``): per priority or theme, what
families said and what the network does with it, in the five languages (a language marked
unchecked until a native reader has read it); an A4 poster with pictograms and a QR code to
``/s/<code>``, which shows the same once the round is closed."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.access import found_or_404, has_role, network_view
from ..i18n import LANGUAGES
from ..pdf import document
from ..services import feedback as service
from ..services.links import public_url_for
from ..services.qr import qr_svg
from ..services.rounds import network_round, round_links
from ..topics import TOPIC_LABELS, TOPIC_PICTOGRAMS
from ..web.forms import MultiCheckboxField, StaffForm

POSTER_ENTRIES = 5  # what one A4 page holds at a size read from a few steps away
bp = Blueprint("feedback", __name__, url_prefix="/networks/<network>/rounds/<key>/feedback")


class FeedbackForm(StaffForm):
    topic = SelectField(validators=[DataRequired()])
    unchecked = MultiCheckboxField(validators=[Optional()])


def _form(**kwargs) -> FeedbackForm:
    """The form, with a "said" and a "did" field per language (labels in the staff's words)."""

    class Form(FeedbackForm):
        pass

    for code, language in LANGUAGES.items():
        texts = {"lang": code, "dir": language.direction, "rows": 3}
        setattr(Form, f"said_{code}", TextAreaField(
            _("What families said (%(language)s)", language=language.name),
            validators=[Optional(), Length(max=1000)], render_kw=texts))
        setattr(Form, f"did_{code}", TextAreaField(
            _("What we do (%(language)s)", language=language.name),
            validators=[Optional(), Length(max=1000)], render_kw=texts))
    form = Form(**kwargs)
    form.topic.label.text = _("Priority or theme")
    form.topic.choices = [(k, str(v)) for k, v in TOPIC_LABELS.items()]
    form.unchecked.label.text = _("Translations not yet checked by a native reader")
    form.unchecked.choices = [(c, lang.name) for c, lang in LANGUAGES.items()
                              if c != "nl"]
    return form


def _round(network, key):
    return found_or_404(network_round(network, key))


@bp.get("/")
@network_view("viewer")
def index(network, key: str):
    round_ = _round(network, key)
    entries = service.round_feedback(round_)
    form = None
    if has_role(network, "coordinator"):
        topic = request.args.get("topic") or next(
            (t for t in service.suggested_topics(round_) if t not in {e.topic for e in entries}),
            None)
        entry = next((e for e in entries if e.topic == topic), None)
        form = _form(topic=topic)
        if entry is not None:
            for code in LANGUAGES:
                form[f"said_{code}"].data = entry.said.get(code, "")
                form[f"did_{code}"].data = entry.did.get(code, "")
            form.unchecked.data = entry.unchecked
    return render_template("dashboard/feedback/index.html", network=network, round=round_,
                           entries=entries, form=form, topics=TOPIC_LABELS,
                           pictograms=TOPIC_PICTOGRAMS, languages=LANGUAGES,
                           links=round_links(round_),
                           suggested=service.suggested_topics(round_))


@bp.post("/")
@network_view("coordinator")
def save(network, key: str):
    round_ = _round(network, key)
    form = _form()
    if form.validate_on_submit():
        try:
            service.save_feedback(
                round_, form.topic.data,
                {code: form[f"said_{code}"].data for code in LANGUAGES},
                {code: form[f"did_{code}"].data for code in LANGUAGES},
                form.unchecked.data or [], TOPIC_LABELS)
        except service.FeedbackError as error:
            flash(str(error))
            return render_template(
                "dashboard/feedback/index.html", network=network, round=round_,
                entries=service.round_feedback(round_), form=form, topics=TOPIC_LABELS,
                pictograms=TOPIC_PICTOGRAMS, languages=LANGUAGES, links=round_links(round_),
                suggested=service.suggested_topics(round_)), 422
        flash(_("Saved."))
    else:
        flash(_("Choose a priority or theme."))
    return redirect(url_for(".index", network=network.key, key=round_.key))


@bp.post("/remove")
@network_view("coordinator")
def remove(network, key: str):
    round_ = _round(network, key)
    service.remove_feedback(round_, request.form.get("topic", ""))
    flash(_("Removed."))
    return redirect(url_for(".index", network=network.key, key=round_.key))


def _poster(network, key: str, pdf: bool) -> str:
    round_ = _round(network, key)
    links = round_links(round_)
    code = request.args.get("code")
    link = next((lnk for lnk in links if lnk.code == code), None) if code else (
        links[0] if links else None)
    if code and link is None:
        found_or_404(None)
    url = public_url_for(link.code) if link else None
    entries = service.round_feedback(round_)[:POSTER_ENTRIES]
    languages = [c for c in LANGUAGES if c != "nl"
                 and any(e.said.get(c) and e.did.get(c) for e in entries)]
    heading, scan = {}, {}
    for code_ in ["nl", *languages]:
        with force_locale(code_):
            heading[code_] = _("You said, we did")
            scan[code_] = _("Scan the code: read it in your language, or listen to it.")
    return render_template("dashboard/feedback/poster.html", network=network, round=round_,
                           entries=entries, link=link, url=url, pdf=pdf,
                           qr=qr_svg(url, title=url) if url else None,
                           short=url.split("://", 1)[-1] if url else None,
                           heading=heading, scan=scan,
                           languages=languages, all_languages=LANGUAGES, topics=TOPIC_LABELS,
                           pictograms=TOPIC_PICTOGRAMS)


@bp.get("/poster")
@network_view("viewer")
def poster(network, key: str):
    return _poster(network, key, pdf=False)


@bp.get("/poster.pdf")
@network_view("viewer")
def poster_pdf(network, key: str):
    """The poster as an A4 PDF (WeasyPrint)."""
    pdf = document(_poster(network, key, pdf=True)).write_pdf()
    return pdf, 200, {"Content-Type": "application/pdf",
                      "Content-Disposition": f'inline; filename="{network.key}-{key}-poster.pdf"'}
