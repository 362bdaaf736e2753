"""Paper forms: print them with serials, type a stack in by keyboard, correct or void one."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.access import found_or_404, network_view
from ..i18n import LANGUAGES, use_language
from ..services.networks import SetupError
from ..services.paper import (
    SerialTaken,
    correct_form,
    enter_form,
    find_form,
    normalise_serial,
    paper_link,
    paper_links,
    serial,
    typed_count,
    typed_forms,
    void_form,
)
from ..services.responses import InvalidSubmission, hidden_questions, stored_answers
from ..services.rounds import network_link
from ..web.feedback import show_error
from ..web.forms import fill_choices
from .forms import PaperLinkForm

bp = Blueprint("paper", __name__, url_prefix="/networks/<network>/paper")
SHEET_CAPACITY = 9  # about what fits on one A4 sheet in large type
LAST_SERIAL = 99_999


def _link(network, code: str):
    link = found_or_404(network_link(network, code))
    if link.mode != "paper":
        abort(404)
    return link


@bp.route("/", methods=["GET", "POST"])
@network_view("facilitator")
def index(network):
    form = PaperLinkForm()
    fill_choices(form, network)
    if form.validate_on_submit():
        try:
            link = paper_link(network, form.round.data, form.neighbourhood.data,
                              form.version.data)
        except SetupError as refused:
            show_error(form, refused)
        else:
            return redirect(url_for(".entry", network=network.key, code=link.code))
    return render_template("facilitate/paper_index.html", network=network, form=form,
                           links=paper_links(network), count=typed_count)


@bp.get("/<code>/print")
@network_view("facilitator")
def print_forms(network, code: str):
    """A4 sheets, large type and tick boxes, the serial on every sheet."""
    link = _link(network, code)
    questionnaire = link.questionnaire_version.questionnaire
    language = request.args.get("language", questionnaire.languages[0])
    if language not in questionnaire.languages:
        abort(404)
    first = min(LAST_SERIAL, max(1, request.args.get("first", 1, type=int)))
    count = min(200, max(1, request.args.get("count", 10, type=int)), LAST_SERIAL + 1 - first)
    use_language(language)
    return render_template("facilitate/paper_print.html", link=link, questionnaire=questionnaire,
                           serials=[serial(link, n) for n in range(first, first + count)],
                           sheets=sheets(questionnaire), language=LANGUAGES[language])


def sheets(questionnaire) -> list[list]:
    """The questions split over sheets: a question with many options takes more room."""
    pages, page, used = [], [], 0
    for question in (q for section in questionnaire.sections for q in section.questions):
        room = 1 + len(getattr(question, "options", [])) // 4 + len(question.comments)
        if page and used + room > SHEET_CAPACITY:
            pages.append(page)
            page, used = [], 0
        page.append(question)
        used += room
    return [*pages, page] if page else pages


def _typed_answers(questionnaire, form) -> dict:
    answers = {}
    for question in questionnaire.questions():
        value = question.form_value(form)
        if not question.is_empty(value):
            answers[question.key] = value
    return answers


@bp.route("/<code>/", methods=["GET", "POST"])
@network_view("facilitator")
def entry(network, code: str):
    """Type one form after another: serial, then each answer by number keys; a running count."""
    link = _link(network, code)
    questionnaire = link.questionnaire_version.questionnaire
    errors, values, status = {}, {}, 200
    typed_serial = request.form.get("serial", "")
    language = request.form.get("language", questionnaire.languages[0])
    if request.method == "POST":
        values = _typed_answers(questionnaire, request.form)
        full = normalise_serial(link, typed_serial)
        try:
            if full is None:
                raise InvalidSubmission({"serial": _("Type the number printed on the form.")})
            stored = enter_form(link, full, language, values)
        except SerialTaken as taken:
            errors["serial"] = _("Form %(serial)s is typed in already.", serial=taken.form.serial)
            errors["taken"] = taken.form.serial
            status = 409
        except InvalidSubmission as refused:
            errors, status = refused.errors, 422
        else:
            flash(_("Form %(serial)s is stored.", serial=stored.serial))
            number = int(stored.serial.rsplit("-", 1)[1])
            return redirect(url_for(".entry", network=network.key, code=code, next=number + 1))
    return render_template(
        "facilitate/paper_entry.html", network=network, link=link, questionnaire=questionnaire,
        errors=errors, values=values, count=typed_count(link), forms=typed_forms(link)[:10],
        serial=typed_serial or request.args.get("next", ""), language=language,
        languages=[LANGUAGES[c] for c in questionnaire.languages],
    ), status


@bp.route("/<code>/forms/<form_serial>", methods=["GET", "POST"])
@network_view("facilitator")
def correct(network, code: str, form_serial: str):
    link = _link(network, code)
    form = found_or_404(find_form(link, form_serial))
    questionnaire = link.questionnaire_version.questionnaire
    errors, status = {}, 200
    response = form.response
    stored = stored_answers(response) if response else {}
    hidden = hidden_questions(response.id) if response else set()
    values = {k: v for k, v in stored.items() if k not in hidden}  # hidden words stay hidden
    language = response.language if response else questionnaire.languages[0]
    if request.method == "POST":
        values = _typed_answers(questionnaire, request.form)
        for key in hidden:  # left empty: the hidden answer stays as it was
            if not values.get(key) and stored.get(key):
                values[key] = stored[key]
        language = request.form.get("language", language)
        try:
            correct_form(form, language, values)
        except InvalidSubmission as refused:
            errors, status = refused.errors, 422
        else:
            flash(_("Form %(serial)s is corrected.", serial=form.serial))
            return redirect(url_for(".entry", network=network.key, code=code))
    return render_template(
        "facilitate/paper_entry.html", network=network, link=link, questionnaire=questionnaire,
        errors=errors, values={k: v for k, v in values.items() if k not in hidden},
        hidden=hidden, count=typed_count(link), forms=[], correcting=form,
        serial=form.serial, language=language,
        languages=[LANGUAGES[c] for c in questionnaire.languages],
    ), status


@bp.post("/<code>/forms/<form_serial>/void")
@network_view("facilitator")
def void(network, code: str, form_serial: str):
    link = _link(network, code)
    form = found_or_404(find_form(link, form_serial))
    try:
        void_form(form)
    except InvalidSubmission as refused:
        flash(next(iter(refused.errors.values())), "error")
        return redirect(url_for(".entry", network=network.key, code=code))
    flash(_("Form %(serial)s is voided: it no longer counts.", serial=form.serial))
    return redirect(url_for(".entry", network=network.key, code=code))
