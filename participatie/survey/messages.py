"""Friendly pages for what goes wrong on the way in: an unknown or closed link, a stale form.

When the family's language is not known yet, the message is shown in every language.
"""

from flask import g, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from ..i18n import supported, use_language
from ..web.i18n import in_each_language

TEXTS = {
    "unknown": (
        lambda: _("We do not know this link"),
        lambda: _("Check the address. Or ask the person you got the link from."),
    ),
    "closed": (
        lambda: _("This survey is closed"),
        lambda: _("Thank you for wanting to take part. You can no longer answer here."),
    ),
    "start_again": (
        lambda: _("Please start again"),
        lambda: _("This page was open too long or was sent twice. Nothing went wrong on your "
                  "side: start again and it will work."),
    ),
}


def _blocks(kind: str, languages: list[str]) -> list[dict]:
    title, text = TEXTS[kind]
    titles, texts = in_each_language(title, languages), in_each_language(text, languages)
    return [{**heading, "title": heading["text"], "text": body["text"]}
            for heading, body in zip(titles, texts, strict=True)]


def link_message(kind: str, restart_url: str | None = None) -> str:
    """The message in the family's language when known, else in all of them."""
    known = g.get("language") or session.get("language")
    languages = [known] if known in supported() else supported()
    use_language(languages[0])
    return render_template("survey/message.html", blocks=_blocks(kind, languages),
                           restart_url=restart_url)


def csrf_error(error: CSRFError):
    """A tampered or expired form token: nothing of this form is stored, and the way on is the
    same screen again (a fresh token), so the answers given before are not lost."""
    code = (request.view_args or {}).get("code")
    again_url = request.path if code else None
    return link_message("start_again", again_url), 400
