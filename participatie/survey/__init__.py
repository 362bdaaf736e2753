"""The family room: a survey at ``/s/<code>``, one question per screen, without JavaScript too.

The URL map: ``/s/<code>`` language choice → ``/s/<code>/<lang>`` what this is (POST starts a
draft) → ``/s/<code>/q/<key>`` one question per screen → ``/s/<code>/send`` → thank you.
``/s/<code>/stop`` and ``/s/<code>/restart`` forget the draft (kiosk reset).

A staff preview (``/s/<code>/preview``) walks the same screens once and stores nothing. It is
bound to that one walk: it ends at its last screen, at Stop, at a kiosk reset and at any visit
of a real link, so a tablet on which someone once pressed "preview" never drops a family's
answers. Its screens carry ``?preview=1`` until the draft starts (the same screens without it
are the real link's, and end the preview); from then on the draft itself knows it is one.
"""

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.access import has_role
from ..i18n import LANGUAGES, use_language
from ..questionnaire import AnswerError
from ..questionnaire.types import OpenText
from ..services.compass import ADULTS, CHILDREN
from ..services.drafts import (
    continue_in,
    discard_draft,
    find_draft,
    save_screen,
    send_draft,
    start_draft,
    was_sent,
)
from ..services.feedback import closed_round_feedback
from ..services.links import ClosedLink, UnknownLink, find_link, local_today, open_link
from ..services.responses import InvalidSubmission
from ..services.sessions import find_session
from ..services.voices import voices_in
from ..web.cache import render_once
from ..web.i18n import in_each_language
from . import offline
from .feedback import said_we_did
from .messages import link_message

bp = Blueprint("survey", __name__, url_prefix="/s")
bp.register_blueprint(offline.bp)
LANG = "<any(" + ",".join(LANGUAGES) + "):lang>"
# The cards of a group session's join page: two adults, a child (told apart at a glance).
JOIN_PICTOGRAMS = {ADULTS: "1F46B", CHILDREN: "1F9D2"}


@bp.after_request
def _never_cached(response):
    """A shared tablet's back button must fetch again, never show the last family's page."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(UnknownLink)
def _unknown_link(_error):
    return link_message("unknown"), 404


@bp.errorhandler(ClosedLink)
def _closed_link(_error):
    return link_message("closed"), 410


@bp.before_request
def _lower_case_code():
    """A code typed on a tablet that capitalises by itself still finds its link."""
    code = (request.view_args or {}).get("code")
    if code and code != code.lower():
        args = {**request.view_args, "code": code.lower()}
        return redirect(url_for(request.endpoint, **args), 308)
    return None


@bp.get("/<code>/preview")
@login_required
def preview(code: str):
    """Staff walk a link's real screens (also of a closed or future round); nothing is stored."""
    link = find_link(code)
    if link is None or not has_role(link.round.network, "viewer"):
        abort(404)
    _forget_survey()
    session["preview"] = link.code
    return redirect(url_for(".choose_language", code=link.code, preview=1))


@bp.get("/<code>")
def choose_language(code: str):
    if not request.args.get("preview"):
        _end_preview()  # a real link: whatever preview this browser walked is over
        if not request.args.get("other"):
            _new_family_at_a_kiosk(code)
    session_ = find_session(code)
    if session_ is not None:
        return _join(session_)
    if not request.args.get("preview") and (closed := closed_round_feedback(code)):
        return said_we_did(*closed)  # the round is over: "you said, we did"
    link = _open_link(code)
    codes = link.questionnaire_version.questionnaire.languages
    headings = in_each_language(lambda: _("Choose your language"), codes)
    return _render("survey/language.html", link, language=codes[0], headings=headings,
                   languages=[LANGUAGES[c] for c in codes])


@bp.get(f"/<code>/{LANG}")
def info(code: str, lang: str):
    if not request.args.get("preview"):
        _end_preview()  # the real link's first screens end a preview too
    link, questionnaire = _open(code, lang)
    session["language"] = lang
    return _render("survey/info.html", link, questionnaire=questionnaire,
                   minutes=max(2, round(len(questionnaire.screens({})) / 3)))


