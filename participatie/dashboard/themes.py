"""Themes in open answers (``…/rounds/<key>/themes``): start an analysis and follow it, then
rename, merge, confirm themes, move answers and hide quotes; and the network's own codebook.

Viewers see the themes; coordinators do the coding work. Sizes and quotes show only for themes
of at least ``MIN_GROUP_SIZE`` answers; a hidden answer's words are never shown again.
"""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..auth.access import found_or_404, has_role, network_view
from ..extensions import db
from ..i18n import localized, staff_language
from ..models import CodebookEntry, Coding, FoundTheme, JobState
from ..security import is_database_id
from ..services import themes as service
from ..services.rounds import network_round
from ..web.forms import StaffForm
from .figures import themes_chart

bp = Blueprint("themes", __name__, url_prefix="/networks/<network>/rounds/<key>/themes")
codebook_bp = Blueprint("codebook", __name__, url_prefix="/networks/<network>/codebook")


class ThemeForm(StaffForm):
    theme = IntegerField(widget=HiddenInput(), validators=[DataRequired()])


class RenameForm(ThemeForm):
    label = StringField(_l("New name"), validators=[DataRequired(), Length(max=200)])


class MergeForm(ThemeForm):
    into = IntegerField(_l("Merge into"), validators=[DataRequired()])


class AnswerForm(StaffForm):
    answer = IntegerField(widget=HiddenInput(), validators=[DataRequired()])


class MoveForm(AnswerForm):
    to = StringField(validators=[DataRequired()])  # a theme's id, or "other"


class CodebookForm(StaffForm):
    key = HiddenField(validators=[DataRequired(), Length(max=80)])
    label_nl = StringField(_l("Name in Dutch"), validators=[Optional(), Length(max=200)])
    label_fr = StringField(_l("Name in French"), validators=[Optional(), Length(max=200)])
    label_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    label_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=200)])
    label_tr = StringField(_l("Name in Turkish"), validators=[Optional(), Length(max=200)])
    examples = TextAreaField(_l("Examples (one per line)"),
                             validators=[Optional(), Length(max=20000)])


def _question(network, key, questionnaire, question):
    round_ = found_or_404(network_round(network, key))
    return round_, found_or_404(service.find_question(round_, questionnaire, question))


def _theme(analysis, theme_id):
    return found_or_404(_theme_or_none(analysis, theme_id))


def _theme_or_none(analysis, theme_id):
    theme = db.session.get(FoundTheme, theme_id) if is_database_id(theme_id) else None
    return theme if theme and theme.analysis_id == analysis.id else None


def _coding(analysis, answer_id):
    coding = db.session.get(Coding, answer_id) if is_database_id(answer_id) else None
    return found_or_404(coding if coding and coding.analysis_id == analysis.id else None)


@bp.get("/")
@network_view("viewer")
def index(network, key: str):
    round_ = found_or_404(network_round(network, key))
    questions = []
    for questionnaire, question, parent in service.open_questions_with_parents(round_):
        questions.append({"questionnaire": questionnaire, "question": question, "parent": parent,
                          "answers": service.answers_shown(round_, questionnaire, question.key),
                          "analysis": (analysis := service.analysis_of(
                              round_, questionnaire, question.key)),
                          "new": service.new_since(analysis) if analysis and analysis.finished_at
                          else 0})
    return render_template("dashboard/themes_index.html", network=network, round=round_,
                           questions=questions,
                           may_edit_codebook=has_role(network, "coordinator"))


