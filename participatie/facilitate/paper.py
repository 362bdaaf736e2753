"""Paper forms: print them with serials, type a stack in by keyboard, correct or void one."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from ..auth.access import found_or_404, network_view
from ..i18n import LANGUAGES
from ..services.networks import SetupError
from ..services.paper import (
    SerialTaken,
    as_typed,
    check_form,
    checked_count,
    conditions,
    correct_form,
    enter_form,
    find_form,
    has_boxes,
    next_serial_number,
    normalise_serial,
    not_voided,
    numbered_questions,
    paper_link,
    paper_links,
    printed,
    resolve_typings,
    second_typing,
    serial_problem,
    typed_answers,
    typed_count,
    typed_forms,
    void_form,
)
from ..services.responses import InvalidSubmission, hidden_questions, stored_answers
from ..services.rounds import network_link
from ..web.feedback import show_error
from ..web.forms import fill_choices
from .forms import LAST_SERIAL, PaperLinkForm, PrintForm
from .printing import forms_pdf

bp = Blueprint("paper", __name__, url_prefix="/networks/<network>/paper")


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
    """Choose the language, the first number and how many forms; then the PDF."""
    link = _link(network, code)
    questionnaire = link.questionnaire_version.questionnaire
    form = PrintForm(request.args, meta={"csrf": False})
    form.language.choices = [(c, LANGUAGES[c].name) for c in questionnaire.languages]
    if request.args.get("language") and form.validate() and not _printed_before(link, form):
        pdf, _pages = forms_pdf(link, form.language.data, form.first.data, form.count.data)
        last = form.first.data + form.count.data - 1
        printed(link, last)
        name = f"{link.code}-{form.first.data:04d}-{last:04d}-{form.language.data}.pdf"
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f'inline; filename="{name}"'})
    if not request.args.get("language"):
        form.first.data = min(next_serial_number(link), LAST_SERIAL)
    return render_template("facilitate/paper_print_choose.html", network=network, link=link,
                           questionnaire=questionnaire, form=form), 422 if form.errors else 200


def _printed_before(link, form) -> bool:
    """Whether the numbers asked for were printed before and the person did not say to print
    them again: two sheets with one number would be typed as one form (the form says so).
    The last stack asked for again (the PDF loaded again, or downloaded once more) is no new
    stack."""
    last = form.first.data + form.count.data - 1
    if form.first.data > link.printed_up_to or form.again.data or last == link.printed_up_to:
        return False
    form.first.errors = [*form.first.errors, _(
        "Earlier stacks were printed up to number %(n)s: start at %(next)s, or tick below to "
        "print these numbers again.", n=link.printed_up_to, next=link.printed_up_to + 1)]
    return True


def _typed(questionnaire, form) -> dict[str, str]:
    """What was typed per question, as typed (box numbers, numbers, words)."""
    return {q.key: form.get(q.key, "") for _n, q in numbered_questions(questionnaire)
            if form.get(q.key, "").strip()}


def _words_of(text, language: str) -> str:
    """A questionnaire text (a dict per language) or an app's text, in ``language``."""
    if isinstance(text, dict):
        return text.get(language) or next(iter(text.values()), "")
    with force_locale(language):
        return str(text)


def _answer_words(question, value, language: str) -> list[str]:
    """An answer in words: the labels of its boxes, or the number or text as typed."""
    if value is None:
        return []
    if has_boxes(question):
        chosen = question.form_strings(value)
        return [_words_of(label, language) for form_value, label, *_rest in question.choices()
                if form_value in chosen]
    with force_locale(language):
        return [format_decimal(value) if isinstance(value, int | float) else value]