@bp.post(f"/<code>/{LANG}")
def start(code: str, lang: str):
    """Start, or go on with the answers given so far (back from question 1, another language)."""
    if not request.args.get("preview"):
        _end_preview()
    link, questionnaire = _open(code, lang)
    going_on = find_draft(session.get("draft"), code)
    if going_on is not None:
        continue_in(going_on, lang)
        first = going_on.screens()[0]
    else:
        draft = start_draft(link, lang, preview=_previewing(code))
        session["draft"] = str(draft.id)
        first = draft.screens()[0]
    return redirect(url_for(".question", code=code, key=first.key))


@bp.route("/<code>/q/<key>", methods=["GET", "POST"])
def question(code: str, key: str):
    draft = _draft(code)
    screens = draft.screens()
    asked = draft.questionnaire.question(key)
    if asked not in screens:
        return redirect(url_for(".question", code=code, key=screens[0].key))
    fields = [asked, *asked.comments]  # a screen: the question and its optional comments
    values = {q.key: draft.answers.get(q.key) for q in fields}
    errors: dict[str, str] = {}
    if request.method == "POST":
        moving_back = request.form.get("action") == "back"
        cleaned = {}
        for field in fields:
            values[field.key] = field.form_value(request.form)
            try:  # going back keeps what is valid and never insists on an answer
                cleaned[field.key] = field.answer(values[field.key], require=not moving_back)
            except AnswerError as exc:
                if not moving_back:
                    errors[field.key] = str(exc.message)
        save_screen(draft, cleaned)  # the screen's valid answers, in one write
        if not errors:
            return redirect(_neighbour(draft, asked, -1 if moving_back else 1))
    position = screens.index(asked) + 1
    context = dict(preview=draft.preview, question=asked, value=values[asked.key], values=values,
                   error=errors.get(asked.key), errors=errors, position=position,
                   total=len(screens))
    if errors or any(isinstance(field, OpenText) and values[field.key] for field in fields):
        return _render("survey/question.html", draft.link, **context), 422 if errors else 200
    # The same page for every family with these answers on this screen: rendered once.
    link = draft.link
    page = (link.code, link.mode, link.questionnaire_version_id, asked.key,
            json.dumps(values, sort_keys=True), position, len(screens), draft.preview,
            frozenset(voices_in(draft.language).items()))
    return render_once(page, "survey/question.html", **_family_context(link), **context)


@bp.route("/<code>/send", methods=["GET", "POST"])
def send(code: str):
    if was_sent(session.get("draft")):
        # A second tap on "send", or the first one's answer lost on the way (the family went
        # back, or loaded the page again): the first one stored it.
        session["sent"] = session["draft"]
        return redirect(url_for(".thanks", code=code, lang=session.get("language", "nl")))
    draft = _draft(code)
    screens = draft.screens()
    if request.method == "GET":
        return _render("survey/send.html", draft.link, preview=draft.preview, last=screens[-1])
    try:
        receipt = send_draft(draft)
    except InvalidSubmission as refused:
        first = next(q.key for q in screens
                     if {q.key, *(c.key for c in q.comments)} & set(refused.errors))
        return redirect(url_for(".question", code=code, key=first))
    session["language"] = draft.language
    if receipt is None:  # a preview: its walk ends here, and says that nothing was kept
        _forget_survey()
        return redirect(url_for(".preview_done", code=code, lang=draft.language))
    session["sent"] = str(receipt.id)
    return redirect(url_for(".thanks", code=code, lang=draft.language))


@bp.get(f"/<code>/{LANG}/thanks")
def thanks(code: str, lang: str):
    """Thanks only for answers that are stored: nobody is told "kept safely" otherwise."""
    link = find_link(code)
    if link is None:
        raise UnknownLink(code)
    if not was_sent(session.get("sent"), link):
        return redirect(url_for(".choose_language", code=code))
    session.pop("draft", None)
    return _render("survey/thanks.html", link, language=lang)


@bp.get(f"/<code>/{LANG}/preview-done")
@login_required
def preview_done(code: str, lang: str):
    """The last screen of a preview: nothing was stored, and the preview is over."""
    link = find_link(code)
    if link is None or not has_role(link.round.network, "viewer"):
        abort(404)
    return _render("survey/preview_done.html", link, language=lang, preview=True)


@bp.route("/<code>/stop", methods=["GET", "POST"])
def stop(code: str):
    """Ask once (a mistaken tap must not wipe a family's answers), then forget everything."""
    if request.method == "POST":
        return restart(code)
    draft = _draft(code)
    screens = draft.screens()
    back = next((q.key for q in screens if q.key == request.args.get("back")), screens[0].key)
    return _render("survey/stop.html", draft.link, preview=draft.preview,
                   back_url=url_for(".question", code=code, key=back))