@bp.get("/<questionnaire>/<question>")
@network_view("viewer")
def show(network, key: str, questionnaire: str, question: str):
    """The themes of one question; ``?theme=<id>`` (or ``other``) lists that theme's answers."""
    round_, found = _question(network, key, questionnaire, question)
    analysis = service.analysis_of(round_, questionnaire, question)
    count = service.answer_count(round_, questionnaire, question)
    table = focus = answers = None
    may_code = has_role(network, "coordinator")
    if analysis is not None and analysis.finished_at:  # the last themes, also while re-analysing
        table = service.with_previous_round(service.theme_table(analysis), analysis)
        # Every answer, word for word, is for the people who code them (as the responses
        # export is): a viewer reads the quotes, which leave out the neighbourhoods with too
        # few answers and do not count a theme's answers one by one.
        chosen = request.args.get("theme") if may_code else None
        if (chosen and chosen != "other" and table.shown
                and _theme_or_none(analysis, _as_int(chosen)) is None):
            # A link to a theme that is gone (merged, or not found again): to its answers.
            went = found_or_404(service.moved_to(analysis, _as_int(chosen)))
            flash(_("That theme is no longer one of this question's themes: it was merged, or "
                    "the last analysis did not find it again. Here are most of its answers."))
            return redirect(url_for(".show", network=network.key, key=round_.key,
                                    questionnaire=questionnaire, question=question, theme=went,
                                    _anchor="answers"))
        if chosen and table.shown:
            focus = None if chosen == "other" else _theme(analysis, _as_int(chosen))
            size = next((r.size for r in table.rows if r.theme == focus), table.other) if (
                focus is not None) else table.other
            if size:  # a withheld theme's answers are not listed either
                answers = service.theme_answers(focus, analysis)
    chart = _sizes_chart(network, round_, found, question, analysis, table) if table else None
    return render_template(
        "dashboard/themes.html", network=network, round=round_, question=found,
        parent=service.parent_of(round_, questionnaire, question),
        questionnaire=questionnaire, analysis=analysis, count=count, table=table,
        focus=focus, answers=answers, focused=request.args.get("theme") if may_code else None,
        busy=analysis is not None and service.is_busy(analysis), chart=chart,
        time_left=_time_left(analysis),
        may_code=may_code, least=service.minimum(),
        listed=service.ANSWER_LIST, same_words=service.same_words,
        new=service.new_since(analysis) if table else 0,
        alike=service.alike_counts(analysis) if table else {},
        left_out=[hood.name for hood in round_.neighbourhoods
                  if table and hood.id in table.left_out])


def _sizes_chart(network, round_, found, question: str, analysis, table):
    """The themes' sizes in the whole round, and in each neighbourhood beside it."""
    hoods = round_.neighbourhoods if len(round_.neighbourhoods) > 1 and table.shown else []
    tables = service.tables_by_neighbourhood(analysis, [h.id for h in hoods]) if hoods else {}
    return themes_chart(_("Themes in “%(question)s”", question=localized(found.text)), table,
                        {hood.name: tables.get(hood.id) for hood in hoods},
                        _("All neighbourhoods"), f"themes-{network.key}-{round_.key}-{question}")


def _as_int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        abort(404)


@bp.get("/<questionnaire>/<question>/status")
@network_view("viewer")
def status(network, key: str, questionnaire: str, question: str):
    """The job's state, for the page that polls it."""
    round_, _found = _question(network, key, questionnaire, question)
    analysis = service.analysis_of(round_, questionnaire, question)
    if analysis is None:
        return jsonify(status="none", progress=0, step=None)
    state = analysis.status
    if state in JobState.busy() and not service.is_busy(analysis):
        state = JobState.STALLED
    return jsonify(status=state, progress=analysis.progress, step=analysis.step,
                   seconds_left=service.seconds_left(analysis), time_left=_time_left(analysis))


