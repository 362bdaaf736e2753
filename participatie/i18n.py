"""Languages of the UI and of the answers, and how a request's language is chosen."""

import functools

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_decimal, get_locale, refresh

from .extensions import babel
from .vocabulary import DEFAULT_LANGUAGE, LANGUAGES, Language

__all__ = ["LANGUAGES", "Language", "current_language", "locale_of", "localized",
           "select_locale", "staff_language", "supported", "use_language"]


def init_app(app: Flask) -> None:
    from .models import themes

    babel.init_app(app, locale_selector=select_locale)
    themes.reader_language = staff_language  # theme labels in the reader's language
    app.add_template_filter(localized, "t")
    app.add_template_filter(decimal, "decimal")
    app.add_template_global(current_language)


@functools.lru_cache(maxsize=64)
def locale_of(code: str) -> Locale:
    """Babel's locale for a language code, parsed once per process (``force_locale`` parses
    a code at every call, twice for every family's response)."""
    return Locale.parse(code)


def use_language(code: str) -> None:
    """Speak ``code`` for the rest of this request (Flask-Babel caches the locale it chose)."""
    g.language = code
    refresh()


def staff_language() -> str:
    """The reader's language in a request (Flask-Babel), else Dutch."""
    return str(get_locale() or DEFAULT_LANGUAGE) if has_request_context() else DEFAULT_LANGUAGE


def current_language() -> Language:
    return LANGUAGES.get(str(get_locale()), LANGUAGES[DEFAULT_LANGUAGE])


def localized(texts) -> str:
    """A questionnaire text in the page's language (the source language when it lacks one).

    Texts from a definition are dicts per language; texts of the app are (lazy) gettext strings.
    """
    if not isinstance(texts, dict):
        return str(texts or "")
    return texts.get(current_language().code) or next(iter(texts.values()), "")


def decimal(value: float, pattern: str = "0.0") -> str:
    """A number in the reader's language (a decimal comma in Dutch), e.g. ``"+0.0;-0.0"``
    for a signed change."""
    return format_decimal(value, format=pattern)


def supported() -> list[str]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    """A language chosen for this request (``g.language``) wins; else the browser's, else Dutch."""
    chosen = g.get("language")
    if chosen in supported():
        return chosen
    if not has_request_context():  # the command line
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(supported()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]