@bp.get("/<code>/restart")
def restart(code: str):
    """Forget everything of this family (kiosk reset) and show the language choice again.
    Only the survey is forgotten: a staff member logged in on the same browser stays so."""
    _forget_survey()
    return redirect(url_for(".choose_language", code=code))


SURVEY_KEYS = ("draft", "preview", "sent", "language")


def _forget_survey() -> None:
    """Forget the walk through the survey (its draft, preview, receipt and language)."""
    discard_draft(session.get("draft"))
    if not current_user.is_authenticated:
        session.clear()  # a family's tablet keeps nothing, not even a cookie
        return
    for key in SURVEY_KEYS:  # a staff member on the same browser stays logged in
        session.pop(key, None)


def _new_family_at_a_kiosk(code: str) -> None:
    """Arriving at a kiosk link's first screen (its QR code, the tablet's home-screen icon, a
    tab opened again) is a new family: an unfinished walk of the last one is forgotten, never
    taken over. The same family choosing another language comes from its own screens
    (``?other=1``) and keeps its answers; on a personal link a family always finds them."""
    draft = find_draft(session.get("draft"), code)
    if draft is not None and draft.link.mode == "kiosk" and not draft.preview:
        _forget_survey()


def _end_preview() -> None:
    """Visiting a real link ends any preview: its draft, if one was started, is dropped."""
    if session.pop("preview", None) is not None:
        discard_draft(session.pop("draft", None))


def _join(session_):
    """A group session's one QR code: each participant picks the adults' or children's version."""
    links = [link for link in session_.links if link.is_open(local_today())]
    if session_.finished_at is not None or not links:
        raise ClosedLink(session_.code)
    codes = links[0].questionnaire_version.questionnaire.languages
    for_whom = {ADULTS: lambda: _("For adults and young people (12+)"),
                CHILDREN: lambda: _("For children (6 to 11)")}
    choices = [{"link": link, "pictogram": JOIN_PICTOGRAMS[link.questionnaire_version.key],
                "lines": in_each_language(for_whom[link.questionnaire_version.key], codes)}
               for link in links if link.questionnaire_version.key in for_whom]
    headings = in_each_language(lambda: _("Who is rating?"), codes)
    return _render("survey/join.html", links[0], language=codes[0], headings=headings,
                   choices=choices)


def _open_link(code: str):
    return open_link(code, preview=_previewing(code))


def _previewing(code: str) -> bool:
    """Whether this walk, before its draft starts, is staff's preview of ``code``."""
    return session.get("preview") == code and current_user.is_authenticated


def _open(code: str, lang: str):
    link = _open_link(code)
    questionnaire = link.questionnaire_version.questionnaire
    if lang not in questionnaire.languages:
        abort(404)
    use_language(lang)
    return link, questionnaire


def _draft(code: str):
    """The family's draft, or back to the start when it is gone (sent, stopped or expired)."""
    draft = find_draft(session.get("draft"), code)
    if draft is None:
        _open_link(code)
        if was_sent(session.get("draft")):  # stored, and the thank-you never reached them
            session["sent"] = session["draft"]
            abort(redirect(url_for(".thanks", code=code, lang=session.get("language", "nl"))))
        abort(redirect(url_for(".choose_language", code=code)))
    use_language(draft.language)
    return draft


def _neighbour(draft, asked, step: int) -> str:
    screens = draft.screens()
    index = screens.index(asked) + step
    code = draft.link.code
    if index < 0:
        return url_for(".info", code=code, lang=draft.language)
    if index >= len(screens):
        return url_for(".send", code=code)
    return url_for(".question", code=code, key=screens[index].key)


def _render(template: str, link, language: str | None = None, **context):
    """Render a family page; ``language`` only where the view has not chosen one already."""
    if language is not None:
        use_language(language)
    return render_template(
        template,
        **_family_context(link),
        **{"preview": _previewing(link.code), **context},  # a draft's pages: its own flag
    )


def _family_context(link) -> dict:
    kiosk = link.mode == "kiosk"
    return {
        "link": link,
        "language": LANGUAGES[g.get("language", "nl")],
        "kiosk_idle": current_app.config["KIOSK_IDLE_SECONDS"] if kiosk else None,
        "kiosk_thanks": current_app.config["KIOSK_THANKS_SECONDS"] if kiosk else None,
    }