def _time_left(analysis) -> str:
    """How long the running analysis still needs, in words ("" while too early to tell)."""
    seconds = service.seconds_left(analysis) if analysis is not None else None
    if seconds is None:
        return ""
    if seconds < 60:
        return _("less than a minute left")
    minutes = -(-seconds // 60)
    return ngettext("about %(num)s minute left", "about %(num)s minutes left", minutes)


@bp.post("/<questionnaire>/<question>/analyse")
@network_view("coordinator")
def analyse(network, key: str, questionnaire: str, question: str):
    round_, _found = _question(network, key, questionnaire, question)
    if FlaskForm().validate_on_submit():
        if service.answer_count(round_, questionnaire, question) < service.minimum():
            flash(_("Too few answers to look for themes."))
        else:
            service.request_analysis(round_, questionnaire, question)
    return _back(network, round_, questionnaire, question)


def _back(network, round_, questionnaire, question, theme=None):
    return redirect(url_for(".show", network=network.key, key=round_.key,
                            questionnaire=questionnaire, question=question, theme=theme))


def _coding_view(network, key, questionnaire, question, form_class):
    """The round, the analysis and the posted form of a coding action (a coordinator's)."""
    round_, _found = _question(network, key, questionnaire, question)
    form = form_class()
    if not form.validate_on_submit():
        flash(_("That did not work: please try again."))
        return round_, None, None
    analysis = found_or_404(service.analysis_of(round_, questionnaire, question))
    if service.is_busy(analysis):
        flash(_("The analysis is running: wait until it is finished."))
        return round_, analysis, None
    return round_, analysis, form


@bp.post("/<questionnaire>/<question>/rename")
@network_view("coordinator")
def rename(network, key: str, questionnaire: str, question: str):
    round_, analysis, form = _coding_view(network, key, questionnaire, question, RenameForm)
    if form:
        theme = _theme(analysis, form.theme.data)
        service.rename(theme, form.label.data)
        flash(_("The theme is now called “%(name)s”.", name=service.name_of(theme)))
    return _back(network, round_, questionnaire, question, request.form.get("back"))


@bp.post("/<questionnaire>/<question>/merge")
@network_view("coordinator")
def merge(network, key: str, questionnaire: str, question: str):
    round_, analysis, form = _coding_view(network, key, questionnaire, question, MergeForm)
    if form:
        source, target = _theme(analysis, form.theme.data), _theme(analysis, form.into.data)
        if source.id == target.id:
            flash(_("Choose another theme to merge with."))
        else:
            name = service.name_of(source)
            service.merge(source, target)
            flash(_("“%(source)s” is merged into “%(target)s”.", source=name,
                    target=service.name_of(target)))
    return _back(network, round_, questionnaire, question)


@bp.post("/<questionnaire>/<question>/confirm")
@network_view("coordinator")
def confirm(network, key: str, questionnaire: str, question: str):
    round_, analysis, form = _coding_view(network, key, questionnaire, question, ThemeForm)
    if form:
        theme = _theme(analysis, form.theme.data)
        try:
            service.confirm(theme)
        except service.TooSmall:
            flash(ngettext("A theme of fewer than %(num)s answer cannot be confirmed: merge it "
                           "into another first.", "A theme of fewer than %(num)s answers cannot "
                           "be confirmed: merge it into another first.", service.minimum()))
        else:
            flash(_("“%(name)s” is confirmed; its answers are now examples in your codebook.",
                    name=theme.shown_label()))
    return _back(network, round_, questionnaire, question, request.form.get("back"))


@bp.post("/<questionnaire>/<question>/move")
@network_view("coordinator")
def move(network, key: str, questionnaire: str, question: str):
    round_, analysis, form = _coding_view(network, key, questionnaire, question, MoveForm)
    if form:
        coding = _coding(analysis, form.answer.data)
        target = None if form.to.data == "other" else _theme(analysis, _as_int(form.to.data))
        service.move(coding, target)
        flash(_("The answer is moved to “%(name)s”.",
                name=service.name_of(target) if target else _("other answers")))
    return _back(network, round_, questionnaire, question, request.form.get("back"))


@bp.post("/<questionnaire>/<question>/hide")
@network_view("coordinator")
def hide(network, key: str, questionnaire: str, question: str):
    round_, analysis, form = _coding_view(network, key, questionnaire, question, AnswerForm)
    if form:
        coding = _coding(analysis, form.answer.data)
        hidden = service.hide(coding, every_alike=bool(request.form.get("alike")))
        flash(ngettext("The answer is hidden: its words are no longer shown or exported.",
                       "%(num)s answers with these words are hidden: they are no longer "
                       "shown or exported.", hidden))
        if left := len(service.alike(coding)):
            flash(ngettext("%(num)s other answer with the same words is still shown.",
                           "%(num)s other answers with the same words are still shown.",
                           left), "error")
    return _back(network, round_, questionnaire, question, request.form.get("back"))


# -- the network's own codebook ---------------------------------------------------------------

@codebook_bp.route("/", methods=["GET", "POST"], endpoint="index")
@network_view("coordinator")
def codebook(network):
    """The themes the network's analyses start from: its own, and its examples of the default
    ones. Confirming a theme adds to it; a coordinator edits or removes here."""
    form = CodebookForm()
    if form.validate_on_submit():
        entry = db.session.scalar(db.select(CodebookEntry).filter_by(
            network_id=network.id, key=form.key.data))
        if entry is None:
            abort(404)
        service.edit_codebook_entry(entry, {
            lang: getattr(form, f"label_{lang}").data for lang in service.CODEBOOK_LANGUAGES},
            form.examples.data or "")
        flash(_("The codebook is saved."))
        return redirect(url_for(".index", network=network.key))
    if request.method == "POST":
        flash(_("That did not work: please try again."))
    entries = db.session.scalars(db.select(CodebookEntry).filter_by(network_id=network.id)
                                 .order_by(CodebookEntry.key)).all()
    return render_template("dashboard/codebook.html", network=network, entries=entries,
                           default=service.default_codebook(),
                           languages=service.CODEBOOK_LANGUAGES, language=staff_language())


@codebook_bp.post("/remove")
@network_view("coordinator")
def remove(network):
    form = CodebookForm()
    if form.validate_on_submit():
        entry = db.session.scalar(db.select(CodebookEntry).filter_by(
            network_id=network.id, key=form.key.data))
        if entry is None:
            abort(404)
        db.session.delete(entry)
        db.session.commit()
        flash(_("The theme is removed from the codebook."))
    else:
        flash(_("That did not work: please try again."))
    return redirect(url_for(".index", network=network.key))