def _read_back(questionnaire, cleaned: dict, language: str, typed: dict,
               hidden=frozenset()) -> list[dict]:
    """The form in words, question by question, as it will be stored: in the form's own
    language, the words printed on the sheet in the typist's hands. An answer typed to a
    question the sheet asks only after other answers, which those answers do not ask, is not
    stored: ``not_asked`` says so (the number to look at, the boxes that ask it)."""
    asked_after = conditions(questionnaire)
    return [{"number": number, "text": _words_of(question.text, language),
             "words": [] if question.key in hidden
             else _answer_words(question, cleaned.get(question.key), language),
             "hidden": question.key in hidden,
             "not_asked": (asked_after[question.key][0],
                           [_words_of(label, language)
                            for label in asked_after[question.key][1]])
             if question.key in typed and question.key not in cleaned
             and question.key in asked_after else None}
            for number, question in numbered_questions(questionnaire)]


def _page(template: str, link, questionnaire, **context):
    return render_template(
        template, network=link.round.network, link=link, questionnaire=questionnaire,
        numbered=numbered_questions(questionnaire), has_boxes=has_boxes,
        count=typed_count(link), languages=[LANGUAGES[c] for c in questionnaire.languages],
        **context)


@bp.route("/<code>/", methods=["GET", "POST"])
@network_view("facilitator")
def entry(network, code: str):
    """Type one form after another: the serial, then per question the numbers printed beside
    its ticked boxes; the form is read back in words before it is saved."""
    link = _link(network, code)
    questionnaire = link.questionnaire_version.questionnaire
    errors, typed, status = {}, {}, 200
    typed_serial = request.form.get("serial", "")
    language = request.form.get("language", questionnaire.languages[0])
    if request.method == "POST":
        typed = _typed(questionnaire, request.form)
        full = normalise_serial(link, typed_serial)
        step = request.form.get("step")
        try:
            problem = serial_problem(link, typed_serial)
            if problem or full is None:
                raise InvalidSubmission({"serial": problem or ""})
            existing = find_form(link, full)
            if existing is not None:
                raise SerialTaken(existing)
            answers = typed_answers(questionnaire, typed)
            cleaned = check_form(link, language, answers)
            if step == "save":
                stored = enter_form(link, full, language, answers)
                flash(_("Form %(serial)s is stored.", serial=stored.serial))
                number = int(stored.serial.rsplit("-", 1)[1])
                return redirect(url_for(".entry", network=network.key, code=code,
                                        next=number + 1))
            if step != "change":
                return _page("facilitate/paper_check.html", link, questionnaire, serial=full,
                             language=language, typed=typed,
                             rows=_read_back(questionnaire, cleaned, language, answers))
        except SerialTaken as taken:
            errors["serial"] = _("Form %(serial)s is typed in already.", serial=taken.form.serial)
            errors["taken"] = taken.form.serial
            status = 409
        except InvalidSubmission as refused:
            errors, status = refused.errors, 422
    return _page(
        "facilitate/paper_entry.html", link, questionnaire, errors=errors, typed=typed,
        forms=typed_forms(link)[:10], serial=typed_serial or request.args.get("next", ""),
        language=language,
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
    # Hidden words stay hidden: their field is empty, and left empty they stay as they were.
    typed = as_typed(questionnaire, {k: v for k, v in stored.items() if k not in hidden})
    language = response.language if response else questionnaire.languages[0]
    if request.method == "POST":
        typed = _typed(questionnaire, request.form)
        language = request.form.get("language", language)
        step = request.form.get("step")
        try:
            answers = typed_answers(questionnaire, typed)
            for key in hidden:
                if key not in answers and stored.get(key):
                    answers[key] = stored[key]
            cleaned = check_form(link, language, answers)
            if step == "save":
                correct_form(form, language, answers)
                flash(_("Form %(serial)s is corrected.", serial=form.serial))
                return redirect(url_for(".entry", network=network.key, code=code))
            if step != "change":
                return _page("facilitate/paper_check.html", link, questionnaire,
                             serial=form.serial, language=language, typed=typed,
                             correcting=form,
                             rows=_read_back(questionnaire, cleaned, language, answers,
                                             hidden))
        except InvalidSubmission as refused:
            errors, status = refused.errors, 422
    return _page(
        "facilitate/paper_entry.html", link, questionnaire, errors=errors, typed=typed,
        hidden=hidden, forms=[], correcting=form, serial=form.serial, language=language,
    ), status


@bp.route("/<code>/again", methods=["GET", "POST"])
@network_view("facilitator")
def again(network, code: str):
    """Double entry: a second person types a sheet again, blind to the first typing; the
    differences are shown side by side and resolved by looking at the sheet."""
    link = _link(network, code)
    questionnaire = link.questionnaire_version.questionnaire
    errors, typed, status = {}, {}, 200
    typed_serial = request.form.get("serial", "")
    language = request.form.get("language", questionnaire.languages[0])
    if request.method == "POST":
        typed = _typed(questionnaire, request.form)
        full = normalise_serial(link, typed_serial)
        form = find_form(link, full) if full else None
        try:
            if form is None:
                raise InvalidSubmission({"serial": _(
                    "This form is not typed in yet: type it in first, then a second time.")})
            answers = typed_answers(questionnaire, typed)
            if request.form.get("step") == "resolve":
                not_voided(form)
                resolved, errors = _resolved(form, questionnaire, answers, language)
                if not errors:
                    resolve_typings(form, resolved.pop("language"), resolved)
                    flash(_("Form %(serial)s is checked: the answers you chose are stored.",
                            serial=form.serial))
                    return _next_again(network, form)
                status = 422
            differences = second_typing(form, answers, language)
            if not differences:
                flash(_("Form %(serial)s: both typings are the same. It is checked.",
                        serial=form.serial))
                return _next_again(network, form)
            return _page("facilitate/paper_resolve.html", link, questionnaire,
                         serial=form.serial, language=language, typed=typed, errors=errors,
                         rows=_differences(questionnaire, differences, form)), status
        except InvalidSubmission as refused:
            errors, status = refused.errors, 422
    return _page(
        "facilitate/paper_entry.html", link, questionnaire, errors=errors, typed=typed,
        forms=[], again=True, serial=typed_serial or request.args.get("next", ""),
        language=language, checked=checked_count(link),
    ), status


def _next_again(network, form):
    number = int(form.serial.rsplit("-", 1)[1])
    return redirect(url_for(".again", network=network.key, code=form.link.code,
                            next=number + 1))


def _differences(questionnaire, differences: dict, form) -> list[dict]:
    """Each difference between the two typings, in words of the form's language."""
    rows = []
    for number, question in [("", None), *numbered_questions(questionnaire)]:
        key = question.key if question else "language"
        if key not in differences:
            continue
        first, second = differences[key]
        if question is None:  # the form's language itself differs
            rows.append({"key": key, "number": "", "text": _("Language of the form"),
                         "first": [LANGUAGES[first].name], "second": [LANGUAGES[second].name]})
            continue
        shown = form.response.language
        rows.append({"key": key, "number": number, "text": _words_of(question.text, shown),
                     "first": _answer_words(question, first, shown),
                     "second": _answer_words(question, second, shown)})
    return rows


def _resolved(form, questionnaire, answers: dict, language: str) -> tuple[dict, dict]:
    """The stored answers with each difference taken from the typing chosen for it."""
    first = stored_answers(form.response)
    second = check_form(form.link, language, answers)
    resolved = {**first, "language": form.response.language}
    errors = {}
    keys = ["language", *(q.key for q in questionnaire.questions())]
    for key in keys:
        one, other = resolved.get(key), language if key == "language" else second.get(key)
        if key in hidden_questions(form.response.id) or one == other:
            continue
        pick = request.form.get(f"pick-{key}")
        if pick not in ("first", "second"):
            errors[key] = _("Look at the form and choose which typing is right.")
        elif pick == "second":
            resolved[key] = other
    resolved = {k: v for k, v in resolved.items() if v is not None}
    return resolved, errors


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
